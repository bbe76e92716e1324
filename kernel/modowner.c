// SPDX-License-Identifier: MIT
/*
 * modowner.c - which loaded module an address belongs to.
 *
 * Registries remember the module that registered each entry by its
 * THIS_MODULE handle, an address inside that module's read-only data.
 * Asking which module's memory holds an address answers "is it still
 * loaded?" (an entry whose module has gone must be swept, registries.c),
 * "what is it called?" (for messages and /sys) and Linux's
 * module_refcount().  The answers come from the module list under its lock;
 * nothing here dereferences a handle.
 */
#include <string.h>

#include <lkm/errno.h>
#include <lkm/kernel.h>
#include <lkm/syscall.h>

#include "internal.h"

struct addr_query {
	uintptr_t addr;
	const struct lkm_module *found;
	char name[LKM_MODULE_NAME_LEN];
	unsigned refcount;
};

static int region_holds(uintptr_t addr, size_t size, enum lkm_mem_kind kind,
			bool init, void *arg)
{
	uintptr_t want = *(const uintptr_t *)arg;

	return want >= addr && want - addr < size;
}

static int module_holds(const struct lkm_module *m, void *arg)
{
	struct addr_query *q = arg;

	if (lkm_module_for_each_region(m, region_holds, &q->addr) <= 0)
		return 0;
	q->found = m;
	strncpy(q->name, lkm_module_get_name(m), sizeof(q->name) - 1);
	q->refcount = lkm_module_get_refcount(m);
	return 1;
}

static bool query(const void *addr, struct addr_query *q)
{
	struct lkm_kernel *k = modules_kernel();

	*q = (struct addr_query){ .addr = (uintptr_t)addr };
	if (k != NULL)
		lkm_kernel_for_each_module(k, module_holds, q);
	return q->found != NULL;
}

int module_name_of(const void *addr, char *name, size_t size)
{
	struct addr_query q;

	if (addr == NULL || !query(addr, &q))
		return -LKM_ENOENT;
	strncpy(name, q.name, size - 1);
	name[size - 1] = '\0';
	return 0;
}

bool module_is_gone(const struct module *owner)
{
	struct addr_query q;

	return owner != NULL && !query(owner, &q);
}

int module_refcount(struct module *module)
{
	struct addr_query q;

	if (module == NULL || !query(module, &q))
		return -1;
	return (int)q.refcount;
}
EXPORT_SYMBOL(module_refcount);
