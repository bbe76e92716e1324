/* SPDX-License-Identifier: MIT */
/*
 * linux/export.h - EXPORT_SYMBOL and friends, for modules written for
 * Linux.  EXPORT_SYMBOL(sym), EXPORT_SYMBOL_GPL(sym), EXPORT_SYMBOL_NS(sym,
 * NS) and EXPORT_SYMBOL_NS_GPL(sym, NS) are <lkm/ksym.h>'s, with the
 * namespace written as a bare word (Linux before 6.13).
 */
#ifndef LKM_LINUX_EXPORT_H
#define LKM_LINUX_EXPORT_H

#include <lkm/ksym.h>


#endif /* LKM_LINUX_EXPORT_H */
