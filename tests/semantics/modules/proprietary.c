// SPDX-License-Identifier: MIT
/*
 * proprietary.c - a module under a licence that is not GPL-compatible.
 * It taints the kernel P, exports prop_value() (so that importers inherit
 * the taint) and, built with -DUSE_GPL_ONLY, calls the GPL-only
 * ktime_get_ns(), which the kernel must refuse to link.
 */
#include <lkm/kernel.h>
#include <lkm/module.h>

int prop_value(void);

int prop_value(void)
{
	return 42;
}
EXPORT_SYMBOL(prop_value);

static int __init proprietary_init(void)
{
#ifdef USE_GPL_ONLY
	pr_info("proprietary: %llu\n", (unsigned long long)ktime_get_ns());
#endif
	return 0;
}

static void __exit proprietary_exit(void)
{
}

module_init(proprietary_init);
module_exit(proprietary_exit);

MODULE_LICENSE("Proprietary");
MODULE_VERSION("1.0");
