/* SPDX-License-Identifier: MIT */
/*
 * internal.h - liblkm's private declarations, grouped by defining file.
 *
 * Only core/ includes this.  The load pipeline keeps everything it builds in
 * one zeroed struct load_info, so that a failure at any step is undone in one
 * place (load.c: load_info_free()).
 */
#ifndef LKM_CORE_INTERNAL_H
#define LKM_CORE_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lkm/lkm.h>

#include "elf.h"

struct load_info;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define LKM_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* ---- util.c: freestanding string, memory and overflow helpers ----------- */

void *lkm_memcpy(void *dst, const void *src, size_t n);
void *lkm_memset(void *dst, int c, size_t n);
int lkm_memcmp(const void *a, const void *b, size_t n);
size_t lkm_strlen(const char *s);
size_t lkm_strnlen(const char *s, size_t max);
int lkm_strcmp(const char *a, const char *b);
int lkm_strncmp(const char *a, const char *b, size_t n);
/* Copy at most size-1 bytes and terminate; returns strlen(src). */
size_t lkm_strlcpy(char *dst, const char *src, size_t size);
/* True if [off, off+len) lies within [0, size), without overflow. */
bool lkm_range_ok(uint64_t off, uint64_t len, uint64_t size);
/* Round @v up to @align (a power of two); false on overflow. */
bool lkm_align_up(uint64_t v, uint64_t align, uint64_t *out);
bool lkm_is_pow2(uint64_t v);
/* A small vsnprintf: %s %.*s %c %d %i %u %x %p %% with l/ll/z, width, 0, -. */
int lkm_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int lkm_snprintf(char *buf, size_t size, const char *fmt, ...) LKM_PRINTF(3, 4);

/* ---- kernel.c: the kernel object, accounting and logging ----------------- */

struct ksym_entry;
struct ksym_slot;
struct provider;

struct lkm_kernel {
	const struct lkm_ops *ops;
	const struct lkm_config *config;
	struct lkm_module *modules; /* newest first */
	/* Exported-symbol table (symbols.c): three arrays in one block. */
	uint32_t *ksym_tags;            /* 0: empty slot */
	struct ksym_slot *ksym_slots;   /* what a lookup reads on a tag match */
	struct ksym_entry **ksym_entries;
	size_t ksym_size;               /* a power of two, or 0 */
	size_t nsymbols;
	struct ksym_batch *kernel_batches;
	struct provider *providers;
	struct lkm_stats stats;
	unsigned long taint; /* enum lkm_taint bits, sticky */
	bool sig_enforce;    /* one-way switches (signature.c) */
	bool modules_disabled;
	enum lkm_lockdown lockdown;
};

void lkm_log(struct lkm_kernel *k, int level, const char *fmt, ...)
	LKM_PRINTF(3, 4);
#define lkm_err(k, ...) lkm_log(k, LKM_LOG_ERR, __VA_ARGS__)
#define lkm_warn(k, ...) lkm_log(k, LKM_LOG_WARNING, __VA_ARGS__)
#define lkm_info(k, ...) lkm_log(k, LKM_LOG_INFO, __VA_ARGS__)
/* Zeroed bookkeeping memory, counted in stats; NULL on failure. */
void *lkm_heap_alloc(struct lkm_kernel *k, size_t size);
void lkm_heap_free(struct lkm_kernel *k, void *ptr, size_t size);
/*
 * Module memory, counted in stats, through whichever hooks the embedder
 * gave (packed regions, or whole pages).  *size may grow (to whole pages).
 */
int lkm_region_alloc(struct lkm_kernel *k, enum lkm_mem_kind kind,
		     size_t *size, size_t align, uint8_t **exec,
		     uint8_t **write);
int lkm_region_seal(struct lkm_kernel *k, enum lkm_mem_kind kind,
		    uint8_t *exec, size_t size);
void lkm_region_free(struct lkm_kernel *k, enum lkm_mem_kind kind,
		     uint8_t *exec, size_t size);
void lkm_lock(struct lkm_kernel *k);
void lkm_unlock(struct lkm_kernel *k);

/* ---- elf.c: validation of the untrusted image ---------------------------- */

/* What elf_check() learnt about the image; pointers point into it. */
struct elf_view {
	const uint8_t *image;
	size_t size;
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	unsigned nsec;
	const char *secstrings;
	size_t secstrings_size;
	unsigned symtab_idx;
	const Elf64_Sym *syms;
	unsigned nsyms;
	const char *strtab;
	size_t strtab_size;
	unsigned named[6]; /* index of each of elf_named_sections[], or 0 */
};

/*
 * Validate headers, the section table, string tables, symbols and relocation
 * sections of an image; on success fill @v.  @k is only used to log (and may
 * be NULL to stay silent); @who names the file in messages.
 */
int elf_check(struct lkm_kernel *k, const char *who, const void *image,
	      size_t size, struct elf_view *v);
const char *elf_section_name(const struct elf_view *v, unsigned idx);
const char *elf_symbol_name(const struct elf_view *v, const Elf64_Sym *s);
/* Index of the first section named @name, or 0 if none. */
unsigned elf_find_section(const struct elf_view *v, const char *name);
/* File bytes of a section (NULL for SHT_NOBITS). */
const void *elf_section_data(const struct elf_view *v, unsigned idx);

/* ---- modinfo.c: the .modinfo strings ------------------------------------- */

/*
 * Walk .modinfo; @fn gets each entry split at '='.  Malformed entries (no
 * '=', an empty key, a fragment after a NUL) give -ENOEXEC and a message
 * quoting the fragment, logged against @who -- unless @malformed is given:
 * then they are logged as warnings, skipped, and *@malformed is set.
 */
int modinfo_walk(struct lkm_kernel *k, const char *who,
		 const struct elf_view *v, bool *malformed,
		 int (*fn)(const char *key, size_t key_len, const char *value,
			   void *arg),
		 void *arg);
/* First value of @key, or NULL (after a successful modinfo_walk). */
const char *modinfo_get(const struct elf_view *v, const char *key);
/* Next value of @key after @prev (NULL to start); NULL at the end. */
const char *modinfo_next(const struct elf_view *v, const char *key,
			 const char *prev);

/* ---- layout.c: where each section goes ----------------------------------- */

enum region {
	RGN_TEXT,      /* r-x (and far-branch stubs) */
	RGN_RODATA,    /* r-- (and the handle THIS_MODULE points at) */
	RGN_DATA,      /* rw- (and COMMON symbols) */
	RGN_INIT_TEXT, /* r-x, freed after init */
	RGN_INIT_DATA, /* rw-, freed after init */
	RGN_GOT,       /* r--, the GOT, if a relocation needs it */
	RGN_COUNT
};

#define SEC_NOT_LOADED 0xffu

struct sec_place {
	uint8_t region; /* enum region, or SEC_NOT_LOADED */
	uint64_t offset; /* within its block */
};

/* ---- symbols.c: the exported-symbol table and per-module resolution ----- */

struct ksym_entry {
	const char *name;
	uintptr_t value;
	uint32_t tag;             /* hash and length of name (symbols.c) */
	bool gpl;
	bool has_crc;
	uint32_t crc;             /* modversions CRC, if has_crc */
	const char *ns;
	struct lkm_module *owner; /* NULL for the base kernel */
};

/* The name and value of an export, copied into its table slot. */
struct ksym_slot {
	const char *name;
	uintptr_t value;
};

struct ksym_batch {
	struct ksym_batch *next;
	size_t count;
	struct ksym_entry entries[];
};

struct provider {
	struct provider *next;
	const char *ns;
	void *(*resolve)(void *arg, const char *name);
	void *arg;
};

struct ksym_entry *ksym_find(struct lkm_kernel *k, const char *name);
/* Insert all entries of a batch, or none: -EEXIST names the duplicate. */
int ksym_insert_batch(struct lkm_kernel *k, struct ksym_entry *e, size_t n,
		      const char *owner_name);
void ksym_remove_batch(struct lkm_kernel *k, struct ksym_entry *e, size_t n);
void ksym_table_free(struct lkm_kernel *k);

/* ---- module.c: modules, their users, the list ----------------------------- */

struct module_use {
	struct module_use *next_user;   /* in target->users */
	struct module_use *next_target; /* in source->targets */
	struct lkm_module *source;      /* the module that uses ... */
	struct lkm_module *target;      /* ... this one */
};

struct lkm_module {
	struct lkm_module *next, *prev;
	struct lkm_kernel *k;
	char name[LKM_MODULE_NAME_LEN];
	enum lkm_module_state state;
	/* One allocation per non-empty region; init ones freed after init. */
	uint8_t *rgn_exec[RGN_COUNT];  /* address the module runs at */
	uint8_t *rgn_write[RGN_COUNT]; /* alias written while loading */
	uint64_t rgn_size[RGN_COUNT];  /* bytes laid out */
	size_t rgn_alloc[RGN_COUNT];   /* bytes allocated (>= rgn_size) */
	size_t core_size;              /* allocated, non-init regions */
	size_t init_size;              /* allocated, init regions */
	int (*init_fn)(void);
	void (*exit_fn)(void);
	struct ksym_entry *exports;
	size_t nexports;
	bool exports_listed;
	struct module_use *users;   /* modules that use this one */
	struct module_use *targets; /* modules this one uses */
	unsigned refcnt;            /* users + runtime references */
	unsigned long taints;       /* enum lkm_taint bits */
	struct param_state *params;
	size_t nparams;
	const struct this_module *handle; /* what THIS_MODULE points at */
	enum lkm_sig_state sig_state;
	struct kallsym *syms;  /* defined symbols, for kallsyms */
	size_t nsyms;
	char *symnames;        /* their names, NUL-separated */
	size_t symnames_size;
};

struct kallsym {
	uintptr_t value;
	uint32_t name;         /* offset in symnames */
	char type;             /* nm's letter */
};

/*
 * The object THIS_MODULE points at, in the module's read-only data: one
 * pointer, 8 bytes of every module.  A pointer is taken for a handle only
 * if the module it names points back at it (module_of_handle()).
 */
struct this_module {
	struct lkm_module *mod;
};

struct lkm_module *module_find(struct lkm_kernel *k, const char *name);
void module_list_add(struct lkm_kernel *k, struct lkm_module *m);
void module_list_del(struct lkm_kernel *k, struct lkm_module *m);
/* Record that @source uses @target (once); takes a reference on @target. */
int module_use_add(struct lkm_module *source, struct lkm_module *target);
/* Drop every use @m made, releasing those references. */
void module_uses_release(struct lkm_module *m);
/* Free a module's memory regions and its bookkeeping (not its list entry). */
void module_memory_free(struct lkm_module *m);
void module_init_free(struct lkm_module *m);
/* Does [p, p+len) lie inside one of the module's non-init regions? */
bool module_contains(const struct lkm_module *m, uintptr_t p, size_t len);
/* ... and is a NUL-terminated string starting at @s inside it? */
bool module_contains_string(const struct lkm_module *m, const char *s);

/* ---- taint.c ------------------------------------------------------------- */

bool kernel_has_taint(struct lkm_kernel *k, enum lkm_taint t);
/* Record a taint on the module (the kernel gets it at publish time). */
void module_taint(struct lkm_module *m, enum lkm_taint t);
void module_taints_publish(struct lkm_module *m);

/* ---- signature.c ----------------------------------------------------------- */

int signature_split(const uint8_t *image, size_t size, const uint8_t **sig,
		    size_t *sig_len, size_t *data_len);
/*
 * Check the appended signature under the kernel's policy; on success
 * *size no longer covers the signature and *state says what was found.
 */
int signature_check(struct lkm_kernel *k, const void *image, size_t *size,
		    enum lkm_sig_state *state);
/* Taint E (with Linux's message) unless the signature was valid. */
void signature_taint(struct load_info *info);

/* ---- params.c ---------------------------------------------------------- */

struct param_state;
/* Read and check the module's __param table (after relocation). */
int params_collect(struct load_info *info);
/* Apply the insmod parameter string; unknown names and bad values fail. */
int params_parse(struct load_info *info, const char *args);
void params_free(struct lkm_module *m);

/* ---- version.c ------------------------------------------------------------ */

struct modversion_info;
/* vermagic under the kernel's ABI policy (forcing taints F). */
int version_check_magic(struct load_info *info);
/* Find and check __versions, if the kernel checks symbol versions. */
int version_collect(struct load_info *info);
/* Compare the module's CRC for @name with the export's. */
int version_check_symbol(struct load_info *info, const char *name,
			 const struct ksym_entry *e);
/* CRCs of the module's own exports, from __export_versions. */
int version_collect_exports(struct load_info *info);

/* ---- load.c: the load pipeline's context ---------------------------------- */

struct load_info {
	struct lkm_kernel *k;
	const char *who; /* module name once known, else "module" */
	unsigned flags;
	struct elf_view elf;
	struct lkm_module *mod;
	bool listed;              /* mod is on the list (UNFORMED or later) */
	struct sec_place *place;  /* per section */
	struct sym_state *sym;    /* per symbol of the image */
	size_t ngot, nstubs;
	struct deferred_reloc *deferred; /* relocations waiting for the GOT */
	size_t ndeferred, deferred_cap;
	uint64_t stub_off;        /* within RGN_TEXT */
	uint64_t common_off;      /* within RGN_DATA */
	uint64_t rgn_align[RGN_COUNT]; /* largest alignment in each region */
	bool gpl_compatible;      /* licence allows GPL-only symbols */
	bool uses_gpl_only;       /* resolved at least one GPL-only export */
	bool license_tampered;    /* lenient: malformed entry after license= */
	uint64_t handle_off;      /* struct this_module, within RGN_RODATA */
	size_t nkallsyms;         /* symbols kallsyms will list */
	const struct modversion_info *versions; /* __versions, if checked */
	size_t nversions;
	bool check_versions;
};

/* A relocation set aside until the GOT has memory (relocate.c). */
struct deferred_reloc {
	const Elf64_Rela *r;
	unsigned relsec;
};

/* What a load knows of each symbol: 16 bytes, four to a cache line. */
struct sym_state {
	uint64_t value; /* resolved address (COMMON: offset until placed) */
	uint32_t got;   /* GOT slot + 1, or 0 */
	uint16_t stub;  /* stub slot + 1, or 0 */
	uint8_t flags;  /* SYM_* */
};

#define SYM_MAX_STUBS 0xffffu /* far imports a module may have */

/* sym_state.flags bits */
#define SYM_EXTERNAL 0x01  /* resolved outside the module */
#define SYM_GOT_BASE 0x04  /* _GLOBAL_OFFSET_TABLE_ */
#define SYM_COMMON 0x08    /* value holds its offset in RGN_DATA */
#define SYM_THIS_MODULE 0x10 /* __this_module: the module's handle */
#define SYM_BAD_TARGET 0x40 /* no relocation may name it: sym_bad_target() */
/* relocations against it take the general path (bad target, GOT base) */
#define SYM_SPECIAL 0x80

/*
 * Small questions asked of every symbol, inline: a large module has
 * thousands of symbols, and the pipeline asks them in its few passes over
 * the symbol table (load.c lists the passes).
 */

/* May no relocation refer to it?  TLS, or defined in an unloaded section. */
static inline bool sym_bad_target(const struct load_info *info,
				  const Elf64_Sym *s)
{
	return ELF64_ST_TYPE(s->st_info) == STT_TLS ||
	       (s->st_shndx != SHN_UNDEF && s->st_shndx < SHN_LORESERVE &&
		info->place[s->st_shndx].region == SEC_NOT_LOADED);
}

/* Named functions and objects in kept sections: what kallsyms lists. */
static inline bool kallsym_wanted(const struct load_info *info,
				  const Elf64_Sym *s)
{
	unsigned type = ELF64_ST_TYPE(s->st_info), r;

	if (!s->st_name || !info->elf.strtab[s->st_name] ||
	    (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE) ||
	    s->st_shndx == SHN_UNDEF || s->st_shndx >= SHN_LORESERVE)
		return false;
	r = info->place[s->st_shndx].region;
	return r == RGN_TEXT || r == RGN_RODATA || r == RGN_DATA;
}

/* Address where section @idx runs (it must be loaded) ... */
static inline uint64_t layout_section_addr(const struct load_info *info,
					   unsigned idx)
{
	const struct sec_place *p = &info->place[idx];

	return (uintptr_t)info->mod->rgn_exec[p->region] + p->offset;
}

/* ... and where the core writes it while loading. */
static inline uint8_t *layout_section_write(const struct load_info *info,
					    unsigned idx)
{
	const struct sec_place *p = &info->place[idx];
	uint8_t *base = info->mod->rgn_write[p->region];

	/* An empty section may sit in a region that was never allocated. */
	return base ? base + p->offset : NULL;
}

/* ---- layout.c ------------------------------------------------------------ */

/* Decide each section's region and offset; sizes go into info->mod. */
int layout_sections(struct load_info *info);
/* Place COMMON symbol @i at the end of the data region. */
int layout_common(struct load_info *info, unsigned i);
/* Append the handle and the stubs. */
int layout_finish(struct load_info *info);
/* Memory for a GOT of @nslots slots, zeroed, once relocation knows. */
int layout_alloc_got(struct load_info *info, size_t nslots);
/* Allocate the regions (the module's addresses are known from here) ... */
int layout_alloc(struct load_info *info);
/* ... and fill them: sections copied, the rest zeroed but the stubs. */
void layout_copy(struct load_info *info);
/* Seal every region with its final (W^X) permissions. */
int layout_protect(struct load_info *info);
/* Free the module's regions (only the init ones if @init_only). */
void layout_free_regions(struct lkm_module *m, bool init_only);

/* ---- symbols.c ----------------------------------------------------------- */

/*
 * Resolve every undefined symbol (needs the list lock); records uses,
 * inherits taint, gives each branch target out of reach a stub.
 */
int resolve_undefined(struct load_info *info);
/*
 * Once memory is placed, one pass over the symbols: addresses of defined
 * symbols, GOT slots and stubs written, kallsyms filled, entry points found.
 */
int resolve_defined(struct load_info *info);
/* Read the module's __ksymtab/__ksymtab_gpl into mod->exports. */
int exports_collect(struct load_info *info);
/* Room for the module's kallsyms (info->nkallsyms entries, the names). */
int kallsyms_alloc(struct load_info *info);
void kallsyms_free(struct lkm_module *m);

/* ---- relocate.c ----------------------------------------------------------- */

/* Refuse relocation sections whose target has no file contents. */
int relocs_check(struct load_info *info);
/* Write symbol @i's far-branch stub. */
void relocs_fill_stub(struct load_info *info, unsigned i);
/* Check and apply every relocation of every loaded section; the GOT. */
int relocs_apply(struct load_info *info);

/* ---- arch/<isa>/reloc.c: the one arch hook --------------------------------- */

/* How the generic code must prepare for a relocation type. */
enum arch_reloc_kind {
	ARCH_RELOC_PLAIN,   /* needs only S, A, P, Z */
	ARCH_RELOC_BRANCH,  /* a call/jump: may be sent through a stub */
	ARCH_RELOC_GOT,     /* needs a GOT slot for its symbol */
	ARCH_RELOC_GOTBASE, /* needs the GOT base only */
	ARCH_RELOC_SIZE,    /* needs the symbol's size Z */
	ARCH_RELOC_TLS,     /* thread-local: refused */
	ARCH_RELOC_UNKNOWN, /* refused */
	ARCH_RELOC_KIND_COUNT
};

struct arch_reloc {
	uint32_t type;
	uint64_t S;     /* symbol value (the stub for a far branch) */
	int64_t A;      /* addend */
	uint64_t P;     /* address of the place */
	uint64_t G;     /* address of the symbol's GOT slot, if any */
	uint64_t GOT;   /* GOT base */
	uint64_t Z;     /* symbol size */
	uint8_t *loc;   /* where to write (== P) */
	uint64_t room;  /* bytes from loc to the end of its section */
};

/*
 * arch_reloc.h (core/arch/<isa>/, found by the include path) defines, inline:
 *   enum arch_reloc_kind arch_reloc_kind(uint32_t type);
 *   int arch_reloc_apply(const struct arch_reloc *r, const char **why);
 * the second returning 0, or -ENOEXEC with *why a short reason.
 */
uint16_t arch_elf_machine(void);
const char *arch_reloc_name(uint32_t type);
/* Can a branch anywhere in [lo, hi) reach @target directly? */
bool arch_branch_reaches(uint64_t lo, uint64_t hi, uint64_t target);
/* Bytes of one branch stub, and how to write one. */
size_t arch_stub_size(void);
void arch_stub_write(uint8_t *stub, uint64_t target);

#endif /* LKM_CORE_INTERNAL_H */
