// SPDX-License-Identifier: MIT
/*
 * modpool_test.c - unit test of packed module memory (kernel/modpool.c).
 *
 * The port hooks are fakes that keep, per page, the permissions the pool
 * gave it and whether freed code was overwritten, so the test checks the
 * pool's promises without mapping anything: freed text never stays
 * executable (overwritten with traps, or made read-write), nothing written
 * as data becomes code, text shares pages but is written through a window,
 * a region of a page or more is written where it runs and sealed, cached
 * chunks serve the next load without permission changes, and everything
 * goes back to the page allocator.
 */
#include <stdio.h>
#include <string.h>

#include <lkm/errno.h>

#include "../internal.h"

#define PAGE 4096ul
#define LO 0x40000000ul
#define NPAGES 1024
#define HI (LO + NPAGES * PAGE)

enum { P_NONE, P_TEXT, P_RODATA, P_RW };

static int failures;
static int prot[NPAGES];      /* what each page may do now */
static int dirty[NPAGES];     /* bytes written, not overwritten with traps */
static int set_kinds, windows_open, commits, poisons;
static char staging[64 * 1024];

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__,    \
				__LINE__, #cond);                           \
			failures++;                                         \
		}                                                           \
	} while (0)

static size_t page_of(uintptr_t a)
{
	return (a - LO) / PAGE;
}

static void set_range(uintptr_t a, size_t size, int p)
{
	for (size_t i = page_of(a); i <= page_of(a + size - 1); i++)
		prot[i] = p;
}

static int fake_reserve(void *ctx, uintptr_t lo, size_t size)
{
	return 0;
}

static void fake_unreserve(void *ctx, uintptr_t lo, size_t size)
{
}

static int fake_commit(void *ctx, void *addr, size_t size)
{
	set_range((uintptr_t)addr, size, P_RW);
	return 0;
}

static void fake_decommit(void *ctx, void *addr, size_t size)
{
	set_range((uintptr_t)addr, size, P_NONE);
	for (size_t i = page_of((uintptr_t)addr);
	     i <= page_of((uintptr_t)addr + size - 1); i++)
		dirty[i] = 0;
}

static const struct modmem_hooks page_hooks = {
	fake_reserve, fake_unreserve, fake_commit, fake_decommit,
};

static int fake_set_kind(void *ctx, void *addr, size_t size, unsigned kind)
{
	static const int p[] = { [LKM_MEM_TEXT] = P_TEXT,
				 [LKM_MEM_RODATA] = P_RODATA,
				 [LKM_MEM_DATA] = P_RW };

	/* written pages become executable only once overwritten */
	if (kind == LKM_MEM_TEXT)
		for (size_t i = page_of((uintptr_t)addr);
		     i <= page_of((uintptr_t)addr + size - 1); i++)
			CHECK(!dirty[i]);
	set_range((uintptr_t)addr, size, p[kind]);
	set_kinds++;
	return 0;
}

static void *fake_window_open(void *ctx, void *addr, size_t size,
			      unsigned kind)
{
	CHECK(kind != LKM_MEM_DATA);
	windows_open++;
	return staging;
}

static int fake_window_close(void *ctx, void *addr, size_t size,
			     unsigned kind, void *write, bool commit)
{
	CHECK(write == staging);
	windows_open--;
	if (commit) {
		commits++;
		dirty[page_of((uintptr_t)addr)] = 1;
	}
	return 0;
}

static int fake_poison(void *ctx, void *addr, size_t size)
{
	poisons++;
	for (size_t i = page_of((uintptr_t)addr);
	     i <= page_of((uintptr_t)addr + size - 1); i++)
		dirty[i] = 0;
	return 0;
}

static const struct modpool_hooks pool_hooks = {
	fake_set_kind, fake_window_open, fake_window_close, fake_poison,
};

static struct modmem mm;
static struct modpool pool;

static uintptr_t alloc(unsigned kind, size_t size, void **write)
{
	void *exec = NULL;

	if (modpool_alloc(&pool, kind, size, 16, &exec, write))
		return 0;
	return (uintptr_t)exec;
}

static void test_shared_text(void)
{
	void *w1, *w2;
	uintptr_t a = alloc(LKM_MEM_TEXT, 100, &w1);
	uintptr_t b = alloc(LKM_MEM_TEXT, 50, &w2);

	CHECK(a && b && page_of(a) == page_of(b));	/* packed */
	CHECK(w1 == staging && windows_open == 2);	/* never the page */
	CHECK(prot[page_of(a)] == P_TEXT);
	CHECK(modpool_seal(&pool, LKM_MEM_TEXT, (void *)a, 100) == 0);
	CHECK(modpool_seal(&pool, LKM_MEM_TEXT, (void *)b, 50) == 0);
	CHECK(commits == 2 && windows_open == 0);
	modpool_free(&pool, LKM_MEM_TEXT, (void *)a, 100);
	CHECK(poisons == 1);
	modpool_free(&pool, LKM_MEM_TEXT, (void *)b, 50);
	CHECK(poisons == 2 && !dirty[page_of(a)]);
	/* the emptied chunk is cached as it is and serves the next load */
	set_kinds = 0;
	CHECK(alloc(LKM_MEM_TEXT, 30, &w1) == a && set_kinds == 0);
	modpool_free(&pool, LKM_MEM_TEXT, (void *)a, 30); /* unsealed */
	CHECK(windows_open == 0);
}

static void test_whole_in_place(void)
{
	void *w;
	uintptr_t r = alloc(LKM_MEM_RODATA, 3 * PAGE, &w);
	uintptr_t t = alloc(LKM_MEM_TEXT, 64 * PAGE, &w);

	CHECK(r && t);
	CHECK(w == (void *)t && prot[page_of(t)] == P_RW); /* as on Linux */
	CHECK(modpool_seal(&pool, LKM_MEM_TEXT, (void *)t, 64 * PAGE) == 0);
	CHECK(prot[page_of(t)] == P_TEXT && prot[page_of(t) + 63] == P_TEXT);
	CHECK(modpool_seal(&pool, LKM_MEM_RODATA, (void *)r, 3 * PAGE) == 0);
	CHECK(prot[page_of(r)] == P_RODATA);
	modpool_free(&pool, LKM_MEM_TEXT, (void *)t, 64 * PAGE);
	CHECK(prot[page_of(t)] == P_RW);	/* cached, no longer code */
	/* text of a few pages is copied in instead: not in place */
	t = alloc(LKM_MEM_TEXT, 2 * PAGE, &w);
	CHECK(t && w == staging && prot[page_of(t)] == P_TEXT);
	modpool_free(&pool, LKM_MEM_TEXT, (void *)t, 2 * PAGE);
	modpool_free(&pool, LKM_MEM_RODATA, (void *)r, 3 * PAGE);
}

/* A cached chunk that held data is overwritten before it becomes text. */
static void test_data_never_becomes_code(void)
{
	void *w;
	uintptr_t d = alloc(LKM_MEM_DATA, 2 * PAGE, &w), t;

	CHECK(d && w == (void *)d);
	dirty[page_of(d)] = dirty[page_of(d) + 1] = 1; /* a module's bytes */
	CHECK(modpool_seal(&pool, LKM_MEM_DATA, (void *)d, 2 * PAGE) == 0);
	modpool_free(&pool, LKM_MEM_DATA, (void *)d, 2 * PAGE);
	poisons = 0;
	t = alloc(LKM_MEM_TEXT, 2 * PAGE, &w); /* that chunk, as text */
	CHECK(t == d && poisons == 1 && prot[page_of(t)] == P_TEXT);
	modpool_free(&pool, LKM_MEM_TEXT, (void *)t, 2 * PAGE);
}

static void test_everything_back(void)
{
	struct modpool_stats ps;
	struct modmem_stats st;

	modpool_get_stats(&pool, &ps);
	CHECK(ps.regions == 0 && ps.region_bytes == 0);
	modpool_flush(&pool);
	modmem_get_stats(&mm, &st);
	CHECK(st.allocs == 0 && st.alloc_bytes == 0);
	modpool_exit(&pool);
	CHECK(modmem_exit(&mm) == 0);
}

int main(void)
{
	CHECK(modmem_init(&mm, LO, HI, PAGE, &page_hooks, NULL) == 0);
	modmem_set_guard(&mm, 1);
	CHECK(modpool_init(&pool, &mm, &pool_hooks, NULL) == 0);
	test_shared_text();
	test_whole_in_place();
	test_data_never_becomes_code();
	test_everything_back();
	if (failures) {
		fprintf(stderr, "modpool_test: %d checks failed\n", failures);
		return 1;
	}
	printf("modpool_test: ok\n");
	return 0;
}
