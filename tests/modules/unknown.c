// SPDX-License-Identifier: MIT
/* unknown.c - uses two symbols nobody exports: both must be named. */
#include <lkm/module.h>

long no_such_function(long);
extern long no_such_variable;

static int unknown_init(void)
{
	return (int)no_such_function(no_such_variable);
}

module_init(unknown_init);
MODULE_LICENSE("GPL");
