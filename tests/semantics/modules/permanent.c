// SPDX-License-Identifier: MIT
/*
 * permanent.c - a module with an init function and no exit function: it
 * can never be unloaded (short of rmmod -f where that is allowed).
 */
#include <lkm/module.h>

static int __init permanent_init(void)
{
	pr_info("permanent: here to stay\n");
	return 0;
}

module_init(permanent_init);

MODULE_LICENSE("GPL");
