// SPDX-License-Identifier: MIT
/*
 * matrix.c - tests/modules/matrix.c as twelve compilers and code models
 * emit it: {gcc, clang} x {-O0, -O2} x {non-PIC small model, -fpic, -fpie}.
 *
 * For each variant: the object really is of its kind (absolute 32-bit
 * relocations for the small model, GOT relocations for -fpic), it loads
 * (its init computed and checked MATRIX_EXPECTED), the result reads back
 * through an export, its function-pointer table, string table and calls
 * into the kernel and the far provider work when called from here, and
 * unloading returns every resource.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "matrix.h"
#include "testplat.h"

static bool has_type(struct image img, uint32_t type)
{
	return img_rela_of_type(img, type, NULL) != NULL;
}

static bool has_got_reloc(struct image img)
{
	return has_type(img, R_X86_64_GOTPCREL) ||
	       has_type(img, R_X86_64_GOTPCRELX) ||
	       has_type(img, R_X86_64_REX_GOTPCRELX);
}

static void run_variant(const char *cc, const char *opt, const char *pic)
{
	char name[64];
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);
	struct image img;
	long (*apply)(int, long, long);
	struct mod_view mv;
	int err;

	snprintf(name, sizeof(name), "matrix_%s_%s_%s", cc, opt, pic);
	img = image_read(name);
	/* the flags took effect */
	if (!strcmp(pic, "nopic")) {
		CHECK(has_type(img, R_X86_64_32S) || has_type(img, R_X86_64_32));
		CHECK(!has_got_reloc(img));
	} else {
		CHECK(!has_type(img, R_X86_64_32S) && !has_type(img, R_X86_64_32));
		if (!strcmp(pic, "pic"))
			CHECK(has_got_reloc(img));
	}
	testplat_log_clear();
	err = image_load(k, img);
	image_free(img);
	if (err)
		FAILF("%s: load gave %d; log:\n%s", name, err, testplat_log());
	mv = mod_view(k, name);
	CHECK(mv.found);
	CHECK_EQ(mv.state, LKM_MODULE_LIVE);
	CHECK_EQ(*(long *)ksym(k, "matrix_result"), MATRIX_EXPECTED);
	apply = KSYM_FN(k, long (*)(int, long, long), "matrix_apply");
	CHECK_EQ(apply(MATRIX_OP_ADD, 20, 3), 23);
	CHECK_EQ(apply(MATRIX_OP_MUL, 20, 3), 60);
	CHECK_EQ(apply(MATRIX_OP_SUB, 20, 3), 17);
	CHECK_EQ(apply(MATRIX_OP_TEST_ADD, 20, 3), 23);
	CHECK_EQ(apply(MATRIX_OP_FAR_ADD, -20, 3), -17);
	CHECK_STR(KSYM_FN(k, const char *(*)(int), "matrix_name")(3), "three");
	CHECK_STR(KSYM_FN(k, const char *(*)(int), "matrix_name")(7), "seven");
	CHECK_EQ(KSYM_FN(k, long (*)(long, long), "matrix_test_add")(2, 3), 10);
	fixture_unload(k, name);
	CHECK_BASELINE(k, base);
	testplat_free(k);
}

#define MATRIX_TEST(cc, opt, pic)                                           \
	TEST(matrix_##cc##_##opt##_##pic)                                   \
	{                                                                   \
		run_variant(#cc, #opt, #pic);                               \
	}

MATRIX_TEST(gcc, O0, nopic)
MATRIX_TEST(gcc, O0, pic)
MATRIX_TEST(gcc, O0, pie)
MATRIX_TEST(gcc, O2, nopic)
MATRIX_TEST(gcc, O2, pic)
MATRIX_TEST(gcc, O2, pie)
MATRIX_TEST(clang, O0, nopic)
MATRIX_TEST(clang, O0, pic)
MATRIX_TEST(clang, O0, pie)
MATRIX_TEST(clang, O2, nopic)
MATRIX_TEST(clang, O2, pic)
MATRIX_TEST(clang, O2, pie)

/* Two variants at once: distinct names, but the same exports. */
TEST(matrix_same_exports_conflict)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);
	struct image img = image_read("matrix_clang_O2_pic");

	fixture_load(k, "matrix_gcc_O2_nopic");
	testplat_log_clear();
	CHECK_EQ(image_load(k, img), -LKM_EEXIST);
	image_free(img);
	CHECK_LOG("already exported by matrix_gcc_O2_nopic");
	fixture_unload(k, "matrix_gcc_O2_nopic");
	CHECK_BASELINE(k, base);
	testplat_free(k);
}
