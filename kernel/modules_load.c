// SPDX-License-Identifier: MIT
/*
 * modules_load.c - the modules loaded at boot, as systemd-modules-load
 * loads them on Linux: first the names given by modules_load=a,b (or
 * modules-load=) on the kernel command line, then those listed in the
 * modules-load.d files of the system root.
 *
 * The system root is the directory that holds the module root as
 * lib/modules (port_sysroot(): for the build tree, build/; for an
 * installed lkm, its prefix).  Its etc/, run/, usr/local/lib/, usr/lib/
 * and lib/ may each have a modules-load.d/ directory of *.conf files; they
 * are read in the order of their file names, a name in an earlier
 * directory hiding the same name in a later one (systemd's rule).  Each
 * line names one module or alias; blank lines and lines starting with '#'
 * or ';' are skipped.  Every name is loaded with request_module(), so with
 * its dependencies, softdeps and options; a failure is logged and boot
 * goes on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/kernel.h>
#include <lkm/module.h>

#include "internal.h"

#define MODULES_LOAD_MAX 2048
#define CONF_FILES_MAX 256

/* The command line's names, comma-separated, every occurrence appended. */
static char cmdline_names[MODULES_LOAD_MAX];

static const char *const conf_dirs[] = {
	"etc/modules-load.d", "run/modules-load.d",
	"usr/local/lib/modules-load.d", "usr/lib/modules-load.d",
	"lib/modules-load.d",
};

int modules_load_set_option(const char *value)
{
	size_t len = strlen(cmdline_names);

	if (value == NULL || len + 1 + strlen(value) >= sizeof(cmdline_names))
		return -LKM_EINVAL;
	if (len > 0)
		cmdline_names[len++] = ',';
	strcpy(cmdline_names + len, value);
	return 0;
}

static void load_one(const char *name)
{
	int err = request_module("%s", name);

	if (err == 0)
		printk(KERN_INFO "modules-load: Inserted module '%s'\n", name);
	else if (err == -LKM_ENOENT)
		printk(KERN_ERR "modules-load: Failed to find module '%s'\n",
		       name);
	else
		printk(KERN_ERR "modules-load: Failed to insert module '%s': "
		       "%s\n", name, strerror(-err));
}

/* One configuration file's text: a name a line. */
static void load_list(char *text)
{
	char *line, *save, *end;

	for (line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		line += strspn(line, " \t\r");
		end = line + strlen(line);
		while (end > line && strchr(" \t\r", end[-1]) != NULL)
			*--end = '\0';
		if (*line == '\0' || *line == '#' || *line == ';')
			continue;
		load_one(line);
	}
}

struct conf_file {
	char name[256];
	char path[512];
};

struct conf_list {
	struct conf_file *files;
	size_t n;
	const char *dir;
};

/* Collect @name of the directory being listed, unless known already. */
static int add_conf(const char *name, bool is_dir, void *arg)
{
	struct conf_list *l = arg;
	size_t i;

	if (is_dir || !str_has_suffix(name, ".conf") ||
	    strlen(name) >= sizeof(l->files[0].name) || l->n == CONF_FILES_MAX)
		return 0;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->files[i].name, name) == 0)
			return 0;
	strcpy(l->files[l->n].name, name);
	snprintf(l->files[l->n].path, sizeof(l->files[0].path), "%s/%s",
		 l->dir, name);
	l->n++;
	return 0;
}

static int conf_cmp(const void *a, const void *b)
{
	return strcmp(((const struct conf_file *)a)->name,
		      ((const struct conf_file *)b)->name);
}

static void load_conf_files(void)
{
	struct conf_list l = { 0 };
	char root[512], dir[ARRAY_SIZE(conf_dirs)][600];
	size_t i, size;
	char *text;

	if (port_sysroot(root, sizeof(root)) != 0)
		return;
	l.files = calloc(CONF_FILES_MAX, sizeof(*l.files));
	if (l.files == NULL)
		return;
	for (i = 0; i < ARRAY_SIZE(conf_dirs); i++) {
		snprintf(dir[i], sizeof(dir[i]), "%s/%s", root, conf_dirs[i]);
		l.dir = dir[i];
		kfile_list(dir[i], add_conf, &l);
	}
	qsort(l.files, l.n, sizeof(*l.files), conf_cmp);
	for (i = 0; i < l.n; i++) {
		if (kfile_read(l.files[i].path, &text, &size) != 0) {
			printk(KERN_ERR "modules-load: cannot read %s\n",
			       l.files[i].path);
			continue;
		}
		load_list(text);
		free(text);
	}
	free(l.files);
}

void modules_load_boot(void)
{
	char names[MODULES_LOAD_MAX], *name, *save;

	strcpy(names, cmdline_names);
	for (name = strtok_r(names, ",", &save); name != NULL;
	     name = strtok_r(NULL, ",", &save))
		load_one(name);
	load_conf_files();
}
