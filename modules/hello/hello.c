// SPDX-License-Identifier: GPL-2.0
/*
 * hello.c - the smallest useful module: greets on load and on unload.
 *
 * It shows the author's side of the module ABI: module_init/module_exit,
 * the MODULE_* .modinfo tags, and printk through pr_info (exported by the
 * base kernel).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <lkm/module.h>

static int __init hello_init(void)
{
	pr_info("Hello, world\n");
	return 0;
}

static void __exit hello_exit(void)
{
	pr_info("Goodbye, world\n");
}

module_init(hello_init);
module_exit(hello_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The lkm authors");
MODULE_DESCRIPTION("Greets on load and on unload");
MODULE_VERSION("1.0");
MODULE_ALIAS("hello-world");
