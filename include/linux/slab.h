/* SPDX-License-Identifier: MIT */
/*
 * linux/slab.h - kernel memory allocation, for modules written for Linux:
 * kmalloc, kzalloc, kcalloc, kmalloc_array, krealloc, kfree, kmemdup,
 * kstrdup, kvmalloc/kvfree, exported by the base kernel.  The gfp flags
 * are accepted and ignored (the hosted kernel allocates from its C heap
 * and never sleeps for memory); __GFP_ZERO is deliberately missing: use
 * kzalloc.
 */
#ifndef LKM_LINUX_SLAB_H
#define LKM_LINUX_SLAB_H

#include <lkm/kernel.h>
#include <lkm/module.h>

#include <linux/types.h>

#define GFP_NOWAIT ((gfp_t)2)
#define GFP_NOIO ((gfp_t)3)
#define GFP_NOFS ((gfp_t)4)
#define GFP_USER ((gfp_t)5)
#define GFP_DMA ((gfp_t)6)

/* @n elements of @size bytes, or NULL if the product overflows. */
static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc(bytes, flags);
}

static inline void *kzalloc_array(size_t n, size_t size, gfp_t flags)
{
	return kcalloc(n, size, flags);
}

#endif /* LKM_LINUX_SLAB_H */
