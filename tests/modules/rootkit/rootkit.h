/* SPDX-License-Identifier: MIT */
/*
 * rootkit.h - what the rootkit test modules share.
 *
 * TEST MODULES ONLY.  The modules in this directory do what LKM rootkits
 * do, against this kernel, so that tests/security/rootkit.sh can show each
 * technique blocked or detected.  They are built into the build tree for
 * the tests only (tests/security/security.mk) and never installed into a
 * module tree.
 *
 * Like a Linux rootkit that copies struct module from the kernel's
 * headers, they read the module loader's private layout from
 * core/internal.h: a module runs in the kernel's address space, so nothing
 * but page permissions stands between it and the loader's data.
 */
#ifndef LKM_TESTS_ROOTKIT_H
#define LKM_TESTS_ROOTKIT_H

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <lkm/kernel.h>
#include <lkm/module.h>

#include "../../../core/internal.h"

/* The loader's record of this module, reached through THIS_MODULE. */
static inline struct lkm_module *rootkit_self(void)
{
	const struct this_module *h = (const void *)THIS_MODULE;

	return h->mod;
}

/* A raw system call, as a module that does not import the C library. */
static inline long rootkit_syscall3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

#define ROOTKIT_SYS_MPROTECT 10
#define ROOTKIT_PROT_RWX 7
#define ROOTKIT_PROT_RX 5

#endif /* LKM_TESTS_ROOTKIT_H */
