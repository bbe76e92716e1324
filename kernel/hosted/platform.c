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
 * modmem.c; pages become readable and writable when allocated, get their
 * final permissions from the core through mem_protect, and are discarded
 * and made inaccessible when freed.
 */
#include <errno.h>
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
static bool area_ready;
static pthread_mutex_t area_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t module_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- the module area's pages ------------------------------------------- */

static int area_reserve(void *ctx, uintptr_t lo, size_t size)
{
	void *p = mmap((void *)lo, size, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
			       MAP_FIXED_NOREPLACE,
		       -1, 0);

	if (p == MAP_FAILED)
		return -errno;
	if (p != (void *)lo) {
		/* A kernel older than 4.17 took the address as a hint. */
		munmap(p, size);
		return -EEXIST;
	}
	return 0;
}

static void area_unreserve(void *ctx, uintptr_t lo, size_t size)
{
	munmap((void *)lo, size);
}

static int area_commit(void *ctx, void *addr, size_t size)
{
	return mprotect(addr, size, PROT_READ | PROT_WRITE) ? -errno : 0;
}

static void area_decommit(void *ctx, void *addr, size_t size)
{
	madvise(addr, size, MADV_DONTNEED);
	mprotect(addr, size, PROT_NONE);
}

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
};

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

	pthread_mutex_lock(&area_lock);
	modmem_get_stats(&area, &st);
	pthread_mutex_unlock(&area_lock);
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
	printk(KERN_INFO "modmem: module area [mem 0x%016lx-0x%016lx], "
	       "%zu-byte pages\n", AREA_LO,
	       (unsigned long)hosted_ops.area_hi - 1, hosted_ops.page_size);
	printk(KERN_INFO "hostfs: /lib/modules is %s\n", hostfs_get_modroot());
	return proc_register("/proc/lkm/modmem", show_modmem);
}

void port_teardown(void)
{
	if (area_ready && modmem_exit(&area) == 0)
		area_ready = false;
	else if (area_ready)
		printk(KERN_WARNING "modmem: module area kept, blocks still "
		       "in use\n");
}
