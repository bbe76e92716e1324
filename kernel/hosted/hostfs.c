// SPDX-License-Identifier: MIT
/*
 * hostfs.c - host file access for the hosted kernel.
 *
 * /lib/modules and everything below it live in the module root, a host
 * directory holding <release>/extra/... (--modroot, by default the build's
 * own lib/modules next to bin/); any other path is a host path, relative
 * ones against the process's current directory.
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

#include "../internal.h"
#include "hosted.h"

#define MODULES_DIR "/lib/modules"
/* Refuse to slurp anything larger (a device, a runaway file). */
#define HOSTFS_READ_MAX (1ul << 30)

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

/* The host path behind kernel path @path. */
static int host_path(const char *path, char *out, size_t size)
{
	size_t n = strlen(MODULES_DIR);
	int len;

	if (strncmp(path, MODULES_DIR, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/'))
		len = snprintf(out, size, "%s%s", modroot, path + n);
	else
		len = snprintf(out, size, "%s", path);
	return len < 0 || (size_t)len >= size ? -ENAMETOOLONG : 0;
}

/* Read all of @fd into a malloc'ed, NUL-terminated buffer. */
static int read_all(int fd, size_t hint, char **data, size_t *size)
{
	size_t cap = hint + 2 > 4096 ? hint + 2 : 4096, len = 0;
	char *buf = malloc(cap), *grown;
	ssize_t n;

	for (;;) {
		if (buf == NULL)
			return -ENOMEM;
		if (len + 1 == cap) {
			if (cap > HOSTFS_READ_MAX) {
				free(buf);
				return -EFBIG;
			}
			cap *= 2;
			grown = realloc(buf, cap);
			if (grown == NULL)
				free(buf);
			buf = grown;
			continue;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n == 0)
			break;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return -errno;
		}
		len += (size_t)n;
	}
	buf[len] = '\0';
	*data = buf;
	*size = len;
	return 0;
}

int port_file_read(const char *path, char **data, size_t *size)
{
	char host[PATH_MAX];
	struct stat st;
	int fd, err;

	err = host_path(path, host, sizeof(host));
	if (err)
		return err;
	fd = open(host, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		err = -errno;
	else if (S_ISDIR(st.st_mode))
		err = -EISDIR;
	else
		err = read_all(fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0,
			       data, size);
	close(fd);
	return err;
}

static bool entry_is_dir(DIR *d, const struct dirent *e)
{
	struct stat st;

	if (e->d_type != DT_UNKNOWN && e->d_type != DT_LNK)
		return e->d_type == DT_DIR;
	return fstatat(dirfd(d), e->d_name, &st, 0) == 0 &&
	       S_ISDIR(st.st_mode);
}

int port_dir_list(const char *path, kfile_list_fn fn, void *arg)
{
	char host[PATH_MAX];
	struct dirent *e;
	DIR *d;
	int err;

	err = host_path(path, host, sizeof(host));
	if (err)
		return err;
	d = opendir(host);
	if (d == NULL)
		return -errno;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		err = fn(e->d_name, entry_is_dir(d, e), arg);
		if (err)
			break;
	}
	closedir(d);
	return err;
}

int port_getcwd(char *buf, size_t size)
{
	return getcwd(buf, size) != NULL ? 0 : -errno;
}
