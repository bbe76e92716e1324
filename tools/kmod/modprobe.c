// SPDX-License-Identifier: MIT
/*
 * modprobe.c - `modprobe`: resolve a module (name or alias) to the modules
 * to load, in dependency order.  Not complete yet.
 */
#include <stdlib.h>

#include "kmod.h"

int kmod_modprobe_main(int argc, char *argv[])
{
	ERR("modprobe is not implemented yet\n");
	return EXIT_FAILURE;
}
