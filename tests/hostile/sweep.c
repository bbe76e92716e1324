// SPDX-License-Identifier: MIT
/*
 * sweep.c - the allocation-failure sweep over every module there is.
 *
 * For each in-tree module (build/modules) and each fixture module that
 * loads on the test platform, and for each kind of resource - the core's
 * bookkeeping heap, module memory, page-permission changes, and the
 * kmalloc() the module's own init calls - fail the k-th request, for
 * k = 1, 2, ... until the load no longer notices: every failed load must
 * return -ENOMEM (or, for a module whose init fails anyway, its own error),
 * and leave the kernel exactly at its baseline: module list, symbol table,
 * module memory and heap counters, the platform's live blocks, and the
 * kmalloc blocks the module's init took.  The last, successful load must
 * unload back to the baseline too.
 *
 * tests/unit/module.c sweeps three fixtures once each; this covers every
 * module and every resource.  Each test prints the number of failure
 * points it injected on stderr ("sweep ...: N points").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "testplat.h"

#ifndef LKM_MODULE_DIR
#define LKM_MODULE_DIR "build/modules"
#endif
#define MAX_POINTS 100000

/* ---- kmalloc for the in-tree modules, with its own failure knob ----------------- */

static unsigned long kmalloc_fail_nth, kmalloc_live;

void *kmalloc(size_t size, unsigned flags);
void *kmalloc(size_t size, unsigned flags)
{
	if (kmalloc_fail_nth && --kmalloc_fail_nth == 0)
		return NULL;
	kmalloc_live++;
	return malloc(size ? size : 1);
}

void kfree(const void *p);
void kfree(const void *p)
{
	if (p)
		kmalloc_live--;
	free((void *)p);
}

static void fail_kmalloc(unsigned long nth)
{
	kmalloc_fail_nth = nth;
}

static const struct lkm_ksym kernel_exports[] = {
	{ (const void *)(uintptr_t)kmalloc, "kmalloc", NULL },
	{ (const void *)(uintptr_t)kfree, "kfree", NULL },
};

static struct lkm_kernel *sweep_kernel(void)
{
	struct lkm_kernel *k = testplat_new();

	CHECK_EQ(lkm_kernel_add_symbols(k, kernel_exports, kernel_exports + 2,
					false),
		 0);
	return k;
}

/* ---- one module, one resource ---------------------------------------------------- */

struct resource {
	const char *name;
	void (*arm)(unsigned long nth);
};

static const struct resource resources[] = {
	{ "heap", testplat_fail_heap_alloc },
	{ "module memory", testplat_fail_mem_alloc },
	{ "mem_protect", testplat_fail_mem_protect },
	{ "kmalloc", fail_kmalloc },
};

struct snapshot {
	struct lkm_stats stats;
	unsigned long heap_live, mem_live, kmalloc_live;
	unsigned modules;
};

static struct snapshot snap(struct lkm_kernel *k)
{
	return (struct snapshot){ stats_get(k), testplat_counters.heap_live,
				  testplat_counters.mem_live, kmalloc_live,
				  mod_count(k) };
}

static void check_at(struct lkm_kernel *k, const struct snapshot *base,
		     const char *what, unsigned long n)
{
	struct snapshot now = snap(k);

	if (now.modules != base->modules ||
	    now.stats.modules != base->stats.modules ||
	    now.stats.module_bytes != base->stats.module_bytes ||
	    now.stats.module_allocs != base->stats.module_allocs ||
	    now.stats.heap_bytes != base->stats.heap_bytes ||
	    now.stats.heap_allocs != base->stats.heap_allocs ||
	    now.stats.symbols != base->stats.symbols ||
	    now.heap_live != base->heap_live || now.mem_live != base->mem_live ||
	    now.kmalloc_live != base->kmalloc_live)
		FAILF("%s, failure %lu: not back at baseline: modules %u/%u, module bytes %zu/%zu, heap bytes %zu/%zu, symbols %zu/%zu, platform heap blocks %lu/%lu, pages blocks %lu/%lu, kmalloc blocks %lu/%lu; log:\n%s",
		      what, n, now.modules, base->modules,
		      now.stats.module_bytes, base->stats.module_bytes,
		      now.stats.heap_bytes, base->stats.heap_bytes,
		      now.stats.symbols, base->stats.symbols, now.heap_live,
		      base->heap_live, now.mem_live, base->mem_live,
		      now.kmalloc_live, base->kmalloc_live, testplat_log());
}

/*
 * Sweep @img for @res: returns the number of failures injected.  @normal is
 * what the load gives without injection (0, or an init's own error).
 */
static unsigned long sweep_one(struct lkm_kernel *k, struct image img,
			       const char *mod, const struct resource *res,
			       int normal)
{
	struct snapshot base = snap(k);
	char name[LKM_MODULE_NAME_LEN], what[128];
	unsigned long n;
	int err = -1;

	snprintf(what, sizeof(what), "%s: %s", mod, res->name);
	for (n = 1; n < MAX_POINTS; n++) {
		res->arm(n);
		testplat_log_clear();
		err = lkm_module_load(k, img.data, img.size, NULL, 0, name);
		res->arm(0);
		if (err == normal)
			break;
		if (err != -LKM_ENOMEM)
			FAILF("%s, failure %lu: load gave %d, expected %d (-ENOMEM); log:\n%s",
			      what, n, err, -LKM_ENOMEM, testplat_log());
		check_at(k, &base, what, n);
	}
	if (n == MAX_POINTS)
		FAILF("%s: still failing after %d injections", what, MAX_POINTS);
	if (normal == 0) {
		CHECK_EQ(lkm_module_unload(k, name, 0), 0);
	}
	check_at(k, &base, what, n);
	return n - 1;
}

/* ---- the module set ----------------------------------------------------------------- */

struct target {
	char path[600];
	char name[64];
};

static unsigned list_modules(const char *dir, struct target *t, unsigned max)
{
	char cmd[600], line[600];
	unsigned n = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "ls %s/*.ko 2>/dev/null", dir);
	p = popen(cmd, "r");
	if (!p)
		FAILF("popen: %s", strerror(errno));
	while (n < max && fgets(line, sizeof(line), p)) {
		const char *base;

		line[strcspn(line, "\n")] = '\0';
		snprintf(t[n].path, sizeof(t[n].path), "%s", line);
		base = strrchr(line, '/') ? strrchr(line, '/') + 1 : line;
		snprintf(t[n].name, sizeof(t[n].name), "%.*s",
			 (int)(strlen(base) - 3), base);
		n++;
	}
	pclose(p);
	return n;
}

static struct image read_path(const char *path)
{
	struct image img = { 0 };
	FILE *f = fopen(path, "rb");
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET))
		FAILF("%s: cannot read it", path);
	img.size = (size_t)n;
	img.data = malloc(img.size);
	if (!img.data || fread(img.data, 1, img.size, f) != img.size)
		FAILF("%s: read failed", path);
	fclose(f);
	return img;
}

/* Init but no exit: it could never be unloaded again (see module_permanent). */
static bool is_permanent(struct image img)
{
	unsigned n;
	const Elf64_Sym *syms = img_symtab(img, &n);
	const char *str = img_strtab(img);
	bool init = false, exit = false;

	for (unsigned i = 1; i < n; i++) {
		if (ELF64_ST_BIND(syms[i].st_info) != STB_GLOBAL ||
		    syms[i].st_shndx == SHN_UNDEF)
			continue;
		init |= !strcmp(str + syms[i].st_name, "init_module");
		exit |= !strcmp(str + syms[i].st_name, "cleanup_module");
	}
	return init && !exit;
}

/*
 * Sweep every module of @dir that loads on its own (or fails in its init,
 * which is swept too); @deps are loaded first for the modules that need
 * them.  Returns the number of failure points.
 */
static unsigned long sweep_dir(const char *dir, const char *const *deps,
			       unsigned *swept, unsigned min_modules)
{
	static struct target t[128];
	struct lkm_kernel *k = sweep_kernel();
	struct snapshot base0 = snap(k);
	unsigned n = list_modules(dir, t, 128);
	unsigned long points = 0;
	char depname[8][LKM_MODULE_NAME_LEN];
	unsigned ndeps = 0;

	*swept = 0;
	/* the dependencies: swept alone, then loaded for the others */
	for (; deps && deps[ndeps]; ndeps++) {
		char path[600];
		struct image img;

		snprintf(path, sizeof(path), "%s/%s.ko", dir, deps[ndeps]);
		img = read_path(path);
		for (size_t r = 0; r < sizeof(resources) / sizeof(resources[0]); r++)
			points += sweep_one(k, img, deps[ndeps], &resources[r], 0);
		(*swept)++;
		CHECK_EQ(lkm_module_load(k, img.data, img.size, NULL, 0,
					 depname[ndeps]),
			 0);
		image_free(img);
	}
	for (unsigned i = 0; i < n; i++) {
		struct image img = read_path(t[i].path);
		char name[LKM_MODULE_NAME_LEN];
		int normal;

		/* a dependency is done already; a permanent module would stay */
		for (unsigned d = 0; d < ndeps; d++)
			if (!strcmp(t[i].name, deps[d]))
				goto next;
		if (is_permanent(img))
			goto next;
		testplat_log_clear();
		normal = lkm_module_load(k, img.data, img.size, NULL, 0, name);
		if (normal == 0)
			CHECK_EQ(lkm_module_unload(k, name, 0), 0);
		else if (!strstr(testplat_log(), "module init failed"))
			goto next; /* refused before init: nothing to sweep */
		for (size_t r = 0; r < sizeof(resources) / sizeof(resources[0]); r++)
			points += sweep_one(k, img, t[i].name, &resources[r],
					    normal);
		(*swept)++;
next:
		image_free(img);
	}
	for (unsigned d = ndeps; d-- > 0;)
		CHECK_EQ(lkm_module_unload(k, depname[d], 0), 0);
	check_at(k, &base0, dir, 0);
	if (*swept < min_modules)
		FAILF("only %u modules of %s swept", *swept, dir);
	testplat_free(k);
	return points;
}

TEST(sweep_intree_modules)
{
	static const char *const deps[] = { "mathsvc", NULL };
	unsigned swept;
	unsigned long points = sweep_dir(LKM_MODULE_DIR, deps, &swept, 5);

	fprintf(stderr, "sweep in-tree modules: %u modules, %lu points\n",
		swept, points);
	CHECK(points > 50);
}

TEST(sweep_fixture_modules)
{
	static const char *const deps[] = { "exporter", NULL };
	const char *dir = getenv("LKM_TEST_MODULES");
	unsigned swept;
	unsigned long points = sweep_dir(dir && *dir ? dir : TEST_MODULE_DIR,
					 deps, &swept, 15);

	fprintf(stderr, "sweep fixture modules: %u modules, %lu points\n",
		swept, points);
	CHECK(points > 250);
}
