// SPDX-License-Identifier: MIT
/*
 * refhold.c - holds a runtime reference on itself from init, as a module
 * does while something of its is in use (try_module_get(THIS_MODULE)), so
 * that unloading it fails at once with EWOULDBLOCK.  refhold_release()
 * (called by the refdrop module) drops the reference.
 */
#include <lkm/module.h>

void refhold_release(void);

static bool held;

void refhold_release(void)
{
	if (held) {
		held = false;
		module_put(THIS_MODULE);
		pr_info("refhold: reference released\n");
	}
}
EXPORT_SYMBOL(refhold_release);

static int __init refhold_init(void)
{
	held = try_module_get(THIS_MODULE);
	pr_info("refhold: holding a reference: %s\n", held ? "yes" : "no");
	return held ? 0 : -LKM_EBUSY;
}

static void __exit refhold_exit(void)
{
	pr_info("refhold: exit\n");
}

module_init(refhold_init);
module_exit(refhold_exit);

MODULE_LICENSE("GPL");
