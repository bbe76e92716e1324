/* SPDX-License-Identifier: MIT */
/*
 * parallel.h - module images decoded ahead by a pool of threads (one per
 * online CPU), handed out in order: depmod and modinfo read every module
 * once, and decompressing .ko.xz images dominates their time.
 */
#ifndef LKM_TOOLS_KMOD_PARALLEL_H
#define LKM_TOOLS_KMOD_PARALLEL_H

#include <stddef.h>

#include "kmod.h"

struct kmod_prefetch;

/*
 * Start decoding @paths[0..n) (NULL entries are skipped), at most a small
 * window of images ahead of the last one taken.  @paths must outlive it.
 */
struct kmod_prefetch *kmod_prefetch_new(const char *const *paths, size_t n);
/*
 * kmod_image_open(@paths[@i]), decoded ahead.  Indexes are taken in
 * increasing order, each at most once; images skipped over are dropped.
 * The messages decoding printed are printed now, on this thread.
 */
int kmod_prefetch_take(struct kmod_prefetch *p, size_t i, struct kmod_image *img);
/* Stop the threads and drop the images not taken. */
void kmod_prefetch_free(struct kmod_prefetch *p);

#endif
