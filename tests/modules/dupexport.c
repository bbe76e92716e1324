// SPDX-License-Identifier: MIT
/*
 * dupexport.c - exports DUP_NAME, a name already exported (by the kernel:
 * test_add, or by exporter.c: exp_value): the load must fail with -EEXIST.
 */
#include <lkm/module.h>

long DUP_NAME(long a, long b);
long DUP_NAME(long a, long b)
{
	return a - b;
}
EXPORT_SYMBOL(DUP_NAME);

static int dupexport_init(void)
{
	return 0;
}

static void dupexport_exit(void)
{
}

module_init(dupexport_init);
module_exit(dupexport_exit);
MODULE_LICENSE("GPL");
