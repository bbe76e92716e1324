// SPDX-License-Identifier: MIT
/*
 * platform.c - the machine under the hosted kernel: struct lkm_ops over
 * POSIX, the module area, locks and the clock.
 *
 * The kernel is a non-PIE process whose image sits at 0x400000, so every
 * module placed in [1 GiB, 2 GiB) can reach the kernel's exports with a
 * plain 32-bit branch and be linked from non-PIC objects.  That range is
 * reserved inaccessible at boot (MAP_FIXED_NOREPLACE: never over something
 * already mapped; under AddressSanitizer, whose shadow begins just below
 * 2 GiB, the range ends where the shadow starts) and handed out by
 * modmem.c in pages.
 *
 * The area is a memfd mapped twice: the module view at [1 GiB, 2 GiB),
 * where pages carry their final permissions, and a write alias elsewhere,
 * inaccessible except for the pages a load is writing.  That lets
 * modpool.c pack regions of several modules into shared pages, one kind a
 * page, without a page ever being writable and executable at one address
 * (the hook pair region_alloc/region_seal).  With lkm.packed=0 on the
 * command line every region gets pages of its own and its permissions
 * through mem_protect, as Linux does.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <lkm/module.h>

#include "../internal.h"
#include "hosted.h"

#define AREA_LO 0x40000000UL
#define AREA_HI 0x80000000UL

const char port_name[] = "hosted";

static struct lkm_ops hosted_ops;
static struct modmem area;
static struct modpool pool;
static bool area_ready;
static bool packed = true;
static int area_fd = -1;
static uint8_t *alias_base;     /* the write alias of the whole area */
static uint16_t *alias_refs;    /* per page: open write windows */
static pthread_mutex_t area_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t module_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- the module area's pages ------------------------------------------- */

static int area_reserve(void *ctx, uintptr_t lo, size_t size)
{
	size_t pages = size / hosted_ops.page_size;
	void *p;

	area_fd = memfd_create("lkm-module-area", MFD_CLOEXEC);
	if (area_fd < 0 || ftruncate(area_fd, (off_t)size))
		goto fail;
	p = mmap((void *)lo, size, PROT_NONE,
		 MAP_SHARED | MAP_NORESERVE | MAP_FIXED_NOREPLACE, area_fd, 0);
	if (p == MAP_FAILED)
		goto fail;
	if (p != (void *)lo) {
		/* A kernel older than 4.17 took the address as a hint. */
		munmap(p, size);
		errno = EEXIST;
		goto fail;
	}
	alias_base = mmap(NULL, size, PROT_NONE, MAP_SHARED | MAP_NORESERVE,
			  area_fd, 0);
	alias_refs = calloc(pages, sizeof(*alias_refs));
	if (alias_base == MAP_FAILED || alias_refs == NULL) {
		munmap(p, size);
		goto fail;
	}
	return 0;
fail:
	if (alias_base != NULL && alias_base != MAP_FAILED)
		munmap(alias_base, size);
	alias_base = NULL;
	free(alias_refs);
	alias_refs = NULL;
	if (area_fd >= 0)
		close(area_fd);
	area_fd = -1;
	return -errno;
}

static void area_unreserve(void *ctx, uintptr_t lo, size_t size)
{
	munmap((void *)lo, size);
	munmap(alias_base, size);
	close(area_fd);
	free(alias_refs);
	alias_base = NULL;
	alias_refs = NULL;
	area_fd = -1;
}

static int area_commit(void *ctx, void *addr, size_t size)
{
	return mprotect(addr, size, PROT_READ | PROT_WRITE) ? -errno : 0;
}

/* Give the pages' memory back to the host: punch a hole in the memfd. */
static void area_decommit(void *ctx, void *addr, size_t size)
{
	off_t off = (off_t)((uintptr_t)addr - AREA_LO);

	mprotect(addr, size, PROT_NONE);
	fallocate(area_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off,
		  (off_t)size);
}

/* ---- the packed pool's hooks -------------------------------------------- */

static int pool_set_kind(void *ctx, void *addr, size_t size, unsigned kind)
{
	static const int prot[LKM_MEM_KIND_COUNT] = {
		[LKM_MEM_TEXT] = PROT_READ | PROT_EXEC,
		[LKM_MEM_RODATA] = PROT_READ,
		[LKM_MEM_DATA] = PROT_READ | PROT_WRITE,
	};

	return mprotect(addr, size, prot[kind]) ? -errno : 0;
}

/*
 * Change the alias of pages [first, last] by @delta windows, making a page
 * writable as its first window opens and inaccessible as its last closes.
 */
static int alias_adjust(size_t first, size_t last, int delta)
{
	size_t page = hosted_ops.page_size;

	for (size_t i = first; i <= last; i++) {
		bool edge = delta > 0 ? alias_refs[i] == 0 : alias_refs[i] == 1;

		if (edge && mprotect(alias_base + i * page, page,
				     delta > 0 ? PROT_READ | PROT_WRITE
					       : PROT_NONE))
			return -errno;
		alias_refs[i] = (uint16_t)(alias_refs[i] + delta);
	}
	return 0;
}

static void *pool_alias_open(void *ctx, void *addr, size_t size)
{
	size_t page = hosted_ops.page_size;
	size_t off = (uintptr_t)addr - AREA_LO;

	if (alias_adjust(off / page, (off + size - 1) / page, +1))
		return NULL;
	return alias_base + off;
}

static void pool_alias_close(void *ctx, void *addr, size_t size)
{
	size_t page = hosted_ops.page_size;
	size_t off = (uintptr_t)addr - AREA_LO;

	alias_adjust(off / page, (off + size - 1) / page, -1);
}

static const struct modpool_hooks pool_hooks = {
	.set_kind = pool_set_kind,
	.alias_open = pool_alias_open,
	.alias_close = pool_alias_close,
};

/*
 * The end of the free address space from @lo, at most @hi: the start of the
 * lowest mapping above @lo (a sanitizer's shadow may sit inside the range),
 * or @lo itself if something is mapped there.
 */
static uintptr_t area_free_end(uintptr_t lo, uintptr_t hi)
{
	unsigned long start, end;
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");

	if (f == NULL)
		return hi;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%lx-%lx", &start, &end) != 2)
			continue;
		if (start <= lo && end > lo)
			hi = lo;
		else if (start > lo && start < hi)
			hi = start;
	}
	fclose(f);
	return hi;
}

static const struct modmem_hooks area_hooks = {
	.reserve = area_reserve,
	.unreserve = area_unreserve,
	.commit = area_commit,
	.decommit = area_decommit,
};

/* ---- struct lkm_ops ------------------------------------------------------ */

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
	void *p;

	pthread_mutex_lock(&area_lock);
	p = modmem_alloc(&area, size);
	pthread_mutex_unlock(&area_lock);
	return p;
}

static int op_mem_protect(void *ctx, void *addr, size_t size, unsigned prot)
{
	uintptr_t a = (uintptr_t)addr;
	int host = PROT_NONE;

	if ((prot & LKM_PROT_WRITE) && (prot & LKM_PROT_EXEC))
		return -EINVAL; /* W^X */
	if (a < hosted_ops.area_lo || a > hosted_ops.area_hi ||
	    size > hosted_ops.area_hi - a)
		return -EINVAL;
	if (prot & LKM_PROT_READ)
		host |= PROT_READ;
	if (prot & LKM_PROT_WRITE)
		host |= PROT_WRITE;
	if (prot & LKM_PROT_EXEC)
		host |= PROT_EXEC;
	return mprotect(addr, size, host) ? -errno : 0;
}

static void op_mem_free(void *ctx, void *addr, size_t size)
{
	int err;

	pthread_mutex_lock(&area_lock);
	err = modmem_free(&area, addr, size);
	pthread_mutex_unlock(&area_lock);
	if (err)
		printk(KERN_ERR "modmem: bad free of %zu bytes at %p\n", size,
		       addr);
}

static int op_region_alloc(void *ctx, enum lkm_mem_kind kind, size_t size,
			   size_t align, void **exec, void **write)
{
	int err;

	pthread_mutex_lock(&area_lock);
	err = modpool_alloc(&pool, kind, size, align, exec, write);
	pthread_mutex_unlock(&area_lock);
	return err;
}

static int op_region_seal(void *ctx, enum lkm_mem_kind kind, void *exec,
			  size_t size)
{
	int err;

	pthread_mutex_lock(&area_lock);
	err = modpool_seal(&pool, kind, exec, size);
	pthread_mutex_unlock(&area_lock);
	return err;
}

static void op_region_free(void *ctx, enum lkm_mem_kind kind, void *exec,
			   size_t size)
{
	pthread_mutex_lock(&area_lock);
	modpool_free(&pool, kind, exec, size);
	pthread_mutex_unlock(&area_lock);
}

static void op_log(void *ctx, int level, const char *msg)
{
	printk_emit(level, msg);
}

static void op_lock(void *ctx)
{
	pthread_mutex_lock(&module_lock);
}

static void op_unlock(void *ctx)
{
	pthread_mutex_unlock(&module_lock);
}

static uint64_t op_clock_ns(void *ctx)
{
	return port_clock_ns();
}

static struct lkm_ops hosted_ops = {
	.heap_alloc = op_heap_alloc,
	.heap_free = op_heap_free,
	.mem_alloc = op_mem_alloc,
	.mem_protect = op_mem_protect,
	.mem_free = op_mem_free,
	.log = op_log,
	.lock = op_lock,
	.unlock = op_unlock,
	.clock_ns = op_clock_ns,
	.area_lo = AREA_LO,
	.area_hi = AREA_HI,
	.region_alloc = op_region_alloc,
	.region_seal = op_region_seal,
	.region_free = op_region_free,
	.sig_verify = crypto_sig_verify, /* crypto.c */
};

void port_set_packed(bool on)
{
	packed = on;
}

const struct lkm_ops *port_lkm_ops(void)
{
	return &hosted_ops;
}

/* ---- port hooks ---------------------------------------------------------- */

uint64_t port_clock_ns(void)
{
	static uint64_t boot_ns;
	struct timespec ts;
	uint64_t now;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	if (boot_ns == 0)
		boot_ns = now;
	return now - boot_ns;
}

void port_log_lock(void)
{
	pthread_mutex_lock(&log_lock);
}

void port_log_unlock(void)
{
	pthread_mutex_unlock(&log_lock);
}

static int show_modmem(struct seqbuf *sb)
{
	struct modmem_stats st;
	struct modpool_stats ps;

	pthread_mutex_lock(&area_lock);
	modmem_get_stats(&area, &st);
	modpool_get_stats(&pool, &ps);
	pthread_mutex_unlock(&area_lock);
	seqbuf_printf(sb, "packed %d\n", packed);
	seqbuf_printf(sb, "pool_chunks %zu\n", ps.chunks);
	seqbuf_printf(sb, "pool_text_bytes %zu\n", ps.chunk_bytes[LKM_MEM_TEXT]);
	seqbuf_printf(sb, "pool_rodata_bytes %zu\n",
		      ps.chunk_bytes[LKM_MEM_RODATA]);
	seqbuf_printf(sb, "pool_data_bytes %zu\n", ps.chunk_bytes[LKM_MEM_DATA]);
	seqbuf_printf(sb, "pool_regions %zu\n", ps.regions);
	seqbuf_printf(sb, "pool_region_bytes %zu\n", ps.region_bytes);
	seqbuf_printf(sb, "pool_slack_bytes %zu\n", ps.slack_bytes);
	seqbuf_printf(sb, "area 0x%016lx-0x%016lx\n", (unsigned long)st.lo,
		      (unsigned long)st.hi);
	seqbuf_printf(sb, "allocs %zu\n", st.allocs);
	seqbuf_printf(sb, "alloc_bytes %zu\n", st.alloc_bytes);
	seqbuf_printf(sb, "free_extents %zu\n", st.free_extents);
	seqbuf_printf(sb, "free_bytes %zu\n", st.free_bytes);
	return seqbuf_printf(sb, "largest_free %zu\n", st.largest_free);
}

int port_setup(void)
{
	long page = sysconf(_SC_PAGESIZE);
	int err;

	hosted_ops.page_size = page > 0 ? (size_t)page : 4096;
	err = crypto_init();
	if (err)
		return err;
	hosted_ops.area_hi = area_free_end(AREA_LO, AREA_HI);
	if (hosted_ops.area_hi != AREA_HI)
		printk(KERN_WARNING "modmem: 0x%016lx is mapped, module area "
		       "cut short\n", (unsigned long)hosted_ops.area_hi);
	err = modmem_init(&area, AREA_LO, hosted_ops.area_hi,
			  hosted_ops.page_size, &area_hooks, NULL);
	if (err) {
		printk(KERN_ERR "modmem: cannot reserve the module area "
		       "[mem 0x%016lx-0x%016lx]: error %d\n", AREA_LO,
		       (unsigned long)hosted_ops.area_hi - 1, err);
		return err;
	}
	area_ready = true;
	modpool_init(&pool, &area, &pool_hooks, NULL);
	if (!packed)
		hosted_ops.region_alloc = NULL;
	printk(KERN_INFO "modmem: module area [mem 0x%016lx-0x%016lx], "
	       "%zu-byte pages, %s\n", AREA_LO,
	       (unsigned long)hosted_ops.area_hi - 1, hosted_ops.page_size,
	       packed ? "regions packed by kind" : "whole pages per region");
	printk(KERN_INFO "hostfs: /lib/modules is %s\n", hostfs_get_modroot());
	return proc_register("/proc/lkm/modmem", show_modmem);
}

void port_teardown(void)
{
	crypto_exit();
	if (area_ready && pool.nchunks == 0)
		modpool_exit(&pool);
	if (area_ready && pool.nchunks == 0 && modmem_exit(&area) == 0)
		area_ready = false;
	else if (area_ready)
		printk(KERN_WARNING "modmem: module area kept, blocks still "
		       "in use\n");
}
