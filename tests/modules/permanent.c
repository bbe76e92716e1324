// SPDX-License-Identifier: MIT
/* permanent.c - an init and no exit: it can never be unloaded. */
#include <lkm/module.h>

static int permanent_init(void)
{
	return 0;
}

module_init(permanent_init);
MODULE_LICENSE("GPL");
