// SPDX-License-Identifier: MIT
/*
 * propuser.c - a GPL module that imports from the proprietary module: it
 * inherits the P taint.  Built with -DUSE_GPL_ONLY it also uses a GPL-only
 * symbol, and mixing the two is refused (EPERM), as Linux does.
 */
#include <lkm/kernel.h>
#include <lkm/module.h>

int prop_value(void);

static int __init propuser_init(void)
{
	pr_info("propuser: prop_value() = %d\n", prop_value());
#ifdef USE_GPL_ONLY
	pr_info("propuser: %llu\n", (unsigned long long)ktime_get_ns());
#endif
	return 0;
}

static void __exit propuser_exit(void)
{
}

module_init(propuser_init);
module_exit(propuser_exit);

MODULE_LICENSE("GPL");
