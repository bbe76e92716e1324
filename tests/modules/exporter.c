// SPDX-License-Identifier: MIT
/*
 * exporter.c - exports a function and a variable for importer.c; its exit
 * records 200 so the test sees the order of unloads.
 */
#include <lkm/module.h>

long test_record(long v);

extern long exp_counter;
long exp_counter = 100;
EXPORT_SYMBOL(exp_counter);

long exp_value(long x);
long exp_value(long x)
{
	return x + exp_counter;
}
EXPORT_SYMBOL_GPL(exp_value);

static void exporter_exit(void)
{
	test_record(200);
}

module_exit(exporter_exit);
MODULE_LICENSE("GPL");
