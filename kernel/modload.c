// SPDX-License-Identifier: MIT
/*
 * modload.c - every module load and unload the kernel makes: insmod and
 * rmmod on the console, init_module and delete_module from the tools,
 * request_module() for hardware.  A module on the boot's module_blacklist=
 * is refused here, before liblkm sees it, whichever way it came.
 *
 * Each goes through liblkm and then, when a module has gone (an unload, or
 * a load whose init failed halfway), through registries_sweep(), which
 * removes whatever that module left registered, so that no registry ever
 * points into freed module memory.  A module that loads has its symbols
 * taken for /proc/kallsyms while its image is at hand.
 *
 * Every one is in the audit trail (audit.c), refusals included, and the
 * module's own code -- its init, its exit -- runs under oops_call(), so
 * that a module faulting (writing to the kernel's read-only memory, say)
 * is reported as an oops and the kernel carries on.
 */
#include <string.h>

#include <lkm/errno.h>

#include "internal.h"
#include "security.h"

struct load_call {
	const void *image;
	size_t size;
	const char *params;
	unsigned flags;
	char *name;
};

static int do_load(void *arg)
{
	struct load_call *c = arg;

	return lkm_module_load(modules_kernel(), c->image, c->size, c->params,
			       c->flags, c->name);
}

struct unload_call {
	const char *name;
	unsigned flags;
};

static int do_unload(void *arg)
{
	struct unload_call *c = arg;

	return lkm_module_unload(modules_kernel(), c->name, c->flags);
}

int modload_load(const void *image, size_t size, const char *params,
		 unsigned flags, char *name)
{
	char loaded[LKM_MODULE_NAME_LEN];
	struct load_call c = { image, size, params, flags, loaded };
	struct audit_op op;
	int err = 0;

	audit_load_begin(&op, image, size, flags);
	/* modules_disabled refuses first, as Linux's may_init_module(). */
	if (!lkm_kernel_modules_disabled(modules_kernel()))
		err = module_blacklist_check(image, size);
	if (err == 0)
		err = oops_call("insmod", do_load, &c);
	if (err) {
		registries_sweep();
		audit_load_end(&op, err, NULL);
		return err;
	}
	audit_load_end(&op, 0, loaded);
	if (name != NULL)
		strcpy(name, loaded);
	return 0;
}

int modload_unload(const char *name, unsigned flags)
{
	struct unload_call c = { name, flags };
	struct audit_op op;
	int err;

	audit_unload_begin(&op, name, flags);
	err = oops_call("rmmod", do_unload, &c);
	if (err == 0)
		registries_sweep();
	audit_unload_end(&op, err);
	return err;
}
