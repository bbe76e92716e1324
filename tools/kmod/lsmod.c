// SPDX-License-Identifier: MIT
/*
 * lsmod.c - `lsmod`: the loaded modules, one line each, in kmod's columns
 * ("Module                  Size  Used by", then "%-19s %8ld  %d" and the
 * comma-separated users).
 *
 * The module list is read in /proc/modules format ("name size refcount
 * users, state address"; users "a,b," or "-").  It comes from the file
 * named by --proc-modules or $LKM_PROC_MODULES (tests, a saved snapshot) or
 * else /proc/modules; a running lkm kernel's control socket will be another
 * source once the kernel offers one.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "kmod.h"

static void print_line(char *line)
{
	char *save, *name, *size, *refs, *users;

	name = strtok_r(line, " \t\n", &save);
	size = strtok_r(NULL, " \t\n", &save);
	refs = strtok_r(NULL, " \t\n", &save);
	users = strtok_r(NULL, " \t\n", &save);
	if (!name)
		return;
	printf("%-19s %8ld  %d", name, size ? strtol(size, NULL, 10) : 0L,
	       refs && strcmp(refs, "-") != 0 ? atoi(refs) : 0);
	if (users && strcmp(users, "-") != 0) {
		bool first = true;
		char *u, *usave;

		for (u = strtok_r(users, ",", &usave); u; u = strtok_r(NULL, ",", &usave)) {
			putchar(first ? ' ' : ',');
			fputs(u, stdout);
			first = false;
		}
	}
	putchar('\n');
}

int kmod_lsmod_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "proc-modules", required_argument, 0, 'P' },
		{ "help", no_argument, 0, 'h' },
		{ NULL, 0, 0, 0 },
	};
	const char *src = getenv("LKM_PROC_MODULES");
	char *buf, *line, *save;
	size_t len;
	int c, err;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'P':
			src = optarg;
			break;
		case 'h':
			printf("Usage: %s [--proc-modules FILE]\n", kmod_progname);
			return EXIT_SUCCESS;
		default:
			return EXIT_FAILURE;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "Usage: %s\n", argv[0]);
		return EXIT_FAILURE;
	}
	if (!src)
		src = "/proc/modules";
	err = kmod_read_file(src, &buf, &len);
	if (err < 0) {
		fprintf(stderr, "Error: could not get list of modules: %s\n", strerror(-err));
		return EXIT_FAILURE;
	}
	puts("Module                  Size  Used by");
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		print_line(line);
	free(buf);
	return EXIT_SUCCESS;
}
