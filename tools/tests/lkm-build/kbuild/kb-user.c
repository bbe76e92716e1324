// SPDX-License-Identifier: MIT
/* kb-user.c - imports kbsvc_add from the module listed after it. */
#include <lkm/module.h>

int kbsvc_add(int x);

static int __init kb_user_init(void)
{
	return kbsvc_add(1) == 6 ? 0 : -LKM_EINVAL;
}
module_init(kb_user_init);
MODULE_LICENSE("GPL");
