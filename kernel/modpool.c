// SPDX-License-Identifier: MIT
/*
 * modpool.c - packed module memory: regions share pages, one kind a page.
 *
 * Linux gives every module whole pages for each region, so a module with
 * 300 bytes of code costs 12 KiB: the "fragmentation penalty" of modular
 * kernels.  Here regions of several modules share pages, and W^X still
 * holds because a page only ever holds one kind of region: text (r-x),
 * rodata (r--) or data (rw-).  Pages come from the page allocator
 * (modmem.c) in chunks and get their kind's final permissions at once.
 * Text and rodata in shared pages are written only through a window the
 * port opens for the duration of a load (modpool_alloc .. modpool_seal):
 * text is copied in when sealed, rodata written through an alias; data
 * pages are writable where they are.  A region of a page or more gets a
 * chunk of its own: packing saves nothing there.  Such a chunk is written
 * where it runs, read-write and never executable until sealed, as Linux
 * does -- except text below POOL_STAGE_MAX, which is copied in like shared
 * text, because changing its pages' permissions twice a load costs more
 * than copying them.  A chunk whose last region goes is given back whole
 * -- or, up to POOL_CACHE_BYTES (4 MiB), kept as it is for the next load
 * that needs a chunk of its size, which spares that load the page faults
 * and system calls of fresh pages (the way Linux keeps a cache of module
 * text pages).  No stale code stays executable: freed text that was
 * copied in is overwritten with int3, a chunk written in place is made
 * read-write again when its region is freed.
 *
 * The pool is port-independent and takes no lock: the port serialises calls.
 * Its bookkeeping comes from the kernel heap.
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>

#include "internal.h"

#define POOL_GRAIN 8 /* sizes are rounded to this, alignment at least it */
#define POOL_CACHE_BYTES (4u << 20) /* empty chunks kept for reuse */
/*
 * Text below this is copied in through the port's window (no page changes
 * permissions); larger text, like any other region of a page or more, is
 * written where it runs and then sealed.  Changing a page's permissions
 * costs a TLB invalidation, more than copying the page, up to the range
 * where the kernel flushes the whole TLB instead (33 pages on x86-64).
 */
#define POOL_STAGE_MAX (128u << 10)

static uintptr_t round_up(uintptr_t v, uintptr_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Make room for one more element in a growable array. */
static int grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	void *p;
	size_t ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	p = realloc(*arr, ncap * elem);
	if (p == NULL)
		return -LKM_ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

int modpool_init(struct modpool *pool, struct modmem *pages,
		 const struct modpool_hooks *hooks, void *ctx)
{
	*pool = (struct modpool){ .pages = pages, .hooks = hooks, .ctx = ctx,
				  .page_size = pages->page_size };
	return 0;
}

/* Give chunk @i back to the page allocator. */
static void chunk_release(struct modpool *pool, size_t i)
{
	struct modpool_chunk *c = &pool->chunks[i];

	if (c->cached)
		pool->cached_bytes -= c->size;
	modmem_free(pool->pages, (void *)c->start, c->size);
	free(c->free);
	pool->chunks[i] = pool->chunks[--pool->nchunks];
}

void modpool_flush(struct modpool *pool)
{
	for (size_t i = pool->nchunks; i-- > 0;)
		if (pool->chunks[i].cached)
			chunk_release(pool, i);
}

void modpool_exit(struct modpool *pool)
{
	for (size_t i = 0; i < pool->nchunks; i++)
		free(pool->chunks[i].free);
	free(pool->chunks);
	free(pool->windows);
	*pool = (struct modpool){ 0 };
}

/* Carve [a, a + size) out of free range @r of chunk @c. */
static int range_take(struct modpool_chunk *c, size_t r, uintptr_t a,
		      size_t size)
{
	struct modpool_range *f = &c->free[r];
	uintptr_t end = f->start + f->len, tail = a + size;

	if (a > f->start && tail < end) { /* split in two */
		if (grow((void **)&c->free, &c->capfree, c->nfree,
			 sizeof(*c->free)))
			return -LKM_ENOMEM;
		f = &c->free[r];
		memmove(&c->free[r + 2], &c->free[r + 1],
			(c->nfree - r - 1) * sizeof(*c->free));
		c->nfree++;
		c->free[r + 1] = (struct modpool_range){ tail, end - tail };
		f->len = a - f->start;
	} else if (a > f->start) {
		f->len = a - f->start;
	} else if (tail < end) {
		f->start = tail;
		f->len = end - tail;
	} else {
		memmove(&c->free[r], &c->free[r + 1],
			(c->nfree - r - 1) * sizeof(*c->free));
		c->nfree--;
	}
	c->used += size;
	return 0;
}

/* First fit in the shared chunks of @kind; 0 and *addr set, or -ENOSPC. */
static int fit(struct modpool *pool, unsigned kind, size_t size,
	       size_t align, uintptr_t *addr)
{
	for (size_t i = 0; i < pool->nchunks; i++) {
		struct modpool_chunk *c = &pool->chunks[i];

		if (c->kind != kind || c->whole || c->cached)
			continue;
		for (size_t r = 0; r < c->nfree; r++) {
			uintptr_t a = round_up(c->free[r].start, align);

			if (a + size > c->free[r].start + c->free[r].len)
				continue;
			if (range_take(c, r, a, size))
				return -LKM_ENOMEM;
			*addr = a;
			return 0;
		}
	}
	return -LKM_ENOSPC;
}

/* Is a region of @kind, @bytes long, written where it runs? */
static bool is_in_place(const struct modpool *pool, unsigned kind,
			size_t bytes)
{
	return bytes >= pool->page_size &&
	       (kind == LKM_MEM_DATA || bytes >= POOL_STAGE_MAX);
}

/*
 * The permissions (as a kind) a chunk has while it waits for regions: its
 * kind's, or, written in place, read-write (never executable) until its
 * region is sealed -- as a fresh chunk is.
 */
static unsigned ready_prot(unsigned kind, bool in_place)
{
	return in_place ? LKM_MEM_DATA : kind;
}

/* A cached chunk of exactly @bytes, made ready for @kind; or NULL. */
static struct modpool_chunk *chunk_revive(struct modpool *pool, unsigned kind,
					  size_t bytes, bool whole,
					  bool in_place)
{
	unsigned prot = ready_prot(kind, in_place);

	for (size_t i = 0; i < pool->nchunks; i++) {
		struct modpool_chunk *c = &pool->chunks[i];

		if (!c->cached || c->size != bytes)
			continue;
		/*
		 * Pages that held data or rodata become code only as traps,
		 * so nothing a module wrote there is ever executable.
		 */
		if (c->prot != prot &&
		    ((prot == LKM_MEM_TEXT &&
		      pool->hooks->poison(pool->ctx, (void *)c->start,
					  bytes)) ||
		     pool->hooks->set_kind(pool->ctx, (void *)c->start, bytes,
					   prot)))
			continue;
		c->cached = false;
		c->kind = kind;
		c->whole = whole;
		c->in_place = in_place;
		c->prot = prot;
		pool->cached_bytes -= bytes;
		return c;
	}
	return NULL;
}

/*
 * A chunk of @kind big enough for @size bytes (@whole: for one region),
 * from the cache or fresh; *out points at it.
 */
static int chunk_add(struct modpool *pool, unsigned kind, size_t size,
		     bool whole, struct modpool_chunk **out)
{
	size_t bytes = round_up(size, pool->page_size);
	bool in_place = whole && is_in_place(pool, kind, size);
	unsigned prot = ready_prot(kind, in_place);
	struct modpool_chunk *c;
	void *p;
	int err;

	c = chunk_revive(pool, kind, bytes, whole, in_place);
	if (c) {
		*out = c;
		return 0;
	}
	if (grow((void **)&pool->chunks, &pool->capchunks, pool->nchunks,
		 sizeof(*pool->chunks)))
		return -LKM_ENOMEM;
	p = modmem_alloc(pool->pages, bytes);
	if (p == NULL && pool->cached_bytes) {
		modpool_flush(pool); /* the cache must never cost a load */
		p = modmem_alloc(pool->pages, bytes);
	}
	if (p == NULL)
		return -LKM_ENOMEM;
	/* fresh pages are read-write */
	err = prot == LKM_MEM_DATA ? 0
				   : pool->hooks->set_kind(pool->ctx, p, bytes,
							   prot);
	if (!err) {
		c = &pool->chunks[pool->nchunks];
		*c = (struct modpool_chunk){ .start = (uintptr_t)p,
					     .size = bytes, .kind = kind,
					     .whole = whole,
					     .in_place = in_place,
					     .prot = prot };
		err = grow((void **)&c->free, &c->capfree, 0, sizeof(*c->free));
	}
	if (err) {
		modmem_free(pool->pages, p, bytes);
		return err;
	}
	c->free[0] = (struct modpool_range){ (uintptr_t)p, bytes };
	c->nfree = 1;
	pool->nchunks++;
	*out = c;
	return 0;
}

static struct modpool_chunk *chunk_of(struct modpool *pool, uintptr_t a,
				      size_t *index)
{
	for (size_t i = 0; i < pool->nchunks; i++) {
		struct modpool_chunk *c = &pool->chunks[i];

		if (a >= c->start && a - c->start < c->size) {
			if (index)
				*index = i;
			return c;
		}
	}
	return NULL;
}

static int window_open(struct modpool *pool, unsigned kind, uintptr_t a,
		       size_t size, void **write)
{
	void *w;

	if (grow((void **)&pool->windows, &pool->capwindows, pool->nwindows,
		 sizeof(*pool->windows)))
		return -LKM_ENOMEM;
	if (kind == LKM_MEM_DATA) { /* writable where it is */
		*write = (void *)a;
		return 0;
	}
	w = pool->hooks->window_open(pool->ctx, (void *)a, size, kind);
	if (w == NULL)
		return -LKM_ENOMEM;
	pool->windows[pool->nwindows++] =
		(struct modpool_window){ a, size, kind, w };
	*write = w;
	return 0;
}

/*
 * Close the write window of [a, a + size) if one is open, making what was
 * written the region's bytes (@commit) or dropping it.
 */
static int window_close(struct modpool *pool, uintptr_t a, bool commit)
{
	for (size_t i = 0; i < pool->nwindows; i++) {
		struct modpool_window w = pool->windows[i];

		if (w.start != a)
			continue;
		pool->windows[i] = pool->windows[--pool->nwindows];
		return pool->hooks->window_close(pool->ctx, (void *)a, w.len,
						 w.kind, w.write, commit);
	}
	return 0;
}

static void range_give_back(struct modpool *pool, struct modpool_chunk *c,
			    uintptr_t a, size_t size, bool keep);

int modpool_alloc(struct modpool *pool, unsigned kind, size_t size,
		  size_t align, void **exec, void **write)
{
	struct modpool_chunk *c;
	uintptr_t a = 0;
	int err;

	if (size == 0 || kind >= LKM_MEM_KIND_COUNT || align > pool->page_size)
		return -LKM_EINVAL;
	size = round_up(size, POOL_GRAIN);
	align = align < POOL_GRAIN ? POOL_GRAIN : align;
	if (size >= pool->page_size) {
		err = chunk_add(pool, kind, size, true, &c);
		if (!err) {
			a = c->start;
			err = range_take(c, 0, a, size);
		}
	} else {
		err = fit(pool, kind, size, align, &a);
		if (err == -LKM_ENOSPC) {
			err = chunk_add(pool, kind, size, false, &c);
			if (!err)
				err = fit(pool, kind, size, align, &a);
		}
	}
	if (err)
		return err;
	c = chunk_of(pool, a, NULL);
	if (c->in_place) /* pages of its own: as on Linux */
		*write = (void *)a;
	else
		err = window_open(pool, kind, a, size, write);
	if (err) {
		range_give_back(pool, c, a, size, true);
		return err;
	}
	*exec = (void *)a;
	pool->regions++;
	pool->region_bytes += size;
	return 0;
}

int modpool_seal(struct modpool *pool, unsigned kind, void *exec, size_t size)
{
	struct modpool_chunk *c = chunk_of(pool, (uintptr_t)exec, NULL);
	int err;

	if (c == NULL || !c->in_place)
		return window_close(pool, (uintptr_t)exec, true);
	if (c->prot == kind)
		return 0;
	err = pool->hooks->set_kind(pool->ctx, (void *)c->start, c->size,
				    kind);
	if (!err)
		c->prot = kind;
	return err;
}

/* Is there room in the cache for empty chunk @c? */
static bool chunk_cacheable(const struct modpool *pool,
			    const struct modpool_chunk *c)
{
	return pool->cached_bytes + c->size <= POOL_CACHE_BYTES;
}

/*
 * Return [a, a + size) to chunk @c, merging; a chunk left empty is cached
 * if @keep and there is room, else given back.
 */
static void range_give_back(struct modpool *pool, struct modpool_chunk *c,
			    uintptr_t a, size_t size, bool keep)
{
	size_t r, ci;

	for (r = 0; r < c->nfree && c->free[r].start < a; r++)
		;
	if (r > 0 && c->free[r - 1].start + c->free[r - 1].len == a) {
		c->free[r - 1].len += size;
		if (r < c->nfree && a + size == c->free[r].start) {
			c->free[r - 1].len += c->free[r].len;
			memmove(&c->free[r], &c->free[r + 1],
				(c->nfree - r - 1) * sizeof(*c->free));
			c->nfree--;
		}
	} else if (r < c->nfree && a + size == c->free[r].start) {
		c->free[r].start = a;
		c->free[r].len += size;
	} else if (grow((void **)&c->free, &c->capfree, c->nfree,
			sizeof(*c->free)) == 0) {
		memmove(&c->free[r + 1], &c->free[r],
			(c->nfree - r) * sizeof(*c->free));
		c->free[r] = (struct modpool_range){ a, size };
		c->nfree++;
	} /* else: out of memory for bookkeeping; the bytes stay unused */
	c->used -= size;
	if (c->used || chunk_of(pool, c->start, &ci) != c)
		return;
	if (keep && c->nfree == 1 && chunk_cacheable(pool, c)) {
		c->cached = true; /* whole, ready for reuse as it is */
		pool->cached_bytes += c->size;
		return;
	}
	chunk_release(pool, ci);
}

void modpool_free(struct modpool *pool, unsigned kind, void *exec,
		  size_t size)
{
	uintptr_t a = (uintptr_t)exec;
	struct modpool_chunk *c = chunk_of(pool, a, NULL);
	bool keep = true;

	size = round_up(size, POOL_GRAIN);
	if (c == NULL || c->kind != kind || a + size > c->start + c->size)
		return;
	window_close(pool, a, false);
	/*
	 * No stale code stays executable in pages that live on, in use or
	 * cached: freed text copied in is overwritten with traps, a chunk
	 * written in place is cached read-write (as it will be written
	 * next); a chunk given back has its pages dropped instead.  (Data
	 * and rodata need no scrubbing: a new region is zeroed by the
	 * loader.)
	 */
	if (c->in_place && c->prot != LKM_MEM_DATA &&
	    chunk_cacheable(pool, c)) {
		keep = pool->hooks->set_kind(pool->ctx, (void *)c->start,
					     c->size, LKM_MEM_DATA) == 0;
		if (keep)
			c->prot = LKM_MEM_DATA;
	} else if (!c->in_place && kind == LKM_MEM_TEXT &&
		   (c->used > size || chunk_cacheable(pool, c))) {
		/* not overwritten: an emptied chunk is given back, not kept */
		keep = pool->hooks->poison(pool->ctx, exec, size) == 0;
	}
	pool->regions--;
	pool->region_bytes -= size;
	range_give_back(pool, c, a, size, keep);
}

bool modpool_owns(const struct modpool *pool, uintptr_t a, size_t size,
		  unsigned kind)
{
	for (size_t i = 0; i < pool->nchunks; i++) {
		const struct modpool_chunk *c = &pool->chunks[i];

		if (a < c->start || a - c->start >= c->size)
			continue;
		if (c->kind != kind || size > c->start + c->size - a)
			return false;
		for (size_t r = 0; r < c->nfree; r++)
			if (a < c->free[r].start + c->free[r].len &&
			    c->free[r].start < a + size)
				return false;
		return true;
	}
	return false;
}

void modpool_get_stats(const struct modpool *pool, struct modpool_stats *out)
{
	*out = (struct modpool_stats){ .chunks = pool->nchunks,
				       .regions = pool->regions,
				       .region_bytes = pool->region_bytes,
				       .cached_bytes = pool->cached_bytes };
	for (size_t i = 0; i < pool->nchunks; i++) {
		const struct modpool_chunk *c = &pool->chunks[i];

		if (c->cached)
			continue;
		out->chunk_bytes[c->kind] += c->size;
		for (size_t r = 0; r < c->nfree; r++) {
			out->slack_bytes += c->free[r].len;
			if (c->free[r].len > out->largest_slack)
				out->largest_slack = c->free[r].len;
		}
	}
}
