// SPDX-License-Identifier: MIT
/*
 * initmem.c - init code and data (__init, __initdata) and the regions for
 * the W^X checks: a function (text), a constant (rodata) and a variable
 * (data).  Init snapshots the stats while init memory is still held and
 * records where its own code was; exit records 99.
 */
#include <lkm/module.h>

long test_record(long v);
void test_snapshot(void);
int test_lock_held(void);

extern const long perm_ro;
extern long perm_rw;
const long perm_ro = 0x1111;
EXPORT_SYMBOL(perm_ro);
long perm_rw = 0x2222;
EXPORT_SYMBOL(perm_rw);

long perm_text(void);
long perm_text(void)
{
	return 0x3333;
}
EXPORT_SYMBOL(perm_text);

static long init_table[8] __initdata = { 1, 2, 3, 4, 5, 6, 7, 8 };

static int __init initmem_init(void)
{
	long sum = 0;

	for (int i = 0; i < 8; i++)
		sum += init_table[i];
	test_snapshot();
	test_record((long)(void *)initmem_init);
	test_record((long)(void *)init_table);
	test_record(test_lock_held());
	return sum == 36 ? 0 : -LKM_EINVAL;
}

static void __exit initmem_exit(void)
{
	test_record(99);
}

module_init(initmem_init);
module_exit(initmem_exit);
MODULE_LICENSE("GPL");
