// SPDX-License-Identifier: MIT
/*
 * hostlibc.c - the HOST_LIBC symbol namespace: the host's C library, lent
 * to modules that declare MODULE_IMPORT_NS(HOST_LIBC).
 *
 * liblkm asks this provider only after the exported symbols, so a kernel
 * export always wins.  dlsym(RTLD_DEFAULT) sees every loaded shared library
 * (libc, libpthread ...); targets beyond branch range get stubs from the
 * core.
 */
#include <dlfcn.h>

#include <lkm/module.h>

#include "../internal.h"

static void *hostlibc_resolve(void *arg, const char *name)
{
	return dlsym(RTLD_DEFAULT, name);
}

int port_add_providers(struct lkm_kernel *k)
{
	int err = lkm_kernel_add_provider(k, "HOST_LIBC", hostlibc_resolve,
					  NULL);

	if (err) {
		printk(KERN_ERR "hostlibc: cannot register HOST_LIBC: "
		       "error %d\n", err);
		return err;
	}
	printk(KERN_INFO "hostlibc: the C library is namespace HOST_LIBC\n");
	return 0;
}
