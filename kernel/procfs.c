// SPDX-License-Identifier: MIT
/*
 * procfs.c - the "proc" and "sysfs" filesystems: the generated views of
 * proc.c's registry, mounted at /proc and /sys like any other filesystem.
 *
 * An inode stands for one registry path ("/proc/lkm/stats"), whatever the
 * mount point: proc mounted again elsewhere shows the same views.  What a
 * name is (directory, file or nothing) is asked of the registry at lookup;
 * a file's text is generated at its first read after open and served from
 * that copy, so a reader sees one consistent snapshot; each write is handed
 * to the view's store as it comes (one "echo 5 > ..." is one write).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/fs.h>

#include "internal.h"

/* An open view: its text once generated. */
struct proc_file {
	struct seqbuf text;
	bool filled;
};

static const struct inode_operations procfs_dir_iops;
static const struct file_operations procfs_dir_fops;
static const struct file_operations procfs_file_fops;

static int ignore_entry(const char *name, bool is_dir, void *arg)
{
	return 1; /* one entry is enough to know it is a directory */
}

static void procfs_evict(struct inode *inode)
{
	free(inode->i_private);
}

static const struct super_operations procfs_sops = {
	.evict_inode = procfs_evict,
};

/* An inode for registry path @path; -ENOENT if the registry has none. */
static int procfs_inode(struct super_block *sb, const char *path,
			struct inode **out)
{
	struct inode *inode;
	int kind = proc_list(path, ignore_entry, NULL);

	if (kind < 0 && kind != -LKM_ENOTDIR)
		return kind;
	inode = new_inode(sb);
	if (inode == NULL)
		return -LKM_ENOMEM;
	inode->i_private = strdup(path);
	if (inode->i_private == NULL) {
		iput(inode);
		return -LKM_ENOMEM;
	}
	if (kind == -LKM_ENOTDIR) {
		inode->i_mode = S_IFREG | 0644;
		inode->i_fop = &procfs_file_fops;
	} else {
		inode->i_mode = S_IFDIR | 0555;
		inode->i_nlink = 2;
		inode->i_op = &procfs_dir_iops;
		inode->i_fop = &procfs_dir_fops;
	}
	*out = inode;
	return 0;
}

static int procfs_lookup(struct inode *dir, const char *name,
			 struct inode **out)
{
	char path[VFS_PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/%s",
			 (const char *)dir->i_private, name);

	if (n < 0 || (size_t)n >= sizeof(path))
		return -LKM_ENAMETOOLONG;
	return procfs_inode(dir->i_sb, path, out);
}

static int iterate_entry(const char *name, bool is_dir, void *arg)
{
	struct dir_context *ctx = arg;

	ctx->pos++;
	return ctx->actor(ctx, name, strlen(name), 0,
			  is_dir ? S_IFDIR : S_IFREG);
}

static int procfs_iterate(struct file *file, struct dir_context *ctx)
{
	return proc_list(file->f_inode->i_private, iterate_entry, ctx);
}

static int procfs_open(struct inode *inode, struct file *file)
{
	struct proc_file *pf = calloc(1, sizeof(*pf));

	if (pf == NULL)
		return -LKM_ENOMEM;
	seqbuf_init(&pf->text);
	file->private_data = pf;
	return 0;
}

static int procfs_release(struct inode *inode, struct file *file)
{
	struct proc_file *pf = file->private_data;

	seqbuf_release(&pf->text);
	free(pf);
	return 0;
}

static ssize_t procfs_read(struct file *file, char *buf, size_t len,
			   loff_t *pos)
{
	struct proc_file *pf = file->private_data;
	int err;

	if (!pf->filled) {
		err = proc_read(file->f_inode->i_private, &pf->text);
		if (err)
			return err;
		pf->filled = true;
	}
	return simple_read_from_buffer(buf, len, pos, pf->text.buf,
				       pf->text.len);
}

static ssize_t procfs_write(struct file *file, const char *buf, size_t len,
			    loff_t *pos)
{
	int err = proc_write(file->f_inode->i_private, buf, len);

	if (err)
		return err;
	*pos += (loff_t)len;
	return (ssize_t)len;
}

static const struct inode_operations procfs_dir_iops = {
	.lookup = procfs_lookup,
};

static const struct file_operations procfs_dir_fops = {
	.iterate = procfs_iterate,
};

static const struct file_operations procfs_file_fops = {
	.open = procfs_open,
	.release = procfs_release,
	.read = procfs_read,
	.write = procfs_write,
};

static int fill_root(struct super_block *sb, const char *root)
{
	sb->s_op = &procfs_sops;
	return procfs_inode(sb, root, &sb->s_root);
}

static int proc_fill_super(struct super_block *sb, const char *source,
			   const char *data)
{
	return fill_root(sb, "/proc");
}

static int sysfs_fill_super(struct super_block *sb, const char *source,
			    const char *data)
{
	return fill_root(sb, "/sys");
}

static struct file_system_type proc_fs_type = {
	.name = "proc",
	.fill_super = proc_fill_super,
};

static struct file_system_type sysfs_fs_type = {
	.name = "sysfs",
	.fill_super = sysfs_fill_super,
};

int procfs_init(void)
{
	int err = __register_filesystem(&proc_fs_type, NULL);

	if (err == 0)
		err = __register_filesystem(&sysfs_fs_type, NULL);
	return err;
}
