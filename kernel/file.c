// SPDX-License-Identifier: MIT
/*
 * file.c - whole-file access for the shell and the system calls, over the
 * VFS.
 *
 * insmod, cat, ls, modinfo, "> PATH" and the tools' read, write and list
 * calls want a file at once, not a stream: these read all of one, list a
 * directory, and store a buffer (creating the file if its filesystem
 * allows, truncating it first).  Every path goes through the one lookup of
 * namei.c, whatever serves it.  A device that never ends (/dev/zero) is cut
 * at KFILE_DEVICE_MAX with -EFBIG.
 */
#include <string.h>

#include <lkm/errno.h>
#include <lkm/fs.h>

#include "internal.h"

/* Refuse to slurp anything larger (a runaway file). */
#define KFILE_READ_MAX (1ul << 30)
#define KFILE_DEVICE_MAX (1ul << 20)

int kfile_read(const char *path, char **data, size_t *size)
{
	struct kstat st;
	int err;

	err = vfs_stat(path, &st);
	if (err)
		return err;
	return vfs_read_all(path, S_ISCHR(st.mode) ? KFILE_DEVICE_MAX
						   : KFILE_READ_MAX,
			    data, size);
}

int kfile_list(const char *path, kfile_list_fn fn, void *arg)
{
	return vfs_readdir(path, fn, arg);
}

int kfile_write(const char *path, const char *data, size_t len)
{
	return vfs_write_all(path, data, len, O_TRUNC);
}

int kfile_append(const char *path, const char *data, size_t len)
{
	return vfs_write_all(path, data, len, O_APPEND);
}

int kfile_abspath(const char *path, char *out, size_t size)
{
	const char *cwd;

	if (path[0] == '/') {
		if (strlen(path) >= size)
			return -LKM_ERANGE;
		strcpy(out, path);
		return 0;
	}
	cwd = vfs_getcwd();
	if (strlen(cwd) + 1 + strlen(path) + 1 > size)
		return -LKM_ERANGE;
	strcpy(out, cwd);
	if (strcmp(cwd, "/") != 0)
		strcat(out, "/");
	strcat(out, path);
	return 0;
}
