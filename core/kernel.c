// SPDX-License-Identifier: MIT
/*
 * kernel.c - the module subsystem object: creation, teardown, accounting.
 *
 * Every byte the core takes from the embedder goes through the four
 * wrappers here, which keep struct lkm_stats exact.  That is what lets tests
 * (and users, through /proc/lkm/stats) prove that an unload or a failed load
 * returned everything.
 */
#include "internal.h"

void lkm_log(struct lkm_kernel *k, int level, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!k || !k->ops->log)
		return;
	va_start(ap, fmt);
	lkm_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	k->ops->log(k->ops->ctx, level, line);
}

/* The wrappers run with or without the list lock: count atomically. */
static void stat_add(size_t *c, size_t n)
{
	__atomic_fetch_add(c, n, __ATOMIC_RELAXED);
}

static void stat_sub(size_t *c, size_t n)
{
	__atomic_fetch_sub(c, n, __ATOMIC_RELAXED);
}

void *lkm_heap_alloc(struct lkm_kernel *k, size_t size)
{
	void *p;

	if (!size)
		size = 1;
	p = k->ops->heap_alloc(k->ops->ctx, size);
	if (!p)
		return NULL;
	lkm_memset(p, 0, size);
	stat_add(&k->stats.heap_bytes, size);
	stat_add(&k->stats.heap_allocs, 1);
	return p;
}

void lkm_heap_free(struct lkm_kernel *k, void *ptr, size_t size)
{
	if (!ptr)
		return;
	if (!size)
		size = 1;
	k->ops->heap_free(k->ops->ctx, ptr, size);
	stat_sub(&k->stats.heap_bytes, size);
	stat_sub(&k->stats.heap_allocs, 1);
}

void *lkm_mem_alloc(struct lkm_kernel *k, size_t size)
{
	void *p = k->ops->mem_alloc(k->ops->ctx, size);

	if (!p)
		return NULL;
	stat_add(&k->stats.module_bytes, size);
	stat_add(&k->stats.module_allocs, 1);
	return p;
}

void lkm_mem_free(struct lkm_kernel *k, void *ptr, size_t size)
{
	if (!ptr)
		return;
	k->ops->mem_free(k->ops->ctx, ptr, size);
	stat_sub(&k->stats.module_bytes, size);
	stat_sub(&k->stats.module_allocs, 1);
}

void lkm_lock(struct lkm_kernel *k)
{
	if (k->ops->lock)
		k->ops->lock(k->ops->ctx);
}

void lkm_unlock(struct lkm_kernel *k)
{
	if (k->ops->unlock)
		k->ops->unlock(k->ops->ctx);
}

int lkm_kernel_new(const struct lkm_ops *ops, const struct lkm_config *config,
		   struct lkm_kernel **out)
{
	struct lkm_kernel *k;

	*out = NULL;
	if (!ops || !config || !ops->heap_alloc || !ops->heap_free ||
	    !ops->mem_alloc || !ops->mem_protect || !ops->mem_free ||
	    !lkm_is_pow2(ops->page_size) || ops->area_hi <= ops->area_lo)
		return -LKM_EINVAL;
	k = ops->heap_alloc(ops->ctx, sizeof(*k));
	if (!k)
		return -LKM_ENOMEM;
	lkm_memset(k, 0, sizeof(*k));
	k->ops = ops;
	k->config = config;
	*out = k;
	return 0;
}

int lkm_kernel_free(struct lkm_kernel *k)
{
	const struct lkm_ops *ops;
	struct provider *p;

	if (!k)
		return 0;
	if (k->modules)
		return -LKM_EBUSY;
	ksym_table_free(k);
	while ((p = k->providers)) {
		k->providers = p->next;
		lkm_heap_free(k, p, sizeof(*p));
	}
	ops = k->ops;
	ops->heap_free(ops->ctx, k, sizeof(*k));
	return 0;
}

int lkm_kernel_add_provider(struct lkm_kernel *k, const char *ns,
			    void *(*resolve)(void *arg, const char *name),
			    void *arg)
{
	struct provider *p;

	if (!ns || !*ns || !resolve)
		return -LKM_EINVAL;
	p = lkm_heap_alloc(k, sizeof(*p));
	if (!p)
		return -LKM_ENOMEM;
	p->ns = ns;
	p->resolve = resolve;
	p->arg = arg;
	lkm_lock(k);
	p->next = k->providers;
	k->providers = p;
	lkm_unlock(k);
	return 0;
}

void lkm_kernel_get_stats(struct lkm_kernel *k, struct lkm_stats *out)
{
	lkm_lock(k);
	lkm_memcpy(out, &k->stats, sizeof(*out));
	out->symbols = k->nsymbols;
	lkm_unlock(k);
}
