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
 */
static int inherit_taint(struct load_info *info)
{
	const struct elf_view *v = &info->elf;
	const unsigned long P = 1ul << LKM_TAINT_PROPRIETARY_MODULE;

	for (unsigned i = 1; i < v->nsyms; i++) {
		const char *name = v->strtab + v->syms[i].st_name;
		struct ksym_entry *e;

		if (!(info->sym[i].flags & SYM_EXTERNAL) || !*name)
			continue;
		e = ksym_find(info->k, name);
		if (!e || !e->owner || !(e->owner->taints & P))
			continue;
		if (info->uses_gpl_only) {
			lkm_err(info->k,
				"%s: module using GPL-only symbols uses symbols %s from proprietary module %s.",
				info->who, name, e->owner->name);
			return -LKM_EPERM;
		}
		if (!(info->mod->taints & P)) {
			lkm_warn(info->k,
				 "%s: module uses symbols %s from proprietary module %s, inheriting taint.",
				 info->who, name, e->owner->name);
			module_taint(info->mod, LKM_TAINT_PROPRIETARY_MODULE);
		}
	}
	return 0;
}

int resolve_undefined(struct load_info *info)
{
	const struct elf_view *v = &info->elf;
	uint32_t usable = usable_providers(info);
	int first_err = 0;

	for (unsigned i = 1; i < v->nsyms; i++) {
		const Elf64_Sym *s = &v->syms[i];
		const char *name = v->strtab + s->st_name;
		struct ksym_entry *e;
		void *p;
		int err;

		if (s->st_shndx != SHN_UNDEF)
			continue;
		if (!lkm_strcmp(name, "__this_module")) {
			info->sym[i].flags |= SYM_THIS_MODULE;
			continue;
		}
		info->sym[i].flags |= SYM_EXTERNAL;
		if (!lkm_strcmp(name, "_GLOBAL_OFFSET_TABLE_")) {
			info->sym[i].flags |= SYM_GOT_BASE;
			continue;
		}
		e = *name ? ksym_find(info->k, name) : NULL;
		if (e) {
			err = use_export(info, name, e);
			if (err && !first_err)
				first_err = err;
			info->sym[i].value = e->value;
			continue;
		}
		p = *name ? from_providers(info, usable, name) : NULL;
		if (p) {
			info->sym[i].value = (uintptr_t)p;
			continue;
		}
		if (ELF64_ST_BIND(s->st_info) == STB_WEAK)
			continue; /* a weak undefined symbol is 0 */
		lkm_err(info->k, "%s: Unknown symbol %s (err %d)", info->who,
			*name ? name : "(unnamed)", -LKM_ENOENT);
		if (!first_err)
			first_err = -LKM_ENOENT;
	}
	return first_err ? first_err : inherit_taint(info);
}

void resolve_defined(struct load_info *info)
{
	const struct elf_view *v = &info->elf;
	struct lkm_module *m = info->mod;
	uint64_t got = (uintptr_t)m->rgn_exec[RGN_RODATA] + info->got_off;

	for (unsigned i = 1; i < v->nsyms; i++) {
		const Elf64_Sym *s = &v->syms[i];

		if (info->sym[i].flags & SYM_GOT_BASE)
			info->sym[i].value = got;
		else if (info->sym[i].flags & SYM_THIS_MODULE)
			info->sym[i].value = (uintptr_t)m->handle;
		else if (info->sym[i].flags & SYM_COMMON)
			info->sym[i].value += (uintptr_t)m->rgn_exec[RGN_DATA];
		else if (s->st_shndx == SHN_ABS)
			info->sym[i].value = s->st_value;
		else if (s->st_shndx != SHN_UNDEF &&
			 info->place[s->st_shndx].region != SEC_NOT_LOADED)
			/* (relocs_check refused relocations against the rest) */
			info->sym[i].value = layout_section_addr(info, s->st_shndx) +
					  s->st_value;
	}
}

/* ---- the module's symbols, for /proc/kallsyms ---------------------------- */

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

/* Named functions and objects in kept sections: what kallsyms lists. */
static bool kallsym_wanted(const struct load_info *info, const Elf64_Sym *s)
{
	unsigned type = ELF64_ST_TYPE(s->st_info), r;

	if (!s->st_name || !info->elf.strtab[s->st_name] ||
	    (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE) ||
	    s->st_shndx == SHN_UNDEF || s->st_shndx >= SHN_LORESERVE)
		return false;
	r = info->place[s->st_shndx].region;
	return r == RGN_TEXT || r == RGN_RODATA || r == RGN_DATA;
}

int kallsyms_collect(struct load_info *info)
{
	const struct elf_view *v = &info->elf;
	struct lkm_module *m = info->mod;
	size_t n = 0, bytes = 0, off = 0;

	for (unsigned i = 1; i < v->nsyms; i++) {
		if (!kallsym_wanted(info, &v->syms[i]))
			continue;
		n++;
		bytes += lkm_strlen(v->strtab + v->syms[i].st_name) + 1;
	}
	if (!n || bytes > UINT32_MAX)
		return 0;
	m->syms = lkm_heap_alloc(info->k, n * sizeof(*m->syms));
	m->nsyms = m->syms ? n : 0;
	m->symnames = lkm_heap_alloc(info->k, bytes);
	m->symnames_size = m->symnames ? bytes : 0;
	if (!m->syms || !m->symnames) {
		kallsyms_free(m);
		return -LKM_ENOMEM;
	}
	n = 0;
	for (unsigned i = 1; i < v->nsyms; i++) {
		const Elf64_Sym *s = &v->syms[i];
		size_t len;

		if (!kallsym_wanted(info, s))
			continue;
		len = lkm_strlen(v->strtab + s->st_name) + 1;
		lkm_memcpy(m->symnames + off, v->strtab + s->st_name, len);
		m->syms[n++] = (struct kallsym){ info->sym[i].value,
						 (uint32_t)off,
						 kallsym_type(info, s) };
		off += len;
	}
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
