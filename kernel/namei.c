// SPDX-License-Identifier: MIT
/*
 * namei.c - from a path to an inode: the one path lookup of the kernel.
 *
 * A path is first made absolute (against the current directory) and
 * normalised lexically: "." and empty components go, ".." takes the
 * previous component away (there are no symbolic links to make that
 * wrong, within the kernel's filesystems).  The mount table then says
 * which mount serves it (the longest mount point that prefixes it), and the
 * rest is walked there one name at a time through each directory's lookup.
 * A name missing on the way to a deeper mount point is the empty directory
 * of vfs_inode.c, so that /lib/modules works even where /lib does not
 * exist.
 */
#include <string.h>

#include <lkm/errno.h>
#include <lkm/fs.h>

#include "internal.h"

#define NAME_MAX_LEN 255

static char cwd[VFS_PATH_MAX];

/* Add component @c (@len bytes) to the normalised path @out of @n bytes. */
static int push(char *out, size_t size, size_t *n, const char *c, size_t len)
{
	if (len == 0 || (len == 1 && c[0] == '.'))
		return 0;
	if (len == 2 && c[0] == '.' && c[1] == '.') {
		while (*n > 1 && out[*n - 1] != '/')
			(*n)--;
		if (*n > 1)
			(*n)--;
		out[*n] = '\0';
		return 0;
	}
	if (len > NAME_MAX_LEN || *n + 1 + len + 1 > size)
		return -LKM_ENAMETOOLONG;
	if (*n > 1)
		out[(*n)++] = '/';
	memcpy(out + *n, c, len);
	*n += len;
	out[*n] = '\0';
	return 0;
}

/* Add every component of @path to @out. */
static int push_all(char *out, size_t size, size_t *n, const char *path)
{
	const char *slash;
	size_t len;
	int err;

	while (*path != '\0') {
		slash = strchr(path, '/');
		len = slash ? (size_t)(slash - path) : strlen(path);
		err = push(out, size, n, path, len);
		if (err)
			return err;
		path += len;
		while (*path == '/')
			path++;
	}
	return 0;
}

const char *vfs_getcwd(void)
{
	char host[VFS_PATH_MAX];
	size_t n = 1;

	if (cwd[0] != '\0')
		return cwd;
	strcpy(cwd, "/");
	if (port_getcwd(host, sizeof(host)) == 0 &&
	    push_all(cwd, sizeof(cwd), &n, host) != 0)
		strcpy(cwd, "/");
	return cwd;
}

int vfs_normalize(const char *path, char *out, size_t size)
{
	size_t n = 1;
	int err;

	if (path == NULL || *path == '\0')
		return -LKM_ENOENT;
	if (size < 2)
		return -LKM_ENAMETOOLONG;
	strcpy(out, "/");
	if (path[0] != '/') {
		err = push_all(out, size, &n, vfs_getcwd());
		if (err)
			return err;
	}
	return push_all(out, size, &n, path);
}

int vfs_walk(const char *abs, struct vfs_path *out)
{
	char sofar[VFS_PATH_MAX], name[NAME_MAX_LEN + 1];
	struct inode *inode, *child;
	struct vfsmount *m;
	const char *rest, *slash;
	size_t len, n;
	int err;

	m = mount_lookup(abs, &rest);
	if (m == NULL)
		return -LKM_ENOENT;
	inode = m->sb->s_root;
	ihold(inode);
	strcpy(sofar, m->mountpoint);
	n = strlen(sofar);
	while (*rest != '\0') {
		slash = strchr(rest, '/');
		len = slash ? (size_t)(slash - rest) : strlen(rest);
		memcpy(name, rest, len);
		name[len] = '\0';
		rest += len;
		while (*rest == '/')
			rest++;
		err = push(sofar, sizeof(sofar), &n, name, len);
		if (err == 0 && !S_ISDIR(inode->i_mode))
			err = -LKM_ENOTDIR;
		else if (err == 0 && (inode->i_op == NULL ||
				      inode->i_op->lookup == NULL))
			err = -LKM_ENOENT;
		else if (err == 0)
			err = inode->i_op->lookup(inode, name, &child);
		if (err == -LKM_ENOENT && mount_has_below(sofar)) {
			child = vfs_implied_dir();
			err = 0;
		}
		iput(inode);
		if (err)
			return err;
		inode = child;
	}
	out->mnt = m;
	out->inode = inode;
	return 0;
}

int vfs_walk_parent(const char *path, struct vfs_path *parent, char *abs,
		    const char **name)
{
	char dir[VFS_PATH_MAX];
	char *slash;
	int err;

	err = vfs_normalize(path, abs, VFS_PATH_MAX);
	if (err)
		return err;
	if (strcmp(abs, "/") == 0)
		return -LKM_EBUSY;
	strcpy(dir, abs);
	slash = strrchr(dir, '/');
	*name = abs + (slash - dir) + 1;
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	err = vfs_walk(dir, parent);
	if (err)
		return err;
	if (!S_ISDIR(parent->inode->i_mode)) {
		iput(parent->inode);
		return -LKM_ENOTDIR;
	}
	return 0;
}

int vfs_chdir(const char *path)
{
	char abs[VFS_PATH_MAX];
	struct vfs_path p;
	bool dir;
	int err;

	err = vfs_normalize(path, abs, sizeof(abs));
	if (err)
		return err;
	err = vfs_walk(abs, &p);
	if (err)
		return err;
	dir = S_ISDIR(p.inode->i_mode);
	iput(p.inode);
	if (!dir)
		return -LKM_ENOTDIR;
	strcpy(cwd, abs);
	return 0;
}
