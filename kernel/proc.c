// SPDX-License-Identifier: MIT
/*
 * proc.c - the registry of proc-style views.
 *
 * A view is a path below /proc and a function that generates its whole text
 * on each read.  Directories are implied by the paths registered below them.
 * Any part of the kernel adds its views with proc_register() at boot
 * (procviews.c holds the standard ones).  Paths reach here normalised: no
 * repeated or trailing slashes.
 */
#include <string.h>

#include <lkm/errno.h>

#include "internal.h"

#define PROC_ROOT "/proc"
#define PROC_MAX_VIEWS 64

struct proc_view {
	const char *path;
	proc_show_fn show;
};

static struct proc_view proc_views[PROC_MAX_VIEWS];
static size_t proc_nr_views;

bool proc_is_path(const char *path)
{
	size_t n = strlen(PROC_ROOT);

	return strncmp(path, PROC_ROOT, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/');
}

static const struct proc_view *proc_find(const char *path)
{
	size_t i;

	for (i = 0; i < proc_nr_views; i++)
		if (strcmp(proc_views[i].path, path) == 0)
			return &proc_views[i];
	return NULL;
}

/* The part of @view below directory @dir, or NULL if not below it. */
static const char *below(const char *view, const char *dir)
{
	size_t n = strlen(dir);

	if (strncmp(view, dir, n) != 0 || view[n] != '/')
		return NULL;
	return view + n + 1;
}

static bool proc_is_dir(const char *path)
{
	size_t i;

	if (strcmp(path, PROC_ROOT) == 0)
		return true;
	for (i = 0; i < proc_nr_views; i++)
		if (below(proc_views[i].path, path) != NULL)
			return true;
	return false;
}

int proc_register(const char *path, proc_show_fn show)
{
	if (!proc_is_path(path) || strcmp(path, PROC_ROOT) == 0 ||
	    path[strlen(path) - 1] == '/')
		return -LKM_EINVAL;
	if (proc_find(path) != NULL || proc_is_dir(path))
		return -LKM_EEXIST;
	if (proc_nr_views == PROC_MAX_VIEWS)
		return -LKM_ENOSPC;
	proc_views[proc_nr_views++] = (struct proc_view){ path, show };
	return 0;
}

int proc_read(const char *path, struct seqbuf *sb)
{
	const struct proc_view *v = proc_find(path);
	int err;

	if (v == NULL)
		return proc_is_dir(path) ? -LKM_EISDIR : -LKM_ENOENT;
	err = v->show(sb);
	return err ? err : sb->err;
}

/* True if an earlier view than @upto already yields entry @name of @dir. */
static bool listed_before(size_t upto, const char *dir, const char *name,
			  size_t len)
{
	const char *rest;
	size_t i;

	for (i = 0; i < upto; i++) {
		rest = below(proc_views[i].path, dir);
		if (rest != NULL && strncmp(rest, name, len) == 0 &&
		    (rest[len] == '\0' || rest[len] == '/'))
			return true;
	}
	return false;
}

int proc_list(const char *path, kfile_list_fn fn, void *arg)
{
	char name[256];
	const char *rest, *slash;
	size_t i, len;
	int err;

	if (proc_find(path) != NULL)
		return -LKM_ENOTDIR;
	if (!proc_is_dir(path))
		return -LKM_ENOENT;
	for (i = 0; i < proc_nr_views; i++) {
		rest = below(proc_views[i].path, path);
		if (rest == NULL)
			continue;
		slash = strchr(rest, '/');
		len = slash ? (size_t)(slash - rest) : strlen(rest);
		if (len >= sizeof(name) || listed_before(i, path, rest, len))
			continue;
		memcpy(name, rest, len);
		name[len] = '\0';
		err = fn(name, slash != NULL, arg);
		if (err)
			return err;
	}
	return 0;
}
