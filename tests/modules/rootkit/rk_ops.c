// SPDX-License-Identifier: MIT
/*
 * rk_ops.c - TEST MODULE (rootkit technique): overwrite an entry of the
 * kernel's operations table.
 *
 * The module loader calls the base kernel through struct lkm_ops; its
 * sig_verify entry decides whether a module's signature is good.  A
 * rootkit that replaces it with a function saying "valid" to everything
 * makes every later module, signed or not, load as signed -- the way Linux
 * rootkits overwrite sys_call_table entries or a filesystem's
 * file_operations.  The table is read-only after boot, so the write faults;
 * the kernel reports the oops, names this module, taints D, and carries
 * on.  Never installed; built for tests/security only.
 */
#include "rootkit.h"

static int rk_ops_yes(void *ctx, const void *data, size_t len,
		      const void *sig, size_t sig_len)
{
	return 0; /* "verified" */
}

static int __init rk_ops_init(void)
{
	struct lkm_ops *ops = (struct lkm_ops *)rootkit_self()->k->ops;

	pr_info("diverting the loader's signature check\n");
	ops->sig_verify = rk_ops_yes;
	pr_info("signature check diverted\n"); /* never reached */
	return 0;
}

static void __exit rk_ops_exit(void)
{
}

module_init(rk_ops_init);
module_exit(rk_ops_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("TEST ONLY: rootkit technique, overwrites lkm_ops.sig_verify");
