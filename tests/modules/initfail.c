// SPDX-License-Identifier: MIT
/*
 * initfail.c - a module whose init fails with -EINVAL after the module was
 * fully linked and its export published: the load must return -EINVAL and
 * undo everything.
 */
#include <lkm/module.h>

long test_record(long v);

long initfail_export(void);
long initfail_export(void)
{
	return 1;
}
EXPORT_SYMBOL(initfail_export);

static int __init initfail_init(void)
{
	test_record(7);
	return -LKM_EINVAL;
}

static void __exit initfail_exit(void)
{
	test_record(8); /* must never run */
}

module_init(initfail_init);
module_exit(initfail_exit);
MODULE_LICENSE("GPL");
