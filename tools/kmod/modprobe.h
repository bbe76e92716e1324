/* SPDX-License-Identifier: MIT */
/*
 * modprobe.h - module resolution, the library behind `modprobe`: from a
 * name or alias to the ordered list of modules (and install commands) to
 * load, as kmod's library resolves it.  It knows the module tree
 * (modules.dep.bin, modules.alias.bin, modules.symbols.bin,
 * modules.builtin.bin, modules.builtin.alias.bin, modules.softdep) and
 * modprobe.d configuration (alias, options, install, remove, blacklist,
 * softdep) plus "<module>.<param>=" and "modprobe.blacklist=" on the kernel
 * command line.  It does not load anything: the caller acts on the list,
 * which keeps it usable by a kernel's request_module() as well as by the
 * host command.
 */
#ifndef LKM_TOOLS_KMOD_MODPROBE_H
#define LKM_TOOLS_KMOD_MODPROBE_H

#include "kmod.h"

struct mp_ctx;

/* One module as resolution sees it (kmod keys them by name and alias). */
struct mp_module {
	struct mp_module *next_all;
	char *name;
	char *alias;            /* set when found through an alias */
	char *path;             /* absolute, NULL if unknown or built in */
	bool dep_loaded;        /* path and deps looked up */
	bool builtin_known;
	bool builtin;
	bool visited;
	bool ignorecmd;
	struct mp_module **deps;   /* in load order */
	size_t n_deps;
};

/* A list of modules (resolution results, probe lists). */
struct mp_list {
	struct mp_module **v;
	size_t n;
};

/*
 * A context over the tree @dirname ("/lib/modules/<release>") reading the
 * modprobe.d files under @config_paths (NULL: the standard directories)
 * and the kernel command line @cmdline (NULL: none).
 */
struct mp_ctx *mp_new(const char *dirname, const char *const *config_paths,
		      const char *cmdline);
void mp_free(struct mp_ctx *ctx);
const char *mp_dirname(const struct mp_ctx *ctx);

/*
 * Resolve @name (a module name, alias pattern match, "symbol:..."): the
 * lookup order is configuration aliases, modules.dep, symbols, install/
 * remove commands, modules.alias, built-in modules, built-in aliases.
 * Returns 0 with @out possibly empty, or -errno.
 */
int mp_lookup(struct mp_ctx *ctx, const char *name, struct mp_list *out) __must_check;
/* The same, but only as a module name (modules.dep, built in). */
int mp_lookup_name(struct mp_ctx *ctx, const char *name, struct mp_list *out) __must_check;

/* Everything to load for @m, in order: softdeps, dependencies, itself. */
int mp_probe_list(struct mp_ctx *ctx, struct mp_module *m, bool ignore_commands,
		  struct mp_list *out) __must_check;

/*
 * The modules of @m's softdep line (pre: and post:, each looked up as by
 * mp_lookup()), appended to @pre and @post.  0 or -errno.
 */
int mp_softdeps(struct mp_ctx *ctx, struct mp_module *m, struct mp_list *pre,
		struct mp_list *post) __must_check;

/* Options configured for @m (modprobe.d and command line), malloc'ed; NULL if none. */
char *mp_options(struct mp_ctx *ctx, const struct mp_module *m);
/* The install (or remove) command configured for @m, or NULL. */
const char *mp_install_command(struct mp_ctx *ctx, const struct mp_module *m);
const char *mp_remove_command(struct mp_ctx *ctx, const struct mp_module *m);
/* Whether @m is blacklisted (modprobe.d "blacklist" or modprobe.blacklist=). */
bool mp_is_blacklisted(struct mp_ctx *ctx, const struct mp_module *m);
/* Whether @m is built into the kernel (modules.builtin). */
bool mp_is_builtin(struct mp_ctx *ctx, struct mp_module *m);
/* Resolve @m's path and dependencies from modules.dep.bin. */
void mp_module_load_deps(struct mp_ctx *ctx, struct mp_module *m);

/* Print the configuration as `modprobe -c` does. */
void mp_dump_config(struct mp_ctx *ctx, FILE *out);

void mp_list_add(struct mp_list *l, struct mp_module *m);
void mp_list_release(struct mp_list *l);

#endif
