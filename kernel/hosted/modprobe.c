// SPDX-License-Identifier: MIT
/*
 * modprobe.c - the hosted port's modprobe for request_module(): the same
 * resolution library as the `modprobe` tool (tools/kmod/modprobe-lib.c),
 * run over the module tree behind /lib/modules.
 *
 * What udev's "modprobe -b $MODALIAS" would load is what is handed back:
 * the modules an alias or name resolves to (blacklisted ones skipped for
 * aliases), each preceded by its softdeps and dependencies, with the
 * options the kernel command line gives them ("virtio_rng.x=1").  The
 * configuration is the kernel's own: the modprobe.d directories inside the
 * system root (port_sysroot(): <root>/etc/modprobe.d ..., where <root>
 * holds the module root as lib/modules), as `modprobe -d <root>` reads
 * them - never the host's /etc/modprobe.d.  Install commands are not run:
 * there is no shell to run them.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include <lkm/version.h>

#include "../../tools/kmod/modprobe.h"
#include "../internal.h"
#include "hosted.h"

/* The tools' log prefix, which the library's messages carry. */
const char *kmod_progname = "lkm-kernel";

static int probe_module(struct mp_ctx *ctx, struct mp_module *m,
			int (*load)(const char *name, const char *path,
				    const char *options, void *arg),
			void *arg)
{
	struct mp_list list = { 0 };
	char *options;
	size_t i;
	int err;

	err = mp_probe_list(ctx, m, true, &list);
	for (i = 0; err == 0 && i < list.n; i++) {
		struct mp_module *d = list.v[i];

		mp_module_load_deps(ctx, d);
		if (d->path == NULL)
			continue; /* built in, or nowhere */
		options = mp_options(ctx, d);
		err = load(d->name, d->path, options ? options : "", arg);
		free(options);
	}
	mp_list_release(&list);
	return err;
}

int port_modprobe(const char *name,
		  int (*load)(const char *name, const char *path,
			      const char *options, void *arg),
		  void *arg)
{
	static const char *const config_dirs[] = {
		"etc/modprobe.d", "run/modprobe.d", "usr/local/lib/modprobe.d",
		"lib/modprobe.d",
	};
	char config[ARRAY_SIZE(config_dirs)][PATH_MAX], root[PATH_MAX];
	const char *config_paths[ARRAY_SIZE(config_dirs) + 1] = { NULL };
	char dir[PATH_MAX];
	struct mp_list found = { 0 };
	struct mp_ctx *ctx;
	size_t i;
	int err;

	if ((size_t)snprintf(dir, sizeof(dir), "%s/%s", hostfs_get_modroot(),
			     LKM_RELEASE) >= sizeof(dir))
		return -ENAMETOOLONG;
	if (port_sysroot(root, sizeof(root)) == 0) {
		for (i = 0; i < ARRAY_SIZE(config_dirs); i++)
			if ((size_t)snprintf(config[i], sizeof(config[i]),
					     "%s/%s", root, config_dirs[i]) <
			    sizeof(config[i]))
				config_paths[i] = config[i];
	}
	ctx = mp_new(dir, config_paths, cmdline_get());
	if (ctx == NULL)
		return -ENOMEM;
	err = mp_lookup(ctx, name, &found);
	if (err == 0 && found.n == 0)
		err = -ENOENT;
	for (i = 0; err == 0 && i < found.n; i++) {
		if (found.v[i]->alias != NULL &&
		    mp_is_blacklisted(ctx, found.v[i]))
			continue;
		err = probe_module(ctx, found.v[i], load, arg);
	}
	mp_list_release(&found);
	mp_free(ctx);
	return err;
}
