// SPDX-License-Identifier: MIT
/*
 * symbols.c - the exported-symbol table and symbol resolution for a load.
 *
 * Exports of the base kernel and of every listed module live in one chained
 * hash table keyed by name (FNV-1a), grown by doubling, so a lookup costs the
 * same with 100 exports or 25,000.  A module's undefined symbols are each
 * resolved exactly once, in this order: exported symbols (respecting
 * GPL-only and namespaces), then providers of namespaces the module imports,
 * then weak undefined symbols become 0.  Anything else is an unknown symbol,
 * and all of them are named before the load fails.
 */
#include "internal.h"

#define KSYM_MIN_BUCKETS 256

/*
 * Size the table for @want entries.  The size is a function of the count
 * alone (the next power of two, at least KSYM_MIN_BUCKETS), so chains stay
 * short and unloading returns exactly the memory that loading took.
 */
static int table_resize(struct lkm_kernel *k, size_t want)
{
	size_t n = KSYM_MIN_BUCKETS;
	struct ksym_entry **nb;

	while (n < want)
		n *= 2;
	if (n == k->nbuckets)
		return 0;
	nb = lkm_heap_alloc(k, n * sizeof(*nb));
	if (!nb)
		return -LKM_ENOMEM;
	for (size_t i = 0; i < k->nbuckets; i++) {
		struct ksym_entry *e = k->buckets[i], *next;

		for (; e; e = next) {
			next = e->next;
			e->next = nb[e->hash & (n - 1)];
			nb[e->hash & (n - 1)] = e;
		}
	}
	lkm_heap_free(k, k->buckets, k->nbuckets * sizeof(*k->buckets));
	k->buckets = nb;
	k->nbuckets = n;
	return 0;
}

static struct ksym_entry *find_hashed(struct lkm_kernel *k, const char *name,
				      uint32_t hash)
{
	struct ksym_entry *e;

	if (!k->nbuckets)
		return NULL;
	for (e = k->buckets[hash & (k->nbuckets - 1)]; e; e = e->next)
		if (e->hash == hash && !lkm_strcmp(e->name, name))
			return e;
	return NULL;
}

struct ksym_entry *ksym_find(struct lkm_kernel *k, const char *name)
{
	return find_hashed(k, name, lkm_hash_str(name));
}

static void unlink_entry(struct lkm_kernel *k, struct ksym_entry *e)
{
	struct ksym_entry **pp = &k->buckets[e->hash & (k->nbuckets - 1)];

	for (; *pp; pp = &(*pp)->next) {
		if (*pp == e) {
			*pp = e->next;
			k->nsymbols--;
			return;
		}
	}
}

int ksym_insert_batch(struct lkm_kernel *k, struct ksym_entry *e, size_t n,
		      const char *owner_name)
{
	int err = table_resize(k, k->nsymbols + n);

	if (err)
		return err;
	for (size_t i = 0; i < n; i++) {
		struct ksym_entry *old;

		e[i].hash = lkm_hash_str(e[i].name);
		old = find_hashed(k, e[i].name, e[i].hash);
		if (old) {
			lkm_err(k,
				"%s: exports duplicate symbol %s (already exported by %s)",
				owner_name, e[i].name,
				old->owner ? old->owner->name : "the kernel");
			ksym_remove_batch(k, e, i);
			return -LKM_EEXIST;
		}
		e[i].next = k->buckets[e[i].hash & (k->nbuckets - 1)];
		k->buckets[e[i].hash & (k->nbuckets - 1)] = &e[i];
		k->nsymbols++;
	}
	return 0;
}

void ksym_remove_batch(struct lkm_kernel *k, struct ksym_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		unlink_entry(k, &e[i]);
	if (n)
		(void)table_resize(k, k->nsymbols); /* if it fails, stay big */
}

void ksym_table_free(struct lkm_kernel *k)
{
	struct ksym_batch *b;

	while ((b = k->kernel_batches)) {
		k->kernel_batches = b->next;
		ksym_remove_batch(k, b->entries, b->count);
		lkm_heap_free(k, b, sizeof(*b) + b->count * sizeof(b->entries[0]));
	}
	lkm_heap_free(k, k->buckets, k->nbuckets * sizeof(*k->buckets));
	k->buckets = NULL;
	k->nbuckets = 0;
}

int lkm_kernel_add_symbols(struct lkm_kernel *k, const struct lkm_ksym *begin,
			   const struct lkm_ksym *end, bool gpl)
{
	size_t n = (size_t)(end - begin);
	struct ksym_batch *b;
	int err;

	if (end < begin)
		return -LKM_EINVAL;
	b = lkm_heap_alloc(k, sizeof(*b) + n * sizeof(b->entries[0]));
	if (!b)
		return -LKM_ENOMEM;
	b->count = n;
	for (size_t i = 0; i < n; i++) {
		b->entries[i].name = begin[i].name;
		b->entries[i].value = (uintptr_t)begin[i].value;
		b->entries[i].ns = begin[i].ns;
		b->entries[i].gpl = gpl;
	}
	lkm_lock(k);
	err = ksym_insert_batch(k, b->entries, n, "kernel");
	if (!err) {
		b->next = k->kernel_batches;
		k->kernel_batches = b;
	}
	lkm_unlock(k);
	if (err)
		lkm_heap_free(k, b, sizeof(*b) + n * sizeof(b->entries[0]));
	return err;
}

int lkm_symbol_find(struct lkm_kernel *k, const char *name, uintptr_t *value)
{
	struct ksym_entry *e;

	lkm_lock(k);
	e = ksym_find(k, name);
	if (e)
		*value = e->value;
	lkm_unlock(k);
	return e ? 0 : -LKM_ENOENT;
}

/* ---- resolution ---------------------------------------------------------- */

static bool imports_ns(const struct load_info *info, const char *ns)
{
	const char *v = NULL;

	while ((v = modinfo_next(&info->elf, "import_ns", v)))
		if (!lkm_strcmp(v, ns))
			return true;
	return false;
}

/* Use an exported symbol: namespace, licence and owner state allow it? */
static int use_export(struct load_info *info, const char *name,
		      const struct ksym_entry *e)
{
	int err;

	if (e->ns && !imports_ns(info, e->ns)) {
		lkm_err(info->k,
			"%s: module uses symbol %s from namespace %s, but does not import it (add MODULE_IMPORT_NS(%s))",
			info->who, name, e->ns, e->ns);
		return -LKM_EINVAL;
	}
	if (e->gpl && !info->gpl_compatible) {
		lkm_err(info->k,
			"%s: cannot use GPL-only symbol %s: module licence is not GPL-compatible",
			info->who, name);
		return -LKM_ENOENT;
	}
	if (e->gpl)
		info->uses_gpl_only = true;
	err = version_check_symbol(info, name, e);
	if (err || !e->owner)
		return err;
	if (e->owner->state != LKM_MODULE_LIVE) {
		lkm_err(info->k,
			"%s: symbol %s belongs to module %s, which is not live yet",
			info->who, name, e->owner->name);
		return -LKM_EBUSY;
	}
	return module_use_add(info->mod, e->owner);
}

/* Which providers (at most 32, in list order) the module may use. */
static uint32_t usable_providers(struct load_info *info)
{
	uint32_t mask = 0;
	unsigned i = 0;

	for (struct provider *p = info->k->providers; p && i < 32;
	     p = p->next, i++)
		if (imports_ns(info, p->ns))
			mask |= 1u << i;
	return mask;
}

static void *from_providers(struct load_info *info, uint32_t usable,
			    const char *name)
{
	unsigned i = 0;

	for (struct provider *p = info->k->providers; p && usable;
	     p = p->next, i++) {
		void *v;

		if (!(usable & (1u << i)))
			continue;
		usable &= ~(1u << i);
		v = p->resolve(p->arg, name);
		if (v)
			return v;
	}
	return NULL;
}

/*
 * As Linux: a module importing from a proprietary module becomes
 * proprietary too, and one that also uses GPL-only symbols is refused.
 * @name is the first symbol it imports from one, from @owner.
 */
static int inherit_taint(struct load_info *info, const char *name,
			 const struct lkm_module *owner)
{
	if (info->uses_gpl_only) {
		lkm_err(info->k,
			"%s: module using GPL-only symbols uses symbols %s from proprietary module %s.",
			info->who, name, owner->name);
		return -LKM_EPERM;
	}
	if (!(info->mod->taints & (1ul << LKM_TAINT_PROPRIETARY_MODULE))) {
		lkm_warn(info->k,
			 "%s: module uses symbols %s from proprietary module %s, inheriting taint.",
			 info->who, name, owner->name);
		module_taint(info->mod, LKM_TAINT_PROPRIETARY_MODULE);
	}
	return 0;
}

/* Undefined symbol @i: where it is, or why it is nowhere. */
static int resolve_one(struct load_info *info, unsigned i, uint32_t usable,
		       const struct ksym_entry **export)
{
	const Elf64_Sym *s = &info->elf.syms[i];
	const char *name = info->elf.strtab + s->st_name;
	struct sym_state *ss = &info->sym[i];
	struct ksym_entry *e;
	void *p;

	*export = NULL;
	if (!lkm_strcmp(name, "__this_module")) {
		ss->flags |= SYM_THIS_MODULE;
		return 0;
	}
	ss->flags |= SYM_EXTERNAL;
	if (!lkm_strcmp(name, "_GLOBAL_OFFSET_TABLE_")) {
		ss->flags |= SYM_GOT_BASE | SYM_SPECIAL;
		return 0;
	}
	e = *name ? ksym_find(info->k, name) : NULL;
	if (e) {
		*export = e;
		ss->value = e->value;
		return use_export(info, name, e);
	}
	p = *name ? from_providers(info, usable, name) : NULL;
	if (p) {
		ss->value = (uintptr_t)p;
		return 0;
	}
	if (ELF64_ST_BIND(s->st_info) == STB_WEAK)
		return 0; /* a weak undefined symbol is 0 */
	lkm_err(info->k, "%s: Unknown symbol %s (err %d)", info->who,
		*name ? name : "(unnamed)", -LKM_ENOENT);
	return -LKM_ENOENT;
}

int resolve_undefined(struct load_info *info)
{
	const struct elf_view *v = &info->elf;
	const struct lkm_ops *ops = info->k->ops;
	const unsigned long P = 1ul << LKM_TAINT_PROPRIETARY_MODULE;
	uint32_t usable = usable_providers(info);
	const struct ksym_entry *tainting = NULL;
	const char *tainting_name = NULL;
	int first_err = 0;

	for (unsigned i = 1; i < v->nsyms; i++) {
		const struct ksym_entry *e;
		struct sym_state *ss = &info->sym[i];
		int err;

		if (v->syms[i].st_shndx != SHN_UNDEF)
			continue;
		err = resolve_one(info, i, usable, &e);
		if (err && !first_err)
			first_err = err;
		if (e && e->owner && (e->owner->taints & P) && !tainting) {
			tainting = e;
			tainting_name = v->strtab + v->syms[i].st_name;
		}
		/*
		 * Calls to an import out of a rel32's reach go via a stub.
		 * Which imports are called is known only in the relocation
		 * pass, after memory is placed, so every far import gets one
		 * (16 bytes; far imports are the host's, in a hosted kernel).
		 */
		if ((ss->flags & (SYM_EXTERNAL | SYM_GOT_BASE)) == SYM_EXTERNAL &&
		    !arch_branch_reaches(ops->area_lo, ops->area_hi,
					 ss->value)) {
			if (info->nstubs == SYM_MAX_STUBS) {
				lkm_err(info->k,
					"%s: more than %u imports out of branch reach",
					info->who, SYM_MAX_STUBS);
				return -LKM_ENOEXEC;
			}
			ss->stub = (uint16_t)++info->nstubs;
			ss->flags |= SYM_SPECIAL;
		}
	}
	if (first_err)
		return first_err;
	return tainting ? inherit_taint(info, tainting_name, tainting->owner)
			: 0;
}

/* Is defined symbol @i init_module or cleanup_module?  Must be code. */
static int entry_point(struct load_info *info, unsigned i)
{
	const struct elf_view *v = &info->elf;
	const Elf64_Sym *s = &v->syms[i];
	const char *name = v->strtab + s->st_name;
	bool is_init = !lkm_strcmp(name, "init_module");

	if (!is_init && lkm_strcmp(name, "cleanup_module"))
		return 0;
	if (ELF64_ST_TYPE(s->st_info) != STT_FUNC ||
	    s->st_shndx >= SHN_LORESERVE ||
	    info->place[s->st_shndx].region == SEC_NOT_LOADED ||
	    !(v->sh[s->st_shndx].sh_flags & SHF_EXECINSTR)) {
		lkm_err(info->k, "%s: %s is not a function in loaded code",
			info->who, name);
		return -LKM_ENOEXEC;
	}
	if (is_init)
		info->mod->init_fn = (int (*)(void))(uintptr_t)info->sym[i].value;
	else
		info->mod->exit_fn = (void (*)(void))(uintptr_t)info->sym[i].value;
	return 0;
}

static char kallsym_type(const struct load_info *info, const Elf64_Sym *s)
{
	const Elf64_Shdr *sh = &info->elf.sh[s->st_shndx];
	char c;

	if (sh->sh_flags & SHF_EXECINSTR)
		c = 't';
	else if (sh->sh_type == SHT_NOBITS)
		c = 'b';
	else if (sh->sh_flags & SHF_WRITE)
		c = 'd';
	else
		c = 'r';
	return ELF64_ST_BIND(s->st_info) == STB_LOCAL ? c : (char)(c - 32);
}

int resolve_defined(struct load_info *info)
{
	const struct elf_view *v = &info->elf;
	struct lkm_module *m = info->mod;
	size_t nk = 0;

	for (unsigned i = 1; i < v->nsyms; i++) {
		const Elf64_Sym *s = &v->syms[i];
		struct sym_state *ss = &info->sym[i];

		if (ss->flags & SYM_GOT_BASE)
			; /* the GOT's address: relocate.c, once it has one */
		else if (ss->flags & SYM_THIS_MODULE)
			ss->value = (uintptr_t)m->handle;
		else if (ss->flags & SYM_COMMON)
			ss->value += (uintptr_t)m->rgn_exec[RGN_DATA];
		else if (s->st_shndx == SHN_ABS)
			ss->value = s->st_value;
		else if (s->st_shndx != SHN_UNDEF &&
			 info->place[s->st_shndx].region != SEC_NOT_LOADED)
			/* (relocations against the rest were refused) */
			ss->value = layout_section_addr(info, s->st_shndx) +
				    s->st_value;
		if (ss->stub)
			relocs_fill_stub(info, i);
		if (nk < m->nsyms && kallsym_wanted(info, s))
			m->syms[nk++] = (struct kallsym){ ss->value, s->st_name,
							  kallsym_type(info, s) };
		if (ELF64_ST_BIND(s->st_info) == STB_GLOBAL &&
		    s->st_shndx != SHN_UNDEF) {
			int err = entry_point(info, i);

			if (err)
				return err;
		}
	}
	return 0;
}

/* ---- the module's symbols, for /proc/kallsyms ---------------------------- */

/*
 * Room for the symbols scan_symbols() counted.  The names are the image's
 * string table, copied whole: one copy of a few kilobytes instead of
 * measuring and copying each name (the table holds little else: section
 * names live in .shstrtab), so a symbol's name offset in the image is its
 * offset in the copy.  resolve_defined() fills the entries.
 */
int kallsyms_alloc(struct load_info *info)
{
	const struct elf_view *v = &info->elf;
	struct lkm_module *m = info->mod;
	size_t n = info->nkallsyms;

	if (!n || v->strtab_size > UINT32_MAX)
		return 0;
	m->syms = lkm_heap_alloc(info->k, n * sizeof(*m->syms));
	m->nsyms = m->syms ? n : 0;
	m->symnames = lkm_heap_alloc(info->k, v->strtab_size);
	m->symnames_size = m->symnames ? v->strtab_size : 0;
	if (!m->syms || !m->symnames) {
		kallsyms_free(m);
		return -LKM_ENOMEM;
	}
	lkm_memcpy(m->symnames, v->strtab, v->strtab_size);
	return 0;
}

void kallsyms_free(struct lkm_module *m)
{
	lkm_heap_free(m->k, m->syms, m->nsyms * sizeof(*m->syms));
	lkm_heap_free(m->k, m->symnames, m->symnames_size);
	m->syms = NULL;
	m->symnames = NULL;
	m->nsyms = m->symnames_size = 0;
}

int lkm_module_for_each_symbol(const struct lkm_module *m,
			       int (*fn)(const char *name, uintptr_t value,
					 char type, void *arg),
			       void *arg)
{
	int ret = 0;

	for (size_t i = 0; i < m->nsyms && !ret; i++)
		ret = fn(m->symnames + m->syms[i].name, m->syms[i].value,
			 m->syms[i].type, arg);
	return ret;
}

/* ---- the module's own exports ---------------------------------------------- */

static int collect_table(struct load_info *info, const char *secname,
			 bool gpl, size_t *n)
{
	const struct elf_view *v = &info->elf;
	struct lkm_module *m = info->mod;
	unsigned idx = elf_find_section(v, secname);
	const struct lkm_ksym *tab;
	size_t count;

	if (!idx)
		return 0;
	/* rodata when built non-PIC; -fpic makes a section with pointers rw */
	if ((info->place[idx].region != RGN_RODATA &&
	     info->place[idx].region != RGN_DATA) ||
	    v->sh[idx].sh_size % sizeof(*tab)) {
		lkm_err(info->k, "%s: malformed export table %s", info->who,
			secname);
		return -LKM_ENOEXEC;
	}
	tab = (const struct lkm_ksym *)(uintptr_t)layout_section_addr(info,
								     idx);
	if ((uintptr_t)tab % _Alignof(struct lkm_ksym)) {
		lkm_err(info->k, "%s: export table %s is not aligned for its entries",
			info->who, secname);
		return -LKM_ENOEXEC;
	}
	count = v->sh[idx].sh_size / sizeof(*tab);
	for (size_t i = 0; i < count; i++) {
		struct ksym_entry *e = &m->exports[(*n)++];

		if (!module_contains_string(m, tab[i].name) ||
		    (tab[i].ns && !module_contains_string(m, tab[i].ns))) {
			lkm_err(info->k,
				"%s: export table %s entry %zu has a name outside the module",
				info->who, secname, i);
			return -LKM_ENOEXEC;
		}
		e->name = tab[i].name;
		e->value = (uintptr_t)tab[i].value;
		e->ns = tab[i].ns;
		e->gpl = gpl;
		e->owner = m;
	}
	return 0;
}

int exports_collect(struct load_info *info)
{
	const struct elf_view *v = &info->elf;
	unsigned a = elf_find_section(v, "__ksymtab");
	unsigned b = elf_find_section(v, "__ksymtab_gpl");
	size_t total = 0, n = 0;
	int err;

	if (a)
		total += v->sh[a].sh_size / sizeof(struct lkm_ksym);
	if (b)
		total += v->sh[b].sh_size / sizeof(struct lkm_ksym);
	if (!total)
		return 0;
	info->mod->exports =
		lkm_heap_alloc(info->k, total * sizeof(struct ksym_entry));
	if (!info->mod->exports)
		return -LKM_ENOMEM;
	info->mod->nexports = total;
	err = collect_table(info, "__ksymtab", false, &n);
	if (!err)
		err = collect_table(info, "__ksymtab_gpl", true, &n);
	return err;
}
