// SPDX-License-Identifier: MIT
/*
 * rk_hide.c - TEST MODULE (rootkit technique): hide from the module list.
 *
 * What Linux rootkits do with list_del(&THIS_MODULE->list): from its init
 * the module unlinks its own record from the loader's list (and, being
 * careful, takes itself off the loader's module count), so that lsmod,
 * /proc/modules, /sys/module and rmmod no longer know it, while its code
 * and data stay in memory.  Nothing blocks the write: the list lives in the
 * loader's heap.  The integrity scanner finds it: module memory that no
 * listed module owns, and a module the audit trail loaded that the list
 * lost.  Never installed; built for tests/security only.
 */
#include "rootkit.h"

/* Something to keep running, as a rootkit would. */
static unsigned long rk_hide_ticks;

static int __init rk_hide_init(void)
{
	struct lkm_module *m = rootkit_self();
	struct lkm_kernel *k = m->k;

	if (m->prev)
		m->prev->next = m->next;
	else
		k->modules = m->next;
	if (m->next)
		m->next->prev = m->prev;
	m->next = m->prev = NULL;
	k->stats.modules--;
	rk_hide_ticks++;
	pr_info("unlinked from the module list\n");
	return 0;
}

module_init(rk_hide_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("TEST ONLY: rootkit technique, hides from the module list");
