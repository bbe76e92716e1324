// SPDX-License-Identifier: MIT
/*
 * modprobe.c - `modprobe [options] module [params]`: resolve a module name
 * or alias with modprobe-lib.c and act on the ordered list (softdeps,
 * dependencies, the module).  Offline actions work now: --show-depends
 * ("insmod <path> <options>", "builtin <name>", "install <command>" lines,
 * as kmod prints them), --resolve-alias, --showconfig, --dry-run.  Loading
 * and removal act on a running kernel through its control socket, which
 * does not exist yet: they fail saying so.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "modprobe.h"

int kmod_no_kernel(const char *what);

struct opts {
	bool all, remove, show_depends, dry_run, quiet, resolve, ignore_cmd, use_blacklist;
	bool first_time, verbose;
};

static void print_action(struct mp_ctx *ctx, struct mp_module *m, const char *options)
{
	const char *cmd = mp_install_command(ctx, m);

	if (cmd && !m->ignorecmd) {
		printf("install %s %s\n", cmd, options);
		return;
	}
	mp_module_load_deps(ctx, m);
	if (!m->path) {
		if (mp_is_builtin(ctx, m))
			printf("builtin %s\n", m->name);
	} else {
		printf("insmod %s %s\n", m->path, options);
	}
}

static int probe_one(struct mp_ctx *ctx, const struct opts *o, const char *name,
		     const char *extra)
{
	struct mp_list found = { 0 };
	size_t i, j;
	int err;

	err = mp_lookup(ctx, name, &found);
	if (err < 0 || found.n == 0) {
		if (!o->quiet)
			kmod_log(KMOD_LOG_CRIT, "Module %s not found in directory %s\n", name,
				 mp_dirname(ctx));
		mp_list_release(&found);
		return -ENOENT;
	}
	for (i = 0; i < found.n; i++) {
		struct mp_module *m = found.v[i];
		struct mp_list list = { 0 };

		if (o->resolve) {
			printf("%s\n", m->name);
			continue;
		}
		if ((o->use_blacklist || m->alias) && mp_is_blacklisted(ctx, m))
			continue;
		err = mp_probe_list(ctx, m, o->ignore_cmd, &list);
		if (err < 0) {
			mp_list_release(&list);
			break;
		}
		if (!o->show_depends && !o->dry_run) {
			mp_list_release(&list);
			mp_list_release(&found);
			return kmod_no_kernel("insert module") ? -ENOTCONN : 0;
		}
		for (j = 0; j < list.n; j++) {
			struct mp_module *d = list.v[j];
			char *mopts = mp_options(ctx, d);
			const char *x = d == m && extra && *extra ? extra : NULL;
			struct strbuf opts = { 0 };

			/* kmod's concatenation: "<configured> <extra>", a space after configured ones. */
			sb_grow(&opts, 0);
			opts.buf[0] = '\0';
			if (mopts) {
				sb_adds(&opts, mopts);
				sb_addc(&opts, ' ');
			}
			if (x)
				sb_adds(&opts, x);
			if (o->show_depends || o->verbose)
				print_action(ctx, d, opts.buf);
			free(mopts);
			sb_release(&opts);
		}
		mp_list_release(&list);
	}
	mp_list_release(&found);
	return err;
}

static void help(void)
{
	printf("Usage:\n"
	       "\t%s [options] [-i] [-b] modulename\n"
	       "\t%s [options] -a [-i] [-b] modulename [modulename...]\n"
	       "\t%s [options] -r [-i] modulename\n"
	       "\t%s [options] -r -a [-i] modulename [modulename...]\n"
	       "\t%s [options] -c\n"
	       "\t%s [options] --dump-modversions filename\n"
	       "Management Options:\n"
	       "\t-a, --all                   Consider every non-argument to\n"
	       "\t                            be a module name to be inserted\n"
	       "\t                            or removed (-r)\n"
	       "\t-r, --remove                Remove modules instead of inserting\n"
	       "\t    --first-time            Fail if module already inserted or removed\n"
	       "\t-i, --ignore-install        Ignore install commands\n"
	       "\t-i, --ignore-remove         Ignore remove commands\n"
	       "\t-b, --use-blacklist         Apply blacklist to resolved alias.\n"
	       "\t-f, --force                 Force module insertion or removal.\n"
	       "\t                            implies --force-modversions and\n"
	       "\t                            --force-vermagic\n"
	       "\t    --force-modversion      Ignore module's version\n"
	       "\t    --force-vermagic        Ignore module's version magic\n"
	       "\n"
	       "Query Options:\n"
	       "\t-R, --resolve-alias         Only lookup and print alias and exit\n"
	       "\t-D, --show-depends          Only print module dependencies and exit\n"
	       "\t-c, --showconfig            Print out known configuration and exit\n"
	       "\n"
	       "General Options:\n"
	       "\t-n, --dry-run               Do not execute operations, just print out\n"
	       "\t-n, --show                  Same as --dry-run\n"
	       "\t-C, --config=FILE           Use FILE instead of default search paths\n"
	       "\t-d, --dirname=DIR           Use DIR as filesystem root for " MODULE_DIRECTORY "\n"
	       "\t-S, --set-version=VERSION   Use VERSION instead of `uname -r`\n"
	       "\n"
	       "\t-s, --syslog                print to syslog, not stderr\n"
	       "\t-q, --quiet                 disable messages\n"
	       "\t-v, --verbose               enables more messages\n"
	       "\t-V, --version               show version\n"
	       "\t-h, --help                  show this help\n",
	       kmod_progname, kmod_progname, kmod_progname, kmod_progname, kmod_progname,
	       kmod_progname);
}

enum { OPT_FIRST_TIME = 256, OPT_FORCE_VERMAGIC, OPT_FORCE_MODVERSION };

int kmod_modprobe_main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "all", no_argument, 0, 'a' },
		{ "remove", no_argument, 0, 'r' },
		{ "remove-dependencies", no_argument, 0, 'r' },
		{ "resolve-alias", no_argument, 0, 'R' },
		{ "first-time", no_argument, 0, OPT_FIRST_TIME },
		{ "ignore-install", no_argument, 0, 'i' },
		{ "ignore-remove", no_argument, 0, 'i' },
		{ "use-blacklist", no_argument, 0, 'b' },
		{ "force", no_argument, 0, 'f' },
		{ "force-modversion", no_argument, 0, OPT_FORCE_MODVERSION },
		{ "force-vermagic", no_argument, 0, OPT_FORCE_VERMAGIC },
		{ "show-depends", no_argument, 0, 'D' },
		{ "showconfig", no_argument, 0, 'c' },
		{ "show-config", no_argument, 0, 'c' },
		{ "dry-run", no_argument, 0, 'n' },
		{ "show", no_argument, 0, 'n' },
		{ "config", required_argument, 0, 'C' },
		{ "dirname", required_argument, 0, 'd' },
		{ "set-version", required_argument, 0, 'S' },
		{ "syslog", no_argument, 0, 's' },
		{ "quiet", no_argument, 0, 'q' },
		{ "verbose", no_argument, 0, 'v' },
		{ "version", no_argument, 0, 'V' },
		{ "help", no_argument, 0, 'h' },
		{ NULL, 0, 0, 0 },
	};
	struct opts o = { 0 };
	const char **cfg = NULL;
	const char *root = NULL, *release = NULL;
	bool showconfig = false;
	struct modtree tree;
	struct mp_ctx *ctx;
	char *cmdline = NULL;
	size_t len;
	int c, n_cfg = 0, err = 0, i;

	while ((c = getopt_long(argc, argv, "aruRibfDcnC:d:S:sqvVh", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			o.all = true;
			break;
		case 'r':
			o.remove = true;
			break;
		case 'R':
			o.resolve = true;
			break;
		case OPT_FIRST_TIME:
			o.first_time = true;
			break;
		case 'i':
			o.ignore_cmd = true;
			break;
		case 'b':
			o.use_blacklist = true;
			break;
		case 'f':
		case OPT_FORCE_MODVERSION:
		case OPT_FORCE_VERMAGIC:
		case 's':
		case 'u':
			break;
		case 'D':
			o.show_depends = true;
			o.dry_run = true;
			break;
		case 'c':
			showconfig = true;
			break;
		case 'n':
			o.dry_run = true;
			break;
		case 'C':
			cfg = xrealloc(cfg, sizeof(*cfg) * ((size_t)n_cfg + 2));
			cfg[n_cfg++] = optarg;
			cfg[n_cfg] = NULL;
			break;
		case 'd':
			root = optarg;
			break;
		case 'S':
			release = optarg;
			break;
		case 'q':
			o.quiet = true;
			kmod_log_level = KMOD_LOG_CRIT;
			break;
		case 'v':
			o.verbose = true;
			kmod_log_level++;
			break;
		case 'V':
			puts("kmod version 30");
			puts("+ZSTD +XZ +ZLIB +LIBCRYPTO -EXPERIMENTAL");
			free(cfg);
			return EXIT_SUCCESS;
		case 'h':
			help();
			free(cfg);
			return EXIT_SUCCESS;
		default:
			free(cfg);
			return EXIT_FAILURE;
		}
	}
	if (!showconfig && optind >= argc) {
		ERR("missing parameters. See -h.\n");
		free(cfg);
		return EXIT_FAILURE;
	}
	if (modtree_init(&tree, root, release) < 0) {
		ERR("bad module directory\n");
		free(cfg);
		return EXIT_FAILURE;
	}
	if (kmod_read_file(getenv("LKM_CMDLINE") ? getenv("LKM_CMDLINE") : "/proc/cmdline",
			   &cmdline, &len) < 0)
		cmdline = NULL;
	ctx = mp_new(tree.dirname, cfg, cmdline);
	free(cmdline);
	if (showconfig) {
		mp_dump_config(ctx, stdout);
		goto out;
	}
	if (o.remove && !o.dry_run && !o.show_depends) {
		err = kmod_no_kernel("remove module") ? -ENOTCONN : 0;
		goto out;
	}
	if (o.all || o.remove) {
		for (i = optind; i < argc && err >= 0; i++)
			err = probe_one(ctx, &o, argv[i], NULL);
	} else {
		struct strbuf extra = { 0 };

		for (i = optind + 1; i < argc; i++) {
			if (extra.len)
				sb_addc(&extra, ' ');
			sb_adds(&extra, argv[i]);
		}
		err = probe_one(ctx, &o, argv[optind], extra.buf);
		sb_release(&extra);
	}
out:
	mp_free(ctx);
	free(cfg);
	return err < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
