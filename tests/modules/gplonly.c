// SPDX-License-Identifier: MIT
/*
 * gplonly.c - uses the GPL-only export test_gpl_only; built with licence
 * LICENSE: "GPL" (gpl_user, loads) and "Proprietary" (nongpl_user, refused).
 */
#include <lkm/module.h>

long test_gpl_only(long x);
long test_record(long v);

static int gplonly_init(void)
{
	test_record(test_gpl_only(21));
	return 0;
}

static void gplonly_exit(void)
{
}

module_init(gplonly_init);
module_exit(gplonly_exit);
MODULE_LICENSE(LICENSE);
