// SPDX-License-Identifier: MIT
/*
 * common.c - built with -fcommon, so the tentative definitions below are
 * COMMON symbols: the loader must give them zeroed, aligned storage.
 */
#include <lkm/module.h>

extern int common_arr[100];
extern long common_x;
extern long long common_aligned[3];
int common_arr[100];
long common_x;
long long common_aligned[3] __attribute__((aligned(64)));

void *common_arr_addr(void);
void *common_arr_addr(void)
{
	return common_arr;
}
EXPORT_SYMBOL(common_arr_addr);

void *common_x_addr(void);
void *common_x_addr(void)
{
	return &common_x;
}
EXPORT_SYMBOL(common_x_addr);

void *common_aligned_addr(void);
void *common_aligned_addr(void)
{
	return common_aligned;
}
EXPORT_SYMBOL(common_aligned_addr);

static int common_init(void)
{
	for (int i = 0; i < 100; i++)
		if (common_arr[i])
			return -LKM_EINVAL;
	if (common_x || common_aligned[0] || common_aligned[2])
		return -LKM_EINVAL;
	common_arr[99] = 99;
	common_x = 7;
	return 0;
}

static void common_exit(void)
{
}

module_init(common_init);
module_exit(common_exit);
MODULE_LICENSE("GPL");
