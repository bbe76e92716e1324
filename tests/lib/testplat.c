// SPDX-License-Identifier: MIT
/*
 * testplat.c - the test platform: struct lkm_ops over a fixed module area,
 * a captured log, fault injection, contract checks, and the test kernel's
 * exports and providers.  See testplat.h.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "check.h"
#include "testplat.h"

#define NPAGES (TESTPLAT_AREA_SIZE / TESTPLAT_PAGE)
#define HEAP_MAGIC 0x6c6b6d68656170ull /* "lkmheap" */
#define JUNK 0xa5

struct testplat_counters testplat_counters;
long testplat_records[TESTPLAT_MAX_RECORDS];
unsigned testplat_nrecords;
struct lkm_stats testplat_snapshot;
unsigned testplat_nsnapshots;

static bool area_mapped;
static uint8_t *far_page; /* code page, then data page */
/* Per page: 0 free; else the block's page count at its first page and
 * UINT32_MAX on its other pages. */
static uint32_t page_block[NPAGES];
static unsigned long fail_heap_nth, fail_mem_nth, fail_protect_nth;
static bool lock_held;
static char *log_buf;
static size_t log_len, log_cap;
static bool log_echo;
static struct lkm_kernel *current_kernel;
static void *libc_handle;

/* ---- the log -------------------------------------------------------------- */

static void log_append(const char *s)
{
	size_t n = strlen(s);

	if (log_len + n + 1 > log_cap) {
		size_t cap = log_cap ? log_cap : 4096;

		while (log_len + n + 1 > cap)
			cap *= 2;
		log_buf = realloc(log_buf, cap);
		if (!log_buf)
			abort();
		log_cap = cap;
	}
	memcpy(log_buf + log_len, s, n + 1);
	log_len += n;
}

const char *testplat_log(void)
{
	return log_buf ? log_buf : "";
}

bool testplat_log_contains(const char *s)
{
	return strstr(testplat_log(), s) != NULL;
}

void testplat_log_clear(void)
{
	log_len = 0;
	if (log_buf)
		log_buf[0] = '\0';
}

void testplat_log_echo(bool on)
{
	log_echo = on;
}

static void tp_log(void *ctx, int level, const char *msg)
{
	char prefix[8];

	snprintf(prefix, sizeof(prefix), "<%d>", level);
	log_append(prefix);
	log_append(msg);
	log_append("\n");
	testplat_counters.log_lines++;
	if (log_echo)
		fprintf(stderr, "%s%s\n", prefix, msg);
	if (strchr(msg, '\n') || !*msg)
		testplat_counters.bad_log++; /* one non-empty line per call */
}

/* ---- heap --------------------------------------------------------------------- */

static bool inject(unsigned long *nth)
{
	return *nth && --*nth == 0;
}

static void *tp_heap_alloc(void *ctx, size_t size)
{
	uint64_t *h;

	if (inject(&fail_heap_nth))
		return NULL;
	h = malloc(size + 16);
	if (!h)
		return NULL;
	h[0] = size;
	h[1] = HEAP_MAGIC;
	memset(h + 2, JUNK, size); /* the core must not rely on zeroed heap */
	testplat_counters.heap_allocs++;
	testplat_counters.heap_live++;
	testplat_counters.heap_bytes_live += size;
	return h + 2;
}

static void tp_heap_free(void *ctx, void *ptr, size_t size)
{
	uint64_t *h = (uint64_t *)ptr - 2;

	if (!ptr || h[1] != HEAP_MAGIC || h[0] != size) {
		testplat_counters.bad_heap_free++;
		return; /* leak it rather than corrupt malloc */
	}
	h[1] = 0;
	testplat_counters.heap_frees++;
	testplat_counters.heap_live--;
	testplat_counters.heap_bytes_live -= size;
	free(h);
}

/* ---- module memory ------------------------------------------------------------ */

bool testplat_in_area(uintptr_t addr)
{
	return addr >= TESTPLAT_AREA_BASE &&
	       addr < TESTPLAT_AREA_BASE + TESTPLAT_AREA_SIZE;
}

static void *tp_mem_alloc(void *ctx, size_t size)
{
	size_t n = size / TESTPLAT_PAGE, run = 0;
	uint8_t *p;

	if (!size || size % TESTPLAT_PAGE) {
		testplat_counters.bad_mem_alloc++;
		return NULL;
	}
	if (inject(&fail_mem_nth))
		return NULL;
	for (size_t i = 0; i < NPAGES; i++) {
		run = page_block[i] ? 0 : run + 1;
		if (run < n)
			continue;
		size_t first = i + 1 - n;

		page_block[first] = (uint32_t)n;
		for (size_t j = first + 1; j <= i; j++)
			page_block[j] = UINT32_MAX;
		p = (uint8_t *)TESTPLAT_AREA_BASE + first * TESTPLAT_PAGE;
		if (mprotect(p, size, PROT_READ | PROT_WRITE))
			abort();
		memset(p, JUNK, size); /* nor on zeroed module memory */
		testplat_counters.mem_allocs++;
		testplat_counters.mem_live++;
		testplat_counters.mem_bytes_live += size;
		return p;
	}
	return NULL;
}

/* The first page of the block holding @p, or -1. */
static long block_of(uintptr_t p)
{
	long i;

	if (!testplat_in_area(p))
		return -1;
	i = (long)((p - TESTPLAT_AREA_BASE) / TESTPLAT_PAGE);
	while (i >= 0 && page_block[i] == UINT32_MAX)
		i--;
	return i >= 0 && page_block[i] ? i : -1;
}

static void tp_mem_free(void *ctx, void *addr, size_t size)
{
	uintptr_t p = (uintptr_t)addr;
	long b = block_of(p);

	if (b < 0 || p != TESTPLAT_AREA_BASE + (uintptr_t)b * TESTPLAT_PAGE ||
	    size != page_block[b] * TESTPLAT_PAGE) {
		testplat_counters.bad_mem_free++;
		return;
	}
	for (size_t j = 0; j < page_block[b]; j++)
		page_block[b + (long)j] = 0;
	/* Freed pages fault and lose their contents. */
	if (mprotect(addr, size, PROT_NONE) ||
	    madvise(addr, size, MADV_DONTNEED))
		abort();
	testplat_counters.mem_frees++;
	testplat_counters.mem_live--;
	testplat_counters.mem_bytes_live -= size;
}

static int tp_mem_protect(void *ctx, void *addr, size_t size, unsigned prot)
{
	uintptr_t p = (uintptr_t)addr;
	long b = block_of(p);
	int mp = 0;

	testplat_counters.protects++;
	if (b < 0 || p % TESTPLAT_PAGE || !size || size % TESTPLAT_PAGE ||
	    p + size > TESTPLAT_AREA_BASE +
			       ((uintptr_t)b + page_block[b]) * TESTPLAT_PAGE ||
	    (prot & LKM_PROT_WRITE && prot & LKM_PROT_EXEC) ||
	    prot & ~7u) {
		testplat_counters.bad_protect++;
		return -EINVAL;
	}
	if (inject(&fail_protect_nth))
		return -ENOMEM;
	if (prot & LKM_PROT_READ)
		mp |= PROT_READ;
	if (prot & LKM_PROT_WRITE)
		mp |= PROT_WRITE;
	if (prot & LKM_PROT_EXEC)
		mp |= PROT_EXEC;
	if (mprotect(addr, size, mp))
		return -errno;
	return 0;
}

/* ---- lock, clock ------------------------------------------------------------ */

static void tp_lock(void *ctx)
{
	if (lock_held)
		testplat_counters.bad_lock++;
	lock_held = true;
	testplat_counters.locks++;
}

static void tp_unlock(void *ctx)
{
	if (!lock_held)
		testplat_counters.bad_lock++;
	lock_held = false;
	testplat_counters.unlocks++;
}

static uint64_t tp_clock_ns(void *ctx)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

const struct lkm_ops testplat_ops = {
	.ctx = NULL,
	.heap_alloc = tp_heap_alloc,
	.heap_free = tp_heap_free,
	.mem_alloc = tp_mem_alloc,
	.mem_protect = tp_mem_protect,
	.mem_free = tp_mem_free,
	.log = tp_log,
	.lock = tp_lock,
	.unlock = tp_unlock,
	.clock_ns = tp_clock_ns,
	.area_lo = TESTPLAT_AREA_BASE,
	.area_hi = TESTPLAT_AREA_BASE + TESTPLAT_AREA_SIZE,
	.page_size = TESTPLAT_PAGE,
};

const struct lkm_config testplat_config = {
	.vermagic = LKM_VERMAGIC,
	.release = "test",
};

void testplat_fail_heap_alloc(unsigned long nth)
{
	fail_heap_nth = nth;
}

void testplat_fail_mem_alloc(unsigned long nth)
{
	fail_mem_nth = nth;
}

void testplat_fail_mem_protect(unsigned long nth)
{
	fail_protect_nth = nth;
}

/* ---- the exports ---------------------------------------------------------------- */

long test_var = 42;

long test_add(long a, long b)
{
	return a + b;
}

long test_gpl_only(long x)
{
	return x * 2;
}

long test_ns_fn(long x)
{
	return x + 1000;
}

long test_record(long v);
long test_record(long v)
{
	if (testplat_nrecords < TESTPLAT_MAX_RECORDS)
		testplat_records[testplat_nrecords++] = v;
	return v;
}

int test_lock_held(void);
int test_lock_held(void)
{
	return lock_held;
}

void test_snapshot(void);
void test_snapshot(void)
{
	if (current_kernel)
		lkm_kernel_get_stats(current_kernel, &testplat_snapshot);
	testplat_nsnapshots++;
}

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int printk(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_append("printk: ");
	log_append(buf);
	if (n == 0 || buf[strlen(buf) - 1] != '\n')
		log_append("\n");
	return n;
}

#define FN(f) ((const void *)(uintptr_t)(f))
static const struct lkm_ksym exports[] = {
	{ FN(test_add), "test_add", NULL },
	{ &test_var, "test_var", NULL },
	{ FN(test_record), "test_record", NULL },
	{ FN(test_lock_held), "test_lock_held", NULL },
	{ FN(test_snapshot), "test_snapshot", NULL },
	{ (const void *)TESTPLAT_SMALL_VALUE, "test_small_value", NULL },
	{ FN(printk), "printk", NULL },
	{ FN(memcpy), "memcpy", NULL },
	{ FN(memset), "memset", NULL },
	{ FN(memmove), "memmove", NULL },
	{ FN(memcmp), "memcmp", NULL },
	{ FN(strlen), "strlen", NULL },
	{ FN(test_ns_fn), "test_ns_fn", "TEST_NS" },
};
static const struct lkm_ksym gpl_exports[] = {
	{ FN(test_gpl_only), "test_gpl_only", NULL },
};

/* ---- providers ------------------------------------------------------------------ */

void *testplat_far_add(void)
{
	return far_page;
}

long *testplat_far_data(void)
{
	return (long *)(far_page + TESTPLAT_PAGE);
}

static void *resolve_libc(void *arg, const char *name)
{
	if (!libc_handle)
		libc_handle = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
	return libc_handle ? dlsym(libc_handle, name) : NULL;
}

static void *resolve_far(void *arg, const char *name)
{
	if (!strcmp(name, "far_add"))
		return testplat_far_add();
	if (!strcmp(name, "far_data"))
		return testplat_far_data();
	return NULL;
}

/* ---- setup ------------------------------------------------------------------------ */

static void map_far_pages(void)
{
	/* lea (%rdi,%rsi),%rax; ret */
	static const uint8_t add_code[] = { 0x48, 0x8d, 0x04, 0x37, 0xc3 };
	uintptr_t p;

	/* a hint far above everything, in case mmap grows bottom-up */
	far_page = mmap((void *)0x600000000000ul, 2 * TESTPLAT_PAGE,
			PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (far_page == MAP_FAILED)
		FAILF("mmap far pages: %s", strerror(errno));
	p = (uintptr_t)far_page;
	if (p < TESTPLAT_AREA_BASE + TESTPLAT_AREA_SIZE + (4ul << 30))
		FAILF("far pages at %#lx are not far from the area", p);
	memcpy(far_page, add_code, sizeof(add_code));
	*testplat_far_data() = TESTPLAT_FAR_DATA_VALUE;
	if (mprotect(far_page, TESTPLAT_PAGE, PROT_READ | PROT_EXEC))
		FAILF("mprotect far code: %s", strerror(errno));
}

void testplat_setup(void)
{
	const char *v = getenv("LKM_TEST_VERBOSE");

	if (!area_mapped) {
		void *p = mmap((void *)TESTPLAT_AREA_BASE, TESTPLAT_AREA_SIZE,
			       PROT_NONE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
				       MAP_FIXED_NOREPLACE,
			       -1, 0);

		if (p != (void *)TESTPLAT_AREA_BASE)
			FAILF("cannot reserve the module area at %#lx: %s",
			      TESTPLAT_AREA_BASE,
			      p == MAP_FAILED ? strerror(errno) : "moved");
		area_mapped = true;
		map_far_pages();
	} else {
		/* In-process runs: whatever a failed test left is dropped. */
		memset(page_block, 0, sizeof(page_block));
		if (mprotect((void *)TESTPLAT_AREA_BASE, TESTPLAT_AREA_SIZE,
			     PROT_NONE))
			abort();
	}
	memset(&testplat_counters, 0, sizeof(testplat_counters));
	memset(testplat_records, 0, sizeof(testplat_records));
	testplat_nrecords = 0;
	memset(&testplat_snapshot, 0, sizeof(testplat_snapshot));
	testplat_nsnapshots = 0;
	fail_heap_nth = fail_mem_nth = fail_protect_nth = 0;
	lock_held = false;
	testplat_log_clear();
	log_echo = v && *v && strcmp(v, "0");
}

struct lkm_kernel *testplat_new_bare(void)
{
	struct lkm_kernel *k;
	int err;

	testplat_setup();
	err = lkm_kernel_new(&testplat_ops, &testplat_config, &k);
	if (err)
		FAILF("lkm_kernel_new: %d", err);
	current_kernel = k;
	return k;
}

struct lkm_kernel *testplat_new(void)
{
	struct lkm_kernel *k = testplat_new_bare();
	int err;

	err = lkm_kernel_add_symbols(k, exports,
				     exports + sizeof(exports) / sizeof(exports[0]),
				     false);
	if (!err)
		err = lkm_kernel_add_symbols(
			k, gpl_exports,
			gpl_exports + sizeof(gpl_exports) / sizeof(gpl_exports[0]),
			true);
	if (!err)
		err = lkm_kernel_add_provider(k, "HOST_LIBC", resolve_libc, NULL);
	if (!err)
		err = lkm_kernel_add_provider(k, "TEST_FAR", resolve_far, NULL);
	if (err)
		FAILF("setting up the test kernel: %d", err);
	testplat_log_clear();
	return k;
}

void testplat_free(struct lkm_kernel *k)
{
	struct testplat_counters *c = &testplat_counters;

	CHECK_EQ(lkm_kernel_free(k), 0);
	current_kernel = NULL;
	CHECK_EQ(c->heap_live, 0);
	CHECK_EQ(c->heap_bytes_live, 0);
	CHECK_EQ(c->mem_live, 0);
	CHECK_EQ(c->mem_bytes_live, 0);
	CHECK_EQ(c->bad_heap_free, 0);
	CHECK_EQ(c->bad_mem_free, 0);
	CHECK_EQ(c->bad_protect, 0);
	CHECK_EQ(c->bad_lock, 0);
	CHECK_EQ(c->bad_mem_alloc, 0);
	CHECK_EQ(c->bad_log, 0);
	CHECK_EQ(lock_held, false);
	CHECK_EQ(c->locks, c->unlocks);
}

/* ---- /proc/self/maps ---------------------------------------------------------------- */

bool testplat_page_perms(uintptr_t addr, char perms[5])
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	bool found = false;

	if (!f)
		FAILF("/proc/self/maps: %s", strerror(errno));
	while (!found && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		char p[5];

		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, p) == 3 &&
		    addr >= lo && addr < hi) {
			memcpy(perms, p, 5);
			found = true;
		}
	}
	fclose(f);
	return found;
}
