// SPDX-License-Identifier: MIT
/*
 * main.c - lkm-kernel, the hosted base kernel: a POSIX process that boots
 * the shared kernel and runs its console shell.
 *
 *   lkm-kernel [--cmdline 'STRING'] [--modroot DIR] [--script FILE]
 *              [-c 'CMD; CMD'] [--socket PATH] [--cert FILE]...
 *
 * Commands come from -c, then --script, or else from standard input, where
 * the "lkm# " prompt and the banner appear only on a terminal so that
 * scripted output holds nothing but what the commands print.  The session
 * ends at end of input or with poweroff; every module is then unloaded.
 * With --socket the kernel also serves the tools on a control socket, and
 * then runs until poweroff (from either side), SIGINT or SIGTERM.
 * Exit status: 0 if every command succeeded, 1 if one failed, 2 for a bad
 * invocation or a failed boot.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lkm/module.h>
#include <lkm/version.h>

#include "../internal.h"
#include "hosted.h"

#define EXIT_USAGE 2

struct options {
	const char *cmdline;
	const char *modroot;
	const char *script;
	const char *commands;
	const char *socket;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: lkm-kernel [OPTIONS]\n"
		"Boot the hosted lkm base kernel and run its console.\n"
		"\n"
		"  --cmdline STRING  kernel command line (loglevel=N, quiet, "
		"debug ...)\n"
		"  --modroot DIR     host directory behind /lib/modules\n"
		"                    (default: <bin>/../lib/modules)\n"
		"  --script FILE     read commands from FILE\n"
		"  -c COMMANDS       run COMMANDS ('cmd; cmd')\n"
		"  --socket PATH     serve the tools on a control socket\n"
		"                    until poweroff, SIGINT or SIGTERM\n"
		"  --cert FILE       trust the X.509 certificates in FILE (PEM\n"
		"                    or DER) for module signatures, besides\n"
		"                    the built-in ones (repeatable)\n"
		"  --version         print the release and exit\n"
		"  -h, --help        print this help and exit\n");
}

/* 0, 1 to exit successfully at once, or -1 on a usage error. */
static int parse_args(int argc, char **argv, struct options *o)
{
	enum {
		OPT_CMDLINE = 256,
		OPT_MODROOT,
		OPT_SCRIPT,
		OPT_SOCKET,
		OPT_CERT,
		OPT_VERSION,
	};
	static const struct option longopts[] = {
		{ "cmdline", required_argument, NULL, OPT_CMDLINE },
		{ "modroot", required_argument, NULL, OPT_MODROOT },
		{ "script", required_argument, NULL, OPT_SCRIPT },
		{ "socket", required_argument, NULL, OPT_SOCKET },
		{ "cert", required_argument, NULL, OPT_CERT },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_CMDLINE:
			o->cmdline = optarg;
			break;
		case OPT_MODROOT:
			o->modroot = optarg;
			break;
		case OPT_SCRIPT:
			o->script = optarg;
			break;
		case 'c':
			o->commands = optarg;
			break;
		case OPT_SOCKET:
			o->socket = optarg;
			break;
		case OPT_CERT:
			if (crypto_add_cert_file(optarg)) {
				fprintf(stderr, "lkm-kernel: too many --cert "
					"files\n");
				return -1;
			}
			break;
		case OPT_VERSION:
			printf("lkm-kernel %s (%s, %s)\n", LKM_RELEASE,
			       LKM_ARCH, port_name);
			return 1;
		case 'h':
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "lkm-kernel: unexpected argument '%s'\n",
			argv[optind]);
		usage(stderr);
		return -1;
	}
	return 0;
}

/* Run every line of @f; with @prompt, show "lkm# " before each. */
static void run_stream(struct shell *sh, FILE *f, bool prompt)
{
	char *line = NULL;
	size_t cap = 0;

	while (!sh->stopped) {
		if (prompt) {
			fputs("lkm# ", stdout);
			fflush(stdout);
		}
		if (getline(&line, &cap, f) < 0) {
			if (prompt)
				fputs("\n", stdout);
			break;
		}
		shell_exec(sh, line);
		fflush(stdout);
	}
	free(line);
}

static void run_script(struct shell *sh, const char *path)
{
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		console_errorf("lkm-kernel: cannot open script %s: %s\n", path,
			       strerror(errno));
		sh->failed++;
		return;
	}
	run_stream(sh, f, false);
	fclose(f);
}

static int open_socket(const char *path)
{
	int err = ctl_open(path);

	if (err) {
		console_errorf("lkm-kernel: cannot listen on %s: %s\n", path,
			       strerror(-err));
		return err;
	}
	printk(KERN_INFO "ctlsock: listening on %s\n", path);
	return 0;
}

int main(int argc, char **argv)
{
	struct options o = { .cmdline = "" };
	struct shell sh = { 0 };
	bool interactive;
	int err;

	err = parse_args(argc, argv, &o);
	if (err)
		return err > 0 ? EXIT_SUCCESS : EXIT_USAGE;
	err = hostfs_set_modroot(o.modroot);
	if (err) {
		fprintf(stderr, "lkm-kernel: module root %s: %s\n",
			o.modroot ? o.modroot : "<bin>/../lib/modules",
			strerror(-err));
		return EXIT_USAGE;
	}
	interactive = !o.commands && !o.script && isatty(STDIN_FILENO);
	err = kernel_boot(o.cmdline, interactive);
	if (err)
		console_errorf("lkm-kernel: boot failed: %s\n", strerror(-err));
	else if (o.socket)
		err = open_socket(o.socket);
	if (err) {
		kernel_halt();
		return EXIT_USAGE;
	}
	if (o.commands)
		shell_exec(&sh, o.commands);
	if (o.script && !sh.stopped)
		run_script(&sh, o.script);
	if (o.socket)
		serve_loop(&sh, !o.commands && !o.script, interactive);
	else if (!o.commands && !o.script)
		run_stream(&sh, stdin, interactive);
	ctl_close();
	kernel_halt();
	fflush(stdout);
	return sh.failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
