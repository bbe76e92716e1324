// SPDX-License-Identifier: MIT
/*
 * mkcpio.c - `mkcpio OUT DIR`: write DIR's tree as a cpio "new ASCII"
 * (newc) archive, the format of Linux's initramfs, for cpiofs to mount.
 *
 * A build-time host tool.  The archive is reproducible: entries in name
 * order, directories before what they hold, inode numbers counted from 1,
 * owner 0, times 0; regular files and directories only (anything else is
 * an error).  Names are relative to DIR, without a leading "./".
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static unsigned long next_ino = 1;

static void pad(FILE *out, long n)
{
	while (n++ % 4)
		fputc(0, out);
}

/* One header and its name, padded to 4 bytes. */
static void header(FILE *out, const char *name, unsigned long mode,
		   unsigned long nlink, unsigned long size)
{
	unsigned long namesize = strlen(name) + 1;

	fprintf(out, "070701%08lX%08lX%08lX%08lX%08lX%08lX%08lX%08lX%08lX"
		"%08lX%08lX%08lX%08lX", next_ino++, mode, 0ul, 0ul, nlink, 0ul,
		size, 0ul, 0ul, 0ul, 0ul, namesize, 0ul);
	fwrite(name, 1, namesize, out);
	pad(out, (long)(110 + namesize));
}

static int compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_file(FILE *out, const char *path, const char *name,
		    const struct stat *st)
{
	FILE *in = fopen(path, "rb");
	char buf[65536];
	size_t n;

	if (in == NULL) {
		fprintf(stderr, "mkcpio: %s: %s\n", path, strerror(errno));
		return -1;
	}
	header(out, name, 0100000 | (st->st_mode & 0777), 1,
	       (unsigned long)st->st_size);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
	pad(out, (long)st->st_size);
	return 0;
}

/* Add the entries of directory @path, named below @prefix. */
static int add_dir(FILE *out, const char *path, const char *prefix)
{
	char **names = NULL, child[4096], name[4096];
	size_t n = 0, i;
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(path);
	int err = 0;

	if (d == NULL) {
		fprintf(stderr, "mkcpio: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (names == NULL || (names[n] = strdup(e->d_name)) == NULL) {
			fprintf(stderr, "mkcpio: out of memory\n");
			exit(1);
		}
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), compare);
	for (i = 0; i < n && err == 0; i++) {
		snprintf(child, sizeof(child), "%s/%s", path, names[i]);
		snprintf(name, sizeof(name), "%s%s%s", prefix,
			 *prefix ? "/" : "", names[i]);
		if (stat(child, &st) < 0) {
			fprintf(stderr, "mkcpio: %s: %s\n", child,
				strerror(errno));
			err = -1;
		} else if (S_ISDIR(st.st_mode)) {
			header(out, name, 040000 | (st.st_mode & 0777), 2, 0);
			err = add_dir(out, child, name);
		} else if (S_ISREG(st.st_mode)) {
			err = add_file(out, child, name, &st);
		} else {
			fprintf(stderr, "mkcpio: %s: not a file or directory\n",
				child);
			err = -1;
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return err;
}

int main(int argc, char **argv)
{
	FILE *out;
	int err;

	if (argc != 3) {
		fprintf(stderr, "usage: mkcpio OUT DIR\n");
		return 2;
	}
	out = fopen(argv[1], "wb");
	if (out == NULL) {
		fprintf(stderr, "mkcpio: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	err = add_dir(out, argv[2], "");
	header(out, "TRAILER!!!", 0, 1, 0);
	if (fclose(out) != 0 || err) {
		remove(argv[1]);
		return 1;
	}
	return 0;
}
