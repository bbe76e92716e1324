// SPDX-License-Identifier: MIT
/*
 * hostfs.c - "hostfs", the host's files as a filesystem of the hosted
 * kernel, and its two boot mounts.
 *
 * A mount of hostfs shows a host directory (its source), read-only: the
 * kernel never changes the host's files.  The hosted port mounts the
 * host's "/" as the kernel's root, so that host paths (relative ones
 * against the process's current directory) work as they are, and the
 * module root at /lib/modules: a host directory holding <release>/extra/...
 * (--modroot, by default the build's own lib/modules next to bin/).
 * Anything else the kernel shows (/proc, /sys, /dev, what modules mount)
 * is mounted over it.  Host device nodes, fifos and sockets appear as
 * empty files that cannot be opened (-ENXIO).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lkm/errno.h>
#include <lkm/fs.h>

#include "../internal.h"
#include "hosted.h"

#define MODULES_DIR "/lib/modules"

static char modroot[PATH_MAX];

/* <dir of the executable>/../lib/modules */
static int default_modroot(char *out, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		return -errno;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash != NULL)
		*slash = '\0';
	if ((size_t)snprintf(out, size, "%s/../lib/modules", exe) >= size)
		return -ENAMETOOLONG;
	return 0;
}

int hostfs_set_modroot(const char *dir)
{
	char path[PATH_MAX];
	int err;

	if (dir == NULL) {
		err = default_modroot(path, sizeof(path));
		if (err)
			return err;
		/* The build may not have made it yet; keep the name then. */
		if (realpath(path, modroot) == NULL)
			strcpy(modroot, path);
		return 0;
	}
	if (realpath(dir, modroot) == NULL)
		return -errno;
	return 0;
}

const char *hostfs_get_modroot(void)
{
	return modroot;
}

/* What hostfs keeps of an inode: the host path behind it. */
struct hostfs_inode {
	char *path;
};

/* An open file: its host descriptor. */
struct hostfs_file {
	int fd;
};

static const struct inode_operations hostfs_dir_iops;
static const struct file_operations hostfs_dir_fops;
static const struct file_operations hostfs_file_fops;

static void hostfs_evict(struct inode *inode)
{
	struct hostfs_inode *hi = inode->i_private;

	if (hi != NULL)
		free(hi->path);
	free(hi);
}

static const struct super_operations hostfs_sops = {
	.evict_inode = hostfs_evict,
};

/* An inode for host path @path (symbolic links followed). */
static int hostfs_inode(struct super_block *sb, const char *path,
			struct inode **out)
{
	struct hostfs_inode *hi;
	struct inode *inode;
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	inode = new_inode(sb);
	hi = calloc(1, sizeof(*hi));
	if (inode == NULL || hi == NULL || (hi->path = strdup(path)) == NULL) {
		free(hi);
		iput(inode);
		return -ENOMEM;
	}
	inode->i_private = hi;
	inode->i_ino = (unsigned long)st.st_ino;
	inode->i_nlink = (unsigned int)st.st_nlink;
	if (S_ISDIR(st.st_mode)) {
		inode->i_mode = (umode_t)(S_IFDIR | (st.st_mode & 07777));
		inode->i_op = &hostfs_dir_iops;
		inode->i_fop = &hostfs_dir_fops;
	} else {
		inode->i_mode = (umode_t)(S_IFREG | (st.st_mode & 07777));
		inode->i_fop = &hostfs_file_fops;
		if (S_ISREG(st.st_mode))
			inode->i_size = (loff_t)st.st_size;
		else
			inode->i_mode &= (umode_t)~0777; /* not ours to open */
	}
	*out = inode;
	return 0;
}

static int hostfs_lookup(struct inode *dir, const char *name,
			 struct inode **out)
{
	const struct hostfs_inode *hi = dir->i_private;
	char path[PATH_MAX];
	int n;

	n = snprintf(path, sizeof(path), "%s%s%s", hi->path,
		     strcmp(hi->path, "/") == 0 ? "" : "/", name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	return hostfs_inode(dir->i_sb, path, out);
}

static int hostfs_iterate(struct file *file, struct dir_context *ctx)
{
	const struct hostfs_inode *hi = file->f_inode->i_private;
	struct dirent *e;
	struct stat st;
	unsigned type;
	DIR *d;
	int err = 0;

	d = opendir(hi->path);
	if (d == NULL)
		return -errno;
	while (err == 0 && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (e->d_type != DT_UNKNOWN && e->d_type != DT_LNK)
			type = e->d_type == DT_DIR ? S_IFDIR : S_IFREG;
		else
			type = fstatat(dirfd(d), e->d_name, &st, 0) == 0 &&
			       S_ISDIR(st.st_mode) ? S_IFDIR : S_IFREG;
		ctx->pos++;
		err = ctx->actor(ctx, e->d_name, strlen(e->d_name),
				 (unsigned long)e->d_ino, type);
	}
	closedir(d);
	return err;
}

static int hostfs_open(struct inode *inode, struct file *file)
{
	const struct hostfs_inode *hi = inode->i_private;
	struct hostfs_file *hf;
	struct stat st;
	int fd;

	fd = open(hi->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -ENXIO;
	}
	hf = malloc(sizeof(*hf));
	if (hf == NULL) {
		close(fd);
		return -ENOMEM;
	}
	hf->fd = fd;
	file->private_data = hf;
	return 0;
}

static int hostfs_release(struct inode *inode, struct file *file)
{
	struct hostfs_file *hf = file->private_data;

	close(hf->fd);
	free(hf);
	return 0;
}

static ssize_t hostfs_read(struct file *file, char *buf, size_t len,
			   loff_t *pos)
{
	const struct hostfs_file *hf = file->private_data;
	ssize_t n;

	do
		n = pread(hf->fd, buf, len, (off_t)*pos);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	*pos += n;
	return n;
}

static const struct inode_operations hostfs_dir_iops = {
	.lookup = hostfs_lookup,
};

static const struct file_operations hostfs_dir_fops = {
	.iterate = hostfs_iterate,
};

static const struct file_operations hostfs_file_fops = {
	.open = hostfs_open,
	.release = hostfs_release,
	.read = hostfs_read,
};

/* Mount a host directory: @source, absolute or against the current one. */
static int hostfs_fill_super(struct super_block *sb, const char *source,
			     const char *data)
{
	char path[PATH_MAX];
	int err;

	if (realpath(source, path) == NULL)
		return -errno;
	sb->s_op = &hostfs_sops;
	sb->s_flags |= SB_RDONLY;
	err = hostfs_inode(sb, path, &sb->s_root);
	if (err == 0 && !S_ISDIR(sb->s_root->i_mode)) {
		iput(sb->s_root);
		sb->s_root = NULL;
		err = -ENOTDIR;
	}
	return err;
}

static struct file_system_type hostfs_type = {
	.name = "hostfs",
	.fill_super = hostfs_fill_super,
};

int port_fs_init(void)
{
	int err;

	err = __register_filesystem(&hostfs_type, NULL);
	if (err == 0)
		err = vfs_mount("hostfs", "/", "/", MNT_RDONLY, NULL);
	if (err == 0 && vfs_mount("hostfs", modroot, MODULES_DIR,
				  MNT_RDONLY | MNT_BOOT, NULL) != 0)
		printk(KERN_WARNING "hostfs: no module root at %s\n", modroot);
	return err;
}

int port_getcwd(char *buf, size_t size)
{
	return getcwd(buf, size) != NULL ? 0 : -errno;
}
