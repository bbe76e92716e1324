// SPDX-License-Identifier: MIT
/*
 * modmem.c - the module area: a page-granular first-fit allocator.
 *
 * The port reserves one range of address space (inaccessible, backed
 * lazily) and every module's memory is carved from it, so that modules lie
 * within a branch's reach of each other and of the kernel image.  As with
 * Linux's vmalloc, address space and memory are counted apart: the range
 * is plentiful address space, the memory is a budget of committed pages
 * (the whole range unless the port sets a smaller one), so a block is
 * refused when the budget has not the pages, or -- only if the range is
 * tight -- when no free extent is long enough; both are counted.  Each
 * block may be followed by guard pages the port never commits (address
 * space only), which keep every block a mapping of its own and catch
 * overruns.  The free list is an address-ordered array of extents, fully
 * coalesced: two free extents always have a live block between them, so
 * there are at most one more extents than live blocks, and capping live
 * blocks at MODMEM_MAX_EXTENTS - 1 means a free never needs a slot it does
 * not have.  The allocator itself needs no memory and takes no lock; the
 * port serialises calls.
 */
#include <string.h>

#include <lkm/errno.h>

#include "internal.h"

static uintptr_t extent_end(const struct modmem *mm,
			    const struct modmem_extent *e)
{
	return e->start + e->pages * mm->page_size;
}

static void extent_remove(struct modmem *mm, size_t i)
{
	memmove(&mm->free[i], &mm->free[i + 1],
		(mm->nr_free - i - 1) * sizeof(mm->free[0]));
	mm->nr_free--;
}

static void extent_insert(struct modmem *mm, size_t i, uintptr_t start,
			  size_t pages)
{
	memmove(&mm->free[i + 1], &mm->free[i],
		(mm->nr_free - i) * sizeof(mm->free[0]));
	mm->free[i] = (struct modmem_extent){ start, pages };
	mm->nr_free++;
}

/* Pages for @size bytes, 0 if @size is 0 or absurd. */
static size_t size_to_pages(const struct modmem *mm, size_t size)
{
	if (size == 0 || size > mm->hi - mm->lo)
		return 0;
	return (size + mm->page_size - 1) / mm->page_size;
}

int modmem_init(struct modmem *mm, uintptr_t lo, uintptr_t hi,
		size_t page_size, const struct modmem_hooks *hooks, void *ctx)
{
	int err;

	if (page_size == 0 || (page_size & (page_size - 1)) ||
	    lo % page_size || hi % page_size || hi <= lo)
		return -LKM_EINVAL;
	err = hooks->reserve(ctx, lo, hi - lo);
	if (err)
		return err;
	*mm = (struct modmem){ .hooks = hooks, .ctx = ctx, .lo = lo, .hi = hi,
			       .page_size = page_size,
			       .budget_pages = (hi - lo) / page_size };
	extent_insert(mm, 0, lo, (hi - lo) / page_size);
	return 0;
}

void modmem_set_budget(struct modmem *mm, size_t bytes)
{
	mm->budget_pages = bytes / mm->page_size;
}

void modmem_set_guard(struct modmem *mm, size_t pages)
{
	mm->guard_pages = pages;
}

int modmem_exit(struct modmem *mm)
{
	if (mm->nr_allocs)
		return -LKM_EBUSY;
	mm->hooks->unreserve(mm->ctx, mm->lo, mm->hi - mm->lo);
	mm->nr_free = 0;
	return 0;
}

/* Put [start, start + pages) back into the free list, merging neighbours. */
static void extent_give_back(struct modmem *mm, size_t i, uintptr_t start,
			     size_t pages)
{
	uintptr_t end = start + pages * mm->page_size;
	bool merge_prev = i > 0 && extent_end(mm, &mm->free[i - 1]) == start;
	bool merge_next = i < mm->nr_free && mm->free[i].start == end;

	if (merge_prev && merge_next) {
		mm->free[i - 1].pages += pages + mm->free[i].pages;
		extent_remove(mm, i);
	} else if (merge_prev) {
		mm->free[i - 1].pages += pages;
	} else if (merge_next) {
		mm->free[i].start = start;
		mm->free[i].pages += pages;
	} else {
		extent_insert(mm, i, start, pages);
	}
}

void *modmem_alloc(struct modmem *mm, size_t size)
{
	size_t pages = size_to_pages(mm, size), span, i;
	uintptr_t start;

	if (pages == 0 || mm->nr_allocs >= MODMEM_MAX_EXTENTS - 1)
		return NULL;
	if (mm->alloc_pages + pages > mm->budget_pages) {
		mm->budget_refusals++;
		return NULL;
	}
	span = pages + mm->guard_pages;
	for (i = 0; i < mm->nr_free; i++)
		if (mm->free[i].pages >= span)
			break;
	if (i == mm->nr_free) {
		mm->space_refusals++;
		return NULL;
	}
	start = mm->free[i].start;
	mm->free[i].start += span * mm->page_size;
	mm->free[i].pages -= span;
	if (mm->free[i].pages == 0)
		extent_remove(mm, i);
	if (mm->hooks->commit(mm->ctx, (void *)start, pages * mm->page_size)) {
		extent_give_back(mm, i, start, span);
		return NULL;
	}
	mm->nr_allocs++;
	mm->alloc_pages += pages;
	return (void *)start;
}

int modmem_free(struct modmem *mm, void *addr, size_t size)
{
	uintptr_t start = (uintptr_t)addr, end;
	size_t pages = size_to_pages(mm, size), i;
	size_t span = pages + mm->guard_pages;

	if (pages == 0 || start % mm->page_size || start < mm->lo ||
	    span * mm->page_size > mm->hi - start)
		return -LKM_EINVAL;
	end = start + span * mm->page_size;
	for (i = 0; i < mm->nr_free; i++)
		if (mm->free[i].start > start)
			break;
	/* Overlapping a free extent: a double or a bogus free. */
	if ((i > 0 && extent_end(mm, &mm->free[i - 1]) > start) ||
	    (i < mm->nr_free && mm->free[i].start < end) ||
	    mm->nr_allocs == 0)
		return -LKM_EINVAL;
	mm->hooks->decommit(mm->ctx, addr, pages * mm->page_size);
	extent_give_back(mm, i, start, span);
	mm->nr_allocs--;
	mm->alloc_pages -= pages;
	return 0;
}

void modmem_get_stats(const struct modmem *mm, struct modmem_stats *out)
{
	size_t i, bytes;

	*out = (struct modmem_stats){ .lo = mm->lo, .hi = mm->hi,
				      .allocs = mm->nr_allocs,
				      .alloc_bytes = mm->alloc_pages *
						     mm->page_size,
				      .budget_bytes = mm->budget_pages *
						      mm->page_size,
				      .free_extents = mm->nr_free,
				      .budget_refusals = mm->budget_refusals,
				      .space_refusals = mm->space_refusals };
	if (mm->budget_pages > mm->alloc_pages)
		out->free_bytes = (mm->budget_pages - mm->alloc_pages) *
				  mm->page_size;
	for (i = 0; i < mm->nr_free; i++) {
		bytes = mm->free[i].pages * mm->page_size;
		out->free_space += bytes;
		if (bytes > out->largest_free)
			out->largest_free = bytes;
	}
}
