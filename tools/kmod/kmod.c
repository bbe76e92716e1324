// SPDX-License-Identifier: MIT
/*
 * kmod.c - the multi-call binary build/bin/lkm.  Invoked through a link
 * named insmod, rmmod, lsmod, modinfo, modprobe or depmod it runs that
 * command; invoked as lkm it takes the command as its first argument
 * ("lkm modinfo hello.ko").  One table, one file per command.
 */
#include <stdlib.h>
#include <string.h>

#include "kmod.h"

const char *kmod_progname = "lkm";

static const struct kmod_cmd commands[] = {
	{ "insmod", kmod_insmod_main, "insert a module into a running kernel" },
	{ "rmmod", kmod_rmmod_main, "remove a module from a running kernel" },
	{ "lsmod", kmod_lsmod_main, "list the modules of a running kernel" },
	{ "modinfo", kmod_modinfo_main, "show information about a module" },
	{ "modprobe", kmod_modprobe_main, "load or remove a module with its dependencies" },
	{ "depmod", kmod_depmod_main, "write the module tree's dependency and alias files" },
	{ "sign", kmod_sign_main, "sign a module in Linux's format (as sign-file)" },
	{ "integrity", kmod_integrity_main, "check a running kernel for rootkits' traces" },
};

static const struct kmod_cmd *find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "Usage:\n"
		"\tlkm <command> [options] [args]\n"
		"\t<command> [options] [args]   (through a link named after the command)\n"
		"\nCommands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char *argv[])
{
	const char *base = strrchr(argv[0], '/');
	const struct kmod_cmd *cmd;

	base = base ? base + 1 : argv[0];
	cmd = find(base);
	if (cmd) {
		kmod_progname = cmd->name;
		return cmd->main(argc, argv);
	}
	if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_FAILURE : EXIT_SUCCESS;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		puts("kmod version 30");
		puts("+ZSTD +XZ +ZLIB +LIBCRYPTO -EXPERIMENTAL");
		return EXIT_SUCCESS;
	}
	cmd = find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "lkm: ERROR: unknown command '%s'\n", argv[1]);
		usage(stderr);
		return EXIT_FAILURE;
	}
	kmod_progname = cmd->name;
	return cmd->main(argc - 1, argv + 1);
}
