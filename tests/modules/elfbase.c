// SPDX-License-Identifier: MIT
/*
 * elfbase.c - a small, ordinary module: the valid image that the ELF
 * validation tests mutate.  It has text, rodata, data, bss, an export, a
 * call into the kernel and relocations in both code and data.
 */
#include <lkm/module.h>

long test_add(long a, long b);

static const char greeting[] = "elfbase";
static long counter = 3;
static long scratch[16];
const char *elfbase_name = greeting;

/* 42 as long as counter is 3; scratch (bss) accumulates. */
long elfbase_value(void);
long elfbase_value(void)
{
	scratch[counter % 16] += counter;
	return test_add(scratch[counter % 16] / (scratch[0] + 1), 39);
}
EXPORT_SYMBOL(elfbase_value);

long elfbase_bump(void);
long elfbase_bump(void)
{
	return ++counter;
}
EXPORT_SYMBOL(elfbase_bump);

static int elfbase_init(void)
{
	return elfbase_value() == 42 ? 0 : -LKM_EINVAL;
}

static void elfbase_exit(void)
{
}

module_init(elfbase_init);
module_exit(elfbase_exit);
MODULE_LICENSE("GPL");
