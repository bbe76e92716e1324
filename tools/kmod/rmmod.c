// SPDX-License-Identifier: MIT
/*
 * rmmod.c - `rmmod MODULE...`: remove modules from a running lkm kernel,
 * through its control socket (not available yet: see insmod.c).
 */
#include <stdlib.h>
#include <string.h>

#include "kmod.h"

int kmod_no_kernel(const char *what);

int kmod_rmmod_main(int argc, char *argv[])
{
	if (argc < 2) {
		ERR("missing module name.\n");
		return EXIT_FAILURE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		printf("Usage:\n\t%s [options] modulename ...\n", kmod_progname);
		return EXIT_SUCCESS;
	}
	return kmod_no_kernel("remove module");
}
