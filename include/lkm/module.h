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

#include <stdbool.h>

#include <lkm/errno.h>
#include <lkm/ksym.h>
#include <lkm/param.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- sections -------------------------------------------------------- */

/* Code and data needed only by init: freed once init has succeeded. */
#define __init __attribute__((section(".init.text"), used))
#define __initdata __attribute__((section(".init.data")))
#define __initconst __attribute__((section(".init.rodata")))
/* Code needed only at unload. */
#define __exit __attribute__((section(".exit.text"), used))

/* ---- entry points ---------------------------------------------------- */

typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

/*
 * The loader calls init_module() after linking, cleanup_module() at rmmod.
 * The aliases copy the function's attributes where the compiler can.
 */
#if defined(__has_attribute)
#if __has_attribute(__copy__)
#define __lkm_copy(fn) __attribute__((__copy__(fn)))
#endif
#endif
#ifndef __lkm_copy
#define __lkm_copy(fn)
#endif
#define module_init(fn)                                                     \
	static __inline__ __attribute__((unused)) initcall_t                 \
	__lkm_inittest(void) { return fn; }                                  \
	int init_module(void) __lkm_copy(fn) __attribute__((alias(#fn)))
#define module_exit(fn)                                                     \
	static __inline__ __attribute__((unused)) exitcall_t                 \
	__lkm_exittest(void) { return fn; }                                  \
	void cleanup_module(void) __lkm_copy(fn) __attribute__((alias(#fn)))

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

/* ---- parameters ---------------------------------------------------------- */

/* The C type behind each module_param() type token (checked at compile time). */
typedef bool __lkm_ptype_bool;
typedef bool __lkm_ptype_invbool;
typedef unsigned char __lkm_ptype_byte;
typedef short __lkm_ptype_short;
typedef unsigned short __lkm_ptype_ushort;
typedef int __lkm_ptype_int;
typedef unsigned int __lkm_ptype_uint;
typedef long __lkm_ptype_long;
typedef unsigned long __lkm_ptype_ulong;
typedef char *__lkm_ptype_charp;

/*
 * Each public macro pastes its type token at once: "bool" is itself a macro
 * (stdbool.h) and must not be expanded before it is pasted.
 */
#define __LKM_PARAM(name, var, ctype, ptype, isarr, perm, max, nump)         \
	static __inline__ __attribute__((unused)) ctype *                    \
	__lkm_pcheck_##name(void)                                            \
	{                                                                    \
		return &(var);                                               \
	}                                                                    \
	static const struct lkm_param __param_##name                         \
		__attribute__((section("__param"), used, aligned(8))) = {     \
			#name, &(var), ptype, isarr, perm, max,              \
			__lkm_param_num(nump) }
/* An array's count may be an int too, as in Linux's own examples. */
#define __lkm_param_num(nump)                                                \
	_Generic((nump), int *: (unsigned int *)(void *)(nump), default: (nump))

/* A parameter @name set at load time ("insmod m.ko name=value"). */
#define module_param_named(name, value, type, perm)                          \
	__LKM_PARAM(name, value, __lkm_ptype_##type, LKM_PARAM_##type, 0,    \
		    perm, 0, 0);                                             \
	MODULE_INFO(parmtype, #name ":" #type)
#define module_param(name, type, perm)                                       \
	__LKM_PARAM(name, name, __lkm_ptype_##type, LKM_PARAM_##type, 0,     \
		    perm, 0, 0);                                             \
	MODULE_INFO(parmtype, #name ":" #type)
/* "name=1,2,3": up to ARRAY_SIZE(array) elements, count stored in *nump. */
#define module_param_array_named(name, array, type, nump, perm)              \
	__LKM_PARAM(name, (array)[0], __lkm_ptype_##type, LKM_PARAM_##type,  \
		    1, perm, sizeof(array) / sizeof((array)[0]), nump);      \
	MODULE_INFO(parmtype, #name ":array of " #type)
#define module_param_array(name, type, nump, perm)                           \
	__LKM_PARAM(name, (name)[0], __lkm_ptype_##type, LKM_PARAM_##type,   \
		    1, perm, sizeof(name) / sizeof((name)[0]), nump);        \
	MODULE_INFO(parmtype, #name ":array of " #type)
/* A string copied into a char buffer @string of @len bytes. */
#define module_param_string(name, string, len, perm)                         \
	static const struct lkm_param __param_##name                         \
		__attribute__((section("__param"), used, aligned(8))) = {     \
			#name, (string), LKM_PARAM_string, 0, perm, len, 0 }; \
	MODULE_INFO(parmtype, #name ":string")
#define MODULE_PARM_DESC(name, desc) MODULE_INFO(parm, #name ":" desc)

/* ---- references -------------------------------------------------------- */

/*
 * THIS_MODULE names the module being built; the loader resolves it.  Code
 * that calls into a module through a pointer holds a reference meanwhile,
 * so the module cannot be unloaded under it.
 */
struct module;
extern struct module __this_module;
#define THIS_MODULE (&__this_module)

bool try_module_get(struct module *module);
void module_put(struct module *module);

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
