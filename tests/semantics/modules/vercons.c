// SPDX-License-Identifier: MIT
/*
 * vercons.c - imports verprov_get(): built against one version of
 * verprov's symvers, it is refused by the other version of verprov.
 */
#include <lkm/module.h>

#include "verprov.h"

static int __init vercons_init(void)
{
	struct verobj o = { .id = 7, .name = "seven" };

	pr_info("vercons: verprov_get() = %d\n", verprov_get(&o));
	return 0;
}

static void __exit vercons_exit(void)
{
}

module_init(vercons_init);
module_exit(vercons_exit);

MODULE_LICENSE("GPL");
