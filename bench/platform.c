// SPDX-License-Identifier: MIT
/*
 * platform.c - struct lkm_ops for the harness: module memory from the
 * hosted kernel's own module area (kernel/hosted/modarea.c over
 * kernel/modmem.c and kernel/modpool.c, linked as they are), timed; a
 * mutex, a clock, and a log that is kept rather than printed.
 *
 * Two memory modes, as the hosted kernel has: packed (its default), where
 * the area is a memfd mapped twice -- the module view with final
 * permissions and a write alias opened only while a load writes -- and
 * regions of several modules share pages of one kind; and pages
 * (lkm.packed=0, Linux's way), every region on pages of its own with
 * permissions through mem_protect.
 *
 * The harness is linked non-PIE like the hosted kernel, so module areas
 * below 2 GiB reach its exports with 32-bit branches.  Each bench kernel
 * owns its own area, so a churn test cannot disturb the latency figures.
 * The harness exports printk (silent) and lends the C library to modules
 * that import HOST_LIBC, exactly as the hosted kernel does.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <lkm/version.h>

#include "../kernel/hosted/modarea.h"
#include "bench.h"

/* Time spent inside the memory hooks (for lkm-bench --loop). */
struct bench_op_times op_times;

struct bench_kernel {
	struct lkm_ops ops;
	struct lkm_config config;
	struct lkm_kernel *k;
	struct modarea area;
	pthread_mutex_t lock;
	char last_error[512];
};

/* ---- the harness's exports ----------------------------------------------- */

/* Modules' printk: formats nothing, so the figures measure the loader. */
int printk(const char *fmt, ...);
int printk(const char *fmt, ...)
{
	return 0;
}

static const char *const export_names[] = { "printk" };
static void *const export_values[] = { (void *)printk };

size_t bench_exports(const char *const **names, void *const **values)
{
	*names = export_names;
	*values = export_values;
	return ARRAY_SIZE(export_names);
}

void *bench_resolve(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(export_names); i++)
		if (!strcmp(name, export_names[i]))
			return export_values[i];
	return dlsym(RTLD_DEFAULT, name);
}

static void *hostlibc_resolve(void *arg, const char *name)
{
	return dlsym(RTLD_DEFAULT, name);
}

/* ---- struct lkm_ops ---------------------------------------------------------- */

static void *op_heap_alloc(void *ctx, size_t size)
{
	return malloc(size ? size : 1);
}

static void op_heap_free(void *ctx, void *ptr, size_t size)
{
	free(ptr);
}

/* The clock, when the hooks are timed (lkm-bench --loop), else 0. */
static uint64_t op_now(void)
{
	return op_times.enabled ? now_ns() : 0;
}

/* The module-memory hooks: the area's own, timed for lkm-bench --loop. */
static void *op_mem_alloc(void *ctx, size_t size)
{
	struct bench_kernel *bk = ctx;
	uint64_t t0 = op_now();
	void *p = modarea_mem_alloc(&bk->area, size);

	op_times.alloc_ns += op_now() - t0;
	return p;
}

static int op_mem_protect(void *ctx, void *addr, size_t size, unsigned prot)
{
	struct bench_kernel *bk = ctx;
	uint64_t t0 = op_now();
	int err = modarea_mem_protect(&bk->area, addr, size, prot);

	op_times.protect_ns += op_now() - t0;
	return err;
}

static void op_mem_free(void *ctx, void *addr, size_t size)
{
	struct bench_kernel *bk = ctx;
	uint64_t t0 = op_now();

	modarea_mem_free(&bk->area, addr, size);
	op_times.free_ns += op_now() - t0;
}

static int op_region_alloc(void *ctx, enum lkm_mem_kind kind, size_t size,
			   size_t align, void **exec, void **write)
{
	struct bench_kernel *bk = ctx;
	uint64_t t0 = op_now();
	int err = modarea_region_alloc(&bk->area, kind, size, align, exec,
				       write);

	op_times.alloc_ns += op_now() - t0;
	return err;
}

static int op_region_seal(void *ctx, enum lkm_mem_kind kind, void *exec,
			  size_t size)
{
	struct bench_kernel *bk = ctx;
	uint64_t t0 = op_now();
	int err = modarea_region_seal(&bk->area, kind, exec, size);

	op_times.protect_ns += op_now() - t0;
	return err;
}

static void op_region_free(void *ctx, enum lkm_mem_kind kind, void *exec,
			   size_t size)
{
	struct bench_kernel *bk = ctx;
	uint64_t t0 = op_now();

	modarea_region_free(&bk->area, kind, exec, size);
	op_times.free_ns += op_now() - t0;
}

static void op_log(void *ctx, int level, const char *msg)
{
	struct bench_kernel *bk = ctx;

	if (level <= LKM_LOG_ERR)
		snprintf(bk->last_error, sizeof(bk->last_error), "%s", msg);
}

static void op_lock(void *ctx)
{
	pthread_mutex_lock(&((struct bench_kernel *)ctx)->lock);
}

static void op_unlock(void *ctx)
{
	pthread_mutex_unlock(&((struct bench_kernel *)ctx)->lock);
}

static uint64_t op_clock_ns(void *ctx)
{
	return now_ns();
}

int bench_kernel_new(uintptr_t lo, uintptr_t hi, bool packed,
		     struct bench_kernel **out)
{
	static const struct lkm_ksym printk_sym[] = {
		{ (const void *)printk, "printk", NULL },
	};
	struct bench_kernel *bk = calloc(1, sizeof(*bk));
	long page = sysconf(_SC_PAGESIZE);
	int err;

	if (!bk)
		return -ENOMEM;
	pthread_mutex_init(&bk->lock, NULL);
	bk->ops = (struct lkm_ops){
		.ctx = bk,
		.heap_alloc = op_heap_alloc,
		.heap_free = op_heap_free,
		.mem_alloc = op_mem_alloc,
		.mem_protect = op_mem_protect,
		.mem_free = op_mem_free,
		.log = op_log,
		.lock = op_lock,
		.unlock = op_unlock,
		.clock_ns = op_clock_ns,
		.area_lo = lo,
		.area_hi = hi,
		.page_size = page > 0 ? (size_t)page : 4096,
	};
	if (packed) {
		bk->ops.region_alloc = op_region_alloc;
		bk->ops.region_seal = op_region_seal;
		bk->ops.region_free = op_region_free;
	}
	bk->config = (struct lkm_config){ .vermagic = LKM_VERMAGIC,
					  .release = "bench" };
	err = modarea_init(&bk->area, lo, hi, bk->ops.page_size, packed);
	if (err) {
		free(bk);
		return err;
	}
	err = lkm_kernel_new(&bk->ops, &bk->config, &bk->k);
	if (!err)
		err = lkm_kernel_add_symbols(bk->k, printk_sym,
					     printk_sym + 1, false);
	if (!err)
		err = lkm_kernel_add_provider(bk->k, "HOST_LIBC",
					      hostlibc_resolve, NULL);
	if (err) {
		if (bk->k && lkm_kernel_free(bk->k))
			return err;
		modarea_exit(&bk->area);
		free(bk);
		return err;
	}
	*out = bk;
	return 0;
}

void bench_kernel_free(struct bench_kernel *bk)
{
	if (lkm_kernel_free(bk->k)) {
		fprintf(stderr, "lkm-bench: kernel still has modules\n");
		return;
	}
	if (modarea_exit(&bk->area)) {
		fprintf(stderr, "lkm-bench: module area still in use\n");
		return;
	}
	free(bk);
}

struct lkm_kernel *bench_kernel_lkm(struct bench_kernel *bk)
{
	return bk->k;
}

const char *bench_kernel_last_error(struct bench_kernel *bk)
{
	return bk->last_error;
}

void bench_kernel_set_budget(struct bench_kernel *bk, size_t bytes)
{
	modarea_set_budget(&bk->area, bytes);
}

void bench_kernel_area(struct bench_kernel *bk, struct bench_area *out)
{
	struct modmem_stats st;
	struct modpool_stats ps;

	modarea_get_stats(&bk->area, &st, &ps);
	*out = (struct bench_area){
		.alloc_bytes = st.alloc_bytes,
		.budget_bytes = st.budget_bytes,
		.free_bytes = st.free_bytes,
		.free_space = st.free_space,
		.largest_free = st.largest_free,
		.free_extents = st.free_extents,
		.budget_refusals = st.budget_refusals,
		.space_refusals = st.space_refusals,
		.pool_regions = ps.region_bytes,
		.pool_slack = ps.slack_bytes,
		.pool_largest_slack = ps.largest_slack,
	};
}

int bench_load_unload(struct bench_kernel *bk, const void *image,
		      size_t size, uint64_t *load_ns, uint64_t *unload_ns)
{
	char name[LKM_MODULE_NAME_LEN];
	uint64_t t0, t1, t2;
	int err;

	t0 = now_ns();
	err = lkm_module_load(bk->k, image, size, NULL, 0, name);
	t1 = now_ns();
	if (err)
		return err;
	err = lkm_module_unload(bk->k, name, 0);
	t2 = now_ns();
	if (load_ns)
		*load_ns = t1 - t0;
	if (unload_ns)
		*unload_ns = t2 - t1;
	return err;
}
