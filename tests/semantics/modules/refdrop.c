// SPDX-License-Identifier: MIT
/*
 * refdrop.c - makes refhold drop its runtime reference when loaded (and,
 * by linking against it, becomes refhold's user).
 */
#include <lkm/module.h>

void refhold_release(void);

static int __init refdrop_init(void)
{
	refhold_release();
	return 0;
}

static void __exit refdrop_exit(void)
{
}

module_init(refdrop_init);
module_exit(refdrop_exit);

MODULE_LICENSE("GPL");
