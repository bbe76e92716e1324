// SPDX-License-Identifier: MIT
/*
 * shell_files.c - the shell commands that show text: cat, ls and dmesg.
 *
 * cat and ls go through file.c, so they see /proc views, the module root
 * under /lib/modules, devices and host files alike; their messages follow
 * coreutils.  ls -l shows mode, links and size (or a device's numbers),
 * not owners or times.
 * dmesg prints the ring buffer in util-linux's default format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/fs.h>

#include "internal.h"

int shell_cat(struct shell *sh, int argc, char **argv)
{
	size_t size;
	char *data;
	int i, err, ret = 0;

	if (argc < 2) {
		console_errorf("cat: missing operand\n");
		return -LKM_EINVAL;
	}
	for (i = 1; i < argc; i++) {
		err = kfile_read(argv[i], &data, &size);
		if (err) {
			console_errorf("cat: %s: %s\n", argv[i],
				       strerror(-err));
			ret = err;
			continue;
		}
		console_write(CONSOLE_OUT, data, size);
		free(data);
	}
	return ret;
}

struct name_array {
	char **names;
	size_t count, cap;
};

static int add_name(const char *name, bool is_dir, void *arg)
{
	struct name_array *a = arg;
	char **grown;

	if (a->count == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 16;
		grown = realloc(a->names, a->cap * sizeof(*grown));
		if (grown == NULL)
			return -LKM_ENOMEM;
		a->names = grown;
	}
	a->names[a->count] = strdup(name);
	if (a->names[a->count] == NULL)
		return -LKM_ENOMEM;
	a->count++;
	return 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(struct name_array *a)
{
	size_t i;

	for (i = 0; i < a->count; i++)
		free(a->names[i]);
	free(a->names);
}

/* "drwxr-xr-x" for @mode. */
static void mode_string(unsigned mode, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";
	int i;

	out[0] = S_ISDIR(mode) ? 'd' : S_ISCHR(mode) ? 'c' :
		 S_ISLNK(mode) ? 'l' : '-';
	for (i = 0; i < 9; i++)
		out[1 + i] = mode & (0400u >> i) ? rwx[i] : '-';
	out[10] = '\0';
}

/* ls -l's line, without owners and times: mode, links, size, name. */
static void long_line(const char *dir, const char *name)
{
	char path[VFS_PATH_MAX], mode[11], size[32];
	struct kstat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (vfs_stat(name == NULL ? dir : path, &st) != 0) {
		console_printf("?????????? ? %8s %s\n", "?", name ? name : dir);
		return;
	}
	mode_string(st.mode, mode);
	if (S_ISCHR(st.mode))
		snprintf(size, sizeof(size), "%u, %u", MAJOR(st.rdev),
			 MINOR(st.rdev));
	else
		snprintf(size, sizeof(size), "%lld", st.size);
	console_printf("%s %u %8s %s\n", mode, st.nlink, size,
		       name ? name : dir);
}

/* List one operand, sorted, one name a line; a file lists as itself. */
static int ls_one(const char *path, bool header, bool long_format)
{
	struct name_array a = { 0 };
	size_t i;
	int err;

	err = kfile_list(path, add_name, &a);
	if (err == -LKM_ENOTDIR) {
		if (long_format)
			long_line(path, NULL);
		else
			console_printf("%s\n", path);
		err = 0;
	} else if (err == -LKM_ENOENT) {
		console_errorf("ls: cannot access '%s': %s\n", path,
			       strerror(-err));
	} else if (err) {
		console_errorf("ls: cannot open directory '%s': %s\n", path,
			       strerror(-err));
	} else {
		if (a.count > 0)
			qsort(a.names, a.count, sizeof(*a.names),
			      compare_names);
		if (header)
			console_printf("%s:\n", path);
		for (i = 0; i < a.count; i++) {
			if (long_format)
				long_line(path, a.names[i]);
			else
				console_printf("%s\n", a.names[i]);
		}
	}
	free_names(&a);
	return err;
}

int shell_ls(struct shell *sh, int argc, char **argv)
{
	bool long_format = argc > 1 && strcmp(argv[1], "-l") == 0;
	int first = 1 + long_format, i, err, ret = 0;

	if (argc <= first)
		return ls_one(".", false, long_format);
	for (i = first; i < argc; i++) {
		if (i > first)
			console_printf("\n");
		err = ls_one(argv[i], argc > first + 1, long_format);
		if (err)
			ret = err;
	}
	return ret;
}

static int format_record(const struct printk_record *r, void *arg)
{
	char stamp[32];

	printk_format_time(r->ts_ns, stamp, sizeof(stamp));
	return seqbuf_printf(arg, "%s%s\n", stamp, r->text);
}

int shell_dmesg(struct shell *sh, int argc, char **argv)
{
	bool show = true, clear = false;
	struct seqbuf sb;
	int err = 0;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "-c") != 0 &&
			 strcmp(argv[1], "-C") != 0)) {
		console_errorf("dmesg: usage: dmesg [-c|-C]\n");
		return -LKM_EINVAL;
	}
	if (argc == 2) {
		clear = true;
		show = strcmp(argv[1], "-c") == 0;
	}
	seqbuf_init(&sb);
	if (show)
		err = printk_for_each(format_record, &sb);
	if (err == 0 && sb.len > 0)
		console_write(CONSOLE_OUT, sb.buf, sb.len);
	if (err)
		console_errorf("dmesg: %s\n", strerror(-err));
	else if (clear)
		printk_clear();
	seqbuf_release(&sb);
	return err;
}
