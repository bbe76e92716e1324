// SPDX-License-Identifier: GPL-2.0
/*
 * ramfs.c - a writable filesystem in memory.
 *
 *   mount -t ramfs none /mnt; mkdir /mnt/d; echo hi > /mnt/d/f; cat /mnt/d/f
 *
 * Every mount is a tree of nodes, one per inode: a directory keeps its
 * entries in a list, a file its bytes in a buffer that grows as it is
 * written (up to max_file_size).  The tree holds one reference on each
 * node's inode; unlink and rmdir drop it, so a file still open lives on
 * until it is closed, as on Linux, and the node is freed in evict_inode.
 * Unmounting drops the whole tree.  While mounted, the module is pinned
 * (the VFS holds a reference for the mount): rmmod ramfs says it is in use.
 * mount -t ramfs loads the module by itself (MODULE_ALIAS_FS).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <lkm/fs.h>
#include <lkm/kernel.h>
#include <lkm/module.h>

static unsigned long max_file_size = 16ul << 20;
module_param(max_file_size, ulong, 0644);
MODULE_PARM_DESC(max_file_size, "largest file, in bytes (-EFBIG beyond)");

struct ramfs_node {
	struct inode *inode;
	char *name;
	struct ramfs_node *parent;
	struct ramfs_node *children; /* a directory's entries */
	struct ramfs_node *next;     /* in the parent's list */
	char *data;                  /* a file's bytes (i_size of them) */
	size_t cap;
};

static const struct inode_operations ramfs_dir_iops;
static const struct file_operations ramfs_dir_fops;
static const struct file_operations ramfs_file_fops;

static struct ramfs_node *node_of(const struct inode *inode)
{
	return inode->i_private;
}

/* A node with its inode (one reference: the caller's). */
static struct ramfs_node *node_new(struct super_block *sb, const char *name,
				   umode_t mode)
{
	struct ramfs_node *n = kzalloc(sizeof(*n), GFP_KERNEL);

	if (n == NULL)
		return NULL;
	n->name = kstrdup(name, GFP_KERNEL);
	n->inode = new_inode(sb);
	if (n->name == NULL || n->inode == NULL) {
		if (n->inode != NULL) {
			n->inode->i_private = NULL;
			iput(n->inode);
		}
		kfree(n->name);
		kfree(n);
		return NULL;
	}
	n->inode->i_private = n;
	n->inode->i_mode = mode;
	if (S_ISDIR(mode)) {
		n->inode->i_nlink = 2;
		n->inode->i_op = &ramfs_dir_iops;
		n->inode->i_fop = &ramfs_dir_fops;
	} else {
		n->inode->i_fop = &ramfs_file_fops;
	}
	return n;
}

static void ramfs_evict(struct inode *inode)
{
	struct ramfs_node *n = node_of(inode);

	if (n == NULL)
		return;
	kfree(n->data);
	kfree(n->name);
	kfree(n);
}

static const struct super_operations ramfs_sops = {
	.evict_inode = ramfs_evict,
};

static struct ramfs_node *find_child(struct ramfs_node *dir, const char *name)
{
	struct ramfs_node *c;

	for (c = dir->children; c != NULL; c = c->next)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static int ramfs_lookup(struct inode *dir, const char *name,
			struct inode **out)
{
	struct ramfs_node *c = find_child(node_of(dir), name);

	if (c == NULL)
		return -LKM_ENOENT;
	ihold(c->inode);
	*out = c->inode;
	return 0;
}

/* Make @name in @dir; the tree keeps the node's first reference. */
static int add_child(struct inode *dir, const char *name, umode_t mode,
		     struct ramfs_node **out)
{
	struct ramfs_node *d = node_of(dir), *n;

	if (find_child(d, name) != NULL)
		return -LKM_EEXIST;
	n = node_new(dir->i_sb, name, mode);
	if (n == NULL)
		return -LKM_ENOMEM;
	n->parent = d;
	n->next = d->children;
	d->children = n;
	if (S_ISDIR(mode))
		dir->i_nlink++;
	*out = n;
	return 0;
}

static int ramfs_create(struct inode *dir, const char *name, umode_t mode,
			struct inode **out)
{
	struct ramfs_node *n;
	int err = add_child(dir, name, (umode_t)(S_IFREG | (mode & 07777)), &n);

	if (err)
		return err;
	ihold(n->inode);
	*out = n->inode;
	return 0;
}

static int ramfs_mkdir(struct inode *dir, const char *name, umode_t mode)
{
	struct ramfs_node *n;

	return add_child(dir, name, (umode_t)(S_IFDIR | (mode & 07777)), &n);
}

/* Take @c out of its directory and drop the tree's reference. */
static void remove_child(struct inode *dir, struct ramfs_node *c)
{
	struct ramfs_node **p;

	for (p = &node_of(dir)->children; *p != c; p = &(*p)->next)
		;
	*p = c->next;
	c->parent = NULL;
	if (S_ISDIR(c->inode->i_mode))
		dir->i_nlink--;
	c->inode->i_nlink = 0;
	iput(c->inode);
}

static int ramfs_unlink(struct inode *dir, const char *name)
{
	struct ramfs_node *c = find_child(node_of(dir), name);

	if (c == NULL)
		return -LKM_ENOENT;
	if (S_ISDIR(c->inode->i_mode))
		return -LKM_EISDIR;
	remove_child(dir, c);
	return 0;
}

static int ramfs_rmdir(struct inode *dir, const char *name)
{
	struct ramfs_node *c = find_child(node_of(dir), name);

	if (c == NULL)
		return -LKM_ENOENT;
	if (!S_ISDIR(c->inode->i_mode))
		return -LKM_ENOTDIR;
	if (c->children != NULL)
		return -LKM_ENOTEMPTY;
	remove_child(dir, c);
	return 0;
}

static int ramfs_iterate(struct file *file, struct dir_context *ctx)
{
	struct ramfs_node *c;
	int err = 0;

	for (c = node_of(file->f_inode)->children; c != NULL && err == 0;
	     c = c->next) {
		ctx->pos++;
		err = ctx->actor(ctx, c->name, strlen(c->name),
				 c->inode->i_ino, c->inode->i_mode & S_IFMT);
	}
	return err;
}

static int ramfs_open(struct inode *inode, struct file *file)
{
	if ((file->f_flags & O_TRUNC) &&
	    (file->f_flags & O_ACCMODE) != O_RDONLY)
		inode->i_size = 0;
	return 0;
}

static ssize_t ramfs_read(struct file *file, char *buf, size_t len,
			  loff_t *pos)
{
	struct inode *inode = file->f_inode;

	return simple_read_from_buffer(buf, len, pos, node_of(inode)->data,
				       (size_t)inode->i_size);
}

static ssize_t ramfs_write(struct file *file, const char *buf, size_t len,
			   loff_t *pos)
{
	struct inode *inode = file->f_inode;
	struct ramfs_node *n = node_of(inode);
	size_t end, cap;
	char *grown;

	if (*pos < 0 || len > max_file_size ||
	    (size_t)*pos > max_file_size - len)
		return -LKM_EFBIG;
	end = (size_t)*pos + len;
	if (end > n->cap) {
		for (cap = n->cap ? n->cap : 64; cap < end; cap *= 2)
			;
		grown = krealloc(n->data, cap, GFP_KERNEL);
		if (grown == NULL)
			return -LKM_ENOMEM;
		n->data = grown;
		n->cap = cap;
	}
	if ((size_t)*pos > (size_t)inode->i_size) /* a hole reads as zeros */
		memset(n->data + inode->i_size, 0,
		       (size_t)*pos - (size_t)inode->i_size);
	memcpy(n->data + *pos, buf, len);
	*pos += (loff_t)len;
	if ((size_t)*pos > (size_t)inode->i_size)
		inode->i_size = *pos;
	return (ssize_t)len;
}

static const struct inode_operations ramfs_dir_iops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.mkdir = ramfs_mkdir,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
};

static const struct file_operations ramfs_dir_fops = {
	.owner = THIS_MODULE,
	.iterate = ramfs_iterate,
};

static const struct file_operations ramfs_file_fops = {
	.owner = THIS_MODULE,
	.open = ramfs_open,
	.read = ramfs_read,
	.write = ramfs_write,
};

static int ramfs_fill_super(struct super_block *sb, const char *source,
			    const char *data)
{
	struct ramfs_node *root;

	sb->s_op = &ramfs_sops;
	root = node_new(sb, "", S_IFDIR | 0755);
	if (root == NULL)
		return -LKM_ENOMEM;
	sb->s_root = root->inode;
	return 0;
}

/* Drop every node below @dir, deepest first. */
static void drop_tree(struct inode *dir)
{
	struct ramfs_node *c;

	while ((c = node_of(dir)->children) != NULL) {
		if (S_ISDIR(c->inode->i_mode))
			drop_tree(c->inode);
		remove_child(dir, c);
	}
}

static void ramfs_kill_sb(struct super_block *sb)
{
	drop_tree(sb->s_root);
}

static struct file_system_type ramfs_type = {
	.name = "ramfs",
	.fill_super = ramfs_fill_super,
	.kill_sb = ramfs_kill_sb,
	.owner = THIS_MODULE,
};

static int __init ramfs_init(void)
{
	return register_filesystem(&ramfs_type);
}

static void __exit ramfs_exit(void)
{
	unregister_filesystem(&ramfs_type);
}

module_init(ramfs_init);
module_exit(ramfs_exit);
MODULE_LICENSE("GPL");
MODULE_VERSION("1.0");
MODULE_DESCRIPTION("A writable filesystem in memory");
MODULE_ALIAS_FS("ramfs");
