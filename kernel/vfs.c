// SPDX-License-Identifier: MIT
/*
 * vfs.c - the file operations of the kernel: open, read, write, close,
 * readdir, stat, mkdir, unlink, rmdir.
 *
 * Everything reaches a file through here, whatever serves it: the host's
 * files, the /proc and /sys views, device nodes and the filesystems modules
 * add.  The rules are Linux's where they matter to a user: a read-only
 * mount refuses every change with -EROFS, a directory cannot be opened for
 * writing (-EISDIR), a mount point cannot be removed (-EBUSY), O_CREAT
 * makes a missing file through the directory's create.
 *
 * An open file holds a reference on its inode, counts on its mount (which
 * then cannot be unmounted) and holds a reference on the module that owns
 * its file_operations (which then cannot be unloaded); a device node's
 * operations are found at open in the character-device registry
 * (chrdev.c).  Listings add the mount points that lie directly below a
 * directory, so that they show even where the filesystem below lacks them.
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/fs.h>
#include <lkm/kernel.h>

#include "internal.h"

static size_t open_files;

static bool mount_is_rdonly(const struct vfsmount *m)
{
	return (m->flags & MNT_RDONLY) || (m->sb->s_flags & SB_RDONLY);
}

static bool wants_write(unsigned flags)
{
	return (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
}

/* Look @abs up, or create it as a regular file if @flags say O_CREAT. */
static int open_inode(const char *path, unsigned flags, unsigned mode,
		      struct vfs_path *p)
{
	char abs[VFS_PATH_MAX];
	struct vfs_path parent;
	const char *name;
	struct inode *dir;
	int err;

	err = vfs_normalize(path, abs, sizeof(abs));
	if (err)
		return err;
	err = vfs_walk(abs, p);
	if (err == 0)
		return (flags & O_CREAT) && (flags & O_EXCL) ? -LKM_EEXIST : 0;
	if (err != -LKM_ENOENT || !(flags & O_CREAT))
		return err;
	if (p->inode != NULL)
		iput(p->inode);
	err = vfs_walk_parent(path, &parent, abs, &name);
	if (err)
		return err;
	dir = parent.inode;
	if (mount_is_rdonly(parent.mnt))
		err = -LKM_EROFS;
	else if (dir->i_op == NULL || dir->i_op->create == NULL)
		err = -LKM_EACCES;
	else
		err = dir->i_op->create(dir, name, (umode_t)(S_IFREG |
							     (mode & 07777)),
					&p->inode);
	if (err == 0)
		p->mnt = parent.mnt;
	iput(dir);
	return err;
}

int vfs_open(const char *path, unsigned flags, unsigned mode,
	     struct file **out)
{
	struct vfs_path p = { 0 };
	struct file *f;
	int err;

	err = open_inode(path, flags, mode, &p);
	if (err)
		return err;
	if (S_ISDIR(p.inode->i_mode) && wants_write(flags))
		err = -LKM_EISDIR;
	else if (wants_write(flags) && mount_is_rdonly(p.mnt) &&
		 !S_ISCHR(p.inode->i_mode))
		err = -LKM_EROFS;
	f = err ? NULL : calloc(1, sizeof(*f));
	if (err == 0 && f == NULL)
		err = -LKM_ENOMEM;
	if (err) {
		iput(p.inode);
		return err;
	}
	f->f_inode = p.inode;
	f->f_flags = flags;
	f->f_vfs = p.mnt;
	if (S_ISCHR(p.inode->i_mode)) {
		err = chrdev_open(p.inode, f);
	} else {
		f->f_op = p.inode->i_fop;
		f->f_owner = f->f_op != NULL ? f->f_op->owner : NULL;
		if (!try_module_get(f->f_owner))
			err = -LKM_ENODEV;
		else if (f->f_op != NULL && f->f_op->open != NULL &&
			 (err = f->f_op->open(p.inode, f)) != 0)
			module_put(f->f_owner);
	}
	if (err) {
		iput(p.inode);
		free(f);
		return err;
	}
	p.mnt->files++;
	open_files++;
	*out = f;
	return 0;
}

void vfs_close(struct file *f)
{
	struct vfsmount *m = f->f_vfs;

	if (f->f_op != NULL && f->f_op->release != NULL)
		f->f_op->release(f->f_inode, f);
	module_put(f->f_owner);
	m->files--;
	open_files--;
	iput(f->f_inode);
	free(f);
}

size_t vfs_open_count(void)
{
	return open_files;
}

long vfs_read(struct file *f, void *buf, size_t len)
{
	if (S_ISDIR(f->f_inode->i_mode))
		return -LKM_EISDIR;
	if ((f->f_flags & O_ACCMODE) == O_WRONLY)
		return -LKM_EBADF;
	if (f->f_op == NULL || f->f_op->read == NULL)
		return -LKM_EINVAL;
	return f->f_op->read(f, buf, len, &f->f_pos);
}

long vfs_write(struct file *f, const void *buf, size_t len)
{
	if ((f->f_flags & O_ACCMODE) == O_RDONLY)
		return -LKM_EBADF;
	if (f->f_op == NULL || f->f_op->write == NULL)
		return -LKM_EINVAL;
	if (f->f_flags & O_APPEND)
		f->f_pos = f->f_inode->i_size;
	return f->f_op->write(f, buf, len, &f->f_pos);
}

int vfs_stat(const char *path, struct kstat *st)
{
	char abs[VFS_PATH_MAX];
	struct vfs_path p;
	int err;

	err = vfs_normalize(path, abs, sizeof(abs));
	if (err == 0)
		err = vfs_walk(abs, &p);
	if (err)
		return err;
	*st = (struct kstat){
		.mode = p.inode->i_mode,
		.nlink = p.inode->i_nlink,
		.size = p.inode->i_size,
		.ino = p.inode->i_ino,
		.rdev = p.inode->i_rdev,
		.rdonly = mount_is_rdonly(p.mnt),
	};
	iput(p.inode);
	return 0;
}

/* ---- directories -------------------------------------------------------- */

struct dir_entries {
	struct dir_context ctx;
	char **names;
	bool *dirs;
	size_t count, cap;
	int err;
};

static bool has_entry(const struct dir_entries *d, const char *name,
		      size_t len)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		if (strlen(d->names[i]) == len &&
		    memcmp(d->names[i], name, len) == 0)
			return true;
	return false;
}

static int add_entry(struct dir_entries *d, const char *name, size_t len,
		     bool is_dir)
{
	char **names;
	bool *dirs;

	if (has_entry(d, name, len) || len == 0 ||
	    (len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	if (d->count == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		names = realloc(d->names, d->cap * sizeof(*names));
		if (names != NULL)
			d->names = names;
		dirs = realloc(d->dirs, d->cap * sizeof(*dirs));
		if (dirs != NULL)
			d->dirs = dirs;
		if (names == NULL || dirs == NULL)
			return d->err = -LKM_ENOMEM;
	}
	d->names[d->count] = strndup(name, len);
	if (d->names[d->count] == NULL)
		return d->err = -LKM_ENOMEM;
	d->dirs[d->count++] = is_dir;
	return 0;
}

static int dir_actor(struct dir_context *ctx, const char *name, size_t len,
		     unsigned long ino, unsigned int type)
{
	return add_entry((struct dir_entries *)ctx, name, len,
			 type == S_IFDIR);
}

static int mount_actor(const char *name, bool is_dir, void *arg)
{
	return add_entry(arg, name, strlen(name), true);
}

int vfs_readdir(const char *path, kfile_list_fn fn, void *arg)
{
	struct dir_entries d = { .ctx = { .actor = dir_actor } };
	char abs[VFS_PATH_MAX];
	struct file *f;
	size_t i;
	int err;

	err = vfs_normalize(path, abs, sizeof(abs));
	if (err == 0)
		err = vfs_open(abs, O_RDONLY, 0, &f);
	if (err)
		return err;
	if (!S_ISDIR(f->f_inode->i_mode))
		err = -LKM_ENOTDIR;
	else if (f->f_op != NULL && f->f_op->iterate != NULL)
		err = f->f_op->iterate(f, &d.ctx);
	vfs_close(f);
	if (err == 0)
		err = d.err;
	if (err == 0)
		err = mount_for_each_below(abs, mount_actor, &d);
	for (i = 0; i < d.count; i++) {
		if (err == 0)
			err = fn(d.names[i], d.dirs[i], arg);
		free(d.names[i]);
	}
	free(d.names);
	free(d.dirs);
	return err;
}

/* ---- names -------------------------------------------------------------- */

enum name_op { NAME_MKDIR, NAME_UNLINK, NAME_RMDIR };

static int name_op(const char *path, enum name_op op, unsigned mode)
{
	char abs[VFS_PATH_MAX];
	struct vfs_path parent;
	const struct inode_operations *iop;
	const char *name;
	int err;

	err = vfs_walk_parent(path, &parent, abs, &name);
	if (err)
		return err;
	iop = parent.inode->i_op;
	if (op != NAME_MKDIR && (mount_at(abs) != NULL ||
				 mount_has_below(abs)))
		err = -LKM_EBUSY;
	else if (op == NAME_MKDIR && mount_at(abs) != NULL)
		err = -LKM_EEXIST;
	else if (mount_is_rdonly(parent.mnt))
		err = -LKM_EROFS;
	else if (iop == NULL)
		err = -LKM_EPERM;
	else if (op == NAME_MKDIR)
		err = iop->mkdir ? iop->mkdir(parent.inode, name,
					      (umode_t)(mode & 07777))
				 : -LKM_EPERM;
	else if (op == NAME_UNLINK)
		err = iop->unlink ? iop->unlink(parent.inode, name)
				  : -LKM_EPERM;
	else
		err = iop->rmdir ? iop->rmdir(parent.inode, name)
				 : -LKM_EPERM;
	iput(parent.inode);
	return err;
}

int vfs_mkdir(const char *path, unsigned mode)
{
	return name_op(path, NAME_MKDIR, mode);
}

int vfs_unlink(const char *path)
{
	return name_op(path, NAME_UNLINK, 0);
}

int vfs_rmdir(const char *path)
{
	return name_op(path, NAME_RMDIR, 0);
}

/* ---- whole files -------------------------------------------------------- */

int vfs_read_all(const char *path, size_t max, char **data, size_t *size)
{
	size_t cap = 4096, len = 0;
	char *buf = NULL, *grown;
	struct file *f;
	long n;
	int err;

	err = vfs_open(path, O_RDONLY, 0, &f);
	if (err)
		return err;
	if (S_ISDIR(f->f_inode->i_mode)) {
		vfs_close(f);
		return -LKM_EISDIR;
	}
	if (f->f_inode->i_size > 0 && (size_t)f->f_inode->i_size < max)
		cap = (size_t)f->f_inode->i_size + 1;
	for (;;) {
		if (buf == NULL || len + 1 >= cap) {
			if (buf != NULL)
				cap *= 2;
			grown = realloc(buf, cap);
			if (grown == NULL) {
				err = -LKM_ENOMEM;
				break;
			}
			buf = grown;
		}
		n = vfs_read(f, buf + len, cap - len - 1);
		if (n <= 0) {
			err = (int)n;
			break;
		}
		len += (size_t)n;
		if (len > max) {
			err = -LKM_EFBIG;
			break;
		}
	}
	vfs_close(f);
	if (err) {
		free(buf);
		return err;
	}
	buf[len] = '\0';
	*data = buf;
	*size = len;
	return 0;
}

int kernel_read_file_from_path(const char *path, void **buf, size_t *size,
			       size_t max)
{
	char *data;
	int err = vfs_read_all(path, max, &data, size);

	if (err == 0)
		*buf = data; /* kmalloc() is the C heap's malloc */
	return err;
}
EXPORT_SYMBOL(kernel_read_file_from_path);

int vfs_write_all(const char *path, const void *data, size_t len,
		  unsigned flags)
{
	const char *p = data;
	struct file *f;
	long n;
	int err;

	err = vfs_open(path, O_WRONLY | O_CREAT | flags, 0644, &f);
	if (err)
		return err;
	while (len > 0) {
		n = vfs_write(f, p, len);
		if (n < 0) {
			err = (int)n;
			break;
		}
		if (n == 0) {
			err = -LKM_EIO;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	vfs_close(f);
	return err;
}

/* ---- bring-up ----------------------------------------------------------- */

int vfs_init(void)
{
	static const struct {
		const char *type, *source, *target;
	} boot_mounts[] = {
		{ "proc", "proc", "/proc" },
		{ "sysfs", "sysfs", "/sys" },
		{ "devtmpfs", "devtmpfs", "/dev" },
	};
	size_t i;
	int err;

	err = fs_types_init();
	if (err == 0)
		err = mount_views_init();
	if (err == 0)
		err = procfs_init();
	if (err == 0)
		err = devtmpfs_init();
	if (err == 0)
		err = chrdev_init();
	if (err == 0)
		err = misc_init();
	if (err == 0)
		err = port_fs_init();
	for (i = 0; err == 0 && i < ARRAY_SIZE(boot_mounts); i++)
		err = vfs_mount(boot_mounts[i].type, boot_mounts[i].source,
				boot_mounts[i].target, MNT_BOOT, NULL);
	if (err)
		printk(KERN_ERR "vfs: cannot set up the filesystems: error "
		       "%d\n", err);
	return err;
}

void vfs_halt(void)
{
	fd_close_all();
	mount_release_all();
}
