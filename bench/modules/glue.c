// SPDX-License-Identifier: GPL-2.0
/*
 * glue.c - the module half of a library turned into a module for the
 * benchmarks: entry points and .modinfo, nothing else.
 *
 * lkm-build links it with a whole static library (Debian's libz.a or
 * libsqlite3.a) or with the generated relocation-heavy code; the library's
 * calls into the C library resolve through MODULE_IMPORT_NS(HOST_LIBC).
 * Init and exit do nothing, so the benchmarks time the loader.
 */
#include <lkm/module.h>

static int __init bench_glue_init(void)
{
	return 0;
}

static void __exit bench_glue_exit(void)
{
}

module_init(bench_glue_init);
module_exit(bench_glue_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The lkm authors");
MODULE_DESCRIPTION("A library linked as a module, for lkm-bench");
MODULE_IMPORT_NS(HOST_LIBC);
