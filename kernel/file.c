// SPDX-License-Identifier: MIT
/*
 * file.c - the shell's view of files, until there is a VFS.
 *
 * Paths below /proc and /sys are generated views (proc.c), the only
 * writable files; every other path belongs to the port, which maps
 * /lib/modules into its module root.  Paths are
 * normalised first (repeated and trailing slashes dropped) so that "/proc/"
 * and "/proc" name the same directory.
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>

#include "internal.h"

#define KFILE_PATH_MAX 4096

/* Copy @path into @out without repeated or trailing slashes. */
static int path_normalize(const char *path, char *out, size_t size)
{
	size_t n = 0;

	if (*path == '\0')
		return -LKM_ENOENT;
	for (; *path != '\0'; path++) {
		if (*path == '/' && n > 0 && out[n - 1] == '/')
			continue;
		if (n + 1 >= size)
			return -LKM_ENOENT;
		out[n++] = *path;
	}
	if (n > 1 && out[n - 1] == '/')
		n--;
	out[n] = '\0';
	return 0;
}

int kfile_read(const char *path, char **data, size_t *size)
{
	char norm[KFILE_PATH_MAX];
	struct seqbuf sb;
	int err;

	err = path_normalize(path, norm, sizeof(norm));
	if (err)
		return err;
	if (!proc_is_path(norm))
		return port_file_read(norm, data, size);
	seqbuf_init(&sb);
	err = proc_read(norm, &sb);
	if (err == 0) {
		*data = seqbuf_detach(&sb, size);
		err = *data != NULL ? 0 : sb.err;
	}
	seqbuf_release(&sb);
	return err;
}

int kfile_list(const char *path, kfile_list_fn fn, void *arg)
{
	char norm[KFILE_PATH_MAX];
	int err;

	err = path_normalize(path, norm, sizeof(norm));
	if (err)
		return err;
	if (proc_is_path(norm))
		return proc_list(norm, fn, arg);
	return port_dir_list(norm, fn, arg);
}

int kfile_write(const char *path, const char *data, size_t len)
{
	char norm[KFILE_PATH_MAX];
	int err;

	err = path_normalize(path, norm, sizeof(norm));
	if (err)
		return err;
	if (!proc_is_path(norm))
		return -LKM_EROFS;
	return proc_write(norm, data, len);
}

int kfile_abspath(const char *path, char *out, size_t size)
{
	char cwd[KFILE_PATH_MAX];
	size_t need;
	int err;

	if (path[0] == '/') {
		if (strlen(path) >= size)
			return -LKM_ERANGE;
		strcpy(out, path);
		return 0;
	}
	err = port_getcwd(cwd, sizeof(cwd));
	if (err)
		return err;
	need = strlen(cwd) + 1 + strlen(path) + 1;
	if (need > size)
		return -LKM_ERANGE;
	strcpy(out, cwd);
	strcat(out, "/");
	strcat(out, path);
	return 0;
}
