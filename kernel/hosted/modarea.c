// SPDX-License-Identifier: MIT
/*
 * modarea.c - the hosted module area (see modarea.h).
 *
 * The memfd is what makes packing safe.  Text that shares pages with
 * running code is never written through a mapping at all: it is staged in
 * a private buffer and pwrite()n into the memfd when sealed (the module
 * view is a shared mapping of it, so it sees the bytes; x86 needs no
 * instruction-cache flush), and freed text is overwritten with int3 the
 * same way -- a system call and a copy instead of two permission changes,
 * each of which costs a TLB invalidation per page.  Rodata in shared pages
 * is staged and copied in the same way (the core reads a module's rodata
 * only once it is sealed), so the area has one view and no alias: a page
 * shared by several modules' text or rodata is never writable through any
 * mapping.  Packed, every block of pages is mapped on its own,
 * followed by an unmapped guard page, so a permission change never splits
 * or merges mappings.  Freed pages are punched out of the memfd, so the
 * area is only address space until used.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
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

/* Address space only: inaccessible, no memory, not the memfd. */
static void *va_reserve(void *at, size_t size, int fixed)
{
	return mmap(at, size, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | fixed, -1, 0);
}

static int area_reserve(void *ctx, uintptr_t lo, size_t size)
{
	struct modarea *a = ctx;
	void *p;

	a->fd = memfd_create("lkm-module-area", MFD_CLOEXEC);
	if (a->fd < 0)
		return -errno;
	if (ftruncate(a->fd, (off_t)size))
		goto fail;
	p = va_reserve((void *)lo, size, MAP_FIXED_NOREPLACE);
	if (p == MAP_FAILED)
		goto fail;
	if (p != (void *)lo) {
		/* A kernel older than 4.17 took the address as a hint. */
		munmap(p, size);
		errno = EEXIST;
		goto fail;
	}
	return 0;
fail:
	close(a->fd);
	a->fd = -1;
	return -errno;
}

static void area_unreserve(void *ctx, uintptr_t lo, size_t size)
{
	struct modarea *a = ctx;

	munmap((void *)lo, size);
	close(a->fd);
	a->fd = -1;
}

/*
 * Map the block's part of the memfd at its place, readable and writable.
 * With the guard page after it (packed) left as reserved address space,
 * each block is a mapping of its own, so changing a whole block's
 * permissions never splits or merges mappings (which costs more than the
 * change itself).
 */
static int area_commit(void *ctx, void *addr, size_t size)
{
	struct modarea *a = ctx;
	size_t off = (uintptr_t)addr - a->lo;

	if (mmap(addr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		 a->fd, (off_t)off) == MAP_FAILED)
		return -errno;
	return 0;
}

/* Unmap the block and drop its memory. */
static void area_decommit(void *ctx, void *addr, size_t size)
{
	struct modarea *a = ctx;
	size_t off = (uintptr_t)addr - a->lo;

	va_reserve(addr, size, MAP_FIXED);
	fallocate(a->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		  (off_t)off, (off_t)size);
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

/* A staging buffer of at least @size bytes: a kept one, or a new one. */
static void *stage_get(struct modarea *a, size_t size)
{
	size_t best = MODAREA_STAGE_KEEP;

	for (size_t i = 0; i < a->nstage; i++)
		if (a->stage[i].cap >= size &&
		    (best == MODAREA_STAGE_KEEP ||
		     a->stage[i].cap < a->stage[best].cap))
			best = i;
	if (best != MODAREA_STAGE_KEEP) {
		void *p = a->stage[best].p;

		a->stage[best] = a->stage[--a->nstage];
		return p;
	}
	return malloc(size);
}

/* Keep a staging buffer for the next load, or free it. */
static void stage_put(struct modarea *a, void *p, size_t cap)
{
	size_t small = 0;

	if (a->nstage < MODAREA_STAGE_KEEP) {
		a->stage[a->nstage++] = (struct modarea_stage){ p, cap };
		return;
	}
	for (size_t i = 1; i < a->nstage; i++)
		if (a->stage[i].cap < a->stage[small].cap)
			small = i;
	if (a->stage[small].cap < cap) {
		free(a->stage[small].p);
		a->stage[small] = (struct modarea_stage){ p, cap };
	} else {
		free(p);
	}
}

/* pwrite() all of @len bytes at @off of the memfd. */
static int write_all(struct modarea *a, const void *buf, size_t len,
		     size_t off)
{
	while (len) {
		ssize_t n = pwrite(a->fd, buf, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf = (const uint8_t *)buf + n;
		len -= (size_t)n;
		off += (size_t)n;
	}
	return 0;
}

/*
 * Windows on pages shared with other modules' regions (and on small
 * regions of a page or more, text or rodata).  What the core writes is
 * staged in a private buffer and written into the memfd when sealed, so
 * no mapping of these pages is ever writable: the core reads them only
 * after sealing.  Data is never windowed: it is writable where it runs.
 */
static void *pool_window_open(void *ctx, void *addr, size_t size,
			      unsigned kind)
{
	struct modarea *a = ctx;
	uint8_t *p = stage_get(a, size);
	size_t tail = size < 16 ? size : 16;

	(void)addr;
	/* the core fills what it asked for; the pool's rounding not */
	if (p != NULL)
		memset(p + size - tail, kind == LKM_MEM_TEXT ? 0xcc : 0, tail);
	return p;
}

static int pool_window_close(void *ctx, void *addr, size_t size,
			     unsigned kind, void *write, bool commit)
{
	struct modarea *a = ctx;
	size_t off = (uintptr_t)addr - a->lo;
	int err = 0;

	(void)kind;
	if (commit)
		err = write_all(a, write, size, off);
	stage_put(a, write, size);
	return err;
}

/* Freed text becomes int3, written from one page of them. */
static int pool_poison(void *ctx, void *addr, size_t size)
{
	static uint8_t traps[4096];
	struct modarea *a = ctx;
	size_t off = (uintptr_t)addr - a->lo;
	struct iovec iov[16];
	int err = 0;

	if (traps[0] != 0xcc)
		memset(traps, 0xcc, sizeof(traps));
	while (size && !err) {
		size_t n = 0, len = 0;
		ssize_t done;

		for (; n < ARRAY_SIZE(iov) && len < size; n++) {
			iov[n].iov_base = traps;
			iov[n].iov_len = size - len < sizeof(traps)
						 ? size - len : sizeof(traps);
			len += iov[n].iov_len;
		}
		done = pwritev(a->fd, iov, (int)n, (off_t)off);
		if (done < 0 && errno == EINTR)
			continue;
		if (done <= 0)
			err = done < 0 ? -errno : -EIO;
		else {
			size -= (size_t)done;
			off += (size_t)done;
		}
	}
	return err;
}

static const struct modpool_hooks pool_hooks = {
	.set_kind = pool_set_kind,
	.window_open = pool_window_open,
	.window_close = pool_window_close,
	.poison = pool_poison,
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
	/*
	 * Packed, a guard page after each block keeps every chunk a mapping
	 * of its own.  Whole pages per region are left to abut: the blocks
	 * handed out are then exactly what the free list does not cover,
	 * which is how the integrity scanner and the audit find them.
	 */
	if (!err && packed)
		modmem_set_guard(&a->pages, 1);
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
	for (; !err && a->nstage; a->nstage--)
		free(a->stage[a->nstage - 1].p);
	pthread_mutex_unlock(&a->lock);
	return err;
}

void modarea_set_budget(struct modarea *a, size_t bytes)
{
	pthread_mutex_lock(&a->lock);
	modmem_set_budget(&a->pages, bytes);
	pthread_mutex_unlock(&a->lock);
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
