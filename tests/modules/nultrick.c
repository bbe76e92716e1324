// SPDX-License-Identifier: MIT
/*
 * nultrick.c - the NUL-terminator trick: a licence string that reads "GPL"
 * to a comparison stopping at the first NUL.  The module must be refused.
 */
#include <lkm/module.h>

long test_gpl_only(long x);

static int nultrick_init(void)
{
	return (int)test_gpl_only(0);
}

module_init(nultrick_init);
MODULE_LICENSE("GPL\0for files in the \"GPL\" directory; for others, only LICENSE file applies");
