// SPDX-License-Identifier: MIT
/*
 * fdtable.c - the console's open files, by number.
 *
 * The console is one user-space-like context: "open PATH" keeps a file
 * open across commands (so that, say, a driver can be seen to stay loaded
 * while its device is open) and "close FD" ends it.  Numbers start at 3,
 * as a shell's first free descriptor; poweroff closes what is left.
 */
#include <stddef.h>

#include <lkm/errno.h>

#include "internal.h"

#define FD_FIRST 3
#define FD_MAX 64

static struct file *fds[FD_MAX];

int fd_install(struct file *f)
{
	int fd;

	for (fd = FD_FIRST; fd < FD_MAX; fd++) {
		if (fds[fd] == NULL) {
			fds[fd] = f;
			return fd;
		}
	}
	return -LKM_EMFILE;
}

struct file *fd_get(int fd)
{
	return fd >= 0 && fd < FD_MAX ? fds[fd] : NULL;
}

int fd_close(int fd)
{
	struct file *f = fd_get(fd);

	if (f == NULL)
		return -LKM_EBADF;
	fds[fd] = NULL;
	vfs_close(f);
	return 0;
}

void fd_close_all(void)
{
	int fd;

	for (fd = 0; fd < FD_MAX; fd++)
		if (fds[fd] != NULL)
			fd_close(fd);
}
