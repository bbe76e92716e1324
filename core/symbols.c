// SPDX-License-Identifier: MIT
/*
 * symbols.c - the exported-symbol table and symbol resolution for a load.
 *
 * Exports of the base kernel and of every listed module live in one
 * open-addressed table (linear probing, at most 7/8 full, grown and shrunk
 * by doubling with the count), so a lookup costs the same with 100 exports
 * or 100,000.  Lookups by random name are bound by cache misses, so a slot
 * is split three ways: a 4-byte tag (24 bits of hash and the name's length)
 * probed first, 16 to a line; the name and value a hit needs, in a 16-byte
 * slot at the same index (so its load need not wait for the tag's); and the
 * ksym_entry, only for the callers that want it.  A hit thus reads one line
 * of tags and one slot besides the names compared.
 *
 * A module's undefined symbols are each resolved exactly once, in this
 * order: exported symbols (respecting GPL-only and namespaces), then
 * providers of namespaces the module imports, then weak undefined symbols
 * become 0.  Anything else is an unknown symbol, and all of them are named
 * before the load fails.
 */
#include "internal.h"

#define KSYM_MIN_SLOTS 256
#define TAG_LEN_MAX 0xffu /* the tag's length field: this or longer */

static uint64_t load64(const char *p)
{
	uint64_t w;

	__builtin_memcpy(&w, p, 8);
	return w;
}

/*
 * One step of a hash lane.  A multiply only carries bits upwards, so
 * name_tag() folds the high bits down before its last multiply.
 */
static uint64_t mix(uint64_t h, uint64_t w)
{
	return (h ^ w) * 0x9e3779b97f4a7c15ull;
}

/* Up to 7 bytes as a word, little-end first. */
static uint64_t load_short(const char *s, size_t len)
{
	uint64_t w = 0;

	for (size_t i = 0; i < len; i++)
		w |= (uint64_t)(uint8_t)s[i] << (8 * i);
	return w;
}

typedef uint64_t __attribute__((may_alias)) word_alias;
typedef uint64_t __attribute__((may_alias, aligned(1))) uword_alias;

/* 0x80 in each zero byte of @w and nothing else (exact, unlike the usual). */
static uint64_t zero_bytes(uint64_t w)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7full;

	return ~(((w & low7) + low7) | w | low7);
}

/*
 * 8 bytes of a name from @p, which the name reaches, when they cross into a
 * page the name may not reach: the bytes of @p's page first (the rest made
 * non-zero), and only if none is the NUL is reading on safe.
 */
__attribute__((no_sanitize_address, noinline)) static uint64_t
name_word_cross(const char *p)
{
	const bool le = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
	unsigned skew = (uintptr_t)p & 7;
	uint64_t w = *(const word_alias *)(uintptr_t)(p - skew);

	w = le ? w >> (8 * skew) | ~(~0ull >> (8 * skew)) :
		 w << (8 * skew) | ((1ull << (8 * skew)) - 1);
	return zero_bytes(w) ? w : *(const uword_alias *)(uintptr_t)p;
}

/* The bytes of @w before its first zero byte (flagged in @z), or all of @w. */
static uint64_t before_nul(uint64_t w, uint64_t z)
{
	const bool le = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

	if (le)
		return w & (((z & -z) >> 7) - 1);
	return z ? w & ~(~0ull >> __builtin_clzll(z)) : w;
}

/*
 * The tag of NUL-terminated @s and its length in @len, in one pass: 24 bits
 * of hash and the length.  Reads 16 bytes a step into two independent hash
 * chains, ending on the word with the NUL (its later bytes masked off).
 * Reads past the NUL stay in a page the name reaches, as the sanitizer
 * cannot know, hence the exemption.  Equal tags therefore mean equal
 * lengths (below TAG_LEN_MAX), which lets name_equal() compare words.
 * Never 0, the mark of an empty slot.
 */
__attribute__((no_sanitize_address)) static uint32_t
name_tag(const char *s, size_t *len)
{
	const bool le = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
	uint64_t h = 0x6a09e667f3bcc909ull, g = 0xbb67ae8584caa73bull;
	uint64_t w0, w1, z0, z1;
	const char *p = s;
	uint32_t tag;
	size_t n;

	for (;; p += 16) {
		if (__builtin_expect(((uintptr_t)p & 4095) <= 4096 - 16, 1)) {
			w0 = *(const uword_alias *)(uintptr_t)p;
			w1 = *(const uword_alias *)(uintptr_t)(p + 8);
		} else {
			w0 = name_word_cross(p);
			w1 = zero_bytes(w0) ? 0 : name_word_cross(p + 8);
		}
		z0 = zero_bytes(w0);
		z1 = zero_bytes(w1);
		if (z0 | z1)
			break;
		h = mix(h, w0);
		g = mix(g, w1);
	}
	/* branch-free: the NUL's word is as unpredictable as the length */
	h = mix(h, before_nul(w0, z0));
	g = mix(g, z0 ? 0 : before_nul(w1, z1));
	if (le)
		n = z0 ? (size_t)__builtin_ctzll(z0) / 8 :
			 8 + (size_t)__builtin_ctzll(z1) / 8;
	else
		n = z0 ? (size_t)__builtin_clzll(z0) / 8 :
			 8 + (size_t)__builtin_clzll(z1) / 8;
	n += (size_t)(p - s);
	*len = n;
	h ^= g ^ (g >> 32) ^ (h >> 29) ^ n;
	h *= 0xc2b2ae3d27d4eb4full;
	tag = (uint32_t)(h >> 40) << 8 | (n < TAG_LEN_MAX ? n : TAG_LEN_MAX);
	return tag ? tag : 1u << 8;
}

/* Two names with the same tag, @len bytes long (if below TAG_LEN_MAX). */
static inline __attribute__((always_inline)) bool
name_equal(const char *a, const char *b, size_t len)
{
	size_t i;

	if (len >= TAG_LEN_MAX)
		return !lkm_strcmp(a, b);
	if (len < 8)
		return load_short(a, len) == load_short(b, len);
	if (len <= 16)
		return !((load64(a) ^ load64(b)) |
			 (load64(a + len - 8) ^ load64(b + len - 8)));
	for (i = 0; i + 16 < len; i += 16)
		if ((load64(a + i) ^ load64(b + i)) |
		    (load64(a + i + 8) ^ load64(b + i + 8)))
			return false;
	return !((load64(a + len - 16) ^ load64(b + len - 16)) |
		 (load64(a + len - 8) ^ load64(b + len - 8)));
}

static size_t home_slot(uint32_t tag, size_t size)
{
	return (tag >> 8) & (size - 1);
}

/* Put @tag, @e in the first empty slot from its home: @e is not there yet. */
static void place(struct lkm_kernel *k, uint32_t tag, struct ksym_entry *e)
{
	size_t mask = k->ksym_size - 1, i = home_slot(tag, k->ksym_size);

	while (k->ksym_tags[i])
		i = (i + 1) & mask;
	k->ksym_tags[i] = tag;
	k->ksym_slots[i] = (struct ksym_slot){ e->name, e->value };
	k->ksym_entries[i] = e;
}

/*
 * Point the table at @block of @n slots (or at nothing).  Relaxed atomic
 * stores, as lkm_symbol_find() reads these outside the lock for a prefetch.
 */
static void set_table(struct lkm_kernel *k, char *block, size_t n)
{
	struct ksym_slot *slots = (struct ksym_slot *)(void *)block;
	/* (no arithmetic on a null block: the table's pointers become NULL) */
	struct ksym_entry **entries =
		block ? (struct ksym_entry **)(void *)(slots + n) : NULL;

	__atomic_store_n(&k->ksym_slots, slots, __ATOMIC_RELAXED);
	k->ksym_entries = entries;
	__atomic_store_n(&k->ksym_tags,
			 block ? (uint32_t *)(void *)(entries + n) : NULL,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&k->ksym_size, n, __ATOMIC_RELAXED);
}

/*
 * Size the table for @want entries.  The size is a function of the count
 * alone (the smallest power of two, at least KSYM_MIN_SLOTS, that keeps the
 * table at most 7/8 full; a full line of tags is 16 probes, so a high load
 * costs little), so unloading returns exactly the memory that loading took.
 */
static int table_resize(struct lkm_kernel *k, size_t want)
{
	const size_t per_slot = sizeof(*k->ksym_slots) +
				sizeof(*k->ksym_entries) + sizeof(*k->ksym_tags);
	size_t n = KSYM_MIN_SLOTS, old_n = k->ksym_size;
	struct ksym_slot *old_slots = k->ksym_slots;
	struct ksym_entry **old_entries = k->ksym_entries;
	uint32_t *old_tags = k->ksym_tags;
	char *block;

	while (n / 8 * 7 < want)
		n *= 2;
	if (n == old_n)
		return 0;
	block = lkm_heap_alloc(k, n * per_slot);
	if (!block)
		return -LKM_ENOMEM;
	/* slots first: the heap aligns them, and 16 bytes never straddle a line */
	set_table(k, block, n);
	for (size_t i = 0; i < old_n; i++)
		if (old_tags[i])
			place(k, old_tags[i], old_entries[i]);
	lkm_heap_free(k, old_slots, old_n * per_slot);
	return 0;
}

/*
 * Bit j of the result: @t[j] == @tag; of *@empty: @t[j] is empty; j < 16.
 * Comparing a window at once leaves no branch on where in it a name lies,
 * which the displacement from home makes unpredictable.
 */
static inline __attribute__((always_inline)) unsigned
tag_window(const uint32_t *t, uint32_t tag, unsigned *empty)
{
#ifdef __SSE2__
	typedef int v4si __attribute__((vector_size(16)));
	const v4si want = { (int)tag, (int)tag, (int)tag, (int)tag }, zero = { 0 };
	v4si a, b, c, d;

	__builtin_memcpy(&a, t, 16);
	__builtin_memcpy(&b, t + 4, 16);
	__builtin_memcpy(&c, t + 8, 16);
	__builtin_memcpy(&d, t + 12, 16);
	*empty = (unsigned)__builtin_ia32_pmovmskb128(__builtin_ia32_packsswb128(
		__builtin_ia32_packssdw128(a == zero, b == zero),
		__builtin_ia32_packssdw128(c == zero, d == zero)));
	return (unsigned)__builtin_ia32_pmovmskb128(__builtin_ia32_packsswb128(
		__builtin_ia32_packssdw128(a == want, b == want),
		__builtin_ia32_packssdw128(c == want, d == want)));
#else
	unsigned hit = 0, e = 0;

	for (unsigned j = 0; j < 16; j++) {
		hit |= (unsigned)(t[j] == tag) << j;
		e |= (unsigned)!t[j] << j;
	}
	*empty = e;
	return hit;
#endif
}

/*
 * The slot holding @name (of @len bytes, tag @tag), or SIZE_MAX.  A caller
 * that wants the entry compares its name (@by_entry), one line fewer than
 * reading the slot as well; one that wants the value compares the slot's.
 */
static inline __attribute__((always_inline)) size_t
find_slot(const struct lkm_kernel *k, const char *name, size_t len,
	  uint32_t tag, bool by_entry)
{
	size_t mask = k->ksym_size - 1, i;

	if (!k->ksym_size)
		return SIZE_MAX;
	i = home_slot(tag, k->ksym_size);
	if (i + 16 <= k->ksym_size) {
		unsigned empty, hit = tag_window(&k->ksym_tags[i], tag, &empty);

		/* matches before the first empty slot, lowest first */
		for (hit &= (empty & -empty) - 1; hit; hit &= hit - 1) {
			size_t j = i + (size_t)__builtin_ctz(hit);

			if (name_equal(by_entry ? k->ksym_entries[j]->name :
						  k->ksym_slots[j].name,
				       name, len))
				return j;
		}
		if (empty)
			return SIZE_MAX;
		i += 16;
	}
	for (; k->ksym_tags[i]; i = (i + 1) & mask)
		if (k->ksym_tags[i] == tag &&
		    name_equal(by_entry ? k->ksym_entries[i]->name :
					  k->ksym_slots[i].name,
			       name, len))
			return i;
	return SIZE_MAX;
}

static inline __attribute__((always_inline)) size_t
find_name(const struct lkm_kernel *k, const char *name, bool by_entry)
{
	size_t len;
	uint32_t tag = name_tag(name, &len);

	return find_slot(k, name, len, tag, by_entry);
}

struct ksym_entry *ksym_find(struct lkm_kernel *k, const char *name)
{
	size_t i = find_name(k, name, true);

	return i == SIZE_MAX ? NULL : k->ksym_entries[i];
}

/*
 * Empty the slot of @e, then move back each later entry of the run that
 * the hole would hide from its home (no tombstones: the table stays as if
 * @e had never been inserted, as far as lookups can tell).
 */
static void unlink_entry(struct lkm_kernel *k, struct ksym_entry *e)
{
	size_t mask = k->ksym_size - 1, i = home_slot(e->tag, k->ksym_size);

	while (k->ksym_entries[i] != e) {
		if (!k->ksym_tags[i])
			return; /* not listed */
		i = (i + 1) & mask;
	}
	for (size_t j = (i + 1) & mask; k->ksym_tags[j]; j = (j + 1) & mask) {
		size_t h = home_slot(k->ksym_tags[j], k->ksym_size);

		/* movable unless its home lies cyclically in (i, j] */
		if (((j - h) & mask) < ((j - i) & mask))
			continue;
		k->ksym_tags[i] = k->ksym_tags[j];
		k->ksym_slots[i] = k->ksym_slots[j];
		k->ksym_entries[i] = k->ksym_entries[j];
		i = j;
	}
	k->ksym_tags[i] = 0;
	k->ksym_slots[i] = (struct ksym_slot){ NULL, 0 };
	k->ksym_entries[i] = NULL;
	k->nsymbols--;
}

int ksym_insert_batch(struct lkm_kernel *k, struct ksym_entry *e, size_t n,
		      const char *owner_name)
{
	int err = table_resize(k, k->nsymbols + n);

	if (err)
		return err;
	for (size_t i = 0; i < n; i++) {
		size_t len, old;

		e[i].tag = name_tag(e[i].name, &len);
		old = find_slot(k, e[i].name, len, e[i].tag, true);
		if (old != SIZE_MAX) {
			const struct ksym_entry *o = k->ksym_entries[old];

			lkm_err(k,
				"%s: exports duplicate symbol %s (already exported by %s)",
				owner_name, e[i].name,
				o->owner ? o->owner->name : "the kernel");
			ksym_remove_batch(k, e, i);
			return -LKM_EEXIST;
		}
		place(k, e[i].tag, &e[i]);
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
	lkm_heap_free(k, k->ksym_slots,
		      k->ksym_size * (sizeof(*k->ksym_slots) +
				      sizeof(*k->ksym_entries) +
				      sizeof(*k->ksym_tags)));
	set_table(k, NULL, 0);
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

/*
 * Start fetching the lines a lookup of @tag will read, before the lock is
 * taken: a prefetch never faults and is not ordered by the lock's atomic,
 * so the misses overlap taking it.  The table may be resized meanwhile (the
 * relaxed loads pair with set_table()); a stale address only wastes a hint.
 * The slot line of the next 3 slots too, as most hits lie that close.
 */
static inline __attribute__((always_inline)) void
prefetch_probe(const struct lkm_kernel *k, uint32_t tag)
{
	size_t size = __atomic_load_n(&k->ksym_size, __ATOMIC_RELAXED);
	const uint32_t *tags = __atomic_load_n(&k->ksym_tags, __ATOMIC_RELAXED);
	const struct ksym_slot *slots =
		__atomic_load_n(&k->ksym_slots, __ATOMIC_RELAXED);
	size_t i = home_slot(tag, size);

	if (!size)
		return;
	__builtin_prefetch(&tags[i]);
	__builtin_prefetch(&slots[i]);
	__builtin_prefetch(&slots[(i + 3) & (size - 1)]);
}

int lkm_symbol_find(struct lkm_kernel *k, const char *name, uintptr_t *value)
{
	/* the name alone, outside the lock */
	size_t len, i;
	uint32_t tag = name_tag(name, &len);

	prefetch_probe(k, tag);
	lkm_lock(k);
	i = find_slot(k, name, len, tag, false);
	if (i != SIZE_MAX)
		*value = k->ksym_slots[i].value; /* the entry stays untouched */
	lkm_unlock(k);
	return i != SIZE_MAX ? 0 : -LKM_ENOENT;
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
