/* SPDX-License-Identifier: MIT */
/*
 * linux/string.h - string and memory functions, for modules written for
 * Linux: the C ones (memcpy, strlen, strcmp, strchr, strsep ...) with their
 * standard prototypes, and the kernel's strscpy, kstrdup, kstrndup and
 * kmemdup, all exported by the base kernel (<lkm/kernel.h>).
 */
#ifndef LKM_LINUX_STRING_H
#define LKM_LINUX_STRING_H

#include <lkm/kernel.h>

#include <linux/types.h>

#endif /* LKM_LINUX_STRING_H */
