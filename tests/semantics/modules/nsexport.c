// SPDX-License-Identifier: MIT
/*
 * nsexport.c - exports ns_answer() in symbol namespace LKM_TEST and
 * ns_plain() in none.
 */
#include <lkm/module.h>

int ns_answer(void);
int ns_plain(void);

int ns_answer(void)
{
	return 42;
}
EXPORT_SYMBOL_NS(ns_answer, LKM_TEST);

int ns_plain(void)
{
	return 1;
}
EXPORT_SYMBOL(ns_plain);

MODULE_LICENSE("GPL");
MODULE_VERSION("1.0");
