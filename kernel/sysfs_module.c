// SPDX-License-Identifier: MIT
/*
 * sysfs_module.c - /sys/module, Linux's per-module directories.
 *
 *   /sys/module/<name>/coresize            bytes of module memory
 *   /sys/module/<name>/initstate           live, coming or going
 *   /sys/module/<name>/refcnt              the usage count
 *   /sys/module/<name>/taint               the module's taint letters
 *   /sys/module/<name>/holders/<user>      the modules using it (each
 *                                          shows the user's directory)
 *   /sys/module/<name>/parameters/<param>  each parameter with a non-zero
 *                                          mode: read, and written where
 *                                          the mode allows
 *
 * Everything is generated on access.  What a request needs is copied out of
 * the module list under its lock first (a snapshot), and only then are the
 * parameter accessors called, since they take that lock themselves.
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>

#include "internal.h"

#define SYSFS_MODULE "/sys/module"
#define PARAM_TEXT_MAX 4096
#define MAX_DEPTH 3

/* What one request needs to know about one module. */
struct snap {
	const char *name;     /* the module wanted */
	const char *param;    /* a parameter wanted, or NULL */
	bool found;
	bool param_found;
	unsigned param_perm;
	enum lkm_module_state state;
	unsigned refcount;
	size_t size;
	char flags[LKM_TAINT_COUNT + 4];
	struct seqbuf users;  /* "a\nb\n" */
	struct seqbuf params; /* visible parameters, "a\nb\n" */
};

static int snap_user(const struct lkm_module *user, void *arg)
{
	return seqbuf_printf(arg, "%s\n", lkm_module_get_name(user));
}

static int snap_param(const char *name, unsigned perm, void *arg)
{
	struct snap *s = arg;

	if (perm == 0)
		return 0; /* no sysfs file, as Linux */
	if (s->param != NULL && strcmp(name, s->param) == 0) {
		s->param_found = true;
		s->param_perm = perm;
	}
	return seqbuf_printf(&s->params, "%s\n", name);
}

static int snap_module(const struct lkm_module *m, void *arg)
{
	struct snap *s = arg;

	if (strcmp(lkm_module_get_name(m), s->name) != 0)
		return 0;
	s->state = lkm_module_get_state(m);
	if (s->state == LKM_MODULE_UNFORMED)
		return 1;
	s->found = true;
	s->refcount = lkm_module_get_refcount(m);
	s->size = lkm_module_get_size(m);
	lkm_module_format_flags(m, s->flags, sizeof(s->flags));
	lkm_module_for_each_user(m, snap_user, &s->users);
	lkm_module_for_each_param(m, snap_param, s);
	return 1;
}

static int snap_take(struct snap *s, const char *name, const char *param)
{
	*s = (struct snap){ .name = name, .param = param };
	seqbuf_init(&s->users);
	seqbuf_init(&s->params);
	lkm_kernel_for_each_module(modules_kernel(), snap_module, s);
	if (s->users.err || s->params.err)
		return -LKM_ENOMEM;
	return s->found ? 0 : -LKM_ENOENT;
}

static void snap_release(struct snap *s)
{
	seqbuf_release(&s->users);
	seqbuf_release(&s->params);
}

/* Call @fn with each line of @lines ("a\nb\n"), as entries of one kind. */
static int list_lines(const struct seqbuf *lines, bool is_dir,
		      kfile_list_fn fn, void *arg)
{
	char name[LKM_MODULE_NAME_LEN + 64];
	const char *p = lines->buf, *nl;
	int err = 0;

	while (p != NULL && *p != '\0' && err == 0) {
		nl = strchr(p, '\n');
		if (nl == NULL || (size_t)(nl - p) >= sizeof(name))
			break;
		memcpy(name, p, (size_t)(nl - p));
		name[nl - p] = '\0';
		err = fn(name, is_dir, arg);
		p = nl + 1;
	}
	return err;
}

/* True if @name is one of the lines of @lines. */
static bool has_line(const struct seqbuf *lines, const char *name)
{
	size_t n = strlen(name);
	const char *p = lines->buf;

	while (p != NULL && (p = strstr(p, name)) != NULL) {
		if ((p == lines->buf || p[-1] == '\n') && p[n] == '\n')
			return true;
		p += n;
	}
	return false;
}

/* ---- attributes ---------------------------------------------------------- */

static int show_coresize(const struct snap *s, struct seqbuf *sb)
{
	return seqbuf_printf(sb, "%zu\n", s->size);
}

static int show_initstate(const struct snap *s, struct seqbuf *sb)
{
	static const char *const names[LKM_MODULE_STATE_COUNT] = {
		[LKM_MODULE_UNFORMED] = "unformed",
		[LKM_MODULE_COMING] = "coming",
		[LKM_MODULE_LIVE] = "live",
		[LKM_MODULE_GOING] = "going",
	};

	return seqbuf_printf(sb, "%s\n", names[s->state]);
}

static int show_refcnt(const struct snap *s, struct seqbuf *sb)
{
	return seqbuf_printf(sb, "%u\n", s->refcount);
}

/* The letters of "(OE+)": Linux's taint file shows no parentheses or state. */
static int show_taint(const struct snap *s, struct seqbuf *sb)
{
	const char *p;

	for (p = s->flags; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			seqbuf_write(sb, p, 1);
	return seqbuf_printf(sb, "\n");
}

static const struct module_attr {
	const char *name;
	int (*show)(const struct snap *s, struct seqbuf *sb);
} module_attrs[] = {
	{ "coresize", show_coresize },
	{ "initstate", show_initstate },
	{ "refcnt", show_refcnt },
	{ "taint", show_taint },
};

static const struct module_attr *find_attr(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(module_attrs); i++)
		if (strcmp(module_attrs[i].name, name) == 0)
			return &module_attrs[i];
	return NULL;
}

/* ---- the tree ------------------------------------------------------------ */

/* Split @sub into at most MAX_DEPTH components; -ENOENT if deeper. */
static int split(const char *sub, char *buf, size_t size, char **comp,
		 int *n)
{
	char *p, *save;

	*n = 0;
	if (*sub == '\0')
		return 0;
	if (strlen(sub) >= size)
		return -LKM_ENOENT;
	strcpy(buf, sub);
	for (p = strtok_r(buf, "/", &save); p != NULL;
	     p = strtok_r(NULL, "/", &save)) {
		if (*n == MAX_DEPTH)
			return -LKM_ENOENT;
		comp[(*n)++] = p;
	}
	return 0;
}

static int collect_module(const struct lkm_module *m, void *arg)
{
	if (lkm_module_get_state(m) == LKM_MODULE_UNFORMED)
		return 0;
	return seqbuf_printf(arg, "%s\n", lkm_module_get_name(m));
}

static int list_modules(kfile_list_fn fn, void *arg)
{
	struct seqbuf names;
	int err;

	seqbuf_init(&names);
	lkm_kernel_for_each_module(modules_kernel(), collect_module, &names);
	err = names.err ? names.err : list_lines(&names, true, fn, arg);
	seqbuf_release(&names);
	return err;
}

static int list_module_dir(const struct snap *s, kfile_list_fn fn, void *arg)
{
	size_t i;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(module_attrs) && err == 0; i++)
		err = fn(module_attrs[i].name, false, arg);
	if (err == 0)
		err = fn("holders", true, arg);
	if (err == 0 && s->params.len > 0)
		err = fn("parameters", true, arg);
	return err;
}

static int sysfs_module_list(const char *sub, kfile_list_fn fn, void *arg)
{
	char buf[256], *c[MAX_DEPTH];
	struct snap s;
	bool link = false;
	int n, err;

	err = split(sub, buf, sizeof(buf), c, &n);
	if (err || n == 0)
		return err ? err : list_modules(fn, arg);
	err = snap_take(&s, c[0], NULL);
	if (err == 0 && n == 1)
		err = list_module_dir(&s, fn, arg);
	else if (err == 0 && n == 2 && strcmp(c[1], "holders") == 0)
		err = list_lines(&s.users, true, fn, arg);
	else if (err == 0 && n == 2 && strcmp(c[1], "parameters") == 0 &&
		 s.params.len > 0)
		err = list_lines(&s.params, false, fn, arg);
	else if (err == 0 && n == 2 && find_attr(c[1]) != NULL)
		err = -LKM_ENOTDIR;
	else if (err == 0 && n == 3 && strcmp(c[1], "parameters") == 0 &&
		 has_line(&s.params, c[2]))
		err = -LKM_ENOTDIR;
	else if (err == 0 && n == 3 && strcmp(c[1], "holders") == 0 &&
		 has_line(&s.users, c[2]))
		link = true; /* a link to the user's own directory */
	else if (err == 0)
		err = -LKM_ENOENT;
	snap_release(&s);
	return link ? sysfs_module_list(c[2], fn, arg) : err;
}

static int read_param(const struct snap *s, struct seqbuf *sb)
{
	char *text;
	int err;

	if (!(s->param_perm & 0444))
		return -LKM_EACCES;
	text = malloc(PARAM_TEXT_MAX);
	if (text == NULL)
		return -LKM_ENOMEM;
	err = lkm_module_param_get(modules_kernel(), s->name, s->param, text,
				   PARAM_TEXT_MAX);
	if (err == 0)
		err = seqbuf_printf(sb, "%s\n", text);
	free(text);
	return err;
}

static int sysfs_module_read(const char *sub, struct seqbuf *sb)
{
	char buf[256], *c[MAX_DEPTH];
	const struct module_attr *attr;
	struct snap s;
	int n, err;

	err = split(sub, buf, sizeof(buf), c, &n);
	if (err || n == 0)
		return err ? err : -LKM_EISDIR;
	err = snap_take(&s, c[0], n == 3 ? c[2] : NULL);
	attr = n == 2 ? find_attr(c[1]) : NULL;
	if (err == 0 && n == 1)
		err = -LKM_EISDIR;
	else if (err == 0 && attr != NULL)
		err = attr->show(&s, sb);
	else if (err == 0 && n == 2 && (strcmp(c[1], "holders") == 0 ||
					(strcmp(c[1], "parameters") == 0 &&
					 s.params.len > 0)))
		err = -LKM_EISDIR;
	else if (err == 0 && n == 3 && strcmp(c[1], "parameters") == 0 &&
		 s.param_found)
		err = read_param(&s, sb);
	else if (err == 0 && n == 3 && strcmp(c[1], "holders") == 0 &&
		 has_line(&s.users, c[2]))
		err = -LKM_EISDIR;
	else if (err == 0)
		err = -LKM_ENOENT;
	snap_release(&s);
	return err;
}

/* Set a parameter from what was written, less one trailing newline. */
static int write_param(const struct snap *s, const char *data, size_t len)
{
	char *value;
	int err;

	if (len > 0 && data[len - 1] == '\n')
		len--;
	value = malloc(len + 1);
	if (value == NULL)
		return -LKM_ENOMEM;
	memcpy(value, data, len);
	value[len] = '\0';
	err = lkm_module_param_set(modules_kernel(), s->name, s->param, value);
	free(value);
	return err == -LKM_EPERM ? -LKM_EACCES : err;
}

static int sysfs_module_write(const char *sub, const char *data, size_t len)
{
	char buf[256], *c[MAX_DEPTH];
	struct snap s;
	int n, err;

	err = split(sub, buf, sizeof(buf), c, &n);
	if (err || n < 2)
		return err ? err : -LKM_EISDIR;
	err = snap_take(&s, c[0], n == 3 ? c[2] : NULL);
	if (err == 0 && n == 3 && strcmp(c[1], "parameters") == 0 &&
	    s.param_found)
		err = write_param(&s, data, len);
	else if (err == 0 && n == 2 && find_attr(c[1]) != NULL)
		err = -LKM_EACCES;
	else if (err == 0)
		err = -LKM_ENOENT;
	snap_release(&s);
	return err;
}

static const struct proc_dir_ops sysfs_module_ops = {
	.list = sysfs_module_list,
	.read = sysfs_module_read,
	.write = sysfs_module_write,
};

int sysfs_module_init(void)
{
	return proc_register_dir(SYSFS_MODULE, &sysfs_module_ops);
}
