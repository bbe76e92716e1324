// SPDX-License-Identifier: MIT
/*
 * integrity.c - `lkm integrity [--socket PATH]`: run a running lkm
 * kernel's integrity scanner and print its report.
 *
 * The scanner is the kernel's (kernel/integrity.c): it looks for what LKM
 * rootkits leave -- module memory no listed module owns, hooks diverted
 * into modules that do not own them, kernel text changed since boot, the
 * loading policy lowered -- and reading /sys/kernel/security/integrity
 * runs it.  The kernel is found as the other tools find it (--socket PATH
 * or $LKM_SOCKET).  Exit status: 0 clean, 1 problems found, 2 if the
 * kernel could not be asked.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "kmod.h"

#define INTEGRITY_VIEW "/sys/kernel/security/integrity"

static void usage(FILE *out)
{
	fprintf(out, "Usage:\n"
		"\t%s [--socket PATH]\n"
		"Check a running lkm kernel for hidden modules, diverted hooks,\n"
		"changed kernel text and a lowered loading policy.\n"
		"\n"
		"Options:\n"
		"\t-s, --socket PATH  the kernel's control socket (default "
		"$LKM_SOCKET)\n"
		"\t-h, --help         show this help\n",
		kmod_progname);
}

int kmod_integrity_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "socket", required_argument, 0, 's' },
		{ "help", no_argument, 0, 'h' },
		{ NULL, 0, 0, 0 },
	};
	struct strbuf sb = { 0 };
	const char *sock = NULL, *last;
	struct kmod_kernel k;
	int c, err;

	while ((c = getopt_long(argc, argv, "s:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			sock = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		ERR("unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (kmod_kernel_open(&k, sock) < 0)
		return 2;
	err = kmod_kernel_read(&k, INTEGRITY_VIEW, &sb);
	kmod_kernel_disconnect(&k);
	if (err < 0) {
		ERR("could not run the kernel's integrity check: %s\n",
		    strerror(-err));
		sb_release(&sb);
		return 2;
	}
	sb_grow(&sb, 0);
	fputs(sb.buf, stdout);
	/* The last line is "integrity: clean (...)" or "... N problem(s)". */
	last = sb.len > 1 ? sb.buf + sb.len - 1 : sb.buf;
	while (last > sb.buf && last[-1] != '\n')
		last--;
	err = strncmp(last, "integrity: clean", 16) == 0 ? EXIT_SUCCESS : 1;
	sb_release(&sb);
	return err;
}
