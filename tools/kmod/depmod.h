/* SPDX-License-Identifier: MIT */
/*
 * depmod.h - depmod's private state, shared by its three files:
 * depmod.c (options, the module search, symbols and dependencies),
 * depmod-conf.c (depmod.d: search, override, external, exclude) and
 * depmod-out.c (the modules.* files, text and .bin).
 */
#ifndef LKM_TOOLS_KMOD_DEPMOD_H
#define LKM_TOOLS_KMOD_DEPMOD_H

#include "kmod.h"

/* ---- depmod-conf.c ------------------------------------------------------ */

enum search_type {
	SEARCH_PATH,
	SEARCH_BUILTIN,
	SEARCH_EXTERNAL,
};

/* Lists are kept in kmod's order: each new entry goes to the front. */
struct cfg_search {
	struct cfg_search *next;
	enum search_type type;
	size_t len;
	char path[];
};

struct cfg_override {
	struct cfg_override *next;
	size_t len;
	char path[];            /* "<subdir>/<modname>", no extension */
};

struct cfg_external {
	struct cfg_external *next;
	size_t len;
	char path[];
};

struct cfg_exclude {
	struct cfg_exclude *next;
	char name[];
};

struct depmod_cfg {
	const char *kversion;
	char dirname[PATH_MAX];
	size_t dirnamelen;
	char sym_prefix;
	bool check_symvers;
	bool print_unknown;
	bool warn_dups;
	struct cfg_search *searches;
	struct cfg_override *overrides;
	struct cfg_external *externals;
	struct cfg_exclude *excludes;
};

/*
 * Read the depmod.d files under @paths (NULL: the default directories),
 * files sorted by name with the first of equal names winning; add the
 * default "updates" search when no file said "search".
 */
void depmod_cfg_load(struct depmod_cfg *cfg, const char *const *paths);
void depmod_cfg_free(struct depmod_cfg *cfg);

/* ---- depmod.c ----------------------------------------------------------- */

struct dmod;

struct dsym {
	struct dmod *owner;     /* NULL: the kernel's (from -F or -E) */
	uint64_t crc;
	char name[];
};

/* A module's needed symbol, copied out of its image. */
struct dimport {
	const char *name;
	uint64_t crc;
	bool weak;
};

/* One module of the tree. */
struct dmod {
	char *path;             /* absolute */
	const char *relpath;    /* inside path, NULL when outside the tree */
	char *uncrelpath;       /* relpath without the compression suffix */
	size_t baselen;         /* up to the last '/' (excluded) */
	size_t modnamesz;       /* strlen(modname) + 1 */
	int sort_idx;
	int dep_sort_idx;
	uint32_t idx;
	uint32_t users;
	struct dmod **deps;
	uint32_t n_deps;
	uint32_t cap_deps;
	char **info;            /* "key=value" strings of .modinfo, NULL-terminated */
	struct dimport *imports;
	uint32_t n_imports;
	bool visited;
	char modname[];
};

struct depmod {
	struct depmod_cfg *cfg;
	struct dmod **modules;
	uint32_t n_modules;
	struct khash *by_name;
	struct khash *by_uncrelpath;
	struct khash *symbols;
	struct kmod_arena arena;
	struct kidx_reader builtin;   /* the tree's old modules.builtin.bin, if any */
	bool have_builtin;
	int verbose;
};

/* All transitive dependencies of @m sorted for modules.dep; *n gets the count. */
struct dmod **depmod_all_deps(const struct depmod *d, const struct dmod *m, size_t *n);

/* ---- depmod-out.c -------------------------------------------------------- */

/*
 * Write every modules.* file into the tree (atomically, each through a
 * temporary and a rename), or with @to_stdout the text ones to stdout.
 */
int depmod_output(struct depmod *d, bool to_stdout);

#endif
