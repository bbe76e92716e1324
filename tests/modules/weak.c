// SPDX-License-Identifier: MIT
/*
 * weak.c - weak undefined symbols: one nobody defines (it must resolve to
 * 0), one the kernel exports (it must resolve to the kernel's).
 */
#include <lkm/module.h>

long weak_missing_fn(long) __attribute__((weak));
extern long weak_missing_var __attribute__((weak));
long test_add(long a, long b) __attribute__((weak));

extern void *weak_fn_addr, *weak_var_addr, *weak_defined_addr;
void *weak_fn_addr = (void *)&weak_missing_fn;
EXPORT_SYMBOL(weak_fn_addr);
void *weak_var_addr = &weak_missing_var;
EXPORT_SYMBOL(weak_var_addr);
void *weak_defined_addr = (void *)&test_add;
EXPORT_SYMBOL(weak_defined_addr);

static int weak_init(void)
{
	if (weak_missing_fn || &weak_missing_var)
		return -LKM_EINVAL;
	return test_add && test_add(1, 2) == 3 ? 0 : -LKM_EINVAL;
}

static void weak_exit(void)
{
}

module_init(weak_init);
module_exit(weak_exit);
MODULE_LICENSE("GPL");
