// SPDX-License-Identifier: MIT
/*
 * insmod.c - `insmod FILE [args]`: insert one module into a running lkm
 * kernel.  Tools reach a kernel only through its system-call boundary; for
 * the hosted kernel that is a control socket (--socket PATH or
 * $LKM_SOCKET), which the kernel does not offer yet, so this says so.
 */
#include <stdlib.h>
#include <string.h>

#include "kmod.h"

/* Shared by the commands that act on a running kernel. */
int kmod_no_kernel(const char *what);

int kmod_no_kernel(const char *what)
{
	const char *sock = getenv("LKM_SOCKET");

	ERR("cannot %s: no kernel socket%s%s (the lkm kernel's control socket is not "
	    "available yet)\n", what, sock ? " at " : "", sock ? sock : "");
	return EXIT_FAILURE;
}

int kmod_insmod_main(int argc, char *argv[])
{
	if (argc < 2) {
		ERR("missing filename.\n");
		return EXIT_FAILURE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		printf("Usage:\n\t%s [options] filename [args]\n", kmod_progname);
		return EXIT_SUCCESS;
	}
	return kmod_no_kernel("insert module");
}
