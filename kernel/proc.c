// SPDX-License-Identifier: MIT
/*
 * proc.c - the registry of generated views under /proc and /sys.
 *
 * A node is either a file view (a path and a function that generates its
 * whole text on each read, and maybe one that takes what is written to it)
 * or a generated tree (a path and ops that list,
 * read and write anything below it, such as /sys/module/<name>/...).
 * Directories above the nodes are implied by the registered paths.  Any part
 * of the kernel adds its nodes at boot; procviews.c holds the standard
 * files, sysfs_module.c the module tree.  Paths reach here normalised: no
 * repeated or trailing slashes.
 *
 * Modules add file views too (proc_create_single(), Linux's): such a node
 * records its module, which holds a reference while the view is generated,
 * and goes with proc_remove() or, if the module forgets, when the module
 * does (proc_sweep()).  The filesystem side - lookup, open, read - is
 * procfs.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/fs.h>
#include <lkm/kernel.h>

#include "internal.h"

#define PROC_MAX_NODES 128

struct proc_node {
	const char *path;
	proc_show_fn show;                 /* a file view, or ... */
	proc_store_fn store;               /* (NULL: read-only) */
	const struct proc_dir_ops *dir;    /* ... a generated tree, or ... */
	/* ... a module's view: its show, its module, its path (malloc'ed) */
	int (*seq_show)(struct seq_file *m, void *v);
	struct module *owner;
	char *owned_path;
};

static const char *const proc_roots[] = { "/proc", "/sys" };

static struct proc_node proc_nodes[PROC_MAX_NODES];
static size_t proc_nr_nodes;

/* The part of @path below directory @dir, or NULL if not below it. */
static const char *below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strncmp(path, dir, n) != 0 || path[n] != '/')
		return NULL;
	return path + n + 1;
}

static bool is_root(const char *path)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(proc_roots); i++)
		if (strcmp(path, proc_roots[i]) == 0)
			return true;
	return false;
}

/* True for /proc, /sys and every path below them. */
static bool proc_is_path(const char *path)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(proc_roots); i++)
		if (strcmp(path, proc_roots[i]) == 0 ||
		    below(path, proc_roots[i]) != NULL)
			return true;
	return false;
}

/*
 * The node serving @path: its file view, or the tree it lies in (then
 * *@sub is the rest of the path, "" for the tree's top).  NULL if none.
 */
static const struct proc_node *proc_lookup(const char *path, const char **sub)
{
	const char *rest;
	size_t i;

	for (i = 0; i < proc_nr_nodes; i++) {
		if (strcmp(proc_nodes[i].path, path) == 0) {
			*sub = "";
			return &proc_nodes[i];
		}
		rest = below(path, proc_nodes[i].path);
		if (rest != NULL && proc_nodes[i].dir != NULL) {
			*sub = rest;
			return &proc_nodes[i];
		}
	}
	return NULL;
}

/* A directory only because nodes lie below it (or a root). */
static bool is_implied_dir(const char *path)
{
	size_t i;

	if (is_root(path))
		return true;
	for (i = 0; i < proc_nr_nodes; i++)
		if (below(proc_nodes[i].path, path) != NULL)
			return true;
	return false;
}

static int proc_add(const struct proc_node *node)
{
	const char *sub;

	if (!proc_is_path(node->path) || is_root(node->path))
		return -LKM_EINVAL;
	if (proc_lookup(node->path, &sub) != NULL ||
	    is_implied_dir(node->path))
		return -LKM_EEXIST;
	if (proc_nr_nodes == PROC_MAX_NODES)
		return -LKM_ENOSPC;
	proc_nodes[proc_nr_nodes++] = *node;
	return 0;
}

int proc_register(const char *path, proc_show_fn show)
{
	return proc_add(&(struct proc_node){ .path = path, .show = show });
}

int proc_register_rw(const char *path, proc_show_fn show, proc_store_fn store)
{
	return proc_add(&(struct proc_node){ .path = path, .show = show,
					     .store = store });
}

int proc_register_dir(const char *path, const struct proc_dir_ops *ops)
{
	return proc_add(&(struct proc_node){ .path = path, .dir = ops });
}

/* Generate a module's view, holding a reference on the module meanwhile. */
static int seq_show_node(const struct proc_node *node, struct seqbuf *sb)
{
	struct seq_file m = { .sb = sb };
	int (*show)(struct seq_file *, void *) = node->seq_show;
	struct module *owner = node->owner;
	int err;

	if (!try_module_get(owner))
		return -LKM_ENOENT;
	err = show(&m, NULL);
	module_put(owner);
	return err;
}

int proc_read(const char *path, struct seqbuf *sb)
{
	const char *sub;
	const struct proc_node *node = proc_lookup(path, &sub);
	int err;

	if (node == NULL)
		return is_implied_dir(path) ? -LKM_EISDIR : -LKM_ENOENT;
	if (node->seq_show != NULL)
		err = seq_show_node(node, sb);
	else
		err = node->dir ? node->dir->read(sub, sb) : node->show(sb);
	return err ? err : sb->err;
}

int proc_write(const char *path, const char *data, size_t len)
{
	const char *sub;
	const struct proc_node *node = proc_lookup(path, &sub);

	if (node == NULL)
		return is_implied_dir(path) ? -LKM_EISDIR : -LKM_ENOENT;
	if (node->store != NULL)
		return node->store(data, len);
	if (node->dir == NULL || node->dir->write == NULL)
		return -LKM_EACCES;
	return node->dir->write(sub, data, len);
}

/* True if a node before @upto already yields entry @name of @dir. */
static bool listed_before(size_t upto, const char *dir, const char *name,
			  size_t len)
{
	const char *rest;
	size_t i;

	for (i = 0; i < upto; i++) {
		rest = below(proc_nodes[i].path, dir);
		if (rest != NULL && strncmp(rest, name, len) == 0 &&
		    (rest[len] == '\0' || rest[len] == '/'))
			return true;
	}
	return false;
}

/* List the entries implied by the nodes below @path. */
static int list_implied(const char *path, kfile_list_fn fn, void *arg)
{
	char name[256];
	const char *rest, *slash;
	size_t i, len;
	int err;

	for (i = 0; i < proc_nr_nodes; i++) {
		rest = below(proc_nodes[i].path, path);
		if (rest == NULL)
			continue;
		slash = strchr(rest, '/');
		len = slash ? (size_t)(slash - rest) : strlen(rest);
		if (len >= sizeof(name) || listed_before(i, path, rest, len))
			continue;
		memcpy(name, rest, len);
		name[len] = '\0';
		err = fn(name, slash != NULL || proc_nodes[i].dir != NULL,
			 arg);
		if (err)
			return err;
	}
	return 0;
}

int proc_list(const char *path, kfile_list_fn fn, void *arg)
{
	const char *sub;
	const struct proc_node *node = proc_lookup(path, &sub);

	if (node != NULL)
		return node->dir ? node->dir->list(sub, fn, arg)
				 : -LKM_ENOTDIR;
	if (!is_implied_dir(path))
		return -LKM_ENOENT;
	return list_implied(path, fn, arg);
}

/* ---- module views ------------------------------------------------------------ */

static void proc_del(size_t i)
{
	free(proc_nodes[i].owned_path);
	memmove(&proc_nodes[i], &proc_nodes[i + 1],
		(proc_nr_nodes - i - 1) * sizeof(proc_nodes[0]));
	proc_nr_nodes--;
}

struct proc_dir_entry *__proc_create_single(const char *name, umode_t mode,
					    struct proc_dir_entry *parent,
					    int (*show)(struct seq_file *m,
							void *v),
					    struct module *owner)
{
	char path[VFS_PATH_MAX], *copy;
	int err;

	if (parent != NULL || name == NULL || show == NULL ||
	    name[0] == '\0' || name[0] == '/' || strstr(name, "..") != NULL ||
	    strstr(name, "//") != NULL || str_has_suffix(name, "/") ||
	    (size_t)snprintf(path, sizeof(path), "/proc/%s", name) >=
		    sizeof(path))
		return NULL;
	copy = strdup(path);
	if (copy == NULL)
		return NULL;
	err = proc_add(&(struct proc_node){ .path = copy, .seq_show = show,
					    .owner = owner,
					    .owned_path = copy });
	if (err) {
		free(copy);
		return NULL;
	}
	return (struct proc_dir_entry *)copy;
}
EXPORT_SYMBOL(__proc_create_single);

void proc_remove(struct proc_dir_entry *pde)
{
	size_t i;

	for (i = 0; pde != NULL && i < proc_nr_nodes; i++) {
		if (proc_nodes[i].owned_path == (char *)pde) {
			proc_del(i);
			return;
		}
	}
}
EXPORT_SYMBOL(proc_remove);

void remove_proc_entry(const char *name, struct proc_dir_entry *parent)
{
	char path[VFS_PATH_MAX];
	size_t i;

	if (parent != NULL || (size_t)snprintf(path, sizeof(path), "/proc/%s",
					       name) >= sizeof(path))
		return;
	for (i = 0; i < proc_nr_nodes; i++) {
		if (proc_nodes[i].owned_path != NULL &&
		    strcmp(proc_nodes[i].path, path) == 0) {
			proc_del(i);
			return;
		}
	}
}
EXPORT_SYMBOL(remove_proc_entry);

size_t proc_count(void)
{
	return proc_nr_nodes;
}

size_t proc_sweep(bool (*gone)(const struct module *owner))
{
	size_t i = 0, n = 0;

	while (i < proc_nr_nodes) {
		if (proc_nodes[i].owner == NULL || !gone(proc_nodes[i].owner)) {
			i++;
			continue;
		}
		printk(KERN_WARNING "proc: %s left by its module; removed\n",
		       proc_nodes[i].path);
		proc_del(i);
		n++;
	}
	return n;
}
