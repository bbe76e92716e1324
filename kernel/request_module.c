// SPDX-License-Identifier: MIT
/*
 * request_module.c - the kernel loading a module by itself, as Linux's
 * request_module() does through modprobe.
 *
 * The name may be a module name or an alias - above all a device's
 * modalias ("pci:v00001AF4d00001005..."), which is how a device that
 * appears finds its driver (device.c).  Resolution is modprobe's: the port
 * runs the same resolution library as the `modprobe` tool over the module
 * tree (modules.dep, modules.alias, softdeps, blacklists, options from the
 * kernel command line) and hands back, in load order, each module to load
 * with its options; each is read through the VFS and loaded as insmod
 * would.  Modules already loaded are skipped.  Requests that lead to more
 * requests nest at most REQUEST_MODULE_DEPTH deep.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/kernel.h>

#include "internal.h"

#define REQUEST_MODULE_DEPTH 8

static unsigned depth;

struct request {
	const char *what;
	unsigned loaded;
	int err;
};

static int load_one(const char *name, const char *path, const char *options,
		    void *arg)
{
	struct request *r = arg;
	size_t size;
	char *data;
	int err;

	err = kfile_read(path, &data, &size);
	if (err == 0) {
		printk(KERN_INFO "request_module: %s: loading %s\n", r->what,
		       name);
		err = modload_load(data, size, options, 0, NULL);
		free(data);
	}
	if (err == -LKM_EEXIST)
		return 0;
	if (err) {
		printk(KERN_WARNING "request_module: %s: cannot load %s: "
		       "error %d\n", r->what, path, err);
		r->err = err;
		return err;
	}
	r->loaded++;
	return 0;
}

int request_module(const char *fmt, ...)
{
	char name[256];
	struct request r = { .what = name };
	va_list ap;
	int n, err;

	va_start(ap, fmt);
	n = vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(name))
		return -LKM_EINVAL;
	if (modules_kernel() == NULL)
		return -LKM_ENOENT;
	if (depth >= REQUEST_MODULE_DEPTH) {
		printk(KERN_ERR "request_module: runaway loop modprobe %s\n",
		       name);
		return -LKM_EBUSY;
	}
	depth++;
	err = port_modprobe(name, load_one, &r);
	depth--;
	if (err == -LKM_ENOENT)
		printk(KERN_INFO "request_module: %s: no module\n", name);
	return err ? err : r.err;
}
EXPORT_SYMBOL(request_module);
