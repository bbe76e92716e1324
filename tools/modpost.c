// SPDX-License-Identifier: MIT
/*
 * modpost.c - the post-link step of lkm-build.
 *
 * After the module's objects are linked into one relocatable object, this
 * reads its export tables and its undefined symbols, resolves the latter
 * against the Module.symvers files of the kernel and of other modules, and
 * writes the generated .mod.c that records name, vermagic and depends in
 * .modinfo, and the symbol versions (CRCs) of its imports and of its own
 * exports in __versions and __export_versions, as { u64 crc; char
 * name[56]; } records (Linux's struct modversion_info).  Problems a person can fix are reported as Linux's modpost
 * reports them ("WARNING: "sym" [foo.ko] undefined!").
 *
 * An export is a 24-byte struct lkm_ksym {value, name, ns} in __ksymtab or
 * __ksymtab_gpl.  In a relocatable object its fields are R_X86_64_64
 * relocations, so the name is found by following the relocation of the name
 * field into __ksymtab_strings; in a linked executable the fields hold
 * virtual addresses (or, in a PIE, R_X86_64_RELATIVE addends).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkm-build.h"

#define KSYM_SIZE 24 /* sizeof(struct lkm_ksym) on x86_64 */
#define MODVERSION_NAME_LEN 56 /* the name field of a __versions record */

enum ksym_field { KSYM_VALUE, KSYM_NAME, KSYM_NS, KSYM_FIELD_COUNT };

static int bad(const struct elf_file *ef, const char *sec, const char *why)
{
	msg("%s: malformed %s: %s", ef->path, sec, why);
	return -ENOEXEC;
}

static bool is_ksymtab(const struct elf_file *ef, const Elf64_Shdr *s,
		       bool *gpl)
{
	const char *name = elf_section_name(ef, s);

	if (s->sh_type != SHT_PROGBITS)
		return false;
	*gpl = !strcmp(name, "__ksymtab_gpl");
	return *gpl || !strcmp(name, "__ksymtab");
}

/* One export table entry being reassembled from its relocations. */
struct ksym_slot {
	const char *str[KSYM_FIELD_COUNT]; /* name and ns strings */
	const Elf64_Sym *value;		   /* symbol of the value field */
	bool seen[KSYM_FIELD_COUNT];
};

/* Apply the relocations in @rela (targeting a __ksymtab) to @slot. */
static int rel_fill_slots(const struct elf_file *ef, const Elf64_Shdr *tab,
			  const Elf64_Shdr *rela, struct ksym_slot *slot)
{
	const char *sec = elf_section_name(ef, tab);
	const Elf64_Rela *r;
	size_t i, n;

	if (rela->sh_entsize != sizeof(Elf64_Rela) ||
	    rela->sh_size % sizeof(Elf64_Rela) || rela->sh_offset % 8)
		return bad(ef, sec, "bad relocation section");
	if (!ef->syms || rela->sh_link >= ef->shnum ||
	    ef->sh[rela->sh_link].sh_type != SHT_SYMTAB)
		return bad(ef, sec, "relocations without the symbol table");
	r = (const Elf64_Rela *)elf_section_data(ef, rela);
	n = rela->sh_size / sizeof(Elf64_Rela);
	for (i = 0; i < n; i++) {
		uint64_t off = r[i].r_offset, at;
		size_t symi = ELF64_R_SYM(r[i].r_info);
		const Elf64_Sym *sym;
		struct ksym_slot *k;
		unsigned field;

		if (off % 8 || off >= tab->sh_size)
			return bad(ef, sec, "relocation outside the table");
		if (ELF64_R_TYPE(r[i].r_info) != R_X86_64_64) {
			msg("%s: %s: unexpected relocation type %u at offset "
			    "%#llx", ef->path, sec,
			    (unsigned)ELF64_R_TYPE(r[i].r_info),
			    (unsigned long long)off);
			return -ENOEXEC;
		}
		if (symi == 0 || symi >= ef->nsyms)
			return bad(ef, sec, "relocation symbol out of range");
		sym = &ef->syms[symi];
		k = &slot[off / KSYM_SIZE];
		field = (unsigned)(off % KSYM_SIZE) / 8;
		if (k->seen[field])
			return bad(ef, sec, "field relocated twice");
		k->seen[field] = true;
		if (field == KSYM_VALUE) {
			k->value = sym;
			continue;
		}
		if (sym->st_shndx == SHN_UNDEF || sym->st_shndx >= ef->shnum)
			return bad(ef, sec, "string outside any section");
		at = sym->st_value + (uint64_t)r[i].r_addend;
		k->str[field] = elf_section_string(ef, &ef->sh[sym->st_shndx],
						   at);
		if (!k->str[field])
			return bad(ef, sec, "unterminated or stray string");
	}
	return 0;
}

/* Exports of a relocatable object: follow each table's relocations. */
static int rel_exports(const struct elf_file *ef, size_t tabi,
		       const char *module, bool gpl, bool elsewhere,
		       struct symvers *out)
{
	const Elf64_Shdr *tab = &ef->sh[tabi];
	const char *sec = elf_section_name(ef, tab);
	struct ksym_slot *slot;
	size_t i, n = tab->sh_size / KSYM_SIZE;
	int err = 0;

	slot = xmalloc((n ? n : 1) * sizeof(*slot));
	memset(slot, 0, (n ? n : 1) * sizeof(*slot));
	for (i = 0; i < ef->shnum && !err; i++)
		if (ef->sh[i].sh_type == SHT_RELA && ef->sh[i].sh_info == tabi)
			err = rel_fill_slots(ef, tab, &ef->sh[i], slot);
	for (i = 0; i < n && !err; i++) {
		const char *name = slot[i].str[KSYM_NAME];

		if (!name) {
			err = bad(ef, sec, "entry without a name");
		} else if (!slot[i].value ||
			   (slot[i].value->st_shndx == SHN_UNDEF &&
			    !elsewhere)) {
			report("ERROR: \"%s\" [%s] was exported without definition",
			    name, module);
			err = -ENOEXEC;
		} else {
			symvers_add(out, name, module, slot[i].str[KSYM_NS],
				    gpl);
		}
	}
	free(slot);
	return err;
}

/* The string at virtual address @va of a linked file, or NULL. */
static const char *va_string(const struct elf_file *ef, uint64_t va)
{
	size_t i;

	for (i = 0; i < ef->shnum; i++) {
		const Elf64_Shdr *s = &ef->sh[i];

		if (!(s->sh_flags & SHF_ALLOC) || s->sh_type == SHT_NOBITS)
			continue;
		if (va >= s->sh_addr && va - s->sh_addr < s->sh_size)
			return elf_section_string(ef, s, va - s->sh_addr);
	}
	return NULL;
}

/* The addend of an R_X86_64_RELATIVE relocation of address @va, or 0. */
static uint64_t relative_addend(const struct elf_file *ef, uint64_t va)
{
	size_t i, j;

	for (i = 0; i < ef->shnum; i++) {
		const Elf64_Shdr *s = &ef->sh[i];
		const Elf64_Rela *r;

		if (s->sh_type != SHT_RELA || !(s->sh_flags & SHF_ALLOC) ||
		    s->sh_entsize != sizeof(Elf64_Rela) || s->sh_offset % 8)
			continue;
		r = (const Elf64_Rela *)elf_section_data(ef, s);
		for (j = 0; j < s->sh_size / sizeof(Elf64_Rela); j++)
			if (r[j].r_offset == va &&
			    ELF64_R_TYPE(r[j].r_info) == R_X86_64_RELATIVE)
				return (uint64_t)r[j].r_addend;
	}
	return 0;
}

/* Read pointer field @field of entry @i of a linked table. */
static uint64_t exe_field(const struct elf_file *ef, const Elf64_Shdr *tab,
			  size_t i, unsigned field)
{
	uint64_t off = i * KSYM_SIZE + field * 8, v;

	memcpy(&v, elf_section_data(ef, tab) + off, sizeof(v));
	if (v == 0 && ef->eh->e_type == ET_DYN)
		v = relative_addend(ef, tab->sh_addr + off);
	return v;
}

/* Exports of a linked executable: the table's pointers are addresses. */
static int exe_exports(const struct elf_file *ef, size_t tabi,
		       const char *module, bool gpl, struct symvers *out)
{
	const Elf64_Shdr *tab = &ef->sh[tabi];
	const char *sec = elf_section_name(ef, tab);
	size_t i, n = tab->sh_size / KSYM_SIZE;

	for (i = 0; i < n; i++) {
		uint64_t name_va = exe_field(ef, tab, i, KSYM_NAME);
		uint64_t ns_va = exe_field(ef, tab, i, KSYM_NS);
		const char *name = va_string(ef, name_va), *ns = NULL;

		if (!name || !*name)
			return bad(ef, sec, "entry name not in the image");
		if (ns_va && !(ns = va_string(ef, ns_va)))
			return bad(ef, sec, "entry namespace not in the image");
		symvers_add(out, name, module, ns, gpl);
	}
	return 0;
}

int modpost_exports(const struct elf_file *ef, const char *module,
		    bool elsewhere, struct symvers *out)
{
	bool rel = ef->eh->e_type == ET_REL, gpl;
	size_t i;
	int err;

	if (!rel && ef->eh->e_type != ET_EXEC && ef->eh->e_type != ET_DYN) {
		msg("%s: not a relocatable object or executable", ef->path);
		return -ENOEXEC;
	}
	for (i = 0; i < ef->shnum; i++) {
		if (!is_ksymtab(ef, &ef->sh[i], &gpl))
			continue;
		if (ef->sh[i].sh_size % KSYM_SIZE)
			return bad(ef, elf_section_name(ef, &ef->sh[i]),
				   "size not a multiple of 24");
		err = rel ? rel_exports(ef, i, module, gpl, elsewhere, out)
			  : exe_exports(ef, i, module, gpl, out);
		if (err)
			return err;
	}
	return 0;
}

#define KCRC_SIZE 16 /* sizeof(struct lkm_kcrc): name pointer, u32 crc */

int modpost_kernel_crcs(const struct elf_file *ef, struct symvers *sv)
{
	const Elf64_Shdr *tab = elf_section_find(ef, "__kcrctab");
	const unsigned char *data;
	size_t i, j;

	if (!tab)
		return 0;
	data = elf_section_data(ef, tab);
	if (!data || tab->sh_size % KCRC_SIZE)
		return bad(ef, "__kcrctab", "size not a multiple of 16");
	for (i = 0; i < tab->sh_size / KCRC_SIZE; i++) {
		uint64_t off = i * KCRC_SIZE, name_va;
		const char *name;
		uint32_t crc;

		memcpy(&name_va, data + off, sizeof(name_va));
		memcpy(&crc, data + off + 8, sizeof(crc));
		if (name_va == 0 && ef->eh->e_type == ET_DYN)
			name_va = relative_addend(ef, tab->sh_addr + off);
		if (name_va == 0)
			continue; /* the placeholder of an empty table */
		name = va_string(ef, name_va);
		if (!name)
			return bad(ef, "__kcrctab", "entry name not in the image");
		for (j = 0; j < sv->n; j++) {
			if (strcmp(sv->e[j].name, name))
				continue;
			sv->e[j].crc = crc;
			sv->e[j].has_crc = crc != 0;
		}
	}
	return 0;
}

/* ---- the checks ---------------------------------------------------------- */

/* Linux's list of licence strings that may use GPL-only exports. */
static bool license_is_gpl_compatible(const char *license)
{
	static const char *const ok[] = {
		"GPL",	       "GPL v2",       "GPL and additional rights",
		"Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL",
	};
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(license, ok[i]))
			return true;
	return false;
}

/* The .modinfo facts the checks need. */
struct modinfo_view {
	const char *license; /* first license=, or NULL */
	struct strvec import_ns;
};

static void read_modinfo(const struct elf_file *ef, struct modinfo_view *mi)
{
	const Elf64_Shdr *s = elf_section_find(ef, ".modinfo");
	uint64_t off = 0;

	memset(mi, 0, sizeof(*mi));
	if (!s)
		return;
	while (off < s->sh_size) {
		const char *e = elf_section_string(ef, s, off);

		if (!e)
			break;
		if (!strncmp(e, "license=", 8) && !mi->license)
			mi->license = e + 8;
		else if (!strncmp(e, "import_ns=", 10))
			strvec_push(&mi->import_ns, e + 10);
		off += strlen(e) + 1;
	}
}

/* The name of the module that owns symvers module path @path. */
static char *module_name_of(const char *path)
{
	const char *base = strrchr(path, '/');
	char *name = xstrdup(base ? base + 1 : path), *p;
	size_t len = strlen(name);

	if (len > 3 && !strcmp(name + len - 3, ".ko"))
		name[len - 3] = '\0';
	for (p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	return name;
}

/*
 * The export of @sym by someone other than the module being built (whose
 * own exports are in the symvers file of a Kbuild directory), or NULL.
 */
static const struct symvers_entry *find_foreign(const struct modpost *mp,
						const char *sym)
{
	size_t i;

	for (i = 0; mp->known && i < mp->known->n; i++) {
		const struct symvers_entry *e = &mp->known->e[i];
		char *owner;
		bool self;

		if (strcmp(e->name, sym))
			continue;
		owner = module_name_of(e->module);
		self = !strcmp(e->module, "vmlinux") ? false
						      : !strcmp(owner, mp->name);
		free(owner);
		if (!self)
			return e;
	}
	return NULL;
}

static void add_depend(struct modpost *mp, const char *module)
{
	char *name = module_name_of(module);

	if (strvec_has(&mp->depends, name))
		free(name);
	else
		strvec_push_owned(&mp->depends, name);
}

/*
 * Symbols the loader itself supplies: the module's own struct module
 * (THIS_MODULE) and the GOT base some PIC code refers to.
 */
static bool is_loader_symbol(const char *sym)
{
	return !strcmp(sym, "__this_module") ||
	       !strcmp(sym, "_GLOBAL_OFFSET_TABLE_");
}

/* Check one undefined symbol; returns -EPERM for a licence violation. */
static int check_import(struct modpost *mp, const struct modinfo_view *mi,
			const char *sym, bool weak)
{
	const struct symvers_entry *e = find_foreign(mp, sym);

	if (!e) {
		if (weak || strvec_has(&mi->import_ns, "HOST_LIBC") ||
		    is_loader_symbol(sym))
			return 0;
		report("WARNING: \"%s\" [%s] undefined!", sym, mp->ko);
		mp->warnings++;
		return 0;
	}
	if (strcmp(e->module, "vmlinux"))
		add_depend(mp, e->module);
	if (e->has_crc && !symvers_find(&mp->versions, sym)) {
		if (strlen(sym) >= MODVERSION_NAME_LEN) {
			report("ERROR: too long symbol \"%s\" [%s]", sym, mp->ko);
			return -ENAMETOOLONG;
		}
		symvers_add(&mp->versions, sym, e->module, NULL, e->gpl);
		mp->versions.e[mp->versions.n - 1].crc = e->crc;
		mp->versions.e[mp->versions.n - 1].has_crc = true;
	}
	if (*e->ns && !strvec_has(&mi->import_ns, e->ns)) {
		report("WARNING: module %s uses symbol %s from namespace %s, but "
		    "does not import it.", mp->name, sym, e->ns);
		mp->warnings++;
	}
	if (e->gpl && mi->license && !license_is_gpl_compatible(mi->license)) {
		report("ERROR: GPL-incompatible module %s uses GPL-only symbol "
		    "'%s'", mp->ko, sym);
		return -EPERM;
	}
	return 0;
}

/* Warn about an export of ours that the kernel or another module has. */
static void check_exports(struct modpost *mp)
{
	size_t i;

	for (i = 0; mp->exports && i < mp->exports->n; i++) {
		const char *sym = mp->exports->e[i].name;
		const struct symvers_entry *e = find_foreign(mp, sym);

		if (e) {
			report("WARNING: \"%s\" [%s] is already exported by %s",
			    sym, mp->ko, e->module);
			mp->warnings++;
		}
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int modpost_check(const struct elf_file *ef, struct modpost *mp)
{
	struct modinfo_view mi;
	size_t i;
	int err = 0;

	if (ef->eh->e_type != ET_REL) {
		msg("%s: not a relocatable object", ef->path);
		return -ENOEXEC;
	}
	read_modinfo(ef, &mi);
	if (!mi.license) {
		report("WARNING: missing MODULE_LICENSE() in %s", mp->ko);
		mp->warnings++;
	}
	for (i = 1; i < ef->nsyms; i++) {
		const Elf64_Sym *s = &ef->syms[i];
		unsigned bind = ELF64_ST_BIND(s->st_info);
		const char *name = elf_symbol_name(ef, s);
		int e;

		if (s->st_shndx != SHN_UNDEF || !*name ||
		    (bind != STB_GLOBAL && bind != STB_WEAK))
			continue;
		e = check_import(mp, &mi, name, bind == STB_WEAK);
		if (e && !err)
			err = e;
	}
	check_exports(mp);
	if (!err)
		err = file2alias(ef, mp);
	if (mp->depends.n)
		qsort(mp->depends.v, mp->depends.n, sizeof(char *), cmp_str);
	strvec_free(&mi.import_ns);
	return err;
}

/*
 * One { crc, name } record per entry of @sv that has a CRC, in section
 * @sec.  An empty __versions section is still written: it tells a kernel
 * that checks versions that this module has nothing to check.
 */
static void write_versions(FILE *fp, const char *sec, const char *var,
			   const struct symvers *sv)
{
	size_t i, n = 0;

	for (i = 0; i < sv->n; i++) {
		const struct symvers_entry *e = &sv->e[i];

		if (!e->has_crc || strlen(e->name) >= MODVERSION_NAME_LEN)
			continue;
		if (!n++)
			fprintf(fp, "\nstatic const struct lkm_modversion %s[]\n"
				    "\t__attribute__((section(\"%s\"), used, "
				    "aligned(8))) = {\n", var, sec);
		fprintf(fp, "\t{ 0x%08x, \"%s\" },\n", e->crc, e->name);
	}
	if (n)
		fprintf(fp, "};\n");
	else if (!strcmp(sec, "__versions"))
		fprintf(fp, "\n__asm__(\".section %s,\\\"a\\\"\\n\\t.balign 8\\n"
			    "\\t.previous\");\n", sec);
}

int modpost_write_mod_c(const struct modpost *mp, const char *path)
{
	FILE *fp = fopen(path, "we");
	size_t i;
	int err = 0;

	if (!fp) {
		err = -errno;
		msg("%s: %s", path, strerror(errno));
		return err;
	}
	fprintf(fp, "/* Generated by lkm-build for %s: do not edit. */\n"
		    "#include <lkm/version.h>\n\n"
		    "struct lkm_modversion {\n"
		    "\tunsigned long long crc;\n"
		    "\tchar name[%d];\n"
		    "};\n\n"
		    "static const char __lkm_modpost_info[]\n"
		    "\t__attribute__((section(\".modinfo\"), used, "
		    "aligned(1))) =\n",
		mp->ko, MODVERSION_NAME_LEN);
	if (mp->intree)
		fprintf(fp, "\t\"intree=Y\" \"\\0\"\n");
	fprintf(fp, "\t\"name=%s\" \"\\0\"\n", mp->name);
	fprintf(fp, "\t\"vermagic=\" LKM_VERMAGIC \"\\0\"\n");
	for (i = 0; i < mp->aliases.n; i++)
		fprintf(fp, "\t\"alias=%s\" \"\\0\"\n", mp->aliases.v[i]);
	fprintf(fp, "\t\"depends=");
	for (i = 0; i < mp->depends.n; i++)
		fprintf(fp, "%s%s", i ? "," : "", mp->depends.v[i]);
	fprintf(fp, "\";\n");
	write_versions(fp, "__versions", "__lkm_versions", &mp->versions);
	if (mp->exports)
		write_versions(fp, "__export_versions", "__lkm_export_versions",
			       mp->exports);
	if (ferror(fp))
		err = -EIO;
	if (fclose(fp))
		err = -EIO;
	if (err)
		msg("%s: write failed", path);
	return err;
}
