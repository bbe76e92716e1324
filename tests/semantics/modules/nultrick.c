// SPDX-License-Identifier: MIT
/*
 * nultrick.c - the licence string some vendors shipped to pass for GPL:
 * "GPL", a NUL, and a fragment that a comparison stopping at the first
 * NUL never sees.  The kernel must refuse it, quoting the fragment (or,
 * booted with lkm.modinfo_lenient=1, load it as proprietary).
 */
#include <lkm/module.h>

static int __init nultrick_init(void)
{
	pr_info("nultrick: loaded\n");
	return 0;
}

static void __exit nultrick_exit(void)
{
}

module_init(nultrick_init);
module_exit(nultrick_exit);

MODULE_LICENSE("GPL\0for files in the \"GPL\" directory; for others, only LICENSE file applies");
