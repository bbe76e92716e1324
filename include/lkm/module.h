/* SPDX-License-Identifier: MIT */
/*
 * module.h - what a module's author writes against.
 *
 *   #include <lkm/module.h>
 *
 *   static int __init hello_init(void) { pr_info("hello\n"); return 0; }
 *   static void __exit hello_exit(void) { pr_info("bye\n"); }
 *   module_init(hello_init);
 *   module_exit(hello_exit);
 *   MODULE_LICENSE("GPL");
 *
 * The macros follow Linux's names and binary conventions: module_init()
 * defines the global init_module, module_exit() cleanup_module, MODULE_*()
 * add "key=value" strings to the .modinfo section, EXPORT_SYMBOL*() fill
 * __ksymtab/__ksymtab_gpl/__ksymtab_strings.  Functions a module may call
 * (printk, kmalloc ...) are exported by the base kernel.
 */
#ifndef LKM_MODULE_H
#define LKM_MODULE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <lkm/errno.h>
#include <lkm/ksym.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- sections -------------------------------------------------------- */

/* Code and data needed only by init: freed once init has succeeded. */
#define __init __attribute__((section(".init.text"), cold, used))
#define __initdata __attribute__((section(".init.data")))
#define __initconst __attribute__((section(".init.rodata")))
/* Code needed only at unload. */
#define __exit __attribute__((section(".exit.text"), used))

/* ---- entry points ---------------------------------------------------- */

typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

/* The loader calls init_module() after linking, cleanup_module() at rmmod. */
#define module_init(fn)                                                     \
	static __inline__ initcall_t __lkm_inittest(void) { return fn; }    \
	int init_module(void) __attribute__((alias(#fn)))
#define module_exit(fn)                                                     \
	static __inline__ exitcall_t __lkm_exittest(void) { return fn; }    \
	void cleanup_module(void) __attribute__((alias(#fn)))

/* ---- .modinfo ---------------------------------------------------------- */

#define __LKM_UNIQUE(prefix) LKM_PASTE(LKM_PASTE(__lkm_, prefix), __COUNTER__)

/* One "tag=value" string in .modinfo; @info must be a string literal. */
#define MODULE_INFO(tag, info)                                              \
	static const char __LKM_UNIQUE(tag)[]                                \
		__attribute__((section(".modinfo"), used, aligned(1))) =     \
			#tag "=" info

#define MODULE_LICENSE(s) MODULE_INFO(license, s)
#define MODULE_AUTHOR(s) MODULE_INFO(author, s)
#define MODULE_DESCRIPTION(s) MODULE_INFO(description, s)
#define MODULE_VERSION(s) MODULE_INFO(version, s)
#define MODULE_ALIAS(s) MODULE_INFO(alias, s)
#define MODULE_SOFTDEP(s) MODULE_INFO(softdep, s)
/* Allow linking against symbols exported in namespace @ns. */
#define MODULE_IMPORT_NS(ns) MODULE_INFO(import_ns, #ns)

/* ---- logging ------------------------------------------------------------- */

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"
#define KERN_DEFAULT ""
#define KERN_CONT KERN_SOH "c"

/* Log a message to the kernel ring buffer (dmesg). */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
#define pr_emerg(fmt, ...) printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...) printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...) printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...) printk(KERN_CONT fmt, ##__VA_ARGS__)

/* ---- memory -------------------------------------------------------------- */

typedef unsigned int gfp_t;
#define GFP_KERNEL ((gfp_t)0)
#define GFP_ATOMIC ((gfp_t)1)

void *kmalloc(size_t size, gfp_t flags) __attribute__((malloc));
void *kzalloc(size_t size, gfp_t flags) __attribute__((malloc));
void *kcalloc(size_t n, size_t size, gfp_t flags) __attribute__((malloc));
void kfree(const void *ptr);

#ifdef __cplusplus
}
#endif

#endif /* LKM_MODULE_H */
