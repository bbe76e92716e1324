// SPDX-License-Identifier: MIT
/*
 * lsmod.c - `lsmod`: the loaded modules, one line each, in kmod's columns
 * ("Module                  Size  Used by", then "%-19s %8ld  %d" and the
 * comma-separated users).
 *
 * The module list is read in /proc/modules format ("name size refcount
 * users, state address"; users "a,b," or "-").  It comes from a running lkm
 * kernel's /proc/modules through its control socket (--socket PATH or
 * $LKM_SOCKET), or from the file named by --proc-modules or
 * $LKM_PROC_MODULES (tests, a saved snapshot), or else from /proc/modules.
 * Options given on the command line win over the environment.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <lkm/ctl.h>

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

/* The module list, from the kernel's socket or a file: 0 or -errno. */
static int read_modules(const char *sock, const char *file, char **buf)
{
	struct strbuf sb = { 0 };
	struct kmod_kernel k;
	size_t len;
	int err;

	if (!sock)
		return kmod_read_file(file ? file : "/proc/modules", buf, &len);
	err = kmod_kernel_open(&k, sock);
	if (err < 0)
		return err;
	err = kmod_kernel_read(&k, "/proc/modules", &sb);
	kmod_kernel_disconnect(&k);
	if (err < 0) {
		sb_release(&sb);
		return err;
	}
	sb_grow(&sb, 0);
	*buf = sb.buf;
	return 0;
}

int kmod_lsmod_main(int argc, char *argv[])
{
	enum { OPT_PROC_MODULES = 256, OPT_SOCKET };
	static const struct option opts[] = {
		{ "proc-modules", required_argument, 0, OPT_PROC_MODULES },
		{ "socket", required_argument, 0, OPT_SOCKET },
		{ "help", no_argument, 0, 'h' },
		{ NULL, 0, 0, 0 },
	};
	const char *file = NULL, *sock = NULL;
	char *buf, *line, *save;
	int c, err;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_PROC_MODULES:
			file = optarg;
			break;
		case OPT_SOCKET:
			sock = optarg;
			break;
		case 'h':
			printf("Usage: %s [--socket PATH | --proc-modules FILE]\n",
			       kmod_progname);
			return EXIT_SUCCESS;
		default:
			return EXIT_FAILURE;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "Usage: %s\n", argv[0]);
		return EXIT_FAILURE;
	}
	if (!file && !sock) {
		file = getenv("LKM_PROC_MODULES");
		if (!file)
			sock = kmod_kernel_socket(NULL);
	}
	err = read_modules(sock, file, &buf);
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
