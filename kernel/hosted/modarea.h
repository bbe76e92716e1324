/* SPDX-License-Identifier: MIT */
/*
 * modarea.h - the hosted module area: address space, pages and the pool.
 *
 * One object an embedder on POSIX can link on its own (the hosted kernel
 * and the benchmark harness both do): a range of address space backed by a
 * memfd, mapped once, where pages carry their final permissions -- with
 * kernel/modmem.c handing out address space and a budget of pages, and
 * kernel/modpool.c packing regions of one kind into shared pages.  Text
 * and rodata in shared pages (and small regions of their own) are copied
 * into the memfd from a private staging buffer when sealed, so no mapping
 * of them is ever writable.  The functions named like
 * struct lkm_ops hooks take the area as their context, so an embedder whose
 * ops->ctx is the area can use them as they are.
 */
#ifndef LKM_HOSTED_MODAREA_H
#define LKM_HOSTED_MODAREA_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <lkm/lkm.h>

#include "../internal.h"

/* Staging buffers (text and rodata) kept for the next loads. */
#define MODAREA_STAGE_KEEP 4

struct modarea_stage {
	void *p;
	size_t cap;
};

struct modarea {
	struct modmem pages;
	struct modpool pool;
	pthread_mutex_t lock; /* serialises pages and pool */
	bool packed;          /* regions packed (else whole pages) */
	int fd;               /* the memfd behind the area */
	struct modarea_stage stage[MODAREA_STAGE_KEEP];
	size_t nstage;
	uintptr_t lo, hi;
	size_t page_size;
};

/*
 * Reserve [lo, hi) (never over an existing mapping) and set the area up.
 * 0 or a negative errno.
 */
int modarea_init(struct modarea *a, uintptr_t lo, uintptr_t hi,
		 size_t page_size, bool packed);
/*
 * Hold at most @bytes of module memory at once (the default: as much as
 * the area spans); the area stays the address space it is carved from.
 */
void modarea_set_budget(struct modarea *a, size_t bytes);
/* Give everything back; -EBUSY while module memory is in use. */
int modarea_exit(struct modarea *a);
/*
 * Point @ops's module-memory hooks (the packed ones, or the page ones if
 * the area is not packed) and bounds at the area; ops->ctx must be @a.
 */
void modarea_fill_ops(struct modarea *a, struct lkm_ops *ops);
/* Both allocators' figures, taken under the area's lock. */
void modarea_get_stats(struct modarea *a, struct modmem_stats *pages,
		       struct modpool_stats *pool);

/* struct lkm_ops hooks; @area is the struct modarea. */
void *modarea_mem_alloc(void *area, size_t size);
int modarea_mem_protect(void *area, void *addr, size_t size, unsigned prot);
void modarea_mem_free(void *area, void *addr, size_t size);
int modarea_region_alloc(void *area, enum lkm_mem_kind kind, size_t size,
			 size_t align, void **exec, void **write);
int modarea_region_seal(void *area, enum lkm_mem_kind kind, void *exec,
			size_t size);
void modarea_region_free(void *area, enum lkm_mem_kind kind, void *exec,
			 size_t size);

#endif /* LKM_HOSTED_MODAREA_H */
