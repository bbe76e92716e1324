/* SPDX-License-Identifier: MIT */
/*
 * linux/module.h - what a module written for Linux includes first.
 *
 *   #include <linux/module.h>
 *   #include <linux/kernel.h>
 *
 *   static int __init hello_init(void) { pr_info("Hello\n"); return 0; }
 *   static void __exit hello_exit(void) { pr_info("Bye\n"); }
 *   module_init(hello_init);
 *   module_exit(hello_exit);
 *   MODULE_LICENSE("GPL");
 *
 * It maps Linux's module API onto lkm's (<lkm/module.h>): MODULE_LICENSE,
 * _AUTHOR, _DESCRIPTION, _VERSION, _ALIAS, _SOFTDEP, _INFO, _IMPORT_NS,
 * _FIRMWARE; module_init/module_exit or plain init_module/cleanup_module
 * functions; parameters (<linux/moduleparam.h>); exports
 * (<linux/export.h>); THIS_MODULE, try_module_get, module_put; and, as on
 * Linux, the headers a module finds through this one: init, kernel,
 * printk, errno, err, types, slab and string.  docs/LINUX-COMPAT.md lists
 * what is provided and what is not.
 */
#ifndef LKM_LINUX_MODULE_H
#define LKM_LINUX_MODULE_H

#include <lkm/module.h>
#include <lkm/version.h>

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>

/* The entry points, for modules that define them by these names. */
extern int init_module(void);
extern void cleanup_module(void);

#define MODULE_FIRMWARE(fw) MODULE_INFO(firmware, fw)
/* Gone from Linux (5.12) and from .modinfo: accepted and dropped. */
#define MODULE_SUPPORTED_DEVICE(name)
/* The id table becomes alias= entries for modprobe, as <lkm/device.h>. */
#define MODULE_DEVICE_TABLE(type, name)                                      \
	extern __typeof__(name) __mod_##type##__##name##_device_table        \
		__attribute__((unused, alias(#name)))

/* A reference the caller knows it may take (the module is not going). */
static inline void __module_get(struct module *module)
{
	(void)try_module_get(module);
}

#define UTS_RELEASE LKM_RELEASE

#endif /* LKM_LINUX_MODULE_H */
