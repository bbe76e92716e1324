// SPDX-License-Identifier: MIT
/*
 * devtmpfs.c - /dev: device nodes that appear when drivers register their
 * devices, as Linux's devtmpfs makes them.
 *
 * The nodes live in one kernel-wide list (a name, a device number, a mode
 * and the module that asked for it); the "devtmpfs" filesystem shows that
 * list, mounted at /dev at boot and wherever else it is mounted.  A node
 * names a device; what opening it does is the character-device registry's
 * business (chrdev.c).  Nodes are flat (no '/' in a name), and only drivers
 * make and remove them: to a user, /dev is read-only (-EPERM).
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/fs.h>
#include <lkm/kernel.h>

#include "internal.h"

#define DEVNODE_NAME_LEN 64

struct devnode {
	struct devnode *next;
	char name[DEVNODE_NAME_LEN];
	unsigned int dev;
	umode_t mode;
	struct module *owner;
	unsigned long ino;
};

static struct devnode *devnodes;
static unsigned long next_ino = 2;

static struct devnode *find(const char *name)
{
	struct devnode *n;

	for (n = devnodes; n != NULL; n = n->next)
		if (strcmp(n->name, name) == 0)
			return n;
	return NULL;
}

int __devtmpfs_create_node(const char *name, unsigned int dev, umode_t mode,
			   struct module *owner)
{
	struct devnode *n, **p;

	if (name == NULL || name[0] == '\0' || strchr(name, '/') != NULL ||
	    strlen(name) >= DEVNODE_NAME_LEN || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return -LKM_EINVAL;
	if (find(name) != NULL)
		return -LKM_EEXIST;
	n = calloc(1, sizeof(*n));
	if (n == NULL)
		return -LKM_ENOMEM;
	strcpy(n->name, name);
	n->dev = dev;
	n->mode = (umode_t)(mode & 07777 ? mode & 07777 : 0600);
	n->owner = owner;
	n->ino = next_ino++;
	for (p = &devnodes; *p != NULL; p = &(*p)->next)
		;
	*p = n;
	return 0;
}
EXPORT_SYMBOL(__devtmpfs_create_node);

void devtmpfs_delete_node(const char *name)
{
	struct devnode **p, *n;

	for (p = &devnodes; (n = *p) != NULL; p = &n->next) {
		if (strcmp(n->name, name) == 0) {
			*p = n->next;
			free(n);
			return;
		}
	}
}
EXPORT_SYMBOL(devtmpfs_delete_node);

size_t devtmpfs_count(void)
{
	struct devnode *n;
	size_t count = 0;

	for (n = devnodes; n != NULL; n = n->next)
		count++;
	return count;
}

size_t devtmpfs_sweep(bool (*gone)(const struct module *owner))
{
	struct devnode **p = &devnodes, *n;
	size_t count = 0;

	while ((n = *p) != NULL) {
		if (n->owner == NULL || !gone(n->owner)) {
			p = &n->next;
			continue;
		}
		printk(KERN_WARNING "devtmpfs: /dev/%s left by its module; "
		       "removed\n", n->name);
		*p = n->next;
		free(n);
		count++;
	}
	return count;
}

/* ---- the filesystem ----------------------------------------------------- */

static int devtmpfs_lookup(struct inode *dir, const char *name,
			   struct inode **out)
{
	struct devnode *n = find(name);
	struct inode *inode;

	if (n == NULL)
		return -LKM_ENOENT;
	inode = new_inode(dir->i_sb);
	if (inode == NULL)
		return -LKM_ENOMEM;
	inode->i_ino = n->ino;
	inode->i_mode = (umode_t)(S_IFCHR | n->mode);
	inode->i_rdev = n->dev;
	*out = inode;
	return 0;
}

static int devtmpfs_iterate(struct file *file, struct dir_context *ctx)
{
	struct devnode *n;
	int err = 0;

	for (n = devnodes; n != NULL && err == 0; n = n->next) {
		ctx->pos++;
		err = ctx->actor(ctx, n->name, strlen(n->name), n->ino,
				 S_IFCHR);
	}
	return err;
}

static const struct inode_operations devtmpfs_dir_iops = {
	.lookup = devtmpfs_lookup,
};

static const struct file_operations devtmpfs_dir_fops = {
	.iterate = devtmpfs_iterate,
};

static int devtmpfs_fill_super(struct super_block *sb, const char *source,
			       const char *data)
{
	struct inode *root = new_inode(sb);

	if (root == NULL)
		return -LKM_ENOMEM;
	root->i_ino = 1;
	root->i_mode = S_IFDIR | 0755;
	root->i_nlink = 2;
	root->i_op = &devtmpfs_dir_iops;
	root->i_fop = &devtmpfs_dir_fops;
	sb->s_root = root;
	return 0;
}

static struct file_system_type devtmpfs_type = {
	.name = "devtmpfs",
	.fill_super = devtmpfs_fill_super,
};

int devtmpfs_init(void)
{
	return __register_filesystem(&devtmpfs_type, NULL);
}
