// SPDX-License-Identifier: MIT
/*
 * unknownsym.c - calls a function that nobody exports: the load fails with
 * ENOENT, naming it.
 */
#include <lkm/module.h>

void lkm_no_such_function(void);

static int __init unknownsym_init(void)
{
	lkm_no_such_function();
	return 0;
}

module_init(unknownsym_init);

MODULE_LICENSE("GPL");
