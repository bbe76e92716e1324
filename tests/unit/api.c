// SPDX-License-Identifier: MIT
/*
 * api.c - the embedder API's own contracts: argument checking in
 * lkm_kernel_new() and friends, optional hooks, .modinfo iteration without
 * loading, state names and the load/unload counters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "fixture.h"
#include "testplat.h"

TEST(api_kernel_new_rejects_bad_ops)
{
	struct lkm_ops ops;
	struct lkm_kernel *k = (struct lkm_kernel *)&ops;

	testplat_setup();
	for (int i = 0; i < 8; i++) {
		ops = testplat_ops;
		switch (i) {
		case 0: ops.heap_alloc = NULL; break;
		case 1: ops.heap_free = NULL; break;
		case 2: ops.mem_alloc = NULL; break;
		case 3: ops.mem_protect = NULL; break;
		case 4: ops.mem_free = NULL; break;
		case 5: ops.page_size = 3000; break;
		case 6: ops.page_size = 0; break;
		case 7: ops.area_hi = ops.area_lo; break;
		}
		k = (struct lkm_kernel *)&ops;
		if (lkm_kernel_new(&ops, &testplat_config, &k) != -LKM_EINVAL)
			FAILF("case %d accepted", i);
		CHECK(k == NULL);
	}
	CHECK_EQ(lkm_kernel_new(NULL, &testplat_config, &k), -LKM_EINVAL);
	CHECK_EQ(lkm_kernel_new(&testplat_ops, NULL, &k), -LKM_EINVAL);
	CHECK_EQ(testplat_counters.heap_live, 0);
	CHECK_EQ(lkm_kernel_free(NULL), 0);
}

/* log, lock, unlock and clock_ns may be NULL. */
TEST(api_optional_hooks)
{
	struct lkm_ops ops = testplat_ops;
	struct lkm_kernel *k;
	static const struct lkm_ksym syms[] = {
		{ (const void *)(uintptr_t)test_add, "test_add", NULL },
		{ &test_var, "test_var", NULL },
		{ (const void *)TESTPLAT_SMALL_VALUE, "test_small_value", NULL },
	};

	testplat_setup();
	ops.log = NULL;
	ops.lock = NULL;
	ops.unlock = NULL;
	ops.clock_ns = NULL;
	CHECK_EQ(lkm_kernel_new(&ops, &testplat_config, &k), 0);
	CHECK_EQ(lkm_kernel_add_symbols(k, syms, syms + 3, false), 0);
	/* reloc.ko needs the far provider: without it, a silent -ENOENT */
	CHECK_EQ(image_load(k, image_read("reloc")), -LKM_ENOENT);
	fixture_load(k, "elfbase");
	CHECK_EQ(KSYM_FN(k, long (*)(void), "elfbase_bump")(), 4);
	fixture_unload(k, "elfbase");
	CHECK_EQ(testplat_counters.locks, 0);
	CHECK_EQ(testplat_counters.log_lines, 0);
	CHECK_EQ(lkm_kernel_free(k), 0);
	CHECK_EQ(testplat_counters.heap_live, 0);
	CHECK_EQ(testplat_counters.mem_live, 0);
}

TEST(api_add_symbols_and_providers)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);
	static const struct lkm_ksym one[] = { { "x", "api_one", NULL } };

	CHECK_EQ(lkm_kernel_add_symbols(k, one, one, false), 0);
	CHECK_EQ(stats_get(k).symbols, base.symbols);
	CHECK_EQ(lkm_kernel_add_symbols(k, one + 1, one, false), -LKM_EINVAL);
	CHECK_EQ(stats_get(k).symbols, base.symbols);
	CHECK_EQ(lkm_kernel_add_symbols(k, one, one + 1, true), 0);
	CHECK_EQ(stats_get(k).symbols, base.symbols + 1);
	CHECK_HEX(ksym(k, "api_one"), (uintptr_t)one[0].value);
	CHECK_EQ(lkm_kernel_add_provider(k, NULL, NULL, NULL), -LKM_EINVAL);
	CHECK_EQ(lkm_kernel_add_provider(k, "", (void *(*)(void *, const char *))1, NULL),
		 -LKM_EINVAL);
	CHECK_EQ(lkm_kernel_add_provider(k, "NS", NULL, NULL), -LKM_EINVAL);
	testplat_free(k);
}

/*
 * The export table under a crowded rollback: 1,500 names fill it to 0.73,
 * then batches of 250 (0.85, no resize) each end in a duplicate, so every
 * entry they placed is removed again in the middle of long probe runs.  All
 * first names must stay found, none of the rolled-back ones, and the heap
 * must return to where it was.  Lengths from 1 to 299 bytes cover every
 * compare and hash path (short, one word, 16-byte steps, 255 and over).
 */
#define CHURN_KEPT 1500
#define CHURN_BATCH 250
#define CHURN_NAMES (CHURN_KEPT + 4 * CHURN_BATCH)

static char *churn_name(unsigned i)
{
	char *s = malloc(320);
	size_t len = 1 + (i * 37) % 299;
	size_t n = (size_t)snprintf(s, 320, "%u_", i);

	for (; n < len; n++)
		s[n] = (char)('a' + (i + n) % 26);
	s[n] = '\0';
	return s;
}

TEST(api_symbol_table_churn)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_ksym *tab = calloc(CHURN_NAMES + 1, sizeof(*tab));
	struct lkm_stats kept;
	uintptr_t v;

	for (unsigned i = 0; i < CHURN_NAMES; i++)
		tab[i] = (struct lkm_ksym){ (const void *)(uintptr_t)(0x1000 + 16 * i),
					    churn_name(i), NULL };
	CHECK_EQ(lkm_kernel_add_symbols(k, tab, tab + CHURN_KEPT, false), 0);
	kept = stats_get(k);
	for (unsigned r = 0; r < 4; r++) {
		struct lkm_ksym *b = tab + CHURN_KEPT + r * CHURN_BATCH;
		struct lkm_ksym last = b[CHURN_BATCH - 1];

		b[CHURN_BATCH - 1] = tab[r * 97]; /* a name already exported */
		CHECK_EQ(lkm_kernel_add_symbols(k, b, b + CHURN_BATCH, false),
			 -LKM_EEXIST);
		b[CHURN_BATCH - 1] = last;
		CHECK_BASELINE(k, kept);
		for (unsigned i = 0; i < CHURN_KEPT; i++)
			if (lkm_symbol_find(k, tab[i].name, &v) ||
			    v != (uintptr_t)tab[i].value)
				FAILF("round %u: %s lost", r, tab[i].name);
		for (unsigned i = CHURN_KEPT; i < CHURN_NAMES; i++)
			if (lkm_symbol_find(k, tab[i].name, &v) != -LKM_ENOENT)
				FAILF("round %u: %s still found", r, tab[i].name);
	}
	CHECK_EQ(lkm_kernel_add_symbols(k, tab + CHURN_KEPT, tab + CHURN_NAMES,
					true),
		 0);
	CHECK_EQ(stats_get(k).symbols, kept.symbols + CHURN_NAMES - CHURN_KEPT);
	for (unsigned i = 0; i < CHURN_NAMES; i++)
		if (lkm_symbol_find(k, tab[i].name, &v) ||
		    v != (uintptr_t)tab[i].value)
			FAILF("%s lost", tab[i].name);
	testplat_free(k);
	for (unsigned i = 0; i < CHURN_NAMES; i++)
		free((void *)tab[i].name);
	free(tab);
}

/*
 * An exported name is measured and hashed a word at a time: the same name
 * must be found whatever its length and wherever it sits in memory,
 * including when it ends at the last byte before an unmapped page.
 */
TEST(api_symbol_names_any_length_and_alignment)
{
	enum { MAXLEN = 70, ALIGNS = 16 };
	struct lkm_kernel *k = testplat_new();
	struct lkm_ksym *tab = calloc(MAXLEN + 1, sizeof(*tab));
	long page = sysconf(_SC_PAGESIZE);
	char *map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t v;

	CHECK(map != MAP_FAILED);
	CHECK_EQ(mprotect(map + page, page, PROT_NONE), 0);
	for (unsigned len = 1; len <= MAXLEN; len++) {
		char *n = malloc(len + 1);

		for (unsigned i = 0; i < len; i++)
			n[i] = (char)('a' + (i * 7 + len) % 26);
		n[len] = '\0';
		tab[len - 1] = (struct lkm_ksym){ (const void *)(uintptr_t)len, n,
						  NULL };
	}
	CHECK_EQ(lkm_kernel_add_symbols(k, tab, tab + MAXLEN, false), 0);
	for (unsigned len = 1; len <= MAXLEN; len++) {
		const char *want = tab[len - 1].name;
		char buf[MAXLEN + ALIGNS + 1];

		for (unsigned a = 0; a < ALIGNS; a++) {
			memcpy(buf + a, want, len + 1);
			if (lkm_symbol_find(k, buf + a, &v) || v != len)
				FAILF("%u bytes at alignment %u not found", len, a);
		}
		/* ending right before the guard page */
		memcpy(map + page - (len + 1), want, len + 1);
		if (lkm_symbol_find(k, map + page - (len + 1), &v) || v != len)
			FAILF("%u bytes before a guard page not found", len);
		/* one byte shorter or longer is another name */
		memcpy(buf, want, len + 1);
		buf[len - 1] = '\0';
		if (len > 1 && lkm_symbol_find(k, buf, &v) == 0 &&
		    v == len)
			FAILF("a %u-byte prefix found as the whole name", len - 1);
	}
	testplat_free(k);
	for (unsigned i = 0; i < MAXLEN; i++)
		free((void *)tab[i].name);
	free(tab);
	munmap(map, 2 * page);
}

struct mi_seen {
	unsigned n, stop_at;
	char keys[8][32];
	char values[8][64];
};

static int mi_collect(const char *key, size_t key_len, const char *value,
		      void *arg)
{
	struct mi_seen *s = arg;

	if (s->n < 8) {
		snprintf(s->keys[s->n], sizeof(s->keys[0]), "%.*s",
			 (int)key_len, key);
		snprintf(s->values[s->n], sizeof(s->values[0]), "%s", value);
	}
	if (++s->n == s->stop_at)
		return 77;
	return 0;
}

TEST(api_modinfo_iteration)
{
	struct image img = image_read("reloc");
	struct mi_seen s = { 0 };

	CHECK_EQ(lkm_image_for_each_modinfo(img.data, img.size, mi_collect, &s), 0);
	CHECK_EQ(s.n, 5);
	CHECK_STR(s.keys[0], "name");
	CHECK_STR(s.values[0], "reloc");
	CHECK_STR(s.keys[1], "vermagic");
	CHECK_STR(s.values[1], LKM_VERMAGIC);
	CHECK_STR(s.keys[2], "license");
	CHECK_STR(s.values[2], "GPL");
	CHECK_STR(s.keys[3], "import_ns");
	CHECK_STR(s.values[3], "TEST_FAR");
	CHECK_STR(s.keys[4], "import_ns");
	CHECK_STR(s.values[4], "HOST_LIBC");
	memset(&s, 0, sizeof(s));
	s.stop_at = 2;
	CHECK_EQ(lkm_image_for_each_modinfo(img.data, img.size, mi_collect, &s), 77);
	CHECK_EQ(s.n, 2);
	image_free(img);
}

TEST(api_state_names)
{
	CHECK_STR(lkm_module_state_name(LKM_MODULE_UNFORMED), "Unformed");
	CHECK_STR(lkm_module_state_name(LKM_MODULE_COMING), "Loading");
	CHECK_STR(lkm_module_state_name(LKM_MODULE_LIVE), "Live");
	CHECK_STR(lkm_module_state_name(LKM_MODULE_GOING), "Unloading");
	CHECK_STR(lkm_module_state_name(LKM_MODULE_STATE_COUNT), "?");
	CHECK_STR(lkm_module_state_name((enum lkm_module_state)-1), "?");
}

TEST(api_load_counters)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats s0 = stats_get(k), s;

	fixture_load(k, "elfbase");
	fixture_load(k, "noinit");
	CHECK_EQ(image_load(k, image_read("unknown")), -LKM_ENOENT);
	fixture_unload(k, "noinit");
	s = stats_get(k);
	CHECK_EQ(s.loads, s0.loads + 2);
	CHECK_EQ(s.failed_loads, s0.failed_loads + 1);
	CHECK_EQ(s.unloads, s0.unloads + 1);
	CHECK_EQ(s.modules, s0.modules + 1);
	CHECK_EQ(mod_count(k), 1);
	fixture_unload(k, "elfbase");
	CHECK_BASELINE(k, s0);
	testplat_free(k);
}
