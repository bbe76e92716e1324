// SPDX-License-Identifier: MIT
/*
 * vfs_inode.c - inodes: allocation, references and eviction.
 *
 * Every inode belongs to a super_block, which counts the live ones, so that
 * an unmount can check that a filesystem gave back everything it made.  The
 * last iput() calls the super_block's evict_inode, where the filesystem
 * frees its part (i_private), and then frees the inode.
 *
 * One inode belongs to no filesystem: the directory the VFS shows where a
 * path leads only towards a mount point (/lib when the root filesystem has
 * no /lib but /lib/modules is mounted).  It is empty, static and never
 * freed.
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/fs.h>
#include <lkm/kernel.h>

#include "internal.h"

struct inode *new_inode(struct super_block *sb)
{
	struct inode *inode = calloc(1, sizeof(*inode));

	if (inode == NULL)
		return NULL;
	inode->i_sb = sb;
	inode->i_count = 1;
	inode->i_nlink = 1;
	inode->i_ino = ++sb->s_next_ino;
	sb->s_inodes++;
	return inode;
}
EXPORT_SYMBOL(new_inode);

void ihold(struct inode *inode)
{
	inode->i_count++;
}
EXPORT_SYMBOL(ihold);

void iput(struct inode *inode)
{
	struct super_block *sb;

	if (inode == NULL || --inode->i_count > 0)
		return;
	sb = inode->i_sb;
	if (sb->s_op != NULL && sb->s_op->evict_inode != NULL)
		sb->s_op->evict_inode(inode);
	sb->s_inodes--;
	free(inode);
}
EXPORT_SYMBOL(iput);

ssize_t simple_read_from_buffer(void *to, size_t count, loff_t *ppos,
				const void *from, size_t available)
{
	loff_t pos = *ppos;
	size_t n;

	if (pos < 0)
		return -LKM_EINVAL;
	if ((size_t)pos >= available || count == 0)
		return 0;
	n = available - (size_t)pos;
	if (n > count)
		n = count;
	memcpy(to, (const char *)from + pos, n);
	*ppos = pos + (loff_t)n;
	return (ssize_t)n;
}
EXPORT_SYMBOL(simple_read_from_buffer);

/* ---- the directories on the way to mount points ------------------------- */

static int implied_iterate(struct file *file, struct dir_context *ctx)
{
	return 0; /* the VFS adds the mount points below it */
}

static int implied_lookup(struct inode *dir, const char *name,
			  struct inode **out)
{
	return -LKM_ENOENT;
}

static const struct file_operations implied_fops = {
	.iterate = implied_iterate,
};

static const struct inode_operations implied_iops = {
	.lookup = implied_lookup,
};

static struct super_block implied_sb = { .s_flags = SB_RDONLY };

static struct inode implied_inode = {
	.i_ino = 1,
	.i_mode = S_IFDIR | 0555,
	.i_nlink = 2,
	.i_sb = &implied_sb,
	.i_op = &implied_iops,
	.i_fop = &implied_fops,
	.i_count = 1, /* never dropped: the inode is static */
};

struct inode *vfs_implied_dir(void)
{
	ihold(&implied_inode);
	return &implied_inode;
}
