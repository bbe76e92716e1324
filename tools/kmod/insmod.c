// SPDX-License-Identifier: MIT
/*
 * insmod.c - `insmod [-f] FILE [args]`: insert one module into a running
 * lkm kernel, through its control socket (--socket PATH or $LKM_SOCKET).
 *
 * As kmod's insmod: the arguments after the file are joined with blanks
 * into the parameter string; compressed modules are decompressed here; the
 * kernel's errno is explained with kmod's words ("Unknown symbol in
 * module"); -f ignores the version magic and the symbol versions.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <lkm/ctl.h>

#include "kmod.h"

static void help(void)
{
	printf("Usage:\n"
	       "\t%s [options] filename [args]\n"
	       "Options:\n"
	       "\t-V, --version     show version\n"
	       "\t-h, --help        show this help\n",
	       kmod_progname);
}

/* argv[from..] joined with blanks (malloc'ed, "" if none). */
static char *join_args(int argc, char *argv[], int from)
{
	struct strbuf sb = { 0 };
	int i;

	sb_grow(&sb, 0);
	sb.buf[0] = '\0';
	for (i = from; i < argc; i++) {
		if (sb.len)
			sb_addc(&sb, ' ');
		sb_adds(&sb, argv[i]);
	}
	return sb.buf;
}

int kmod_insmod_main(int argc, char *argv[])
{
	enum { OPT_SOCKET = 256 };
	static const struct option opts[] = {
		{ "version", no_argument, 0, 'V' },
		{ "help", no_argument, 0, 'h' },
		{ "socket", required_argument, 0, OPT_SOCKET },
		{ NULL, 0, 0, 0 },
	};
	const char *socket = NULL, *file;
	struct kmod_kernel k;
	struct kmod_image img;
	unsigned flags = 0;
	char *params;
	int c, err;

	while ((c = getopt_long(argc, argv, "psfVh", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
		case 's':
			break;
		case 'f':
			flags |= LKM_LOAD_FORCE_VERMAGIC | LKM_LOAD_FORCE_MODVERSION;
			break;
		case OPT_SOCKET:
			socket = optarg;
			break;
		case 'V':
			puts("kmod version 30");
			puts("+ZSTD +XZ +ZLIB +LIBCRYPTO -EXPERIMENTAL");
			return EXIT_SUCCESS;
		case 'h':
			help();
			return EXIT_SUCCESS;
		case '?':
			return EXIT_FAILURE;
		default:
			ERR("unexpected getopt_long() value '%c'.\n", c);
			return EXIT_FAILURE;
		}
	}
	if (optind >= argc) {
		ERR("missing filename.\n");
		return EXIT_FAILURE;
	}
	file = argv[optind];
	if (strcmp(file, "-") == 0) {
		ERR("this tool does not support loading from stdin!\n");
		return EXIT_FAILURE;
	}
	err = kmod_image_open(file, &img);
	if (err < 0) {
		ERR("could not load module %s: %s\n", file, strerror(-err));
		return EXIT_FAILURE;
	}
	if (kmod_kernel_open(&k, socket) < 0) {
		kmod_image_close(&img);
		return EXIT_FAILURE;
	}
	params = join_args(argc, argv, optind + 1);
	err = kmod_kernel_init_module(&k, img.data, img.size, params, flags);
	if (err < 0)
		ERR("could not insert module %s: %s\n", file, kmod_insert_strerror(-err));
	free(params);
	kmod_kernel_disconnect(&k);
	kmod_image_close(&img);
	return err < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
