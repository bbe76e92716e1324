// SPDX-License-Identifier: MIT
/*
 * sysroot.c - where the hosted kernel's own configuration lives: the
 * directory holding the module root as lib/modules (<root>/lib/modules is
 * --modroot, or the build's lib/modules), so that a tree built or
 * installed together carries its configuration along, as modprobe -d ROOT
 * reads ROOT/etc/modprobe.d: build/etc/modules-load.d for the build tree.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "../internal.h"
#include "hosted.h"

int port_sysroot(char *buf, size_t size)
{
	char path[PATH_MAX], real[PATH_MAX];

	if ((size_t)snprintf(path, sizeof(path), "%s/../..",
			     hostfs_get_modroot()) >= sizeof(path))
		return -ENAMETOOLONG;
	if (realpath(path, real) == NULL)
		return -errno;
	if ((size_t)snprintf(buf, size, "%s", real) >= size)
		return -ENAMETOOLONG;
	return 0;
}
