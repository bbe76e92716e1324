// SPDX-License-Identifier: MIT
/*
 * symvers.c - Module.symvers files: which module exports which symbol.
 *
 * The format is Linux's, one export a line:
 *
 *   0x<crc, 8 hex digits>\t<symbol>\t<module>\t<export type>\t<namespace>
 *
 * where module is "vmlinux" for the base kernel, else the module's path
 * without ".ko", and the export type is EXPORT_SYMBOL or EXPORT_SYMBOL_GPL.
 * The CRC is the symbol's version (ksymcrc.c); 0x00000000 means the export
 * has none, as in Linux, and no version is checked for it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkm-build.h"

void symvers_add(struct symvers *sv, const char *name, const char *module,
		 const char *ns, bool gpl)
{
	struct symvers_entry *e;

	if (sv->n == sv->cap) {
		sv->cap = sv->cap ? 2 * sv->cap : 64;
		sv->e = xrealloc(sv->e, sv->cap * sizeof(*sv->e));
	}
	e = &sv->e[sv->n++];
	e->name = xstrdup(name);
	e->module = xstrdup(module);
	e->ns = xstrdup(ns ? ns : "");
	e->gpl = gpl;
	e->has_crc = false;
	e->crc = 0;
}

const struct symvers_entry *symvers_find(const struct symvers *sv,
					 const char *name)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (!strcmp(sv->e[i].name, name))
			return &sv->e[i];
	return NULL;
}

void symvers_free(struct symvers *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++) {
		free(sv->e[i].name);
		free(sv->e[i].module);
		free(sv->e[i].ns);
	}
	free(sv->e);
	memset(sv, 0, sizeof(*sv));
}

/* Split @line at tabs into at most @max fields; returns the count. */
static size_t split_tabs(char *line, char **field, size_t max)
{
	size_t n = 0;

	while (n < max) {
		char *tab = strchr(line, '\t');

		field[n++] = line;
		if (!tab)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	return n;
}

int symvers_read(struct symvers *sv, const char *path)
{
	char *line = NULL, *f[5];
	size_t cap = 0, lineno = 0, n;
	ssize_t len;
	int err = 0;
	FILE *fp;

	fp = fopen(path, "re");
	if (!fp) {
		err = -errno;
		msg("%s: %s", path, strerror(errno));
		return err;
	}
	while ((len = getline(&line, &cap, fp)) >= 0) {
		unsigned long crc;
		bool gpl = false;
		char *end;

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		n = split_tabs(line, f, 5);
		crc = n >= 3 ? strtoul(f[0], &end, 16) : 0;
		if (n < 3 || strncmp(f[0], "0x", 2) || !*f[1] || !*f[2] ||
		    f[0][2] == '\0' || *end || crc > 0xffffffffUL) {
			msg("%s:%zu: malformed symvers line", path, lineno);
			err = -EINVAL;
			break;
		}
		if (n >= 4) {
			if (!strcmp(f[3], "EXPORT_SYMBOL_GPL")) {
				gpl = true;
			} else if (strcmp(f[3], "EXPORT_SYMBOL")) {
				msg("%s:%zu: unknown export type '%s'", path,
				    lineno, f[3]);
				err = -EINVAL;
				break;
			}
		}
		symvers_add(sv, f[1], f[2], n == 5 ? f[4] : "", gpl);
		sv->e[sv->n - 1].crc = (uint32_t)crc;
		sv->e[sv->n - 1].has_crc = crc != 0;
	}
	if (!err && ferror(fp)) {
		msg("%s: read error", path);
		err = -EIO;
	}
	free(line);
	fclose(fp);
	return err;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct symvers_entry *x = a, *y = b;

	return strcmp(x->name, y->name);
}

int symvers_write(const struct symvers *sv, const char *path)
{
	struct symvers_entry *sorted;
	bool std = !strcmp(path, "-");
	FILE *fp;
	size_t i;
	int err = 0;

	fp = std ? stdout : fopen(path, "we");
	if (!fp) {
		err = -errno;
		msg("%s: %s", path, strerror(errno));
		return err;
	}
	sorted = xmalloc((sv->n ? sv->n : 1) * sizeof(*sorted));
	if (sv->n)
		memcpy(sorted, sv->e, sv->n * sizeof(*sorted));
	qsort(sorted, sv->n, sizeof(*sorted), cmp_entry);
	for (i = 0; i < sv->n; i++)
		fprintf(fp, "0x%08x\t%s\t%s\t%s\t%s\n",
			sorted[i].has_crc ? sorted[i].crc : 0u, sorted[i].name,
			sorted[i].module,
			sorted[i].gpl ? "EXPORT_SYMBOL_GPL" : "EXPORT_SYMBOL",
			sorted[i].ns);
	free(sorted);
	if (fflush(fp) || ferror(fp))
		err = -EIO;
	if (!std && fclose(fp))
		err = -EIO;
	if (err)
		msg("%s: write failed", std ? "stdout" : path);
	return err;
}
