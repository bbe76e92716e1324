// SPDX-License-Identifier: MIT
/*
 * fault_call.c - TEST MODULE: a system call ("fault", number 450) whose
 * code faults after the module loaded, as a buggy or hostile module's
 * would: "fault write" stores to the kernel's read-only text, "fault null"
 * reads through a null pointer, "fault memcpy" makes the kernel's memcpy
 * write into read-only memory on its behalf.  Each is an oops naming this
 * module's function; the call (the console's command, the socket's
 * request) gets EFAULT and the kernel goes on.  Never installed; built for
 * tests/security only.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <lkm/kernel.h>
#include <lkm/module.h>
#include <lkm/syscall.h>

#define FAULT_NR 450

long fault_call_do(const struct syscall_args *args);
long fault_call_do(const struct syscall_args *args)
{
	const char *how = args->len1 ? args->arg1 : "write";
	static const char zeros[8];

	if (strcmp(how, "null") == 0)
		return *(volatile const long *)(uintptr_t)args->flags;
	if (strcmp(how, "memcpy") == 0) {
		memcpy((void *)(uintptr_t)kstrtobool, zeros, sizeof(zeros));
		return 0;
	}
	*(volatile unsigned char *)(uintptr_t)kstrtobool = 0xc3;
	return 0;
}

static int __init fault_call_init(void)
{
	return register_syscall(FAULT_NR, "fault", fault_call_do);
}

static void __exit fault_call_exit(void)
{
	unregister_syscall(FAULT_NR);
}

module_init(fault_call_init);
module_exit(fault_call_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("TEST ONLY: a system call that faults");
