// SPDX-License-Identifier: GPL-2.0
/*
 * imports.c - a module that imports 32 exported symbols (a median Debian
 * module imports 28), for timing loads against the size of the export
 * table.  lkm-bench exports bimp_00 .. bimp_31 next to thousands of others.
 */
#include <lkm/module.h>

#define BIMP(n) extern void bimp_##n(void);
#define BIMP_LIST(X)                                                        \
	X(00) X(01) X(02) X(03) X(04) X(05) X(06) X(07)                     \
	X(08) X(09) X(10) X(11) X(12) X(13) X(14) X(15)                     \
	X(16) X(17) X(18) X(19) X(20) X(21) X(22) X(23)                     \
	X(24) X(25) X(26) X(27) X(28) X(29) X(30) X(31)
BIMP_LIST(BIMP)

/* Global, so the compiler keeps it: its relocations are the imports. */
#define BIMP_REF(n) bimp_##n,
void (*const bench_imports_table[])(void);
void (*const bench_imports_table[])(void) = { BIMP_LIST(BIMP_REF) };

static int __init bench_imports_init(void)
{
	return 0;
}

static void __exit bench_imports_exit(void)
{
}

module_init(bench_imports_init);
module_exit(bench_imports_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The lkm authors");
MODULE_DESCRIPTION("Imports 32 symbols, for lkm-bench");
