// SPDX-License-Identifier: MIT
/*
 * platform.c - struct lkm_ops for the harness: module memory from
 * kernel/modmem.c and kernel/modpool.c (the hosted kernel's own page
 * allocator and packed pool, linked as they are), pages handled as the
 * hosted port handles them, a mutex, a clock, and a log that is kept
 * rather than printed.
 *
 * Two memory modes, as the hosted kernel has: packed (its default), where
 * the area is a memfd mapped twice -- the module view with final
 * permissions and a write alias opened page by page only while a load
 * writes -- and regions of several modules share pages of one kind; and
 * pages (lkm.packed=0, Linux's way), every region on pages of its own
 * with permissions through mem_protect.
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

#include "../kernel/internal.h"
#include "bench.h"

/* Time spent inside the memory hooks (for lkm-bench --loop). */
struct bench_op_times op_times;

struct bench_kernel {
	struct lkm_ops ops;
	struct lkm_config config;
	struct lkm_kernel *k;
	struct modmem area;
	struct modpool pool;
	bool packed;
	int fd;               /* the area's memfd */
	uint8_t *alias;       /* its write alias */
	uint16_t *alias_refs; /* per page: open write windows */
	pthread_mutex_t area_lock;
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

/* ---- module-area pages, as kernel/hosted/platform.c handles them --------- */

static int area_reserve(void *ctx, uintptr_t lo, size_t size)
{
	struct bench_kernel *bk = ctx;
	void *p;

	bk->fd = memfd_create("lkm-bench-area", MFD_CLOEXEC);
	if (bk->fd < 0 || ftruncate(bk->fd, (off_t)size))
		return -errno;
	p = mmap((void *)lo, size, PROT_NONE,
		 MAP_SHARED | MAP_NORESERVE | MAP_FIXED_NOREPLACE, bk->fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	if (p != (void *)lo) {
		munmap(p, size);
		return -EEXIST;
	}
	bk->alias = mmap(NULL, size, PROT_NONE, MAP_SHARED | MAP_NORESERVE,
			 bk->fd, 0);
	bk->alias_refs = calloc(size / bk->ops.page_size,
				sizeof(*bk->alias_refs));
	if (bk->alias == MAP_FAILED || !bk->alias_refs) {
		munmap(p, size);
		return -ENOMEM;
	}
	return 0;
}

static void area_unreserve(void *ctx, uintptr_t lo, size_t size)
{
	struct bench_kernel *bk = ctx;

	munmap((void *)lo, size);
	munmap(bk->alias, size);
	close(bk->fd);
	free(bk->alias_refs);
}

static int area_commit(void *ctx, void *addr, size_t size)
{
	return mprotect(addr, size, PROT_READ | PROT_WRITE) ? -errno : 0;
}

/* Give the pages' memory back: punch a hole in the memfd. */
static void area_decommit(void *ctx, void *addr, size_t size)
{
	struct bench_kernel *bk = ctx;

	mprotect(addr, size, PROT_NONE);
	fallocate(bk->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		  (off_t)((uintptr_t)addr - bk->ops.area_lo), (off_t)size);
}

static const struct modmem_hooks area_hooks = {
	.reserve = area_reserve,
	.unreserve = area_unreserve,
	.commit = area_commit,
	.decommit = area_decommit,
};

static int pool_set_kind(void *ctx, void *addr, size_t size, unsigned kind)
{
	static const int prot[LKM_MEM_KIND_COUNT] = {
		[LKM_MEM_TEXT] = PROT_READ | PROT_EXEC,
		[LKM_MEM_RODATA] = PROT_READ,
		[LKM_MEM_DATA] = PROT_READ | PROT_WRITE,
	};

	return mprotect(addr, size, prot[kind]) ? -errno : 0;
}

/* Pages [first, last] of the alias gain (+1) or lose (-1) a window. */
static int alias_adjust(struct bench_kernel *bk, size_t first, size_t last,
			int delta)
{
	size_t page = bk->ops.page_size;

	for (size_t i = first; i <= last; i++) {
		bool edge = delta > 0 ? bk->alias_refs[i] == 0
				      : bk->alias_refs[i] == 1;

		if (edge && mprotect(bk->alias + i * page, page,
				     delta > 0 ? PROT_READ | PROT_WRITE
					       : PROT_NONE))
			return -errno;
		bk->alias_refs[i] = (uint16_t)(bk->alias_refs[i] + delta);
	}
	return 0;
}

static void *pool_alias_open(void *ctx, void *addr, size_t size)
{
	struct bench_kernel *bk = ctx;
	size_t page = bk->ops.page_size;
	size_t off = (uintptr_t)addr - bk->ops.area_lo;

	if (alias_adjust(bk, off / page, (off + size - 1) / page, +1))
		return NULL;
	return bk->alias + off;
}

static void pool_alias_close(void *ctx, void *addr, size_t size)
{
	struct bench_kernel *bk = ctx;
	size_t page = bk->ops.page_size;
	size_t off = (uintptr_t)addr - bk->ops.area_lo;

	alias_adjust(bk, off / page, (off + size - 1) / page, -1);
}

static const struct modpool_hooks pool_hooks = {
	.set_kind = pool_set_kind,
	.alias_open = pool_alias_open,
	.alias_close = pool_alias_close,
};

/* ---- struct lkm_ops ---------------------------------------------------------- */

static void *op_heap_alloc(void *ctx, size_t size)
{
	return malloc(size ? size : 1);
}

static void op_heap_free(void *ctx, void *ptr, size_t size)
{
	free(ptr);
}

static void *op_mem_alloc(void *ctx, size_t size)
{
	struct bench_kernel *bk = ctx;
	void *p;

	uint64_t t0 = now_ns();

	pthread_mutex_lock(&bk->area_lock);
	p = modmem_alloc(&bk->area, size);
	pthread_mutex_unlock(&bk->area_lock);
	op_times.alloc_ns += now_ns() - t0;
	return p;
}

static int op_mem_protect(void *ctx, void *addr, size_t size, unsigned prot)
{
	int host = PROT_NONE, err;
	uint64_t t0 = now_ns();

	if ((prot & LKM_PROT_WRITE) && (prot & LKM_PROT_EXEC))
		return -EINVAL;
	if (prot & LKM_PROT_READ)
		host |= PROT_READ;
	if (prot & LKM_PROT_WRITE)
		host |= PROT_WRITE;
	if (prot & LKM_PROT_EXEC)
		host |= PROT_EXEC;
	err = mprotect(addr, size, host) ? -errno : 0;
	op_times.protect_ns += now_ns() - t0;
	return err;
}

static void op_mem_free(void *ctx, void *addr, size_t size)
{
	struct bench_kernel *bk = ctx;
	uint64_t t0 = now_ns();
	int err;

	pthread_mutex_lock(&bk->area_lock);
	err = modmem_free(&bk->area, addr, size);
	pthread_mutex_unlock(&bk->area_lock);
	op_times.free_ns += now_ns() - t0;
	if (err)
		fprintf(stderr, "lkm-bench: bad module-memory free at %p\n",
			addr);
}

static int op_region_alloc(void *ctx, enum lkm_mem_kind kind, size_t size,
			   size_t align, void **exec, void **write)
{
	struct bench_kernel *bk = ctx;
	uint64_t t0 = now_ns();
	int err;

	pthread_mutex_lock(&bk->area_lock);
	err = modpool_alloc(&bk->pool, kind, size, align, exec, write);
	pthread_mutex_unlock(&bk->area_lock);
	op_times.alloc_ns += now_ns() - t0;
	return err;
}

static int op_region_seal(void *ctx, enum lkm_mem_kind kind, void *exec,
			  size_t size)
{
	struct bench_kernel *bk = ctx;
	uint64_t t0 = now_ns();
	int err;

	pthread_mutex_lock(&bk->area_lock);
	err = modpool_seal(&bk->pool, kind, exec, size);
	pthread_mutex_unlock(&bk->area_lock);
	op_times.protect_ns += now_ns() - t0;
	return err;
}

static void op_region_free(void *ctx, enum lkm_mem_kind kind, void *exec,
			   size_t size)
{
	struct bench_kernel *bk = ctx;
	uint64_t t0 = now_ns();

	pthread_mutex_lock(&bk->area_lock);
	modpool_free(&bk->pool, kind, exec, size);
	pthread_mutex_unlock(&bk->area_lock);
	op_times.free_ns += now_ns() - t0;
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
	pthread_mutex_init(&bk->area_lock, NULL);
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
	bk->packed = packed;
	bk->fd = -1;
	bk->config = (struct lkm_config){ .vermagic = LKM_VERMAGIC,
					  .release = "bench" };
	err = modmem_init(&bk->area, lo, hi, bk->ops.page_size, &area_hooks,
			  bk);
	if (err) {
		if (bk->fd >= 0)
			close(bk->fd);
		free(bk);
		return err;
	}
	modpool_init(&bk->pool, &bk->area, &pool_hooks, bk);
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
		modpool_exit(&bk->pool);
		modmem_exit(&bk->area);
		free(bk);
		return err;
	}
	*out = bk;
	return 0;
}

void bench_kernel_free(struct bench_kernel *bk)
{
	if (lkm_kernel_free(bk->k) || bk->pool.nchunks) {
		fprintf(stderr, "lkm-bench: kernel still has modules\n");
		return;
	}
	modpool_exit(&bk->pool);
	if (modmem_exit(&bk->area)) {
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

void bench_kernel_area(struct bench_kernel *bk, struct bench_area *out)
{
	struct modmem_stats st;
	struct modpool_stats ps;

	pthread_mutex_lock(&bk->area_lock);
	modmem_get_stats(&bk->area, &st);
	modpool_get_stats(&bk->pool, &ps);
	pthread_mutex_unlock(&bk->area_lock);
	*out = (struct bench_area){
		.alloc_bytes = st.alloc_bytes,
		.free_bytes = st.free_bytes,
		.largest_free = st.largest_free,
		.free_extents = st.free_extents,
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
