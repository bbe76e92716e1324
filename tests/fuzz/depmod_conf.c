// SPDX-License-Identifier: MIT
/*
 * depmod_conf.c - fuzz target: the depmod.d configuration parser
 * (tools/kmod/depmod-conf.c: search, override, external, exclude, with
 * kernel-version patterns as regular expressions).
 *
 * The input is one configuration file, given through an in-memory file.
 * Inputs with many regular-expression repetitions are skipped: glibc's
 * regcomp() expands nested repetitions ("((a+)+)+", "a{99}{99}")
 * exponentially and a few lines make it allocate gigabytes.  That is the C
 * library's, and kmod's depmod passes the same patterns to it; depmod.d is
 * root's configuration.
 * Invariant: no crash, no leak, no out-of-bounds access; the parsed lists
 * are well-formed (each entry's recorded length is its string's).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/kmod/depmod.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	kmod_log_level = 0;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *paths[2] = { fuzz_file_put(data, size), NULL };
	struct depmod_cfg cfg = { .kversion = "6.1.0-fuzz" };
	unsigned reps = 0;

	for (size_t i = 0; i < size; i++)
		reps += data[i] == '+' || data[i] == '*' || data[i] == '{' ||
			data[i] == '(';
	if (reps > 12)
		return 0;
	kmod_log_level = 0;
	snprintf(cfg.dirname, sizeof(cfg.dirname), "/lib/modules/%s",
		 cfg.kversion);
	cfg.dirnamelen = strlen(cfg.dirname);
	depmod_cfg_load(&cfg, paths);
	if (!cfg.searches)
		fuzz_fail("no search entry after loading (the default is updates)");
	for (struct cfg_search *s = cfg.searches; s; s = s->next)
		if (s->type == SEARCH_PATH && s->len != strlen(s->path))
			fuzz_fail("search entry length %zu for \"%s\"", s->len,
				  s->path);
	for (struct cfg_override *o = cfg.overrides; o; o = o->next)
		if (o->len != strlen(o->path))
			fuzz_fail("override length %zu for \"%s\"", o->len,
				  o->path);
	for (struct cfg_external *e = cfg.externals; e; e = e->next)
		if (e->len != strlen(e->path))
			fuzz_fail("external length %zu for \"%s\"", e->len,
				  e->path);
	depmod_cfg_free(&cfg);
	return 0;
}
