// SPDX-License-Identifier: MIT
/* archive_user.c - a module linked with a static archive. */
#include <lkm/module.h>

int lib_used(void);

static int __init archive_user_init(void)
{
	return lib_used() == 42 ? 0 : -LKM_EINVAL;
}
module_init(archive_user_init);
MODULE_LICENSE("GPL");
