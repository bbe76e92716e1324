// SPDX-License-Identifier: MIT
/* depmod.c - placeholder. */
#include <stdlib.h>

#include "kmod.h"

int kmod_depmod_main(int argc, char *argv[])
{
	return EXIT_FAILURE;
}
