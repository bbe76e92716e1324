/* SPDX-License-Identifier: MIT */
/*
 * linux/printk.h - printk() and the pr_*() helpers, for modules written
 * for Linux.
 *
 * printk, vprintk, the KERN_<LEVEL> prefixes and pr_emerg .. pr_debug,
 * pr_cont are <lkm/module.h>'s (the base kernel exports printk).  As in
 * Linux, defining pr_fmt before the first #include prefixes every pr_*()
 * message, and pr_debug()/pr_devel() print only when DEBUG is defined.
 */
#ifndef LKM_LINUX_PRINTK_H
#define LKM_LINUX_PRINTK_H

#include <lkm/module.h>

/* Linux compiles pr_debug out without DEBUG (or dynamic debug). */
#undef pr_debug
#ifdef DEBUG
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_devel(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
/* Still checked as a format, never printed. */
#define pr_debug(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_devel(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

static inline __attribute__((format(printf, 1, 2))) int
no_printk(const char *fmt, ...)
{
	return 0;
}

#define pr_warning pr_warn /* the spelling before Linux 5.6 */
#define printk_once(fmt, ...)                                               \
	({                                                                  \
		static bool __lkm_printed;                                  \
		bool __lkm_first = !__lkm_printed;                          \
		__lkm_printed = true;                                       \
		__lkm_first ? printk(fmt, ##__VA_ARGS__) : 0;               \
	})
#define pr_info_once(fmt, ...) printk_once(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_once(fmt, ...) printk_once(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_once(fmt, ...) printk_once(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)

/* Console log levels as numbers (include/linux/kern_levels.h). */
#define LOGLEVEL_DEFAULT (-1)
#define LOGLEVEL_EMERG 0
#define LOGLEVEL_ALERT 1
#define LOGLEVEL_CRIT 2
#define LOGLEVEL_ERR 3
#define LOGLEVEL_WARNING 4
#define LOGLEVEL_NOTICE 5
#define LOGLEVEL_INFO 6
#define LOGLEVEL_DEBUG 7

#endif /* LKM_LINUX_PRINTK_H */
