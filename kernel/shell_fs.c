// SPDX-License-Identifier: MIT
/*
 * shell_fs.c - the console's filesystem commands: mount, umount, mkdir,
 * rmdir, rm, cd, pwd, hexdump, open and close.
 *
 * Messages follow util-linux and coreutils, so that what a user knows from
 * Linux reads the same here ("umount: /mnt: target is busy.").  mount
 * without arguments lists the mounts as util-linux does ("proc on /proc
 * type proc (rw)"); open keeps a file open across commands, printing its
 * number, until close (which is how a device can be held open while one
 * tries to unload its driver).  hexdump prints util-linux's canonical
 * format (hexdump -C), and with -n reads only so many bytes, which is how
 * to read from a device that never ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/fs.h>

#include "internal.h"

#define HEXDUMP_DEFAULT_MAX (1ul << 20)

static int show_mount_line(void)
{
	char *data, *line, *save = NULL;
	char src[256], dir[VFS_PATH_MAX], type[64], opts[64];
	size_t size;
	int err;

	err = kfile_read("/proc/mounts", &data, &size);
	if (err)
		return err;
	for (line = strtok_r(data, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%255s %4095s %63s %63s", src, dir, type,
			   opts) == 4)
			console_printf("%s on %s type %s (%s)\n", src, dir,
				       type, opts);
	}
	free(data);
	return 0;
}

int shell_mount(struct shell *sh, int argc, char **argv)
{
	const char *type = NULL, *options = NULL, *src, *dir;
	unsigned long flags = 0;
	struct kstat st;
	int i, err;

	if (argc == 1)
		return show_mount_line();
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) {
			type = argv[++i];
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			options = argv[++i];
		} else if (strcmp(argv[i], "-r") == 0) {
			flags |= MNT_RDONLY;
		} else {
			console_errorf("mount: bad usage\n");
			return -LKM_EINVAL;
		}
	}
	if (argc - i != 2 || type == NULL) {
		console_errorf("mount: bad usage: mount -t TYPE [-o OPTIONS] "
			       "[-r] SOURCE DIRECTORY\n");
		return -LKM_EINVAL;
	}
	src = argv[i];
	dir = argv[i + 1];
	if (options != NULL && strcmp(options, "ro") == 0) {
		flags |= MNT_RDONLY;
		options = NULL;
	}
	err = vfs_stat(dir, &st);
	if (err == -LKM_ENOENT) {
		console_errorf("mount: %s: mount point does not exist.\n", dir);
		return err;
	}
	err = err ? err : vfs_mount(type, src, dir, flags, options);
	if (err == -LKM_ENODEV)
		console_errorf("mount: %s: unknown filesystem type '%s'.\n",
			       dir, type);
	else if (err == -LKM_EBUSY)
		console_errorf("mount: %s: %s already mounted or mount point "
			       "busy.\n", dir, src);
	else if (err == -LKM_ENOTDIR)
		console_errorf("mount: %s: mount point is not a directory.\n",
			       dir);
	else if (err == -LKM_ENOENT)
		console_errorf("mount: %s: special device %s does not "
			       "exist.\n", dir, src);
	else if (err == -LKM_EINVAL)
		console_errorf("mount: %s: wrong fs type, bad option, bad "
			       "superblock on %s, missing codepage or helper "
			       "program, or other error.\n", dir, src);
	else if (err)
		console_errorf("mount: %s: %s.\n", dir, strerror(-err));
	return err;
}

int shell_umount(struct shell *sh, int argc, char **argv)
{
	int i, err, ret = 0;

	if (argc < 2) {
		console_errorf("umount: bad usage\n");
		return -LKM_EINVAL;
	}
	for (i = 1; i < argc; i++) {
		err = vfs_umount(argv[i]);
		if (err == -LKM_EINVAL)
			console_errorf("umount: %s: not mounted.\n", argv[i]);
		else if (err == -LKM_EBUSY)
			console_errorf("umount: %s: target is busy.\n",
				       argv[i]);
		else if (err)
			console_errorf("umount: %s: %s.\n", argv[i],
				       strerror(-err));
		if (err)
			ret = err;
	}
	return ret;
}

/* mkdir -p: every missing directory on the way. */
static int mkdir_parents(const char *path)
{
	char abs[VFS_PATH_MAX];
	char *p;
	int err;

	err = vfs_normalize(path, abs, sizeof(abs));
	for (p = abs + 1; err == 0 && (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		err = vfs_mkdir(abs, 0755);
		*p = '/';
		if (err == -LKM_EEXIST)
			err = 0;
	}
	if (err == 0)
		err = vfs_mkdir(abs, 0755);
	return err == -LKM_EEXIST ? 0 : err;
}

int shell_mkdir(struct shell *sh, int argc, char **argv)
{
	bool parents = argc > 1 && strcmp(argv[1], "-p") == 0;
	int i, err, ret = 0;

	if (argc < 2 + parents) {
		console_errorf("mkdir: missing operand\n");
		return -LKM_EINVAL;
	}
	for (i = 1 + parents; i < argc; i++) {
		err = parents ? mkdir_parents(argv[i])
			      : vfs_mkdir(argv[i], 0755);
		if (err) {
			console_errorf("mkdir: cannot create directory '%s': "
				       "%s\n", argv[i], strerror(-err));
			ret = err;
		}
	}
	return ret;
}

int shell_rmdir(struct shell *sh, int argc, char **argv)
{
	int i, err, ret = 0;

	if (argc < 2) {
		console_errorf("rmdir: missing operand\n");
		return -LKM_EINVAL;
	}
	for (i = 1; i < argc; i++) {
		err = vfs_rmdir(argv[i]);
		if (err) {
			console_errorf("rmdir: failed to remove '%s': %s\n",
				       argv[i], strerror(-err));
			ret = err;
		}
	}
	return ret;
}

int shell_rm(struct shell *sh, int argc, char **argv)
{
	struct kstat st;
	int i, err, ret = 0;

	if (argc < 2) {
		console_errorf("rm: missing operand\n");
		return -LKM_EINVAL;
	}
	for (i = 1; i < argc; i++) {
		err = vfs_stat(argv[i], &st);
		if (err == 0 && S_ISDIR(st.mode))
			err = -LKM_EISDIR;
		if (err == 0)
			err = vfs_unlink(argv[i]);
		if (err) {
			console_errorf("rm: cannot remove '%s': %s\n", argv[i],
				       strerror(-err));
			ret = err;
		}
	}
	return ret;
}

int shell_cd(struct shell *sh, int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/";
	int err = vfs_chdir(dir);

	if (err)
		console_errorf("cd: %s: %s\n", dir, strerror(-err));
	return err;
}

int shell_pwd(struct shell *sh, int argc, char **argv)
{
	console_printf("%s\n", vfs_getcwd());
	return 0;
}

/* util-linux's hexdump -C: offset, 16 bytes in two groups, |text|. */
static void hexdump_line(size_t off, const unsigned char *b, size_t n)
{
	char text[17];
	size_t i;

	console_printf("%08zx ", off);
	for (i = 0; i < 16; i++) {
		if (i == 8)
			console_printf(" ");
		if (i < n)
			console_printf(" %02x", b[i]);
		else
			console_printf("   ");
		text[i] = i < n ? (b[i] >= 0x20 && b[i] < 0x7f ? (char)b[i]
							       : '.')
				: '\0';
	}
	text[n] = '\0';
	console_printf("  |%s|\n", text);
}

int shell_hexdump(struct shell *sh, int argc, char **argv)
{
	unsigned char buf[16];
	size_t max = HEXDUMP_DEFAULT_MAX, off = 0, fill = 0, want;
	struct file *f;
	char *end;
	long n;
	int i, err;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-C") == 0)
			continue;
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
			max = strtoul(argv[++i], &end, 0);
			if (*end == '\0')
				continue;
		}
		console_errorf("hexdump: usage: hexdump [-C] [-n LENGTH] "
			       "FILE\n");
		return -LKM_EINVAL;
	}
	if (argc - i != 1) {
		console_errorf("hexdump: usage: hexdump [-C] [-n LENGTH] "
			       "FILE\n");
		return -LKM_EINVAL;
	}
	err = vfs_open(argv[i], O_RDONLY, 0, &f);
	if (err) {
		console_errorf("hexdump: %s: %s\n", argv[i], strerror(-err));
		return err;
	}
	while (off + fill < max) {
		want = sizeof(buf) - fill;
		if (want > max - off - fill)
			want = max - off - fill;
		n = vfs_read(f, buf + fill, want);
		if (n <= 0) {
			err = (int)n;
			break;
		}
		fill += (size_t)n;
		if (fill == sizeof(buf)) {
			hexdump_line(off, buf, fill);
			off += fill;
			fill = 0;
		}
	}
	if (fill > 0)
		hexdump_line(off, buf, fill);
	if (off + fill > 0)
		console_printf("%08zx\n", off + fill);
	vfs_close(f);
	if (err)
		console_errorf("hexdump: %s: %s\n", argv[i], strerror(-err));
	return err;
}

int shell_open(struct shell *sh, int argc, char **argv)
{
	unsigned flags = O_RDONLY;
	struct file *f;
	int fd, err;

	if (argc == 3 && strcmp(argv[1], "-w") == 0)
		flags = O_WRONLY;
	else if (argc == 3 && strcmp(argv[1], "-rw") == 0)
		flags = O_RDWR;
	else if (argc != 2) {
		console_errorf("open: usage: open [-w|-rw] PATH\n");
		return -LKM_EINVAL;
	}
	err = vfs_open(argv[argc - 1], flags, 0, &f);
	if (err) {
		console_errorf("open: %s: %s\n", argv[argc - 1],
			       strerror(-err));
		return err;
	}
	fd = fd_install(f);
	if (fd < 0) {
		vfs_close(f);
		console_errorf("open: %s: %s\n", argv[argc - 1],
			       strerror(-fd));
		return fd;
	}
	console_printf("%d\n", fd);
	return 0;
}

int shell_close(struct shell *sh, int argc, char **argv)
{
	char *end;
	long fd;
	int err;

	if (argc != 2) {
		console_errorf("close: usage: close FD\n");
		return -LKM_EINVAL;
	}
	fd = strtol(argv[1], &end, 10);
	err = *end != '\0' || fd < 0 || fd > 1024 ? -LKM_EBADF
						   : fd_close((int)fd);
	if (err)
		console_errorf("close: %s: %s\n", argv[1], strerror(-err));
	return err;
}
