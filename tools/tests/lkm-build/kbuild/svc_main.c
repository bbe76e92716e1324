// SPDX-License-Identifier: MIT
/* svc_main.c - init of the kbsvc test module. */
#include <lkm/module.h>

static int __init kbsvc_init(void)
{
	return 0;
}
module_init(kbsvc_init);
MODULE_LICENSE("GPL");
