/* SPDX-License-Identifier: MIT */
/*
 * testplat.h - a struct lkm_ops for tests, and the kernel they load into.
 *
 * The module area is TESTPLAT_AREA_SIZE bytes reserved PROT_NONE at the
 * fixed low address TESTPLAT_AREA_BASE, so that modules built for the small
 * code model (and linked against a test program built -no-pie, which sits
 * below it) link directly; the C library, at 0x7f..., is far away, so calls
 * into it need stubs.  Module memory comes from a first-fit page allocator
 * over the area; freed pages go back to PROT_NONE, so a use after free
 * faults.  The platform checks the contract of every hook (page-aligned
 * blocks freed with their size, heap blocks freed with their size, never
 * write+exec, lock not recursive) and counts violations.
 *
 * The kernel's vermagic is LKM_VERMAGIC, as lkm-build stamps modules.
 * testplat_new() makes a kernel with these exports:
 *   test_add(a, b)        a + b                               EXPORT_SYMBOL
 *   test_var              long, 42                            EXPORT_SYMBOL
 *   test_record(v)        appends v to testplat_records[]     EXPORT_SYMBOL
 *   test_lock_held()      1 if the module-list lock is held   EXPORT_SYMBOL
 *   test_snapshot()       saves lkm_kernel_get_stats()        EXPORT_SYMBOL
 *   test_small_value      the number 0x1234 (not an address)  EXPORT_SYMBOL
 *   printk, memcpy, memset, memmove, memcmp, strlen           EXPORT_SYMBOL
 *                         (compilers emit calls to them)
 *   test_gpl_only(x)      x * 2                               EXPORT_SYMBOL_GPL
 *   test_ns_fn(x)         x + 1000, namespace TEST_NS         EXPORT_SYMBOL_NS
 * and two providers:
 *   HOST_LIBC   any function of the C library (looked up in libc itself)
 *   TEST_FAR    far_add(a, b) (code on a page far above the area) and
 *               far_data (a long, TESTPLAT_FAR_DATA_VALUE, on a far page)
 */
#ifndef LKM_TESTS_TESTPLAT_H
#define LKM_TESTS_TESTPLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lkm/lkm.h>
#include <lkm/version.h>

#define TESTPLAT_AREA_BASE 0x50000000ul
#define TESTPLAT_AREA_SIZE (256ul << 20)
#define TESTPLAT_PAGE 4096ul
#define TESTPLAT_FAR_DATA_VALUE 0x1122334455667788l
#define TESTPLAT_SMALL_VALUE 0x1234ul
#define TESTPLAT_MAX_RECORDS 64

struct testplat_counters {
	unsigned long heap_allocs, heap_frees, heap_live;
	size_t heap_bytes_live;
	unsigned long mem_allocs, mem_frees, mem_live;
	size_t mem_bytes_live;
	unsigned long protects;
	unsigned long locks, unlocks;
	unsigned long log_lines;
	/* contract violations by the core; tests expect all of them 0 */
	unsigned long bad_heap_free;  /* unknown pointer or wrong size */
	unsigned long bad_mem_free;   /* not a block, or wrong size */
	unsigned long bad_protect;    /* unaligned, outside a block, W+X */
	unsigned long bad_lock;       /* recursive lock, unlock unheld */
	unsigned long bad_mem_alloc;  /* size not a page multiple */
	unsigned long bad_log;        /* empty line, or a newline in it */
};

extern struct testplat_counters testplat_counters;
extern long testplat_records[TESTPLAT_MAX_RECORDS];
extern unsigned testplat_nrecords;
extern struct lkm_stats testplat_snapshot; /* from test_snapshot() */
extern unsigned testplat_nsnapshots;
extern const struct lkm_config testplat_config;
extern const struct lkm_ops testplat_ops;

/* Exports (see above), callable by tests to compare addresses. */
long test_add(long a, long b);
long test_gpl_only(long x);
long test_ns_fn(long x);
extern long test_var;

/* Map the area and the far pages (once), reset counters and the log. */
void testplat_setup(void);

/*
 * A kernel with the exports and providers above (testplat_new_bare: with
 * none), after testplat_setup().  Fails the test if anything goes wrong.
 */
struct lkm_kernel *testplat_new(void);
struct lkm_kernel *testplat_new_bare(void);

/*
 * Free @k (which must have no modules) and check that every block and
 * byte came back and no contract was violated.
 */
void testplat_free(struct lkm_kernel *k);

/* Log: every line the core logged, "<level>message\n" each. */
const char *testplat_log(void);
bool testplat_log_contains(const char *s);
void testplat_log_clear(void);
/* Print the log to stderr as lines are logged (also LKM_TEST_VERBOSE=1). */
void testplat_log_echo(bool on);

/* Fault injection: make the @nth next call fail (1 = the next); 0 = off. */
void testplat_fail_heap_alloc(unsigned long nth);
void testplat_fail_mem_alloc(unsigned long nth);
void testplat_fail_mem_protect(unsigned long nth);

/* Where the far things are. */
void *testplat_far_add(void);
long *testplat_far_data(void);

/* The permissions of the page holding @addr, from /proc/self/maps, as
 * "r-xp"; returns false if it is not mapped. */
bool testplat_page_perms(uintptr_t addr, char perms[5]);

/* Is @addr inside the module area? */
bool testplat_in_area(uintptr_t addr);

#endif /* LKM_TESTS_TESTPLAT_H */
