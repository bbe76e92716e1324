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
 * The area itself is modarea.c: a memfd mapped twice, so that modpool.c
 * can pack regions of several modules into shared pages, one kind a page,
 * without a page ever being writable and executable at one address.  With
 * lkm.packed=0 on the command line every region gets pages of its own and
 * its permissions through mem_protect, as Linux does.
 *
 * struct lkm_ops itself is sealed read-only once the port is set up: it
 * fills a page of its own (port_set_kernel_ro()), so that a module cannot
 * divert the loader -- its signature verifier, say -- by overwriting a
 * pointer in it; a module that tries faults, and the fault is an oops.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lkm/module.h>

#include "../internal.h"
#include "../security.h"
#include "hosted.h"
#include "modarea.h"

#define AREA_LO 0x40000000UL
#define AREA_HI 0x80000000UL

const char port_name[] = "hosted";

#define OPS_PAGE 4096

/* The loader's operations on a page of their own, sealed at boot. */
static union ops_page {
	struct lkm_ops ops;
	unsigned char page[OPS_PAGE];
} ops_page __attribute__((aligned(OPS_PAGE)));
#define hosted_ops (ops_page.ops)
static struct modarea area;
static bool area_ready;
static bool packed = true;
static pthread_mutex_t module_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

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

/* ---- struct lkm_ops ------------------------------------------------------ */

static void *op_heap_alloc(void *ctx, size_t size)
{
	return malloc(size ? size : 1);
}

static void op_heap_free(void *ctx, void *ptr, size_t size)
{
	free(ptr);
}

static void op_log(void *ctx, int level, const char *msg)
{
	printk_emit(level, msg);
}

static __thread bool module_lock_mine;

static void op_lock(void *ctx)
{
	pthread_mutex_lock(&module_lock);
	module_lock_mine = true;
}

static void op_unlock(void *ctx)
{
	module_lock_mine = false;
	pthread_mutex_unlock(&module_lock);
}

bool port_module_lock_held(void)
{
	return module_lock_mine;
}

static uint64_t op_clock_ns(void *ctx)
{
	return port_clock_ns();
}

/* The module-memory hooks and bounds come from modarea_fill_ops(). */
static union ops_page ops_page = { .ops = {
	.ctx = &area,
	.heap_alloc = op_heap_alloc,
	.heap_free = op_heap_free,
	.log = op_log,
	.lock = op_lock,
	.unlock = op_unlock,
	.clock_ns = op_clock_ns,
	.sig_verify = crypto_sig_verify, /* crypto.c */
} };

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

	modarea_get_stats(&area, &st, &ps);
	seqbuf_printf(sb, "packed %d\n", packed);
	seqbuf_printf(sb, "pool_chunks %zu\n", ps.chunks);
	seqbuf_printf(sb, "pool_text_bytes %zu\n", ps.chunk_bytes[LKM_MEM_TEXT]);
	seqbuf_printf(sb, "pool_rodata_bytes %zu\n",
		      ps.chunk_bytes[LKM_MEM_RODATA]);
	seqbuf_printf(sb, "pool_data_bytes %zu\n", ps.chunk_bytes[LKM_MEM_DATA]);
	seqbuf_printf(sb, "pool_regions %zu\n", ps.regions);
	seqbuf_printf(sb, "pool_region_bytes %zu\n", ps.region_bytes);
	seqbuf_printf(sb, "pool_slack_bytes %zu\n", ps.slack_bytes);
	seqbuf_printf(sb, "pool_cached_bytes %zu\n", ps.cached_bytes);
	seqbuf_printf(sb, "area 0x%016lx-0x%016lx\n", (unsigned long)st.lo,
		      (unsigned long)st.hi);
	seqbuf_printf(sb, "allocs %zu\n", st.allocs);
	seqbuf_printf(sb, "alloc_bytes %zu\n", st.alloc_bytes);
	seqbuf_printf(sb, "budget_bytes %zu\n", st.budget_bytes);
	seqbuf_printf(sb, "free_bytes %zu\n", st.free_bytes);
	seqbuf_printf(sb, "free_extents %zu\n", st.free_extents);
	seqbuf_printf(sb, "free_space %zu\n", st.free_space);
	return seqbuf_printf(sb, "largest_free %zu\n", st.largest_free);
}

/* The ranges handed out: in the pool's chunks, or whole pages. */
int port_module_memory_for_each(int (*fn)(uintptr_t start, size_t len,
					  void *arg),
				void *arg)
{
	const struct modpool *pool = &area.pool;
	const struct modmem *pages = &area.pages;
	uintptr_t cur, end;
	size_t i, j;
	int ret = 0;

	if (!area_ready)
		return 0;
	pthread_mutex_lock(&area.lock);
	for (i = 0; area.packed && i < pool->nchunks && !ret; i++) {
		const struct modpool_chunk *c = &pool->chunks[i];

		cur = c->start;
		for (j = 0; j <= c->nfree && !ret; j++) {
			end = j < c->nfree ? c->free[j].start : c->start + c->size;
			if (end > cur)
				ret = fn(cur, end - cur, arg);
			if (j < c->nfree)
				cur = c->free[j].start + c->free[j].len;
		}
	}
	cur = pages->lo;
	for (i = 0; !area.packed && i <= pages->nr_free && !ret; i++) {
		end = i < pages->nr_free ? pages->free[i].start : pages->hi;
		if (end > cur)
			ret = fn(cur, end - cur, arg);
		if (i < pages->nr_free)
			cur = pages->free[i].start +
			      pages->free[i].pages * pages->page_size;
	}
	pthread_mutex_unlock(&area.lock);
	return ret;
}

int port_setup(void)
{
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t area_hi;
	int err;

	err = crypto_init();
	if (err)
		return err;
	area_hi = area_free_end(AREA_LO, AREA_HI);
	if (area_hi != AREA_HI)
		printk(KERN_WARNING "modmem: 0x%016lx is mapped, module area "
		       "cut short\n", (unsigned long)area_hi);
	err = modarea_init(&area, AREA_LO, area_hi,
			   page > 0 ? (size_t)page : 4096, packed);
	if (err) {
		printk(KERN_ERR "modmem: cannot reserve the module area "
		       "[mem 0x%016lx-0x%016lx]: error %d\n", AREA_LO,
		       (unsigned long)area_hi - 1, err);
		return err;
	}
	area_ready = true;
	modarea_fill_ops(&area, &hosted_ops);
	/* Nothing writes the loader's operations from here on. */
	err = port_set_kernel_ro(&ops_page, sizeof(ops_page), true);
	if (err)
		printk(KERN_ERR "hosted: cannot seal lkm_ops: %s\n",
		       strerror(-err));
	printk(KERN_INFO "modmem: module area [mem 0x%016lx-0x%016lx], "
	       "%zu-byte pages, %s\n", AREA_LO, (unsigned long)area_hi - 1,
	       area.page_size,
	       packed ? "regions packed by kind" : "whole pages per region");
	printk(KERN_INFO "hostfs: /lib/modules is %s\n", hostfs_get_modroot());
	return proc_register("/proc/lkm/modmem", show_modmem);
}

void port_teardown(void)
{
	crypto_exit();
	if (area_ready && modarea_exit(&area) == 0)
		area_ready = false;
	else if (area_ready)
		printk(KERN_WARNING "modmem: module area kept, blocks still "
		       "in use\n");
}
