/* SPDX-License-Identifier: MIT */
/*
 * parallel.h - work on a list of items done ahead by a pool of threads and
 * handed out in order, so that output and diagnostics come out exactly as
 * if each item were done when taken.  depmod and modinfo read every module
 * once: decompressing .ko.xz images (depmod, modinfo) and rendering what
 * modinfo prints (PKCS#7 parsing, formatting) dominate their time.
 */
#ifndef LKM_TOOLS_KMOD_PARALLEL_H
#define LKM_TOOLS_KMOD_PARALLEL_H

#include <stdbool.h>
#include <stddef.h>

#include "kmod.h"

/* What a pool does with item i; @ctx is the pool's. */
struct kmod_pool_ops {
	size_t result_size;
	/* Whether item @i is worth doing on another thread. */
	bool (*ahead)(void *ctx, size_t i);
	/* Do item @i into @result (result_size bytes); may run on any thread. */
	void (*run)(void *ctx, size_t i, void *result);
	/* Release a result that was never taken. */
	void (*drop)(void *ctx, void *result);
};

struct kmod_pool;

/*
 * Start @threads threads (fewer if they cannot be created) doing items
 * [0, n) in order, none @window or more items past the oldest one not
 * taken (which bounds the results held at a time).  With @help,
 * kmod_pool_take() does items ahead itself rather than wait for its own:
 * then @threads is best one less than the CPUs.
 */
struct kmod_pool *kmod_pool_new(const struct kmod_pool_ops *ops, void *ctx, size_t n,
				int threads, size_t window, bool help);
/*
 * Take item @i: true with its result in @result and the messages run()
 * printed (captured, as they would have been printed) in @log, to release
 * with sb_release(); false when no thread did it, for the caller to do it
 * now.  Items are taken in increasing order, each at most once; items
 * skipped over are dropped.
 */
bool kmod_pool_take(struct kmod_pool *p, size_t i, void *result, struct strbuf *log);
/* Stop the threads and drop the results not taken. */
void kmod_pool_free(struct kmod_pool *p);

/* The CPUs online, at least 1 and at most 64. */
int kmod_pool_cpus(void);

struct kmod_prefetch;

/*
 * Start decoding the compressed ones of @paths[0..n) (NULL entries are
 * skipped) with a pool of one thread per CPU.  @paths must outlive it.
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
