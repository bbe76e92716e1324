// SPDX-License-Identifier: MIT
/*
 * nsimport.c - uses ns_answer() from namespace LKM_TEST; only when built
 * with -DIMPORT does it say MODULE_IMPORT_NS(LKM_TEST), as it must.
 */
#include <lkm/module.h>

int ns_answer(void);

static int __init nsimport_init(void)
{
	pr_info("nsimport: ns_answer() = %d\n", ns_answer());
	return 0;
}

static void __exit nsimport_exit(void)
{
}

module_init(nsimport_init);
module_exit(nsimport_exit);

MODULE_LICENSE("GPL");
#ifdef IMPORT
MODULE_IMPORT_NS(LKM_TEST);
#endif
