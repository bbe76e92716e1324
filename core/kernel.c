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
	/* Names quoted from a module are untrusted: one line, no controls. */
	for (char *p = line; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
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

/* The page-granular hooks stand in for packed regions when not given. */
static bool packed(const struct lkm_kernel *k)
{
	return k->ops->region_alloc != NULL;
}

int lkm_region_alloc(struct lkm_kernel *k, enum lkm_mem_kind kind,
		     size_t *size, size_t align, uint8_t **exec,
		     uint8_t **write)
{
	const struct lkm_ops *ops = k->ops;
	void *x = NULL, *w = NULL;
	uint64_t rounded;
	int err;

	if (packed(k)) {
		err = ops->region_alloc(ops->ctx, kind, *size, align, &x, &w);
		if (err || !x || !w)
			return err < 0 ? err : -LKM_ENOMEM;
	} else {
		if (!lkm_align_up(*size, ops->page_size, &rounded))
			return -LKM_ENOMEM;
		x = w = ops->mem_alloc(ops->ctx, (size_t)rounded);
		if (!x)
			return -LKM_ENOMEM;
		*size = (size_t)rounded;
	}
	*exec = x;
	*write = w;
	stat_add(&k->stats.module_bytes, *size);
	stat_add(&k->stats.module_allocs, 1);
	return 0;
}

int lkm_region_seal(struct lkm_kernel *k, enum lkm_mem_kind kind,
		    uint8_t *exec, size_t size)
{
	static const unsigned prot[LKM_MEM_KIND_COUNT] = {
		[LKM_MEM_TEXT] = LKM_PROT_READ | LKM_PROT_EXEC,
		[LKM_MEM_RODATA] = LKM_PROT_READ,
		[LKM_MEM_DATA] = LKM_PROT_READ | LKM_PROT_WRITE,
	};
	const struct lkm_ops *ops = k->ops;

	if (packed(k))
		return ops->region_seal(ops->ctx, kind, exec, size);
	return ops->mem_protect(ops->ctx, exec, size, prot[kind]);
}

void lkm_region_free(struct lkm_kernel *k, enum lkm_mem_kind kind,
		     uint8_t *exec, size_t size)
{
	const struct lkm_ops *ops = k->ops;

	if (!exec)
		return;
	if (packed(k))
		ops->region_free(ops->ctx, kind, exec, size);
	else
		ops->mem_free(ops->ctx, exec, size);
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
	    !lkm_is_pow2(ops->page_size) || ops->area_hi <= ops->area_lo)
		return -LKM_EINVAL;
	if (ops->region_alloc ? !ops->region_seal || !ops->region_free
			      : !ops->mem_alloc || !ops->mem_protect ||
					!ops->mem_free)
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

const struct lkm_ops *lkm_kernel_get_ops(struct lkm_kernel *k)
{
	return k->ops;
}

const struct lkm_config *lkm_kernel_get_config(struct lkm_kernel *k)
{
	return k->config;
}

void lkm_kernel_get_stats(struct lkm_kernel *k, struct lkm_stats *out)
{
	lkm_lock(k);
	lkm_memcpy(out, &k->stats, sizeof(*out));
	out->symbols = k->nsymbols;
	lkm_unlock(k);
}
