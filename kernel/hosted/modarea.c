// SPDX-License-Identifier: MIT
/*
 * modarea.c - the hosted module area (see modarea.h).
 *
 * The memfd is what makes packing safe: text is written through the alias,
 * whose pages are writable only while some load has a window open on them
 * (counted per page, so windows of concurrent loads may overlap), and the
 * module view of the same pages never becomes writable.  Changing the
 * alias costs one mprotect per run of pages that change state.  Freed pages
 * are punched out of the memfd, so the area is only address space until
 * used.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "modarea.h"

static int prot_of_kind(unsigned kind)
{
	static const int prot[LKM_MEM_KIND_COUNT] = {
		[LKM_MEM_TEXT] = PROT_READ | PROT_EXEC,
		[LKM_MEM_RODATA] = PROT_READ,
		[LKM_MEM_DATA] = PROT_READ | PROT_WRITE,
	};

	return prot[kind];
}

/* ---- pages (modmem hooks) -------------------------------------------------- */

static int area_reserve(void *ctx, uintptr_t lo, size_t size)
{
	struct modarea *a = ctx;
	void *p;

	a->fd = memfd_create("lkm-module-area", MFD_CLOEXEC);
	if (a->fd < 0)
		return -errno;
	if (ftruncate(a->fd, (off_t)size))
		goto fail;
	p = mmap((void *)lo, size, PROT_NONE,
		 MAP_SHARED | MAP_NORESERVE | MAP_FIXED_NOREPLACE, a->fd, 0);
	if (p == MAP_FAILED)
		goto fail;
	if (p != (void *)lo) {
		/* A kernel older than 4.17 took the address as a hint. */
		munmap(p, size);
		errno = EEXIST;
		goto fail;
	}
	a->alias = mmap(NULL, size, PROT_NONE, MAP_SHARED | MAP_NORESERVE,
			a->fd, 0);
	a->alias_refs = calloc(size / a->page_size, sizeof(*a->alias_refs));
	if (a->alias != MAP_FAILED && a->alias_refs != NULL)
		return 0;
	if (a->alias != MAP_FAILED)
		munmap(a->alias, size);
	munmap(p, size);
	free(a->alias_refs);
	errno = ENOMEM;
fail:
	close(a->fd);
	a->fd = -1;
	return -errno;
}

static void area_unreserve(void *ctx, uintptr_t lo, size_t size)
{
	struct modarea *a = ctx;

	munmap((void *)lo, size);
	munmap(a->alias, size);
	close(a->fd);
	free(a->alias_refs);
	a->fd = -1;
	a->alias = NULL;
	a->alias_refs = NULL;
}

static int area_commit(void *ctx, void *addr, size_t size)
{
	return mprotect(addr, size, PROT_READ | PROT_WRITE) ? -errno : 0;
}

/* Drop the pages' memory: punch a hole in the memfd. */
static void area_decommit(void *ctx, void *addr, size_t size)
{
	struct modarea *a = ctx;

	mprotect(addr, size, PROT_NONE);
	fallocate(a->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		  (off_t)((uintptr_t)addr - a->lo), (off_t)size);
}

static const struct modmem_hooks page_hooks = {
	.reserve = area_reserve,
	.unreserve = area_unreserve,
	.commit = area_commit,
	.decommit = area_decommit,
};

/* ---- the pool's hooks ------------------------------------------------------- */

static int pool_set_kind(void *ctx, void *addr, size_t size, unsigned kind)
{
	return mprotect(addr, size, prot_of_kind(kind)) ? -errno : 0;
}

/*
 * Pages [first, last] of the alias gain (+1) or lose (-1) a window; a page
 * becomes writable with its first window and inaccessible with its last,
 * one mprotect for each run of pages that change.
 */
static int alias_adjust(struct modarea *a, size_t first, size_t last,
			int delta)
{
	size_t run = 0, start = 0;
	int prot = delta > 0 ? PROT_READ | PROT_WRITE : PROT_NONE;

	for (size_t i = first; i <= last + 1; i++) {
		bool edge = i <= last && (delta > 0 ? a->alias_refs[i] == 0
						    : a->alias_refs[i] == 1);

		if (edge) {
			if (!run++)
				start = i;
			continue;
		}
		if (run && mprotect(a->alias + start * a->page_size,
				    run * a->page_size, prot))
			return -errno;
		run = 0;
	}
	for (size_t i = first; i <= last; i++)
		a->alias_refs[i] = (uint16_t)(a->alias_refs[i] + delta);
	return 0;
}

static void *pool_alias_open(void *ctx, void *addr, size_t size)
{
	struct modarea *a = ctx;
	size_t off = (uintptr_t)addr - a->lo;

	if (alias_adjust(a, off / a->page_size,
			 (off + size - 1) / a->page_size, +1))
		return NULL;
	return a->alias + off;
}

static void pool_alias_close(void *ctx, void *addr, size_t size)
{
	struct modarea *a = ctx;
	size_t off = (uintptr_t)addr - a->lo;

	alias_adjust(a, off / a->page_size, (off + size - 1) / a->page_size,
		     -1);
}

static int pool_hide(void *ctx, void *addr, size_t size)
{
	return mprotect(addr, size, PROT_NONE) ? -errno : 0;
}

static const struct modpool_hooks pool_hooks = {
	.set_kind = pool_set_kind,
	.hide = pool_hide,
	.alias_open = pool_alias_open,
	.alias_close = pool_alias_close,
};

/* ---- the area ---------------------------------------------------------------- */

int modarea_init(struct modarea *a, uintptr_t lo, uintptr_t hi,
		 size_t page_size, bool packed)
{
	int err;

	*a = (struct modarea){ .packed = packed, .fd = -1, .lo = lo, .hi = hi,
			       .page_size = page_size };
	pthread_mutex_init(&a->lock, NULL);
	err = modmem_init(&a->pages, lo, hi, page_size, &page_hooks, a);
	if (!err)
		err = modpool_init(&a->pool, &a->pages, &pool_hooks, a);
	return err;
}

int modarea_exit(struct modarea *a)
{
	int err;

	pthread_mutex_lock(&a->lock);
	modpool_flush(&a->pool);
	err = a->pool.nchunks ? -EBUSY : modmem_exit(&a->pages);
	if (!err)
		modpool_exit(&a->pool);
	pthread_mutex_unlock(&a->lock);
	return err;
}

void modarea_fill_ops(struct modarea *a, struct lkm_ops *ops)
{
	ops->area_lo = a->lo;
	ops->area_hi = a->hi;
	ops->page_size = a->page_size;
	ops->mem_alloc = modarea_mem_alloc;
	ops->mem_protect = modarea_mem_protect;
	ops->mem_free = modarea_mem_free;
	if (a->packed) {
		ops->region_alloc = modarea_region_alloc;
		ops->region_seal = modarea_region_seal;
		ops->region_free = modarea_region_free;
	} else {
		ops->region_alloc = NULL;
		ops->region_seal = NULL;
		ops->region_free = NULL;
	}
}

void modarea_get_stats(struct modarea *a, struct modmem_stats *pages,
		       struct modpool_stats *pool)
{
	pthread_mutex_lock(&a->lock);
	modmem_get_stats(&a->pages, pages);
	modpool_get_stats(&a->pool, pool);
	pthread_mutex_unlock(&a->lock);
}

/* ---- struct lkm_ops hooks ------------------------------------------------------ */

void *modarea_mem_alloc(void *area, size_t size)
{
	struct modarea *a = area;
	void *p;

	pthread_mutex_lock(&a->lock);
	p = modmem_alloc(&a->pages, size);
	pthread_mutex_unlock(&a->lock);
	return p;
}

int modarea_mem_protect(void *area, void *addr, size_t size, unsigned prot)
{
	struct modarea *a = area;
	uintptr_t p = (uintptr_t)addr;
	int host = PROT_NONE;

	if ((prot & LKM_PROT_WRITE) && (prot & LKM_PROT_EXEC))
		return -EINVAL; /* W^X */
	if (p < a->lo || p > a->hi || size > a->hi - p)
		return -EINVAL;
	if (prot & LKM_PROT_READ)
		host |= PROT_READ;
	if (prot & LKM_PROT_WRITE)
		host |= PROT_WRITE;
	if (prot & LKM_PROT_EXEC)
		host |= PROT_EXEC;
	return mprotect(addr, size, host) ? -errno : 0;
}

void modarea_mem_free(void *area, void *addr, size_t size)
{
	struct modarea *a = area;

	pthread_mutex_lock(&a->lock);
	modmem_free(&a->pages, addr, size);
	pthread_mutex_unlock(&a->lock);
}

int modarea_region_alloc(void *area, enum lkm_mem_kind kind, size_t size,
			 size_t align, void **exec, void **write)
{
	struct modarea *a = area;
	int err;

	pthread_mutex_lock(&a->lock);
	err = modpool_alloc(&a->pool, kind, size, align, exec, write);
	pthread_mutex_unlock(&a->lock);
	return err;
}

int modarea_region_seal(void *area, enum lkm_mem_kind kind, void *exec,
			size_t size)
{
	struct modarea *a = area;
	int err;

	pthread_mutex_lock(&a->lock);
	err = modpool_seal(&a->pool, kind, exec, size);
	pthread_mutex_unlock(&a->lock);
	return err;
}

void modarea_region_free(void *area, enum lkm_mem_kind kind, void *exec,
			 size_t size)
{
	struct modarea *a = area;

	pthread_mutex_lock(&a->lock);
	modpool_free(&a->pool, kind, exec, size);
	pthread_mutex_unlock(&a->lock);
}
