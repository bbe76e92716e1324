// SPDX-License-Identifier: GPL-2.0
/*
 * mathuser.c - an importing module: calls mathsvc's exports at init.
 *
 * Loading it needs mathsvc loaded first (its .modinfo says
 * depends=mathsvc, which lkm-build derived from mathsvc's symvers), and
 * while it is loaded mathsvc cannot be unloaded.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <lkm/module.h>

#include "../mathsvc/mathsvc.h"

static int __init mathuser_init(void)
{
	unsigned long g = mathsvc_gcd(1071, 462);
	unsigned long l = mathsvc_lcm(21, 6);

	pr_info("gcd(1071, 462) = %lu, lcm(21, 6) = %lu\n", g, l);
	if (g != 21 || l != 42) {
		pr_err("wrong answers from mathsvc\n");
		return -LKM_EINVAL;
	}
	return 0;
}

static void __exit mathuser_exit(void)
{
	pr_info("mathsvc served %lu calls\n", mathsvc_calls);
}

module_init(mathuser_init);
module_exit(mathuser_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The lkm authors");
MODULE_DESCRIPTION("Uses mathsvc's exported gcd and lcm");
MODULE_VERSION("1.0");
