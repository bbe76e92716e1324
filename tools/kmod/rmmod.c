// SPDX-License-Identifier: MIT
/*
 * rmmod.c - `rmmod [-f] MODULE...`: remove modules from a running lkm
 * kernel, through its control socket (--socket PATH or $LKM_SOCKET).
 *
 * As kmod's rmmod: a module named by a path that exists is known by its
 * file name; before asking the kernel, its /sys/module entry is checked so
 * that the usual refusals read as kmod words them ("is not currently
 * loaded", "is in use by: a b", "is in use"); -f skips those checks and
 * forces the unload.  Each module is tried; the exit status is 1 if any
 * failed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lkm/ctl.h>

#include "kmod.h"

static void help(void)
{
	printf("Usage:\n"
	       "\t%s [options] modulename ...\n"
	       "Options:\n"
	       "\t-f, --force       forces a module unload and may crash your\n"
	       "\t                  machine. This requires Forced Module Removal\n"
	       "\t                  option in your kernel. DANGEROUS\n"
	       "\t-s, --syslog      print to syslog, not stderr\n"
	       "\t-v, --verbose     enables more messages\n"
	       "\t-V, --version     show version\n"
	       "\t-h, --help        show this help\n",
	       kmod_progname);
}

/* kmod's checks before removal: 0, or -errno after saying why. */
static int check_module_inuse(struct kmod_kernel *k, const char *name)
{
	char **holders, **h;
	int state, n;

	state = kmod_kernel_initstate(k, name);
	if (state == KMOD_STATE_BUILTIN) {
		ERR("Module %s is builtin.\n", name);
		return -ENOENT;
	} else if (state < 0) {
		ERR("Module %s is not currently loaded\n", name);
		return -ENOENT;
	}
	n = kmod_kernel_holders(k, name, &holders);
	if (n > 0) {
		ERR("Module %s is in use by:", name);
		for (h = holders; *h; h++)
			fprintf(stderr, " %s", *h);
		fputc('\n', stderr);
		kmod_strv_free(holders);
		return -EBUSY;
	}
	kmod_strv_free(holders);
	n = kmod_kernel_refcnt(k, name);
	if (n > 0) {
		ERR("Module %s is in use\n", name);
		return -EBUSY;
	} else if (n == -ENOENT) {
		ERR("Module unloading is not supported\n");
	}
	return n;
}

/*
 * Remove one module: 0 or -errno after saying why.  Debian's kmod reports
 * a refused delete_module() twice, from libkmod (with its source location)
 * and from rmmod; the first line is reproduced as it prints it.
 */
static int remove_one(struct kmod_kernel *k, const char *arg, unsigned flags)
{
	char name[PATH_MAX];
	struct stat st;
	int err;

	if (stat(arg, &st) == 0 ? !kmod_modname_from_path(arg, name, NULL) :
				  !kmod_modname_normalize(arg, name, NULL)) {
		ERR("could not use module %s: %s\n", arg, strerror(ENOENT));
		return -ENOENT;
	}
	if (!(flags & LKM_UNLOAD_FORCE)) {
		err = check_module_inuse(k, name);
		if (err < 0)
			return err;
	}
	err = kmod_kernel_delete_module(k, name, flags);
	if (err < 0) {
		ERR("../libkmod/libkmod-module.c:856 kmod_module_remove_module() "
		    "could not remove '%s': %s\n", name, strerror(-err));
		ERR("could not remove module %s: %s\n", arg, strerror(-err));
	}
	return err;
}

int kmod_rmmod_main(int argc, char *argv[])
{
	enum { OPT_SOCKET = 256 };
	static const struct option opts[] = {
		{ "force", no_argument, 0, 'f' },
		{ "syslog", no_argument, 0, 's' },
		{ "verbose", no_argument, 0, 'v' },
		{ "version", no_argument, 0, 'V' },
		{ "help", no_argument, 0, 'h' },
		{ "socket", required_argument, 0, OPT_SOCKET },
		{ NULL, 0, 0, 0 },
	};
	const char *socket = NULL;
	struct kmod_kernel k;
	unsigned flags = 0;
	int c, i, failed = 0;

	while ((c = getopt_long(argc, argv, "fsvVwh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			flags |= LKM_UNLOAD_FORCE;
			break;
		case 's':
			break;
		case 'v':
			kmod_log_level++;
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
		ERR("missing module name.\n");
		return EXIT_FAILURE;
	}
	if (kmod_kernel_open(&k, socket) < 0)
		return EXIT_FAILURE;
	for (i = optind; i < argc; i++)
		if (remove_one(&k, argv[i], flags) < 0)
			failed++;
	kmod_kernel_disconnect(&k);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
