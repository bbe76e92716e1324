// SPDX-License-Identifier: MIT
/*
 * rk_syscall.c - TEST MODULE (rootkit technique): divert a system call by
 * overwriting its entry in the system-call table.
 *
 * What Linux rootkits do to sys_call_table: find it (here in
 * /proc/kallsyms, kallsyms_lookup.h), then replace the function of a call
 * (call=, "crc32" of the in-tree sysinfo_call module by default) with
 * their own.  The table is read-only outside the registration API, so the
 * write faults: an oops names this module.  Built with RK_MPROTECT (as
 * rk_syscallmp) it first makes the table's page writable with a raw
 * mprotect, writes, and makes it read-only again: the call is diverted,
 * and the integrity scanner finds the entry pointing into this module
 * while the table says sysinfo_call owns it.  No exit function: the hook
 * must stay valid.  Never installed; built for tests/security only.
 */
#include "rootkit.h"
#include "kallsyms_lookup.h"

#include <lkm/syscall.h>

/* The table's entry, as kernel/syscall_table.c lays it out. */
struct rk_syscall_entry {
	char name[SYSCALL_NAME_LEN];
	syscall_fn fn;
	struct module *owner;
};

static char *call = "crc32";
module_param(call, charp, 0444);

static long rk_syscall_hook(const struct syscall_args *args)
{
	return 0x1337; /* whatever was asked: "all is well" */
}

static int __init rk_syscall_init(void)
{
	struct rk_syscall_entry *table, *e = NULL;
	unsigned long addr = rootkit_kallsyms("sys_call_table");
	unsigned int nr;

	if (addr == 0) {
		pr_err("no sys_call_table in /proc/kallsyms\n");
		return -2;
	}
	table = (struct rk_syscall_entry *)addr;
	for (nr = 0; nr < SYSCALL_NR_MAX && e == NULL; nr++)
		if (strcmp(table[nr].name, call) == 0)
			e = &table[nr];
	if (e == NULL) {
		pr_err("no system call %s\n", call);
		return -2;
	}
	pr_info("diverting system call %s at %p\n", call, e);
#ifdef RK_MPROTECT
	uintptr_t page = (uintptr_t)&e->fn & ~4095ul;

	if (rootkit_syscall3(ROOTKIT_SYS_MPROTECT, (long)page, 4096, 3))
		return -1;
	e->fn = rk_syscall_hook;
	rootkit_syscall3(ROOTKIT_SYS_MPROTECT, (long)page, 4096, 1);
#else
	e->fn = rk_syscall_hook;
#endif
	pr_info("system call %s diverted\n", call);
	return 0;
}

module_init(rk_syscall_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("TEST ONLY: rootkit technique, overwrites a system-call table entry");
