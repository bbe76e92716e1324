// SPDX-License-Identifier: MIT
/*
 * shell_modinfo.c - modinfo on the console, in kmod's output format.
 *
 * "filename:" and then each .modinfo entry in file order as "key:" padded
 * to 16 columns, except parm and parmtype entries, which are merged per
 * parameter and printed last ("parm:           name:description (type)"),
 * newest parameter first, as kmod does.  The file is only read, through
 * liblkm's image walker; nothing is loaded.
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>

#include "internal.h"

#define PATH_LEN 4096

struct modinfo_param {
	struct modinfo_param *next;
	char *name;
	char *desc; /* from parm=, or NULL */
	char *type; /* from parmtype=, or NULL */
};

struct modinfo_walk {
	struct seqbuf out;
	struct modinfo_param *params; /* newest first */
};

static struct modinfo_param *param_get(struct modinfo_walk *w,
				       const char *name, size_t len)
{
	struct modinfo_param *p;

	for (p = w->params; p != NULL; p = p->next)
		if (strlen(p->name) == len && memcmp(p->name, name, len) == 0)
			return p;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return NULL;
	p->name = strndup(name, len);
	if (p->name == NULL) {
		free(p);
		return NULL;
	}
	p->next = w->params;
	w->params = p;
	return p;
}

/* A parm= or parmtype= value, "name:text". */
static int add_param(struct modinfo_walk *w, const char *key,
		     const char *value)
{
	const char *colon = strchr(value, ':');
	struct modinfo_param *p;
	char **slot;

	if (colon == NULL) {
		console_errorf("modinfo: ERROR: Found invalid \"%s=%s\": "
			       "missing ':'\n", key, value);
		return 0;
	}
	p = param_get(w, value, (size_t)(colon - value));
	if (p == NULL)
		return -LKM_ENOMEM;
	slot = strcmp(key, "parm") == 0 ? &p->desc : &p->type;
	free(*slot);
	*slot = strdup(colon + 1);
	return *slot != NULL ? 0 : -LKM_ENOMEM;
}

static int modinfo_entry(const char *key, size_t key_len, const char *value,
			 void *arg)
{
	struct modinfo_walk *w = arg;
	char name[16];

	if (key_len < sizeof(name)) {
		memcpy(name, key, key_len);
		name[key_len] = '\0';
		if (strcmp(name, "parm") == 0 || strcmp(name, "parmtype") == 0)
			return add_param(w, name, value);
	}
	/* A key longer than 15 gets kmod's |15 - len| blanks, not none. */
	return seqbuf_printf(&w->out, "%.*s:%-*s%s\n", (int)key_len, key,
			     15 - (int)key_len, "", value);
}

static void print_params(struct modinfo_walk *w)
{
	struct modinfo_param *p;

	for (p = w->params; p != NULL; p = p->next) {
		if (p->desc == NULL)
			seqbuf_printf(&w->out, "%-16s%s:%s\n", "parm:",
				      p->name, p->type);
		else if (p->type != NULL)
			seqbuf_printf(&w->out, "%-16s%s:%s (%s)\n", "parm:",
				      p->name, p->desc, p->type);
		else
			seqbuf_printf(&w->out, "%-16s%s:%s\n", "parm:",
				      p->name, p->desc);
	}
}

static void free_params(struct modinfo_walk *w)
{
	struct modinfo_param *p;

	while ((p = w->params) != NULL) {
		w->params = p->next;
		free(p->name);
		free(p->desc);
		free(p->type);
		free(p);
	}
}

static int modinfo_file(const char *file)
{
	struct modinfo_walk w = { .params = NULL };
	char path[PATH_LEN], name[LKM_MODULE_NAME_LEN];
	size_t size;
	char *data;
	int err;

	/* Like kmod, anything but a readable *.ko is looked up, and fails. */
	if (!str_has_suffix(file, ".ko") || kfile_read(file, &data, &size)) {
		console_errorf("modinfo: ERROR: Module %s not found.\n", file);
		return -LKM_ENOENT;
	}
	if (kfile_abspath(file, path, sizeof(path)))
		strcpy(path, file);
	console_printf("%-16s%s\n", "filename:", path);
	seqbuf_init(&w.out);
	err = lkm_image_for_each_modinfo(data, size, modinfo_entry, &w);
	if (err == 0) {
		print_params(&w);
		err = w.out.err;
	}
	if (err) {
		modname_from_arg(file, name, sizeof(name));
		console_errorf("modinfo: ERROR: could not get modinfo from "
			       "'%s': %s\n", name, strerror(-err));
	} else {
		console_write(CONSOLE_OUT, w.out.buf, w.out.len);
	}
	free_params(&w);
	seqbuf_release(&w.out);
	free(data);
	return err;
}

int shell_modinfo(struct shell *sh, int argc, char **argv)
{
	int i, err, ret = 0;

	if (argc < 2) {
		console_errorf("modinfo: ERROR: missing module or filename.\n");
		return -LKM_EINVAL;
	}
	for (i = 1; i < argc; i++) {
		err = modinfo_file(argv[i]);
		if (err)
			ret = err;
	}
	return ret;
}
