// SPDX-License-Identifier: MIT
/*
 * modmem_test.c - unit test of the module-area allocator (kernel/modmem.c).
 *
 * The port hooks are fakes that only count, so the test runs anywhere and
 * checks the allocator's contract: first fit, page rounding, coalescing
 * back to one extent, refusal of double and bogus frees, unwinding of a
 * failed commit, the page budget counted apart from address space, guard
 * pages, and that the live-block cap keeps frees from overflowing the
 * extent array.
 */
#include <stdio.h>
#include <stdlib.h>

#include <lkm/errno.h>

#include "../internal.h"

#define PAGE 4096ul
#define LO 0x40000000ul
#define HI (LO + (1ul << 30))

static int failures;
static int commits, decommits, fail_next_commit;

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__,    \
				__LINE__, #cond);                           \
			failures++;                                         \
		}                                                           \
	} while (0)

static int fake_reserve(void *ctx, uintptr_t lo, size_t size)
{
	return 0;
}

static void fake_unreserve(void *ctx, uintptr_t lo, size_t size)
{
}

static int fake_commit(void *ctx, void *addr, size_t size)
{
	if (fail_next_commit) {
		fail_next_commit = 0;
		return -LKM_ENOMEM;
	}
	commits++;
	return 0;
}

static void fake_decommit(void *ctx, void *addr, size_t size)
{
	decommits++;
}

static const struct modmem_hooks hooks = {
	fake_reserve, fake_unreserve, fake_commit, fake_decommit,
};

static struct modmem mm;

static uintptr_t alloc(size_t size)
{
	return (uintptr_t)modmem_alloc(&mm, size);
}

static void test_init(void)
{
	CHECK(modmem_init(&mm, LO, HI, 3000, &hooks, NULL) == -LKM_EINVAL);
	CHECK(modmem_init(&mm, LO + 1, HI, PAGE, &hooks, NULL) == -LKM_EINVAL);
	CHECK(modmem_init(&mm, HI, LO, PAGE, &hooks, NULL) == -LKM_EINVAL);
	CHECK(modmem_init(&mm, LO, HI, PAGE, &hooks, NULL) == 0);
	CHECK(mm.nr_free == 1);
}

static void test_first_fit_and_coalesce(void)
{
	uintptr_t a, b, c, d, e;
	struct modmem_stats st;

	a = alloc(PAGE);
	b = alloc(2 * PAGE);
	c = alloc(1);	/* rounds up to a page */
	CHECK(a == LO && b == LO + PAGE && c == LO + 3 * PAGE);
	CHECK(modmem_free(&mm, (void *)b, 2 * PAGE) == 0);
	CHECK(mm.nr_free == 2);
	d = alloc(PAGE);	/* first fit: the hole b left */
	e = alloc(2 * PAGE);	/* too big for the rest of the hole */
	CHECK(d == LO + PAGE && e == LO + 4 * PAGE);
	CHECK(modmem_free(&mm, (void *)d, PAGE) == 0);
	CHECK(modmem_free(&mm, (void *)a, PAGE) == 0);	/* merges forward */
	CHECK(modmem_free(&mm, (void *)e, 2 * PAGE) == 0); /* merges back */
	CHECK(mm.nr_free == 2);
	CHECK(modmem_free(&mm, (void *)c, PAGE) == 0);	/* merges both */
	modmem_get_stats(&mm, &st);
	CHECK(mm.nr_free == 1 && st.allocs == 0 && st.alloc_bytes == 0);
	CHECK(st.free_bytes == HI - LO && st.largest_free == HI - LO);
	CHECK(commits == decommits);
}

static void test_bad_frees(void)
{
	uintptr_t a = alloc(PAGE), b = alloc(PAGE);

	CHECK(modmem_free(&mm, (void *)a, PAGE) == 0);
	CHECK(modmem_free(&mm, (void *)a, PAGE) == -LKM_EINVAL);
	CHECK(modmem_free(&mm, (void *)(b + 8), PAGE) == -LKM_EINVAL);
	CHECK(modmem_free(&mm, (void *)(LO - PAGE), PAGE) == -LKM_EINVAL);
	CHECK(modmem_free(&mm, (void *)b, HI - LO) == -LKM_EINVAL);
	CHECK(modmem_free(&mm, (void *)b, 0) == -LKM_EINVAL);
	CHECK(modmem_alloc(&mm, 0) == NULL);
	CHECK(modmem_alloc(&mm, HI - LO + PAGE) == NULL);
	CHECK(modmem_free(&mm, (void *)b, PAGE) == 0);
	CHECK(mm.nr_free == 1 && mm.nr_allocs == 0);
}

static void test_failed_commit(void)
{
	uintptr_t a = alloc(PAGE), b;

	fail_next_commit = 1;
	CHECK(alloc(PAGE) == 0);
	CHECK(mm.nr_allocs == 1 && mm.nr_free == 1);
	b = alloc(PAGE);
	CHECK(b == a + PAGE);	/* the same pages were given back */
	CHECK(modmem_free(&mm, (void *)a, PAGE) == 0);
	CHECK(modmem_free(&mm, (void *)b, PAGE) == 0);
	CHECK(mm.nr_free == 1 && mm.nr_allocs == 0);
}

/*
 * The budget limits committed pages, not address space: with holes in the
 * address space, a block fails only when the budget has not its pages.
 */
static void test_budget(void)
{
	struct modmem_stats st;
	uintptr_t a, b, c;

	modmem_set_budget(&mm, 3 * PAGE);
	a = alloc(PAGE);
	b = alloc(PAGE);
	c = alloc(PAGE);
	CHECK(a && b && c);
	CHECK(alloc(PAGE) == 0);	/* budget spent, space plentiful */
	CHECK(modmem_free(&mm, (void *)b, PAGE) == 0);
	b = alloc(2 * PAGE);	/* the hole is too short: it goes after, */
	CHECK(b == 0);		/* but 4 pages are more than the budget */
	CHECK(modmem_free(&mm, (void *)a, PAGE) == 0);
	b = alloc(2 * PAGE);
	CHECK(b != 0);
	modmem_get_stats(&mm, &st);
	CHECK(st.budget_bytes == 3 * PAGE && st.alloc_bytes == 3 * PAGE &&
	      st.free_bytes == 0 && st.budget_refusals == 2 &&
	      st.space_refusals == 0);
	CHECK(modmem_free(&mm, (void *)b, 2 * PAGE) == 0);
	CHECK(modmem_free(&mm, (void *)c, PAGE) == 0);
	modmem_set_budget(&mm, HI - LO);
	CHECK(mm.nr_free == 1 && mm.nr_allocs == 0);
}

/* A guard page follows each block, uncommitted, and comes back with it. */
static void test_guard(void)
{
	uintptr_t a, b;

	modmem_set_guard(&mm, 1);
	a = alloc(PAGE);
	b = alloc(2 * PAGE);
	CHECK(a == LO && b == LO + 2 * PAGE);
	CHECK(mm.alloc_pages == 3);	/* guards are not memory */
	CHECK(modmem_free(&mm, (void *)a, PAGE) == 0);
	CHECK(alloc(2 * PAGE) == b + 3 * PAGE); /* 2 + guard: not the hole */
	CHECK(modmem_free(&mm, (void *)(b + 3 * PAGE), 2 * PAGE) == 0);
	CHECK(modmem_free(&mm, (void *)b, 2 * PAGE) == 0);
	CHECK(mm.nr_free == 1 && mm.nr_allocs == 0 && mm.alloc_pages == 0);
	modmem_set_guard(&mm, 0);
}

/* Fill to the cap, then free every other block: most extents possible. */
static void test_extent_cap(void)
{
	static uintptr_t blocks[MODMEM_MAX_EXTENTS];
	size_t i, n = 0;

	while ((blocks[n] = alloc(PAGE)) != 0)
		n++;
	CHECK(n == MODMEM_MAX_EXTENTS - 1);
	for (i = 0; i < n; i += 2)
		CHECK(modmem_free(&mm, (void *)blocks[i], PAGE) == 0);
	CHECK(mm.nr_free <= MODMEM_MAX_EXTENTS);
	CHECK(modmem_exit(&mm) == -LKM_EBUSY);
	for (i = 1; i < n; i += 2)
		CHECK(modmem_free(&mm, (void *)blocks[i], PAGE) == 0);
	CHECK(mm.nr_free == 1 && mm.nr_allocs == 0);
	CHECK(modmem_exit(&mm) == 0);
}

int main(void)
{
	test_init();
	test_first_fit_and_coalesce();
	test_bad_frees();
	test_failed_commit();
	test_budget();
	test_guard();
	test_extent_cap();
	if (failures) {
		fprintf(stderr, "modmem_test: %d checks failed\n", failures);
		return 1;
	}
	printf("modmem_test: ok\n");
	return 0;
}
