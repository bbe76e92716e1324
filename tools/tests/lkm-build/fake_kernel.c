// SPDX-License-Identifier: MIT
/*
 * fake_kernel.c - a stand-in base kernel for lkm-build's tests: an
 * executable exporting a few symbols the way the real one does.
 */
#include <lkm/ksym.h>

int printk(const char *fmt, ...);
int kernel_gpl_only(void);
int kernel_in_ns(void);

int printk(const char *fmt, ...)
{
	return fmt ? 0 : -1;
}

int kernel_gpl_only(void)
{
	return 1;
}

int kernel_in_ns(void)
{
	return 2;
}

EXPORT_SYMBOL(printk);
EXPORT_SYMBOL_GPL(kernel_gpl_only);
EXPORT_SYMBOL_NS(kernel_in_ns, TEST_NS);

int main(void)
{
	return 0;
}
