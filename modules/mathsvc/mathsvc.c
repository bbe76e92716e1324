// SPDX-License-Identifier: GPL-2.0
/*
 * mathsvc.c - an exporting module: small arithmetic services for others.
 *
 * Half of the exporter/importer pair (mathuser is the other half): it
 * exports a function with EXPORT_SYMBOL, one with EXPORT_SYMBOL_GPL and a
 * data object, so that linking against a module, GPL-only exports, the
 * depends= line and the reference that pins mathsvc while mathuser is
 * loaded can all be seen working.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <lkm/module.h>

#include "mathsvc.h"

unsigned long mathsvc_calls;
EXPORT_SYMBOL(mathsvc_calls);

unsigned long mathsvc_gcd(unsigned long a, unsigned long b)
{
	mathsvc_calls++;
	while (b) {
		unsigned long t = a % b;

		a = b;
		b = t;
	}
	return a;
}
EXPORT_SYMBOL(mathsvc_gcd);

unsigned long mathsvc_lcm(unsigned long a, unsigned long b)
{
	if (!a || !b)
		return 0;
	return a / mathsvc_gcd(a, b) * b;
}
EXPORT_SYMBOL_GPL(mathsvc_lcm);

static int __init mathsvc_init(void)
{
	pr_info("ready: gcd, lcm\n");
	return 0;
}

static void __exit mathsvc_exit(void)
{
	pr_info("served %lu calls\n", mathsvc_calls);
}

module_init(mathsvc_init);
module_exit(mathsvc_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The lkm authors");
MODULE_DESCRIPTION("Exports gcd (EXPORT_SYMBOL) and lcm (EXPORT_SYMBOL_GPL)");
MODULE_VERSION("1.0");
