// SPDX-License-Identifier: MIT
/*
 * depmod-conf.c - depmod.d configuration: which directories of the tree win
 * when two files hold a module of one name ("search"), per-module winners
 * ("override"), module directories outside the tree ("external") and
 * directory names to skip ("exclude").
 *
 * Files come from /etc/depmod.d, /run/depmod.d, /usr/local/lib/depmod.d and
 * /lib/depmod.d (or the -C paths), only *.conf, all sorted by file name,
 * the first directory's file winning over a later one of the same name.
 * Lines continue with a trailing backslash; "#" starts a comment line.
 */
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "depmod.h"

static const char *const default_paths[] = {
	"/etc/depmod.d",
	"/run/depmod.d",
	"/usr/local/lib/depmod.d",
	"/lib/depmod.d",
	NULL,
};

static void search_add(struct depmod_cfg *cfg, const char *path)
{
	size_t len = strlen(path);
	struct cfg_search *s = xmalloc(sizeof(*s) + len + 1);

	if (strcmp(path, "built-in") == 0)
		s->type = SEARCH_BUILTIN;
	else if (strcmp(path, "external") == 0)
		s->type = SEARCH_EXTERNAL;
	else
		s->type = SEARCH_PATH;
	s->len = s->type == SEARCH_PATH ? len : 0;
	memcpy(s->path, path, len + 1);
	s->next = cfg->searches;
	cfg->searches = s;
}

static void override_add(struct depmod_cfg *cfg, const char *modname, const char *subdir)
{
	size_t ml = strlen(modname), sl = strlen(subdir);
	struct cfg_override *o = xmalloc(sizeof(*o) + sl + ml + 2);

	memcpy(o->path, subdir, sl);
	o->path[sl] = '/';
	memcpy(o->path + sl + 1, modname, ml + 1);
	o->len = sl + 1 + ml;
	o->next = cfg->overrides;
	cfg->overrides = o;
}

static void external_add(struct depmod_cfg *cfg, const char *path)
{
	size_t len = strlen(path);
	struct cfg_external *e = xmalloc(sizeof(*e) + len + 1);

	memcpy(e->path, path, len + 1);
	e->len = len;
	e->next = cfg->externals;
	cfg->externals = e;
}

static void exclude_add(struct depmod_cfg *cfg, const char *name)
{
	size_t len = strlen(name);
	struct cfg_exclude *e = xmalloc(sizeof(*e) + len + 1);

	memcpy(e->name, name, len + 1);
	e->next = cfg->excludes;
	cfg->excludes = e;
}

/* A version pattern: "*" or an extended regex searched in the release. */
static bool kernel_matches(const struct depmod_cfg *cfg, const char *pattern)
{
	regex_t re;
	int r;

	if (strcmp(pattern, "*") == 0)
		return true;
	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
		return false;
	r = regexec(&re, cfg->kversion, 0, NULL, 0);
	regfree(&re);
	return r == 0;
}

/* One logical line; "\<newline>" joins lines, "\x" keeps x. */
static char *read_line(FILE *fp, unsigned int *linenum)
{
	struct strbuf sb = { 0 };
	unsigned int n = 0;
	int ch;

	sb_grow(&sb, 64);
	for (;;) {
		ch = getc(fp);
		if (ch == EOF && sb.len == 0) {
			sb_release(&sb);
			return NULL;
		}
		if (ch == EOF || ch == '\n') {
			*linenum += n + 1;
			sb.buf[sb.len] = '\0';
			return sb.buf;
		}
		if (ch == '\\') {
			ch = getc(fp);
			if (ch == '\n') {
				n++;
				continue;
			}
		}
		sb_addc(&sb, (char)ch);
	}
}

static void parse_file(struct depmod_cfg *cfg, const char *filename)
{
	unsigned int linenum = 0;
	char *line;
	FILE *fp = fopen(filename, "r");

	if (!fp) {
		ERR("file parse %s: %s\n", filename, strerror(errno));
		return;
	}
	while ((line = read_line(fp, &linenum)) != NULL) {
		char *save, *cmd;

		if (line[0] == '\0' || line[0] == '#')
			goto next;
		cmd = strtok_r(line, "\t ", &save);
		if (!cmd)
			goto next;
		if (strcmp(cmd, "search") == 0) {
			const char *sp;

			while ((sp = strtok_r(NULL, "\t ", &save)) != NULL)
				search_add(cfg, sp);
		} else if (strcmp(cmd, "override") == 0) {
			const char *modname = strtok_r(NULL, "\t ", &save);
			const char *version = strtok_r(NULL, "\t ", &save);
			const char *subdir = strtok_r(NULL, "\t ", &save);

			if (!modname || !version || !subdir)
				goto bad;
			if (!kernel_matches(cfg, version)) {
				INF("%s:%u: override kernel did not match %s\n", filename,
				    linenum, version);
				goto next;
			}
			override_add(cfg, modname, subdir);
		} else if (strcmp(cmd, "external") == 0) {
			const char *version = strtok_r(NULL, "\t ", &save);
			const char *dir = strtok_r(NULL, "\t ", &save);

			if (!version || !dir)
				goto bad;
			if (!kernel_matches(cfg, version)) {
				INF("%s:%u: external directory did not match %s\n", filename,
				    linenum, version);
				goto next;
			}
			external_add(cfg, dir);
		} else if (strcmp(cmd, "exclude") == 0) {
			const char *sp;

			while ((sp = strtok_r(NULL, "\t ", &save)) != NULL)
				exclude_add(cfg, sp);
		} else if (strcmp(cmd, "include") == 0 || strcmp(cmd, "make_map_files") == 0) {
			INF("%s:%u: command %s not implemented yet\n", filename, linenum, cmd);
		} else {
bad:
			ERR("%s:%u: ignoring bad line starting with '%s'\n", filename, linenum,
			    cmd);
		}
next:
		free(line);
	}
	fclose(fp);
}

struct cfg_file {
	const char *name;       /* inside path */
	char path[];
};

static void file_insert(struct cfg_file ***files, size_t *n, const char *dir, const char *name)
{
	size_t i, dlen, nlen;
	struct cfg_file *f;

	if (!name) {
		const char *slash = strrchr(dir, '/');

		name = slash ? slash + 1 : dir;
		dlen = slash ? (size_t)(slash - dir) : 0;
	} else {
		dlen = strlen(dir);
	}
	for (i = 0; i < *n; i++) {
		int c = strcmp(name, (*files)[i]->name);

		if (c == 0)
			return;
		if (c < 0)
			break;
	}
	nlen = strlen(name);
	f = xmalloc(sizeof(*f) + dlen + nlen + 2);
	memcpy(f->path, dir, dlen);
	f->path[dlen] = '/';
	memcpy(f->path + dlen + 1, name, nlen + 1);
	f->name = f->path + dlen + 1;
	*files = xrealloc(*files, sizeof(**files) * (*n + 1));
	memmove(*files + i + 1, *files + i, sizeof(**files) * (*n - i));
	(*files)[i] = f;
	(*n)++;
}

static void list_files(struct cfg_file ***files, size_t *n, const char *path)
{
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (stat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		file_insert(files, n, path, NULL);
		return;
	}
	d = opendir(path);
	if (!d) {
		ERR("files list %s: %s\n", path, strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		struct stat fst;

		if (de->d_name[0] == '.')
			continue;
		if (len < 6 || strcmp(de->d_name + len - 5, ".conf") != 0) {
			INF("All cfg files need .conf: %s/%s\n", path, de->d_name);
			continue;
		}
		if (fstatat(dirfd(d), de->d_name, &fst, 0) == 0 && S_ISDIR(fst.st_mode)) {
			ERR("Directories inside directories are not supported: %s/%s\n", path,
			    de->d_name);
			continue;
		}
		file_insert(files, n, path, de->d_name);
	}
	closedir(d);
}

void depmod_cfg_load(struct depmod_cfg *cfg, const char *const *paths)
{
	struct cfg_file **files = NULL;
	size_t n = 0, i;

	if (!paths)
		paths = default_paths;
	for (i = 0; paths[i]; i++)
		list_files(&files, &n, paths[i]);
	for (i = 0; i < n; i++) {
		parse_file(cfg, files[i]->path);
		free(files[i]);
	}
	free(files);
	if (!cfg->searches)
		search_add(cfg, "updates");
}

void depmod_cfg_free(struct depmod_cfg *cfg)
{
	while (cfg->searches) {
		struct cfg_search *s = cfg->searches->next;

		free(cfg->searches);
		cfg->searches = s;
	}
	while (cfg->overrides) {
		struct cfg_override *o = cfg->overrides->next;

		free(cfg->overrides);
		cfg->overrides = o;
	}
	while (cfg->externals) {
		struct cfg_external *e = cfg->externals->next;

		free(cfg->externals);
		cfg->externals = e;
	}
	while (cfg->excludes) {
		struct cfg_exclude *e = cfg->excludes->next;

		free(cfg->excludes);
		cfg->excludes = e;
	}
}
