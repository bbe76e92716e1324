// SPDX-License-Identifier: MIT
/*
 * module.c - the module lifecycle through the embedder API: symbol
 * resolution and its policies (unknown, weak, GPL-only, namespaces,
 * duplicates), dependencies between modules, init failure, init memory,
 * W^X, COMMON symbols, .modinfo checks, and that every failure and every
 * unload returns each resource counter to its baseline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "testplat.h"

static int load_named(struct lkm_kernel *k, const char *fixture)
{
	struct image img = image_read(fixture);
	int err;

	testplat_log_clear();
	err = image_load(k, img);
	image_free(img);
	return err;
}

/* ---- init ---------------------------------------------------------------------------- */

TEST(module_init_failure_undoes_everything)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k), now;
	uintptr_t v;

	CHECK_EQ(load_named(k, "initfail"), -LKM_EINVAL);
	CHECK_LOG("initfail: module init failed (err -22)");
	/* init ran (and its export had been published), exit did not */
	CHECK_EQ(testplat_nrecords, 1);
	CHECK_EQ(testplat_records[0], 7);
	CHECK_EQ(lkm_symbol_find(k, "initfail_export", &v), -LKM_ENOENT);
	CHECK_EQ(mod_count(k), 0);
	CHECK_BASELINE(k, base);
	now = stats_get(k);
	CHECK_EQ(now.failed_loads, base.failed_loads + 1);
	CHECK_EQ(now.loads, base.loads);
	/* and the name is free again */
	CHECK_EQ(load_named(k, "initfail"), -LKM_EINVAL);
	CHECK_BASELINE(k, base);
	testplat_free(k);
}

TEST(module_init_memory_freed_after_init)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k), after;
	struct mod_view mv;
	char perms[5];

	fixture_load(k, "initmem");
	after = stats_get(k);
	CHECK_EQ(testplat_nsnapshots, 1);
	CHECK_EQ(testplat_nrecords, 3);
	/* During init: the core regions and two init regions (text, data);
	 * after: the core regions only. */
	CHECK_EQ(testplat_snapshot.module_allocs, after.module_allocs + 2);
	CHECK(after.module_allocs > base.module_allocs);
	CHECK(after.module_bytes < testplat_snapshot.module_bytes);
	CHECK(after.module_bytes > base.module_bytes);
	mv = mod_view(k, "initmem");
	CHECK(mv.found);
	CHECK_EQ(mv.size, after.module_bytes - base.module_bytes);
	/* The init code and data lay outside the core, and are gone now. */
	for (unsigned i = 0; i < 2; i++) {
		uintptr_t a = (uintptr_t)testplat_records[i];

		CHECK(testplat_in_area(a));
		CHECK(testplat_page_perms(a, perms));
		CHECK_STR(perms, "---p");
	}
	/* init ran without the module-list lock held */
	CHECK_EQ(testplat_records[2], 0);
	fixture_unload(k, "initmem");
	CHECK_EQ(testplat_nrecords, 4);
	CHECK_EQ(testplat_records[3], 99); /* exit ran */
	CHECK_BASELINE(k, base);
	testplat_free(k);
}

/* ---- W^X ------------------------------------------------------------------------------- */

TEST(module_wx_permissions)
{
	struct lkm_kernel *k = testplat_new();
	struct mod_view mv;
	char perms[5];
	FILE *f;
	char line[512];
	unsigned pages = 0;

	fixture_load(k, "initmem");
	mv = mod_view(k, "initmem");
	CHECK(testplat_page_perms(ksym(k, "perm_text"), perms));
	CHECK_STR(perms, "r-xp");
	CHECK(testplat_page_perms(ksym(k, "perm_ro"), perms));
	CHECK_STR(perms, "r--p");
	CHECK(testplat_page_perms(ksym(k, "perm_rw"), perms));
	CHECK_STR(perms, "rw-p");
	CHECK_EQ(*(const long *)ksym(k, "perm_ro"), 0x1111);
	CHECK_EQ(*(long *)ksym(k, "perm_rw"), 0x2222);
	CHECK_EQ(KSYM_FN(k, long (*)(void), "perm_text")(), 0x3333);
	/* No page of the module is both writable and executable. */
	f = fopen("/proc/self/maps", "r");
	CHECK(f);
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		char p[5];

		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, p) != 3 ||
		    hi <= mv.base || lo >= mv.base + mv.size)
			continue;
		pages++;
		if (p[1] == 'w' && p[2] == 'x')
			FAILF("module pages %lx-%lx are %s", lo, hi, p);
	}
	fclose(f);
	CHECK(pages >= 3); /* text, rodata, data mappings */
	fixture_unload(k, "initmem");
	testplat_free(k); /* the platform also checks no W+X was ever asked */
}

/*
 * Each section lands at a multiple of its alignment, also above a page --
 * or, if the core cannot honour that, the module is refused saying so.
 */
TEST(module_section_alignment)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);
	static const struct {
		const char *sym;
		uintptr_t align;
	} a[] = {
		{ "align_fn32", 32 },  { "align64", 64 },     { "align4k", 4096 },
		{ "align8k", 8192 },   { "align16k", 16384 },
	};
	char bad[256] = "";
	int err = load_named(k, "align");

	if (err) {
		CHECK_EQ(err, -LKM_ENOEXEC);
		CHECK_LOG("alignment");
		CHECK_BASELINE(k, base);
		testplat_free(k);
		return;
	}
	CHECK_EQ(*(long *)ksym(k, "align64"), 64);
	CHECK_EQ(*(long *)ksym(k, "align4k"), 4096);
	CHECK_EQ(*(long *)ksym(k, "align8k"), 8192);
	CHECK_EQ(*(long *)ksym(k, "align16k"), 0);
	for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
		uintptr_t v = ksym(k, a[i].sym);

		if (v % a[i].align)
			snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad),
				 " %s at %#lx (align %lu)", a[i].sym,
				 (unsigned long)v, (unsigned long)a[i].align);
	}
	if (*bad)
		FAILF("misaligned:%s", bad);
	fixture_unload(k, "align");
	CHECK_BASELINE(k, base);
	testplat_free(k);
}

/* ---- symbol resolution ------------------------------------------------------------------- */

TEST(module_unknown_symbols_all_named)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);

	CHECK_EQ(load_named(k, "unknown"), -LKM_ENOENT);
	CHECK_LOG("unknown: Unknown symbol no_such_function");
	CHECK_LOG("unknown: Unknown symbol no_such_variable");
	CHECK_BASELINE(k, base);
	testplat_free(k);
}

TEST(module_weak_undefined_is_zero)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);

	fixture_load(k, "weak");
	CHECK_HEX(*(void **)ksym(k, "weak_fn_addr"), 0);
	CHECK_HEX(*(void **)ksym(k, "weak_var_addr"), 0);
	CHECK_HEX(*(void **)ksym(k, "weak_defined_addr"), (uintptr_t)test_add);
	fixture_unload(k, "weak");
	CHECK_BASELINE(k, base);
	testplat_free(k);
}

TEST(module_common_symbols_zeroed)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);
	struct image img = image_read("common");
	struct mod_view mv;
	int *arr;
	long *x;
	uintptr_t aligned;
	char perms[5];

	/* the fixture really has COMMON symbols */
	CHECK_EQ(img_symbol(img, "common_arr")->st_shndx, SHN_COMMON);
	CHECK_EQ(img_symbol(img, "common_aligned")->st_shndx, SHN_COMMON);
	CHECK_EQ(img_symbol(img, "common_aligned")->st_value, 64);
	image_free(img);

	fixture_load(k, "common"); /* init checked they were zero */
	mv = mod_view(k, "common");
	arr = KSYM_FN(k, int *(*)(void), "common_arr_addr")();
	x = KSYM_FN(k, long *(*)(void), "common_x_addr")();
	aligned = KSYM_FN(k, uintptr_t (*)(void), "common_aligned_addr")();
	for (int i = 0; i < 99; i++)
		CHECK_EQ(arr[i], 0);
	CHECK_EQ(arr[99], 99);
	CHECK_EQ(*x, 7);
	CHECK_EQ(aligned % 64, 0);
	CHECK_EQ(((long long *)aligned)[2], 0);
	/* storage inside the module, writable, distinct */
	CHECK((uintptr_t)arr >= mv.base && (uintptr_t)(arr + 100) <= mv.base + mv.size);
	CHECK((uintptr_t)x >= mv.base && (uintptr_t)(x + 1) <= mv.base + mv.size);
	CHECK(aligned >= mv.base && aligned + 24 <= mv.base + mv.size);
	CHECK((uintptr_t)x + 8 <= (uintptr_t)arr || (uintptr_t)x >= (uintptr_t)(arr + 100));
	CHECK(testplat_page_perms((uintptr_t)arr, perms));
	CHECK_STR(perms, "rw-p");
	fixture_unload(k, "common");
	CHECK_BASELINE(k, base);
	testplat_free(k);
}

TEST(module_gpl_only_export)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);

	CHECK_EQ(load_named(k, "nongpl_user"), -LKM_ENOENT);
	CHECK_LOG("nongpl_user");
	CHECK_LOG("GPL-only symbol test_gpl_only");
	CHECK_EQ(testplat_nrecords, 0);
	CHECK_BASELINE(k, base);
	fixture_load(k, "gpl_user");
	CHECK_EQ(testplat_nrecords, 1);
	CHECK_EQ(testplat_records[0], 42);
	fixture_unload(k, "gpl_user");
	CHECK_BASELINE(k, base);
	testplat_free(k);
}

TEST(module_license_nul_trick_refused)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);

	CHECK_EQ(load_named(k, "nultrick"), -LKM_ENOEXEC);
	CHECK_LOG("for files in the");
	CHECK_EQ(mod_count(k), 0);
	CHECK_BASELINE(k, base);
	testplat_free(k);
}

TEST(module_namespace_import_required)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);

	CHECK_EQ(load_named(k, "ns_noimport"), -LKM_EINVAL);
	CHECK_LOG("test_ns_fn");
	CHECK_LOG("add MODULE_IMPORT_NS(TEST_NS)");
	CHECK_EQ(testplat_nrecords, 0);
	CHECK_BASELINE(k, base);
	fixture_load(k, "ns_import");
	CHECK_EQ(testplat_records[0], 1005);
	fixture_unload(k, "ns_import");
	CHECK_BASELINE(k, base);
	testplat_free(k);
}

/* A provider namespace is only searched for modules that import it. */
TEST(module_provider_needs_import)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);
	struct image img = image_read("reloc");
	char *mi = (char *)img.data + img_section(img, ".modinfo")->sh_offset;
	size_t len = img_section(img, ".modinfo")->sh_size;
	char *p = memmem(mi, len, "import_ns=TEST_FAR", 18);

	CHECK(p);
	memcpy(p, "import_ns=TEST_FAX", 18);
	CHECK_EQ(image_load(k, img), -LKM_ENOENT);
	CHECK_LOG("Unknown symbol far_add");
	CHECK_LOG("Unknown symbol far_data");
	CHECK(!testplat_log_contains("Unknown symbol labs"));
	CHECK_BASELINE(k, base);
	image_free(img);
	testplat_free(k);
}

TEST(module_duplicate_export_of_kernel_symbol)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);

	CHECK_EQ(load_named(k, "dup_kernel"), -LKM_EEXIST);
	CHECK_LOG("dup_kernel: exports duplicate symbol test_add (already exported by the kernel)");
	CHECK_BASELINE(k, base);
	CHECK_HEX(ksym(k, "test_add"), (uintptr_t)test_add);
	testplat_free(k);
}

TEST(module_duplicate_export_of_module_symbol)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base, mid;
	uintptr_t exp_value;

	base = stats_get(k);
	fixture_load(k, "exporter");
	mid = stats_get(k);
	exp_value = ksym(k, "exp_value");
	CHECK_EQ(load_named(k, "dup_module"), -LKM_EEXIST);
	CHECK_LOG("exports duplicate symbol exp_value (already exported by exporter)");
	CHECK_BASELINE(k, mid);
	CHECK_HEX(ksym(k, "exp_value"), exp_value);
	fixture_unload(k, "exporter");
	CHECK_BASELINE(k, base);
	testplat_free(k);
}

TEST(module_loaded_twice)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base, mid;

	base = stats_get(k);
	fixture_load(k, "elfbase");
	mid = stats_get(k);
	CHECK_EQ(load_named(k, "elfbase"), -LKM_EEXIST);
	CHECK_LOG("elfbase: module is already loaded");
	CHECK_BASELINE(k, mid);
	CHECK_EQ(mod_count(k), 1);
	fixture_unload(k, "elfbase");
	CHECK_BASELINE(k, base);
	testplat_free(k);
}

/* ---- dependencies ------------------------------------------------------------------------ */

static bool has_user(const struct mod_view *v, const char *name)
{
	for (unsigned i = 0; i < v->nusers && i < 4; i++)
		if (!strcmp(v->users[i], name))
			return true;
	return false;
}

TEST(module_dependencies)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);
	struct mod_view ex, im, im2;

	/* the importer cannot come first */
	CHECK_EQ(load_named(k, "importer"), -LKM_ENOENT);
	CHECK_LOG("Unknown symbol exp_value");
	CHECK_BASELINE(k, base);

	fixture_load(k, "exporter");
	fixture_load(k, "importer");
	fixture_load(k, "importer2");
	CHECK_EQ(*(long *)ksym(k, "importer_result"), 102);
	CHECK_EQ(*(long *)ksym(k, "importer2_result"), 103);
	CHECK_EQ(*(long *)ksym(k, "exp_counter"), 102);

	ex = mod_view(k, "exporter");
	im = mod_view(k, "importer");
	im2 = mod_view(k, "importer2");
	CHECK(ex.found && im.found && im2.found);
	CHECK_EQ(mod_count(k), 3);
	/* listed newest first, as /proc/modules */
	CHECK_EQ(im2.position, 0);
	CHECK_EQ(im.position, 1);
	CHECK_EQ(ex.position, 2);
	CHECK_EQ(ex.state, LKM_MODULE_LIVE);
	CHECK_STR(lkm_module_state_name(ex.state), "Live");
	CHECK_EQ(ex.refcount, 2);
	CHECK_EQ(ex.nusers, 2);
	CHECK(has_user(&ex, "importer"));
	CHECK(has_user(&ex, "importer2"));
	CHECK_EQ(im.refcount, 0);
	CHECK_EQ(im.nusers, 0);
	CHECK(!ex.permanent);

	testplat_log_clear();
	CHECK_EQ(lkm_module_unload(k, "exporter", 0), -LKM_EBUSY);
	CHECK_LOG("exporter: in use by importer");
	CHECK_EQ(mod_count(k), 3);
	fixture_unload(k, "importer");
	ex = mod_view(k, "exporter");
	CHECK_EQ(ex.refcount, 1);
	CHECK_EQ(ex.nusers, 1);
	CHECK(has_user(&ex, "importer2"));
	CHECK_EQ(lkm_module_unload(k, "exporter", 0), -LKM_EBUSY);
	fixture_unload(k, "importer2");
	CHECK_EQ(mod_view(k, "exporter").refcount, 0);
	fixture_unload(k, "exporter");
	/* exits ran in unload order */
	CHECK_EQ(testplat_nrecords, 3);
	CHECK_EQ(testplat_records[0], 300);
	CHECK_EQ(testplat_records[1], 300);
	CHECK_EQ(testplat_records[2], 200);
	CHECK_BASELINE(k, base);
	CHECK_EQ(stats_get(k).unloads, base.unloads + 3);
	testplat_free(k);
}

/* A failed load that had already linked against a module drops the use. */
TEST(module_failed_importer_releases_exporter)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k), mid;
	struct image img;
	Elf64_Rela *r;

	fixture_load(k, "exporter");
	mid = stats_get(k);
	/* importer with one relocation broken after resolution succeeded */
	img = image_read("importer");
	r = img_rela_of_type(img, R_X86_64_PLT32, NULL);
	CHECK(r);
	rela_set_type(r, 200);
	CHECK_EQ(image_load(k, img), -LKM_ENOEXEC);
	image_free(img);
	CHECK_EQ(mod_view(k, "exporter").refcount, 0);
	CHECK_EQ(mod_view(k, "exporter").nusers, 0);
	CHECK_BASELINE(k, mid);
	fixture_unload(k, "exporter");
	CHECK_BASELINE(k, base);
	testplat_free(k);
}

/* ---- unloading --------------------------------------------------------------------------- */

TEST(module_unload_errors)
{
	struct lkm_kernel *k = testplat_new();
	struct mod_view v;

	CHECK_EQ(lkm_module_unload(k, "nosuchmodule", 0), -LKM_ENOENT);
	fixture_load(k, "noinit");
	v = mod_view(k, "noinit");
	CHECK(!v.permanent);
	/* forced unloading needs LKM_CONFIG_FORCE_UNLOAD */
	CHECK_EQ(lkm_module_unload(k, "noinit", LKM_UNLOAD_FORCE), -LKM_EPERM);
	CHECK_EQ(lkm_kernel_free(k), -LKM_EBUSY);
	fixture_unload(k, "noinit");
	CHECK_EQ(lkm_module_unload(k, "noinit", 0), -LKM_ENOENT);
	testplat_free(k);
}

TEST(module_permanent)
{
	struct lkm_kernel *k = testplat_new();
	struct mod_view v;

	fixture_load(k, "permanent");
	v = mod_view(k, "permanent");
	CHECK(v.permanent);
	testplat_log_clear();
	CHECK_EQ(lkm_module_unload(k, "permanent", 0), -LKM_EBUSY);
	CHECK_LOG("permanent");
	CHECK_EQ(mod_count(k), 1);
	CHECK_EQ(lkm_kernel_free(k), -LKM_EBUSY);
	/* (a permanent module keeps its kernel; the process ends here) */
}

/* ---- THIS_MODULE ------------------------------------------------------------------------ */

struct handle_hunt {
	const char *name;
	const struct lkm_module *mod;
	uintptr_t handle;
};

static int find_mod(const struct lkm_module *m, void *arg)
{
	struct handle_hunt *h = arg;

	if (strcmp(lkm_module_get_name(m), h->name))
		return 0;
	h->mod = m;
	return 1;
}

/* The rodata word holding the module's address is its THIS_MODULE. */
static int find_handle(uintptr_t addr, size_t size, enum lkm_mem_kind kind,
		       bool init, void *arg)
{
	struct handle_hunt *h = arg;

	if (kind != LKM_MEM_RODATA || init)
		return 0;
	for (size_t off = 0; off + 8 <= size; off += 8)
		if (*(const uintptr_t *)(addr + off) == (uintptr_t)h->mod) {
			h->handle = addr + off;
			return 1;
		}
	return 0;
}

/* try_get/put take a module's own handle and nothing else. */
TEST(module_handle_checked)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);
	struct handle_hunt h = { .name = "elfbase" };
	uintptr_t fake[1];

	fixture_load(k, "elfbase");
	lkm_kernel_for_each_module(k, find_mod, &h);
	CHECK(h.mod != NULL);
	lkm_module_for_each_region(h.mod, find_handle, &h);
	CHECK(h.handle != 0);
	CHECK(lkm_module_try_get((const void *)h.handle));
	CHECK_EQ(lkm_module_get_refcount(h.mod), 1);
	/* not handles: NULL, misaligned, a copy of the pointer elsewhere */
	fake[0] = (uintptr_t)h.mod;
	CHECK(!lkm_module_try_get(NULL));
	CHECK(!lkm_module_try_get((const void *)(h.handle + 1)));
	CHECK(!lkm_module_try_get(fake));
	lkm_module_put(fake);
	CHECK_EQ(lkm_module_get_refcount(h.mod), 1);
	lkm_module_put((const void *)h.handle);
	CHECK_EQ(lkm_module_get_refcount(h.mod), 0);
	fixture_unload(k, "elfbase");
	CHECK_BASELINE(k, base);
	testplat_free(k);
}

/* ---- names and .modinfo -------------------------------------------------------------------- */

TEST(module_name_length)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);
	const char *max = "m234567890123456789012345678901234567890123456789012345";
	char name[LKM_MODULE_NAME_LEN];
	struct image img = image_read("maxname");

	CHECK_EQ(strlen(max), LKM_MODULE_NAME_LEN - 1);
	memset(name, 'x', sizeof(name));
	CHECK_EQ(lkm_module_load(k, img.data, img.size, NULL, 0, name), 0);
	CHECK_STR(name, max);
	CHECK(mod_view(k, max).found);
	fixture_unload(k, max);
	image_free(img);
	CHECK_EQ(load_named(k, "longname"), -LKM_ENOEXEC);
	CHECK_LOG("is longer than 55 characters");
	CHECK_BASELINE(k, base);
	testplat_free(k);
}

/* Replace @from by @to (same length) inside .modinfo. */
static void patch_modinfo(struct image img, const char *from, const char *to)
{
	Elf64_Shdr *s = img_section(img, ".modinfo");
	char *p = memmem(img.data + s->sh_offset, s->sh_size, from,
			 strlen(from));

	if (!p || strlen(from) != strlen(to))
		FAILF("cannot patch \"%s\" in .modinfo", from);
	memcpy(p, to, strlen(to));
}

static void modinfo_refused(struct lkm_kernel *k, const char *from,
			    const char *to, int want, const char *msg)
{
	struct lkm_stats base = stats_get(k);
	struct image img = image_read("elfbase");
	int err;

	patch_modinfo(img, from, to);
	testplat_log_clear();
	err = image_load(k, img);
	if (err != want)
		FAILF("modinfo %s -> %s: load gave %d, expected %d; log:\n%s",
		      from, to, err, want, testplat_log());
	CHECK_LOG(msg);
	CHECK_BASELINE(k, base);
	image_free(img);
}

TEST(module_modinfo_checks)
{
	struct lkm_kernel *k = testplat_new();
	struct image img;
	Elf64_Shdr *s;

	modinfo_refused(k, "name=elfbase", "nome=elfbase", -LKM_ENOEXEC,
			"no name= entry");
	modinfo_refused(k, "name=elfbase", "name:elfbase", -LKM_ENOEXEC,
			"malformed .modinfo entry \"name:elfbase\"");
	modinfo_refused(k, "vermagic=", "vermagix=", -LKM_ENOEXEC,
			"no version magic");
	modinfo_refused(k, "vermagic=" LKM_RELEASE, "vermagic=9.9.9-lkm",
			-LKM_ENOEXEC, "version magic '9.9.9-lkm");
	/* an unterminated last entry */
	img = image_read("elfbase");
	s = img_section(img, ".modinfo");
	img.data[s->sh_offset + s->sh_size - 1] = 'X';
	testplat_log_clear();
	CHECK_EQ(image_load(k, img), -LKM_ENOEXEC);
	CHECK_LOG("unterminated .modinfo entry");
	image_free(img);
	CHECK_EQ(mod_count(k), 0);
	testplat_free(k);
}

TEST(module_parameters_unknown)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);
	struct image img = image_read("elfbase");

	testplat_log_clear();
	CHECK_EQ(lkm_module_load(k, img.data, img.size, "nosuch=1", 0, NULL),
		 -LKM_ENOENT);
	CHECK_LOG("Unknown parameter `nosuch'");
	CHECK_BASELINE(k, base);
	/* empty and blank parameter strings are no parameters */
	CHECK_EQ(lkm_module_load(k, img.data, img.size, " ", 0, NULL), 0);
	fixture_unload(k, "elfbase");
	CHECK_BASELINE(k, base);
	image_free(img);
	testplat_free(k);
}

/* ---- symbols of the base kernel ------------------------------------------------------------ */

TEST(module_kernel_symbols)
{
	struct lkm_kernel *k = testplat_new();
	static const struct lkm_ksym dup[] = { { NULL, "test_add", NULL } };
	struct lkm_stats base = stats_get(k);
	uintptr_t v;

	CHECK_HEX(ksym(k, "test_add"), (uintptr_t)test_add);
	CHECK_HEX(ksym(k, "test_small_value"), TESTPLAT_SMALL_VALUE);
	CHECK_EQ(lkm_symbol_find(k, "no_such", &v), -LKM_ENOENT);
	CHECK_EQ(lkm_kernel_add_symbols(k, dup, dup + 1, false), -LKM_EEXIST);
	CHECK_LOG("duplicate symbol test_add");
	CHECK_BASELINE(k, base);
	CHECK_HEX(ksym(k, "test_add"), (uintptr_t)test_add);
	testplat_free(k);
}

/*
 * The exported-symbol hash table grows when a module's exports push it
 * over its size; unloading must return those bytes too.
 */
TEST(module_symbol_table_growth_undone)
{
	static char names[256][32];
	static struct lkm_ksym syms[256];
	struct lkm_kernel *k = testplat_new();
	/* with the platform's exports, 256 symbols: the initial table's worth */
	size_t N = 256 - stats_get(k).symbols;
	struct image img = image_read("reloc");
	size_t nexp = img_section(img, "__ksymtab")->sh_size / 24;
	struct lkm_stats base;

	image_free(img);
	for (size_t i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "filler_%zu", i);
		syms[i] = (struct lkm_ksym){ names[i], names[i], NULL };
	}
	CHECK_EQ(lkm_kernel_add_symbols(k, syms, syms + N, false), 0);
	base = stats_get(k);
	CHECK_EQ(base.symbols, 256);
	fixture_load(k, "reloc");
	CHECK_EQ(stats_get(k).symbols, 256 + nexp);
	fixture_unload(k, "reloc");
	CHECK_BASELINE(k, base);
	testplat_free(k);
}

/* ---- fault injection ----------------------------------------------------------------------- */

/*
 * Fail the n-th allocation (heap, module memory, or permission change) of
 * a load, for every n until the load succeeds: each failure must be a
 * clean -ENOMEM back at baseline.
 */
static void sweep(void (*arm)(unsigned long), const char *what,
		  const char *fixture)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);
	struct image img = image_read(fixture);
	unsigned long n;
	int err = -1;

	for (n = 1; n < 1000 && err; n++) {
		arm(n);
		testplat_log_clear();
		err = image_load(k, img);
		arm(0);
		if (err && err != -LKM_ENOMEM)
			FAILF("%s failure %lu: load gave %d; log:\n%s", what, n,
			      err, testplat_log());
		if (err)
			CHECK_BASELINE(k, base);
	}
	CHECK_EQ(err, 0);
	CHECK(n > 2); /* at least one failure was injected */
	fixture_unload(k, fixture);
	CHECK_BASELINE(k, base);
	image_free(img);
	testplat_free(k);
}

TEST(module_heap_failure_sweep)
{
	sweep(testplat_fail_heap_alloc, "heap", "reloc");
}

TEST(module_mem_failure_sweep)
{
	sweep(testplat_fail_mem_alloc, "module memory", "initmem");
}

TEST(module_protect_failure_sweep)
{
	sweep(testplat_fail_mem_protect, "mem_protect", "initmem");
}
