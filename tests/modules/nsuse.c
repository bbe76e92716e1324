// SPDX-License-Identifier: MIT
/*
 * nsuse.c - uses test_ns_fn, exported in namespace TEST_NS; built with
 * MODULE_IMPORT_NS(TEST_NS) (ns_import, loads) and without (ns_noimport,
 * refused with a message naming the import to add).
 */
#include <lkm/module.h>

long test_ns_fn(long x);
long test_record(long v);

static int nsuse_init(void)
{
	test_record(test_ns_fn(5));
	return 0;
}

static void nsuse_exit(void)
{
}

module_init(nsuse_init);
module_exit(nsuse_exit);
MODULE_LICENSE("GPL");
#ifdef IMPORT
MODULE_IMPORT_NS(TEST_NS);
#endif
