// SPDX-License-Identifier: MIT
/*
 * shell_files.c - the shell commands that show text: cat, ls and dmesg.
 *
 * cat and ls go through file.c, so they see /proc views, the module root
 * under /lib/modules and host files alike; their messages follow coreutils.
 * dmesg prints the ring buffer in util-linux's default format.
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>

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

/* List one operand, sorted, one name a line; a file lists as itself. */
static int ls_one(const char *path, bool header)
{
	struct name_array a = { 0 };
	size_t i;
	int err;

	err = kfile_list(path, add_name, &a);
	if (err == -LKM_ENOTDIR) {
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
		for (i = 0; i < a.count; i++)
			console_printf("%s\n", a.names[i]);
	}
	free_names(&a);
	return err;
}

int shell_ls(struct shell *sh, int argc, char **argv)
{
	int i, err, ret = 0;

	if (argc < 2)
		return ls_one(".", false);
	for (i = 1; i < argc; i++) {
		if (i > 1)
			console_printf("\n");
		err = ls_one(argv[i], argc > 2);
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
