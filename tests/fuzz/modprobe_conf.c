// SPDX-License-Identifier: MIT
/*
 * modprobe_conf.c - fuzz target: the modprobe.d configuration parser and
 * the kernel command-line parser of the modprobe library
 * (tools/kmod/modprobe-lib.c), then everything that reads what they built:
 * `modprobe -c` output, lookups through configured aliases, options,
 * install/remove commands, blacklist and softdeps.
 *
 * The input is the configuration file (the parser only takes paths, so it
 * goes through an in-memory file) and, up to its first NUL, also the kernel
 * command line.  Invariant: no crash, no leak (LeakSanitizer), no
 * out-of-bounds access.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/kmod/modprobe.h"
#include "fuzz.h"

static FILE *null_out;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	kmod_log_level = 0; /* parse warnings are expected; keep it fast */
	null_out = fopen("/dev/null", "w");
	return 0;
}

static void lookup(struct mp_ctx *ctx, const char *name)
{
	struct mp_list l = { 0 };

	if (mp_lookup(ctx, name, &l) == 0) {
		for (size_t i = 0; i < l.n; i++) {
			struct mp_list probe = { 0 };
			char *opts = mp_options(ctx, l.v[i]);

			free(opts);
			(void)mp_install_command(ctx, l.v[i]);
			(void)mp_remove_command(ctx, l.v[i]);
			(void)mp_is_blacklisted(ctx, l.v[i]);
			if (mp_probe_list(ctx, l.v[i], false, &probe) == 0)
				mp_list_release(&probe);
		}
	}
	mp_list_release(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *paths[2] = { fuzz_file_put(data, size), NULL };
	char *cmdline = strndup((const char *)data, size);
	struct mp_ctx *ctx;

	if (!null_out)
		LLVMFuzzerInitialize(NULL, NULL);
	ctx = mp_new("/nonexistent/lkm-fuzz", paths, cmdline);
	mp_dump_config(ctx, null_out);
	lookup(ctx, "fuzz");
	lookup(ctx, "snd-card-0");
	lookup(ctx, "pci:v00008086d00001234sv*");
	mp_free(ctx);
	free(cmdline);
	return 0;
}
