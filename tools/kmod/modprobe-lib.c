// SPDX-License-Identifier: MIT
/*
 * modprobe-lib.c - resolution of module names and aliases to what must be
 * loaded, and modprobe.d configuration (see modprobe.h).
 *
 * The rules are kmod's, since administrators' configuration and scripts
 * rely on them: configuration files are *.conf (and *.alias) from the
 * standard directories plus the tree's modules.softdep, sorted by file
 * name with the first of equal names winning; module names in them have
 * '-' turned into '_'; alias, install, remove and softdep entries
 * match module names as fnmatch(3) patterns; the first install/remove
 * command and the first softdep line that match apply; options name a
 * module exactly (or the alias it was asked for by) and add up.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "modprobe.h"

struct mp_entry {
	struct mp_entry *next;
	char *name;             /* module name or pattern */
	char *value;            /* alias target, options, command */
	char **pre, **post;     /* softdep lists (NULL-terminated) */
};

struct mp_ctx {
	char dirname[PATH_MAX];
	struct mp_entry *aliases, *options, *installs, *removes, *softdeps, *blacklist;
	struct mp_module *modules;
};

static const char *const default_paths[] = {
	"/etc/modprobe.d", "/run/modprobe.d", "/usr/local/lib/modprobe.d", "/lib/modprobe.d", NULL,
};

void mp_list_add(struct mp_list *l, struct mp_module *m)
{
	l->v = xrealloc(l->v, sizeof(*l->v) * (l->n + 1));
	l->v[l->n++] = m;
}

void mp_list_release(struct mp_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* ---- configuration -------------------------------------------------------- */

/* '-' -> '_' outside brackets; -EINVAL on an unmatched bracket. */
static int underscores(char *s)
{
	char buf[PATH_MAX];

	if (!s || strlen(s) >= PATH_MAX || kmod_alias_normalize(s, buf, NULL) < 0)
		return -EINVAL;
	strcpy(s, buf);
	return 0;
}

static void entry_append(struct mp_entry **list, struct mp_entry *e)
{
	while (*list)
		list = &(*list)->next;
	e->next = NULL;
	*list = e;
}

static struct mp_entry *entry_new(const char *name, const char *value)
{
	struct mp_entry *e = xcalloc(1, sizeof(*e));

	e->name = xstrdup(name);
	e->value = value ? xstrdup(value) : NULL;
	return e;
}

static char **words_after(const char *s, const char *marker, const char *stop)
{
	char **v = xcalloc(1, sizeof(char *));
	size_t n = 0;
	const char *p = s;
	bool on = false;

	while (*p) {
		size_t len;

		while (isspace((unsigned char)*p))
			p++;
		len = strcspn(p, " \t\n");
		if (len == 0)
			break;
		if (len == strlen(marker) && strncmp(p, marker, len) == 0)
			on = true;
		else if (len == strlen(stop) && strncmp(p, stop, len) == 0)
			on = false;
		else if (on) {
			v = xrealloc(v, sizeof(char *) * (n + 2));
			v[n] = xmalloc(len + 1);
			memcpy(v[n], p, len);
			v[n][len] = '\0';
			v[++n] = NULL;
		}
		p += len;
	}
	return v;
}

static void add_softdep(struct mp_ctx *ctx, const char *modname, const char *line)
{
	struct mp_entry *e = entry_new(modname, line);

	e->pre = words_after(line, "pre:", "post:");
	e->post = words_after(line, "post:", "pre:");
	entry_append(&ctx->softdeps, e);
}

static char *read_line(FILE *fp, unsigned int *linenum)
{
	struct strbuf sb = { 0 };
	int ch;

	sb_grow(&sb, 64);
	for (;;) {
		ch = getc(fp);
		if (ch == EOF && sb.len == 0) {
			sb_release(&sb);
			return NULL;
		}
		if (ch == EOF || ch == '\n') {
			(*linenum)++;
			sb.buf[sb.len] = '\0';
			return sb.buf;
		}
		if (ch == '\\') {
			ch = getc(fp);
			if (ch == '\n') {
				(*linenum)++;
				continue;
			}
		}
		sb_addc(&sb, (char)ch);
	}
}

static void parse_file(struct mp_ctx *ctx, const char *filename)
{
	unsigned int linenum = 0;
	char *line;
	FILE *fp = fopen(filename, "re");

	if (!fp)
		return;
	while ((line = read_line(fp, &linenum)) != NULL) {
		char *save, *cmd = NULL, *a, *b;

		if (line[0] == '\0' || line[0] == '#')
			goto next;
		cmd = strtok_r(line, "\t ", &save);
		if (!cmd)
			goto next;
		if (strcmp(cmd, "alias") == 0) {
			a = strtok_r(NULL, "\t ", &save);
			b = strtok_r(NULL, "\t ", &save);
			if (underscores(a) < 0 || underscores(b) < 0)
				goto bad;
			entry_append(&ctx->aliases, entry_new(a, b));
		} else if (strcmp(cmd, "blacklist") == 0) {
			a = strtok_r(NULL, "\t ", &save);
			if (underscores(a) < 0)
				goto bad;
			entry_append(&ctx->blacklist, entry_new(a, NULL));
		} else if (strcmp(cmd, "options") == 0 || strcmp(cmd, "install") == 0 ||
			   strcmp(cmd, "remove") == 0 || strcmp(cmd, "softdep") == 0) {
			a = strtok_r(NULL, "\t ", &save);
			b = strtok_r(NULL, "", &save);
			if (underscores(a) < 0 || !b)
				goto bad;
			if (cmd[0] == 'o')
				entry_append(&ctx->options, entry_new(a, b));
			else if (cmd[0] == 'i')
				entry_append(&ctx->installs, entry_new(a, b));
			else if (cmd[0] == 'r')
				entry_append(&ctx->removes, entry_new(a, b));
			else
				add_softdep(ctx, a, b);
		} else if (strcmp(cmd, "include") == 0 || strcmp(cmd, "config") == 0) {
			ERR("%s: command %s is deprecated and not parsed anymore\n", filename, cmd);
		} else {
bad:
			ERR("%s line %u: ignoring bad line starting with '%s'\n", filename, linenum,
			    cmd);
		}
next:
		free(line);
	}
	fclose(fp);
}

struct cfgfile {
	char *name;
	char *path;
};

static void file_insert(struct cfgfile **files, size_t *n, const char *dir, const char *name)
{
	size_t i;
	struct strbuf sb = { 0 };

	for (i = 0; i < *n; i++) {
		int c = strcmp(name, (*files)[i].name);

		if (c == 0)
			return;
		if (c < 0)
			break;
	}
	*files = xrealloc(*files, sizeof(**files) * (*n + 1));
	memmove(*files + i + 1, *files + i, sizeof(**files) * (*n - i));
	sb_adds(&sb, dir);
	sb_addc(&sb, '/');
	sb_adds(&sb, name);
	(*files)[i].path = sb.buf;
	(*files)[i].name = xstrdup(name);
	(*n)++;
}

static void list_files(struct cfgfile **files, size_t *n, const char *path)
{
	struct stat st;
	struct dirent *de;
	DIR *d;

	if (stat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		const char *slash = strrchr(path, '/');
		char *dir = xstrdup(path);

		dir[slash ? (size_t)(slash - path) : 0] = '\0';
		file_insert(files, n, dir, slash ? slash + 1 : path);
		free(dir);
		return;
	}
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		if ((len < 6 || strcmp(de->d_name + len - 5, ".conf") != 0) &&
		    (len < 7 || strcmp(de->d_name + len - 6, ".alias") != 0))
			continue;
		file_insert(files, n, path, de->d_name);
	}
	closedir(d);
}

/* "<module>.<param>=<value>" and "modprobe.blacklist=a,b" on the command line. */
static void parse_cmdline(struct mp_ctx *ctx, const char *cmdline)
{
	char *copy = xstrdup(cmdline), *tok, *save;

	for (tok = strtok_r(copy, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		char *dot = strchr(tok, '.'), *eq = strchr(tok, '=');

		/* "<module>.<param>=<value>": the module part has no '='. */
		if (!dot || dot == tok || !eq || eq < dot)
			continue;
		*dot = '\0';
		if (strcmp(tok, "modprobe") == 0 && eq && strncmp(dot + 1, "blacklist=", 10) == 0) {
			char *item, *s2;

			for (item = strtok_r(eq + 1, ",", &s2); item; item = strtok_r(NULL, ",", &s2))
				if (underscores(item) == 0)
					entry_append(&ctx->blacklist, entry_new(item, NULL));
			continue;
		}
		if (underscores(tok) == 0)
			entry_append(&ctx->options, entry_new(tok, dot + 1));
	}
	free(copy);
}

struct mp_ctx *mp_new(const char *dirname, const char *const *config_paths, const char *cmdline)
{
	struct mp_ctx *ctx = xcalloc(1, sizeof(*ctx));
	struct cfgfile *files = NULL;
	size_t n = 0, i;

	snprintf(ctx->dirname, sizeof(ctx->dirname), "%s", dirname);
	file_insert(&files, &n, dirname, "modules.softdep");
	if (!config_paths)
		config_paths = default_paths;
	for (i = 0; config_paths[i]; i++)
		list_files(&files, &n, config_paths[i]);
	for (i = 0; i < n; i++) {
		parse_file(ctx, files[i].path);
		free(files[i].path);
		free(files[i].name);
	}
	free(files);
	/* The command line comes last: its options follow the files' ones. */
	if (cmdline)
		parse_cmdline(ctx, cmdline);
	return ctx;
}

static void entries_free(struct mp_entry *e)
{
	while (e) {
		struct mp_entry *next = e->next;
		char **p;

		for (p = e->pre; p && *p; p++)
			free(*p);
		for (p = e->post; p && *p; p++)
			free(*p);
		free(e->pre);
		free(e->post);
		free(e->name);
		free(e->value);
		free(e);
		e = next;
	}
}

void mp_free(struct mp_ctx *ctx)
{
	struct mp_module *m = ctx->modules;

	while (m) {
		struct mp_module *next = m->next_all;

		free(m->name);
		free(m->alias);
		free(m->path);
		free(m->deps);
		free(m);
		m = next;
	}
	entries_free(ctx->aliases);
	entries_free(ctx->options);
	entries_free(ctx->installs);
	entries_free(ctx->removes);
	entries_free(ctx->softdeps);
	entries_free(ctx->blacklist);
	free(ctx);
}

const char *mp_dirname(const struct mp_ctx *ctx)
{
	return ctx->dirname;
}

/* ---- modules ------------------------------------------------------------------ */

/* The module object for (@name, @alias), created on first use. */
static struct mp_module *module_get(struct mp_ctx *ctx, const char *name, const char *alias)
{
	struct mp_module *m;

	for (m = ctx->modules; m; m = m->next_all)
		if (strcmp(m->name, name) == 0 &&
		    ((!m->alias && !alias) || (m->alias && alias && strcmp(m->alias, alias) == 0)))
			return m;
	m = xcalloc(1, sizeof(*m));
	m->name = xstrdup(name);
	m->alias = alias ? xstrdup(alias) : NULL;
	m->next_all = ctx->modules;
	ctx->modules = m;
	return m;
}

static struct mp_module *module_by_name(struct mp_ctx *ctx, const char *name)
{
	char norm[PATH_MAX];

	kmod_modname_normalize(name, norm, NULL);
	return module_get(ctx, norm, NULL);
}

static char *tree_path(const struct mp_ctx *ctx, const char *rel)
{
	struct strbuf sb = { 0 };

	if (rel[0] == '/')
		return xstrdup(rel);
	sb_adds(&sb, ctx->dirname);
	sb_addc(&sb, '/');
	sb_adds(&sb, rel);
	return sb.buf;
}

static char *index_search(const struct mp_ctx *ctx, const char *file, const char *key)
{
	struct modtree t;

	memcpy(t.dirname, ctx->dirname, sizeof(t.dirname));
	return modtree_search(&t, file, key);
}

static struct kidx_value *index_search_wild(const struct mp_ctx *ctx, const char *file,
					    const char *key)
{
	struct modtree t;

	memcpy(t.dirname, ctx->dirname, sizeof(t.dirname));
	return modtree_search_wild(&t, file, key);
}

/* Fill path and deps from a modules.dep line (deps listed users first: load reversed). */
static void parse_depline(struct mp_ctx *ctx, struct mp_module *m, char *line)
{
	char *colon = strchr(line, ':'), *tok, *save;
	struct mp_list deps = { 0 };
	size_t i;

	m->dep_loaded = true;
	if (!colon)
		return;
	*colon = '\0';
	if (!m->path)
		m->path = tree_path(ctx, line);
	for (tok = strtok_r(colon + 1, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		char name[PATH_MAX];
		struct mp_module *d;

		if (!kmod_modname_from_path(tok, name, NULL))
			continue;
		d = module_get(ctx, name, NULL);
		if (!d->path)
			d->path = tree_path(ctx, tok);
		mp_list_add(&deps, d);
	}
	m->deps = xmalloc(sizeof(*m->deps) * (deps.n + 1));
	m->n_deps = deps.n;
	for (i = 0; i < deps.n; i++)
		m->deps[i] = deps.v[deps.n - 1 - i];
	mp_list_release(&deps);
}

void mp_module_load_deps(struct mp_ctx *ctx, struct mp_module *m)
{
	char *line;

	if (m->dep_loaded)
		return;
	m->dep_loaded = true;
	line = index_search(ctx, "modules.dep.bin", m->name);
	if (line) {
		parse_depline(ctx, m, line);
		free(line);
	}
}

bool mp_is_builtin(struct mp_ctx *ctx, struct mp_module *m)
{
	if (!m->builtin_known) {
		char *v = index_search(ctx, "modules.builtin.bin", m->name);

		m->builtin = v != NULL;
		m->builtin_known = true;
		free(v);
	}
	return m->builtin;
}

/* ---- lookups ---------------------------------------------------------------- */

static void add_values(struct mp_ctx *ctx, struct kidx_value *v, const char *alias,
		       struct mp_list *out, bool builtin)
{
	struct kidx_value *i;

	for (i = v; i; i = i->next) {
		struct mp_module *m = module_get(ctx, i->value, alias);

		if (builtin) {
			m->builtin = true;
			m->builtin_known = true;
		}
		mp_list_add(out, m);
	}
	kidx_values_free(v);
}

static void lookup_moddep(struct mp_ctx *ctx, const char *name, struct mp_list *out)
{
	char *line;

	if (strchr(name, ':'))
		return;
	line = index_search(ctx, "modules.dep.bin", name);
	if (line) {
		struct mp_module *m = module_by_name(ctx, name);

		if (!m->dep_loaded)
			parse_depline(ctx, m, line);
		mp_list_add(out, m);
		free(line);
	}
}

static void lookup_builtin(struct mp_ctx *ctx, const char *name, struct mp_list *out)
{
	char *line = index_search(ctx, "modules.builtin.bin", name);

	if (line) {
		struct mp_module *m = module_by_name(ctx, name);

		m->builtin = true;
		m->builtin_known = true;
		mp_list_add(out, m);
		free(line);
	}
}

int mp_lookup_name(struct mp_ctx *ctx, const char *name, struct mp_list *out)
{
	char norm[PATH_MAX];
	size_t start = out->n;

	kmod_modname_normalize(name, norm, NULL);
	lookup_moddep(ctx, norm, out);
	if (out->n == start)
		lookup_builtin(ctx, norm, out);
	if (out->n == start)
		add_values(ctx, index_search_wild(ctx, "modules.builtin.alias.bin", norm), norm,
			   out, true);
	return 0;
}

int mp_lookup(struct mp_ctx *ctx, const char *given, struct mp_list *out)
{
	char name[PATH_MAX];
	const struct mp_entry *e;
	size_t start = out->n;   /* results are appended: look at ours only */

	if (kmod_alias_normalize(given, name, NULL) < 0)
		return -EINVAL;
	for (e = ctx->aliases; e; e = e->next)
		if (fnmatch(e->name, name, 0) == 0)
			mp_list_add(out, module_get(ctx, e->value, e->name));
	if (out->n > start)
		return 0;
	lookup_moddep(ctx, name, out);
	if (out->n > start)
		return 0;
	if (strncmp(name, "symbol:", 7) == 0) {
		add_values(ctx, index_search_wild(ctx, "modules.symbols.bin", name), name, out,
			   false);
		if (out->n > start)
			return 0;
	}
	for (e = ctx->installs; e; e = e->next)
		if (strcmp(e->name, name) == 0)
			break;
	if (!e)
		for (e = ctx->removes; e; e = e->next)
			if (strcmp(e->name, name) == 0)
				break;
	if (e) {
		mp_list_add(out, module_by_name(ctx, name));
		return 0;
	}
	add_values(ctx, index_search_wild(ctx, "modules.alias.bin", name), name, out, false);
	if (out->n > start)
		return 0;
	lookup_builtin(ctx, name, out);
	if (out->n > start)
		return 0;
	add_values(ctx, index_search_wild(ctx, "modules.builtin.alias.bin", name), name, out,
		   true);
	return 0;
}

/* ---- the probe list -------------------------------------------------------------- */

static const struct mp_entry *softdep_of(const struct mp_ctx *ctx, const struct mp_module *m)
{
	const struct mp_entry *e;

	for (e = ctx->softdeps; e; e = e->next)
		if (fnmatch(e->name, m->name, 0) == 0)
			return e;
	return NULL;
}

static int probe(struct mp_ctx *ctx, struct mp_module *m, bool ignorecmd, struct mp_list *out);

static void lookup_softdeps(struct mp_ctx *ctx, char **names, struct mp_list *out)
{
	for (; names && *names; names++) {
		if (mp_lookup(ctx, *names, out) < 0)
			ERR("failed to lookup soft dependency '%s', continuing anyway.\n", *names);
	}
}

static int fill_softdep(struct mp_ctx *ctx, struct mp_module *m, struct mp_list *out)
{
	const struct mp_entry *sd = softdep_of(ctx, m);
	struct mp_list pre = { 0 }, post = { 0 };
	size_t i;
	int err = 0;

	if (sd) {
		lookup_softdeps(ctx, sd->pre, &pre);
		lookup_softdeps(ctx, sd->post, &post);
	}
	for (i = 0; i < pre.n && err == 0; i++)
		err = probe(ctx, pre.v[i], false, out);
	mp_list_add(out, m);
	m->ignorecmd = pre.n || post.n;
	for (i = 0; i < post.n && err == 0; i++)
		err = probe(ctx, post.v[i], false, out);
	mp_list_release(&pre);
	mp_list_release(&post);
	return err;
}

static int probe(struct mp_ctx *ctx, struct mp_module *m, bool ignorecmd, struct mp_list *out)
{
	size_t i;
	int err = 0;

	if (m->visited)
		return 0;
	m->visited = true;
	mp_module_load_deps(ctx, m);
	for (i = 0; i < m->n_deps && err == 0; i++)
		err = fill_softdep(ctx, m->deps[i], out);
	if (err)
		return err;
	if (ignorecmd) {
		mp_list_add(out, m);
		m->ignorecmd = true;
		return 0;
	}
	return fill_softdep(ctx, m, out);
}

int mp_softdeps(struct mp_ctx *ctx, struct mp_module *m, struct mp_list *pre,
		struct mp_list *post)
{
	const struct mp_entry *sd = softdep_of(ctx, m);

	if (sd) {
		lookup_softdeps(ctx, sd->pre, pre);
		lookup_softdeps(ctx, sd->post, post);
	}
	return 0;
}

int mp_probe_list(struct mp_ctx *ctx, struct mp_module *m, bool ignore_commands,
		  struct mp_list *out)
{
	struct mp_module *i;

	for (i = ctx->modules; i; i = i->next_all)
		i->visited = false;
	return probe(ctx, m, ignore_commands, out);
}

/* ---- per-module configuration -------------------------------------------------- */

char *mp_options(struct mp_ctx *ctx, const struct mp_module *m)
{
	struct strbuf sb = { 0 };
	const struct mp_entry *e;

	/* Options name a module exactly (or the alias it was found by). */
	for (e = ctx->options; e; e = e->next) {
		if (strcmp(e->name, m->name) != 0 && !(m->alias && strcmp(e->name, m->alias) == 0))
			continue;
		if (!e->value[0])
			continue;
		if (sb.len)
			sb_addc(&sb, ' ');
		sb_adds(&sb, e->value);
	}
	return sb.buf;   /* NULL when none */
}

static const char *command_of(const struct mp_entry *list, const struct mp_module *m)
{
	for (; list; list = list->next)
		if (fnmatch(list->name, m->name, 0) == 0)
			return list->value;
	return NULL;
}

const char *mp_install_command(struct mp_ctx *ctx, const struct mp_module *m)
{
	return command_of(ctx->installs, m);
}

const char *mp_remove_command(struct mp_ctx *ctx, const struct mp_module *m)
{
	return command_of(ctx->removes, m);
}

bool mp_is_blacklisted(struct mp_ctx *ctx, const struct mp_module *m)
{
	const struct mp_entry *e;

	for (e = ctx->blacklist; e; e = e->next)
		if (strcmp(e->name, m->name) == 0)
			return true;
	return false;
}

static void dump_index(const struct mp_ctx *ctx, const char *file, FILE *out)
{
	char path[PATH_MAX + 64];
	struct kidx_reader r;

	snprintf(path, sizeof(path), "%s/%s", ctx->dirname, file);
	if (kidx_open(path, &r) < 0)
		return;
	kidx_dump(&r, "alias ", out);
	kidx_close(&r);
}

void mp_dump_config(struct mp_ctx *ctx, FILE *out)
{
	const struct mp_entry *e;
	char **p;

	for (e = ctx->blacklist; e; e = e->next)
		fprintf(out, "blacklist %s\n", e->name);
	for (e = ctx->installs; e; e = e->next)
		fprintf(out, "install %s %s\n", e->name, e->value);
	for (e = ctx->removes; e; e = e->next)
		fprintf(out, "remove %s %s\n", e->name, e->value);
	for (e = ctx->aliases; e; e = e->next)
		fprintf(out, "alias %s %s\n", e->name, e->value);
	for (e = ctx->options; e; e = e->next)
		fprintf(out, "options %s %s\n", e->name, e->value);
	for (e = ctx->softdeps; e; e = e->next) {
		/* kmod's layout, without a space before "post:". */
		fprintf(out, "softdep %s ", e->name);
		if (e->pre && e->pre[0]) {
			fputs("pre:", out);
			for (p = e->pre; *p; p++)
				fprintf(out, " %s", *p);
		}
		if (e->post && e->post[0]) {
			fputs("post:", out);
			for (p = e->post; *p; p++)
				fprintf(out, " %s", *p);
		}
		fputc('\n', out);
	}
	fputs("\n# End of configuration files. Dumping indexes now:\n\n", out);
	dump_index(ctx, "modules.alias.bin", out);
	dump_index(ctx, "modules.symbols.bin", out);
}
