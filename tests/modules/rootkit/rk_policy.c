// SPDX-License-Identifier: MIT
/*
 * rk_policy.c - TEST MODULE (rootkit technique): switch the kernel's
 * module-loading policy off.
 *
 * A rootkit that got in once (signed with a stolen key, say) wants the
 * next modules to load without a signature: it lowers lockdown and clears
 * sig_enforce and modules_disabled in the loader's state (its heap), as
 * Linux's sig_enforce and kernel_locked_down live in writable kernel data,
 * and then the enforcement flag of the kernel's configuration.  The heap
 * writes land -- the integrity scanner compares the switches with what the
 * kernel itself set them to and reports each one lowered -- but the
 * configuration is sealed read-only after boot: that write faults, an
 * oops, and module.sig_enforce=1 holds.  Never installed; built for
 * tests/security only.
 */
#include "rootkit.h"

static int __init rk_policy_init(void)
{
	struct lkm_kernel *k = rootkit_self()->k;

	k->lockdown = LKM_LOCKDOWN_NONE;
	k->sig_enforce = false;
	k->modules_disabled = false;
	pr_info("lockdown and signature enforcement switched off\n");
	/* module.sig_enforce=1 is a flag of the kernel's configuration. */
	((struct lkm_config *)k->config)->flags &= ~LKM_CONFIG_SIG_ENFORCE;
	pr_info("configuration changed\n");
	return 0;
}

module_init(rk_policy_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("TEST ONLY: rootkit technique, lowers the loading policy");
