/* SPDX-License-Identifier: MIT */
/*
 * lkm-build.h - private interfaces of lkm-build, the module build tool.
 *
 * lkm-build turns C sources, objects and archives into a loadable .ko:
 * compile (lkm-build.c), link with ld -r, then a modpost step (modpost.c)
 * that reads the linked object's symbol table and export tables (elf.c),
 * resolves its imports against Module.symvers files (symvers.c) and links in
 * a generated .modinfo object.  Declarations are grouped by defining file.
 * Fallible functions return 0 or a negative errno and print one message
 * naming the file at the failure site; allocation failure exits.
 */
#ifndef LKM_TOOLS_LKM_BUILD_H
#define LKM_TOOLS_LKM_BUILD_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define MUST_CHECK __attribute__((warn_unused_result))

/* ---- lkm-build.c --------------------------------------------------------- */

/* Print "lkm-build: <message>" to stderr. */
void msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print a modpost diagnostic ("WARNING: ..." / "ERROR: ...") to stderr. */
void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Allocation that cannot fail: on exhaustion print and exit(1). */
void *xmalloc(size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable array of owned strings, NULL-terminated (usable as argv). */
struct strvec {
	char **v;
	size_t n;
	size_t cap;
};

/* Append a copy of @s. */
void strvec_push(struct strvec *sv, const char *s);
/* Append a string the vector takes ownership of. */
void strvec_push_owned(struct strvec *sv, char *s);
/* True if an equal string is present. */
bool strvec_has(const struct strvec *sv, const char *s);
/* Free every string and the array; leaves @sv empty and reusable. */
void strvec_free(struct strvec *sv);

/* ---- elf.c ------------------------------------------------------------- */

/* An ELF64 x86_64 file read whole into memory, headers validated. */
struct elf_file {
	const char *path;
	unsigned char *data;
	size_t size;
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;  /* section headers */
	size_t shnum;
	const Elf64_Shdr *shstr;
	const Elf64_Sym *syms; /* .symtab, or NULL if there is none */
	size_t nsyms;
	const Elf64_Shdr *strtab;
};

/*
 * Read @path and check it is a little-endian ELF64 x86_64 file whose
 * section table (and symbol table, if any) lie inside the file.  -ENOEXEC
 * for a malformed or foreign file, another negative errno if unreadable.
 */
MUST_CHECK int elf_file_open(struct elf_file *ef, const char *path);
void elf_file_close(struct elf_file *ef);

/* Name of section @sh, or "" if out of bounds. */
const char *elf_section_name(const struct elf_file *ef, const Elf64_Shdr *sh);
/* First section called @name, or NULL. */
const Elf64_Shdr *elf_section_find(const struct elf_file *ef,
				   const char *name);
/* Contents of @sh (NULL for SHT_NOBITS or if out of bounds). */
const unsigned char *elf_section_data(const struct elf_file *ef,
				      const Elf64_Shdr *sh);
/* Name of symbol @sym, or "" if out of bounds. */
const char *elf_symbol_name(const struct elf_file *ef, const Elf64_Sym *sym);
/*
 * The NUL-terminated string at byte @off of section @sh, or NULL if it is
 * out of bounds or not terminated inside the section.
 */
const char *elf_section_string(const struct elf_file *ef,
			       const Elf64_Shdr *sh, uint64_t off);

/* ---- symvers.c --------------------------------------------------------- */

/* One exported symbol: a line of Module.symvers. */
struct symvers_entry {
	char *name;
	char *module; /* "vmlinux" or the module's path without .ko */
	char *ns;     /* namespace, "" if none */
	bool gpl;     /* EXPORT_SYMBOL_GPL */
	bool has_crc; /* a symbol version is known (0x00000000 means none) */
	uint32_t crc;
};

struct symvers {
	struct symvers_entry *e;
	size_t n;
	size_t cap;
};

/* Append an entry without a CRC (copies the strings; @ns may be NULL). */
void symvers_add(struct symvers *sv, const char *name, const char *module,
		 const char *ns, bool gpl);
/* The first entry for @name, or NULL. */
const struct symvers_entry *symvers_find(const struct symvers *sv,
					 const char *name);
/*
 * Append the entries of the Module.symvers file @path.  Accepts Linux's
 * 5-field lines and the older 3- and 4-field ones.  -EINVAL on a malformed
 * line (reported with its number).
 */
MUST_CHECK int symvers_read(struct symvers *sv, const char *path);
/* Write @sv sorted by name in Module.symvers format to @path ("-": stdout). */
MUST_CHECK int symvers_write(const struct symvers *sv, const char *path);
void symvers_free(struct symvers *sv);

/* ---- ksymcrc.c --------------------------------------------------------- */

/* CRC32 as zlib's crc32() and genksyms compute it. */
uint32_t ksymcrc_crc32(const char *s, size_t len);

/*
 * Compute the symbol versions of the entries sv->e[@from..] (exports of
 * @path) from the DWARF in @path, a relocatable object or an executable
 * built with -g: sets crc and has_crc.  An export that has no description
 * there is reported as Linux's modpost does ("version generation failed")
 * and left without a CRC.  With @dump, each symbol's CRC and canonical
 * declaration are printed there.  -ENOEXEC for an unreadable file or
 * malformed DWARF.
 */
MUST_CHECK int ksymcrc_compute(const char *path, struct symvers *sv,
			       size_t from, FILE *dump);

/* ---- modpost.c --------------------------------------------------------- */

/*
 * Collect the exports of @ef into @out with module column @module: from the
 * relocations of __ksymtab/__ksymtab_gpl in a relocatable object, or from
 * the pointers themselves in a linked executable (ET_EXEC, or ET_DYN whose
 * pointers are R_X86_64_RELATIVE relocations).  -ENOEXEC if the tables are
 * malformed or an export has no definition, unless @elsewhere says that
 * it may be defined in another object or library (an object of the kernel).
 */
MUST_CHECK int modpost_exports(const struct elf_file *ef, const char *module,
			       bool elsewhere, struct symvers *out);

/*
 * Attach the symbol versions a kernel executable registers at boot (its
 * __kcrctab section of struct lkm_kcrc { name, crc }) to its exports in
 * @sv.  A kernel without the section leaves them without CRCs.  -ENOEXEC
 * if the table is malformed.
 */
MUST_CHECK int modpost_kernel_crcs(const struct elf_file *ef,
				   struct symvers *sv);

/* What the modpost step needs to know and produces for one module. */
struct modpost {
	const char *name;	 /* module name, e.g. "mathsvc" */
	const char *ko;		 /* output path, for messages */
	const struct symvers *known; /* everything exported elsewhere */
	const struct symvers *exports; /* this module's own exports */
	bool intree;		 /* add intree=Y */
	/* results */
	struct strvec depends;	 /* sorted module names */
	struct strvec aliases;	 /* from device tables (file2alias.c) */
	struct symvers versions; /* imports with their CRCs, for __versions */
	unsigned warnings;
};

/*
 * Check the linked relocatable @ef: resolve its undefined symbols against
 * mp->known (filling mp->depends and mp->versions), warn about symbols found nowhere (unless
 * the module imports HOST_LIBC), about namespaces not imported and a missing
 * licence; refuse (-EPERM) GPL-only symbols used by a GPL-incompatible
 * module.
 */
MUST_CHECK int modpost_check(const struct elf_file *ef, struct modpost *mp);

/*
 * Write the generated .mod.c for @mp to @path: .modinfo (name, vermagic,
 * depends), __versions (the CRC of every import that has one) and
 * __export_versions (the CRCs of the module's own exports).
 */
MUST_CHECK int modpost_write_mod_c(const struct modpost *mp, const char *path);

/* ---- file2alias.c ------------------------------------------------------ */

/*
 * Turn the device tables of @ef (MODULE_DEVICE_TABLE) into mp->aliases,
 * Linux's modalias patterns.  -ENOEXEC for a malformed table.
 */
MUST_CHECK int file2alias(const struct elf_file *ef, struct modpost *mp);

#endif /* LKM_TOOLS_LKM_BUILD_H */
