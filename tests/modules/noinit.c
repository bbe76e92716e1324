// SPDX-License-Identifier: MIT
/* noinit.c - neither init nor exit: loads, and unloads freely. */
#include <lkm/module.h>

extern long noinit_data;
long noinit_data = 5;
EXPORT_SYMBOL(noinit_data);
MODULE_LICENSE("GPL");
