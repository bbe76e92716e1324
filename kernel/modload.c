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
 */
#include <string.h>

#include <lkm/errno.h>

#include "internal.h"

int modload_load(const void *image, size_t size, const char *params,
		 unsigned flags, char *name)
{
	char loaded[LKM_MODULE_NAME_LEN];
	int err = 0;

	/* modules_disabled refuses first, as Linux's may_init_module(). */
	if (!lkm_kernel_modules_disabled(modules_kernel()))
		err = module_blacklist_check(image, size);
	if (err == 0)
		err = lkm_module_load(modules_kernel(), image, size, params,
				      flags, loaded);
	if (err) {
		registries_sweep();
		return err;
	}
	kallsyms_module_loaded(loaded, image, size);
	if (name != NULL)
		strcpy(name, loaded);
	return 0;
}

int modload_unload(const char *name, unsigned flags)
{
	int err = lkm_module_unload(modules_kernel(), name, flags);

	if (err == 0)
		registries_sweep();
	return err;
}
