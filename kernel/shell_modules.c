// SPDX-License-Identifier: MIT
/*
 * shell_modules.c - insmod, rmmod and lsmod on the console.
 *
 * They act on the running kernel's module subsystem directly, and their
 * output and error messages are kmod's, word for word, so that what users
 * (and golden-output tests) know from Linux holds here: "insmod: ERROR:
 * could not insert module hello.ko: Unknown symbol in module", lsmod's
 * "%-19s %8lu  %d" rows.  (modinfo is in shell_modinfo.c.)
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>

#include "internal.h"

#ifndef LKM_ESRCH
#define LKM_ESRCH 3
#endif

/* kmod's mod_strerror(): what an insertion errno means to a person. */
static const char *mod_strerror(int err)
{
	switch (err) {
	case LKM_ENOEXEC:
		return "Invalid module format";
	case LKM_ENOENT:
		return "Unknown symbol in module";
	case LKM_ESRCH:
		return "Module has wrong symbol version";
	case LKM_EINVAL:
		return "Invalid parameters";
	default:
		return strerror(err);
	}
}

void modname_from_arg(const char *arg, char *name, size_t size)
{
	const char *base = strrchr(arg, '/');
	size_t n;

	base = base != NULL ? base + 1 : arg;
	for (n = 0; n + 1 < size && base[n] != '\0' && base[n] != '.'; n++)
		name[n] = base[n] == '-' ? '_' : base[n];
	name[n] = '\0';
}

/* Join argv[from..] with blanks, as insmod hands parameters over. */
static char *join_args(int argc, char **argv, int from)
{
	struct seqbuf sb;
	size_t len;
	char *s;
	int i;

	seqbuf_init(&sb);
	for (i = from; i < argc; i++)
		seqbuf_printf(&sb, "%s%s", i > from ? " " : "", argv[i]);
	s = seqbuf_detach(&sb, &len);
	seqbuf_release(&sb);
	return s;
}

/*
 * Leading options of insmod and rmmod: -f sets *force; -s, -p, -v and -w
 * are accepted and ignored, as kmod does.  Returns the first operand's
 * index, or -1 after reporting a bad option.
 */
static int parse_options(const char *tool, int argc, char **argv, bool *force)
{
	int i;

	*force = false;
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (strcmp(argv[i], "-f") == 0) {
			*force = true;
		} else if (strlen(argv[i]) != 2 ||
			   strchr("spvw", argv[i][1]) == NULL) {
			console_errorf("%s: invalid option -- '%s'\n", tool,
				       argv[i] + 1);
			return -1;
		}
	}
	return i;
}

int shell_insmod(struct shell *sh, int argc, char **argv)
{
	unsigned flags = 0;
	const char *file;
	char *data, *params;
	size_t size;
	bool force;
	int i, err;

	i = parse_options("insmod", argc, argv, &force);
	if (i < 0)
		return -LKM_EINVAL;
	if (i >= argc) {
		console_errorf("insmod: ERROR: missing filename.\n");
		return -LKM_EINVAL;
	}
	if (force) /* as kmod: ignore both version magic and versions */
		flags |= LKM_LOAD_FORCE_VERMAGIC | LKM_LOAD_FORCE_MODVERSION;
	file = argv[i];
	err = kfile_read(file, &data, &size);
	if (err) {
		console_errorf("insmod: ERROR: could not load module %s: %s\n",
			       file, strerror(-err));
		return err;
	}
	params = join_args(argc, argv, i + 1);
	err = params == NULL ? -LKM_ENOMEM :
	      modload_load(data, size, params, flags, NULL);
	if (err)
		console_errorf("insmod: ERROR: could not insert module "
			       "%s: %s\n", file, mod_strerror(-err));
	free(params);
	free(data);
	return err;
}

/* What rmmod checks before it asks for an unload. */
struct mod_query {
	const char *name;
	bool found;
	unsigned refcount;
	struct seqbuf users; /* " a b" */
};

static int query_user(const struct lkm_module *user, void *arg)
{
	return seqbuf_printf(arg, " %s", lkm_module_get_name(user));
}

static int query_module(const struct lkm_module *m, void *arg)
{
	struct mod_query *q = arg;

	if (strcmp(lkm_module_get_name(m), q->name) != 0)
		return 0;
	q->found = lkm_module_get_state(m) != LKM_MODULE_UNFORMED;
	q->refcount = lkm_module_get_refcount(m);
	lkm_module_for_each_user(m, query_user, &q->users);
	return 1;
}

/* kmod's in-use checks: not loaded, held by others, or referenced. */
static int rmmod_check(struct lkm_kernel *k, const char *name)
{
	struct mod_query q = { .name = name };
	int err = 0;

	seqbuf_init(&q.users);
	lkm_kernel_for_each_module(k, query_module, &q);
	if (!q.found) {
		console_errorf("rmmod: ERROR: Module %s is not currently "
			       "loaded\n", name);
		err = -LKM_ENOENT;
	} else if (q.users.len > 0) {
		console_errorf("rmmod: ERROR: Module %s is in use by:%s\n",
			       name, q.users.buf);
		err = -LKM_EBUSY;
	} else if (q.refcount != 0) {
		console_errorf("rmmod: ERROR: Module %s is in use\n", name);
		err = -LKM_EBUSY;
	}
	seqbuf_release(&q.users);
	return err;
}

int shell_rmmod(struct shell *sh, int argc, char **argv)
{
	struct lkm_kernel *k = modules_kernel();
	char name[LKM_MODULE_NAME_LEN];
	bool force;
	int i, err, ret = 0;

	i = parse_options("rmmod", argc, argv, &force);
	if (i < 0)
		return -LKM_EINVAL;
	if (i >= argc) {
		console_errorf("rmmod: ERROR: missing module name.\n");
		return -LKM_EINVAL;
	}
	for (; i < argc; i++) {
		modname_from_arg(argv[i], name, sizeof(name));
		err = force ? 0 : rmmod_check(k, name);
		if (err == 0) {
			err = modload_unload(name,
					     force ? LKM_UNLOAD_FORCE : 0);
			if (err)
				console_errorf("rmmod: ERROR: could not remove "
					       "module %s: %s\n", argv[i],
					       strerror(-err));
		}
		if (err)
			ret = err;
	}
	return ret;
}

struct lsmod_row {
	struct seqbuf *sb;
	char sep;
};

static int lsmod_user(const struct lkm_module *user, void *arg)
{
	struct lsmod_row *row = arg;

	seqbuf_printf(row->sb, "%c%s", row->sep, lkm_module_get_name(user));
	row->sep = ',';
	return 0;
}

static int lsmod_module(const struct lkm_module *m, void *arg)
{
	struct lsmod_row row = { .sb = arg, .sep = ' ' };

	if (lkm_module_get_state(m) == LKM_MODULE_UNFORMED)
		return 0;
	seqbuf_printf(row.sb, "%-19s %8zu  %u", lkm_module_get_name(m),
		      lkm_module_get_size(m), lkm_module_get_refcount(m));
	lkm_module_for_each_user(m, lsmod_user, &row);
	seqbuf_printf(row.sb, "\n");
	return 0;
}

int shell_lsmod(struct shell *sh, int argc, char **argv)
{
	struct seqbuf sb;
	int err;

	if (argc > 1) {
		console_errorf("lsmod: ERROR: too many arguments provided.\n");
		return -LKM_EINVAL;
	}
	seqbuf_init(&sb);
	seqbuf_printf(&sb, "Module                  Size  Used by\n");
	lkm_kernel_for_each_module(modules_kernel(), lsmod_module, &sb);
	err = sb.err;
	if (err)
		console_errorf("lsmod: ERROR: could not get list of modules: "
			       "%s\n", strerror(-err));
	else
		console_write(CONSOLE_OUT, sb.buf, sb.len);
	seqbuf_release(&sb);
	return err;
}
