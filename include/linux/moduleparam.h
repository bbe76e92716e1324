/* SPDX-License-Identifier: MIT */
/*
 * linux/moduleparam.h - module parameters, for modules written for Linux.
 *
 * module_param(name, type, perm), module_param_named(), module_param_array()
 * (the count may be an int or an unsigned int), module_param_array_named(),
 * module_param_string() and MODULE_PARM_DESC() are <lkm/module.h>'s, for the
 * types bool, invbool, byte, short, ushort, int, uint, long, ulong, charp
 * and string.  @perm is the mode of /sys/module/<module>/parameters/<name>
 * (0: not shown); the S_I* names for it are Linux's (<linux/stat.h>).
 */
#ifndef LKM_LINUX_MODULEPARAM_H
#define LKM_LINUX_MODULEPARAM_H

#include <lkm/module.h>

#include <linux/init.h>
#include <linux/types.h>

/*
 * Permission bits: the C library's when there is one (the same values;
 * defining them here too would clash with <sys/stat.h> included later).
 */
#if defined(__has_include) && __has_include(<sys/stat.h>)
#include <sys/stat.h>
#else
#define S_ISUID 04000
#define S_ISGID 02000
#define S_ISVTX 01000
#define S_IRWXU 00700
#define S_IRUSR 00400
#define S_IWUSR 00200
#define S_IXUSR 00100
#define S_IRWXG 00070
#define S_IRGRP 00040
#define S_IWGRP 00020
#define S_IXGRP 00010
#define S_IRWXO 00007
#define S_IROTH 00004
#define S_IWOTH 00002
#define S_IXOTH 00001
#endif
#define S_IRWXUGO (S_IRWXU | S_IRWXG | S_IRWXO)
#define S_IALLUGO (S_ISUID | S_ISGID | S_ISVTX | S_IRWXUGO)
#define S_IRUGO (S_IRUSR | S_IRGRP | S_IROTH)
#define S_IWUGO (S_IWUSR | S_IWGRP | S_IWOTH)
#define S_IXUGO (S_IXUSR | S_IXGRP | S_IXOTH)

#endif /* LKM_LINUX_MODULEPARAM_H */
