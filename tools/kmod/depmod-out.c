// SPDX-License-Identifier: MIT
/*
 * depmod-out.c - the files depmod writes into the module tree, in kmod's
 * formats and order:
 *
 *   modules.dep                "relpath: dep dep ..." per module
 *   modules.dep.bin            module name -> that line
 *   modules.alias              "alias <pattern> <module>"
 *   modules.alias.bin          normalised pattern -> module
 *   modules.softdep            "softdep <module> <pre:/post: list>"
 *   modules.symbols            "alias symbol:<name> <module>", in symbol-table order
 *   modules.symbols.bin        "symbol:<name>" -> module
 *   modules.builtin.bin        built-in module names (from modules.builtin)
 *   modules.builtin.alias.bin  aliases of built-in modules (modules.builtin.modinfo)
 *   modules.devname            "<module> <devname> c|b<major>:<minor>"
 *
 * Each file is written to a temporary name and renamed into place, so a
 * reader never sees a half-written index.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "depmod.h"

static const char *mod_path(const struct dmod *m)
{
	return m->relpath ? m->relpath : m->path;
}

/* The value of "@key=value" in @s, or NULL when @s has another key. */
static const char *info_value(const char *s, const char *key, size_t keylen)
{
	return strncmp(s, key, keylen) == 0 && s[keylen] == '=' ? s + keylen + 1 : NULL;
}

static void dep_line(const struct depmod *d, const struct dmod *m, struct strbuf *out)
{
	struct dmod **deps;
	size_t n, i;

	sb_adds(out, mod_path(m));
	sb_addc(out, ':');
	deps = depmod_all_deps(d, m, &n);
	for (i = 0; i < n; i++) {
		sb_addc(out, ' ');
		sb_adds(out, mod_path(deps[i]));
	}
	free(deps);
}

static int out_deps(struct depmod *d, struct strbuf *out)
{
	uint32_t i;

	for (i = 0; i < d->n_modules; i++) {
		dep_line(d, d->modules[i], out);
		sb_addc(out, '\n');
	}
	return 0;
}

static int out_deps_bin(struct depmod *d, struct strbuf *out)
{
	struct kidx_writer *w = kidx_writer_new();
	struct strbuf line = { 0 };
	uint32_t i;

	for (i = 0; i < d->n_modules; i++) {
		const struct dmod *m = d->modules[i];

		line.len = 0;
		dep_line(d, m, &line);
		if (kidx_insert(w, m->modname, line.buf, m->idx) && d->cfg->warn_dups)
			WRN("duplicate module deps:\n%s\n", line.buf);
	}
	kidx_write(w, out);
	kidx_writer_free(w);
	sb_release(&line);
	return 0;
}

static int out_aliases(struct depmod *d, struct strbuf *out)
{
	uint32_t i;
	char **s;

	sb_adds(out, "# Aliases extracted from modules themselves.\n");
	for (i = 0; i < d->n_modules; i++) {
		const struct dmod *m = d->modules[i];

		for (s = m->info; s && *s; s++) {
			const char *v = info_value(*s, "alias", 5);

			if (v)
				sb_addf(out, "alias %s %s\n", v, m->modname);
		}
	}
	return 0;
}

static int out_aliases_bin(struct depmod *d, struct strbuf *out)
{
	struct kidx_writer *w = kidx_writer_new();
	char buf[PATH_MAX];
	uint32_t i;
	char **s;

	for (i = 0; i < d->n_modules; i++) {
		const struct dmod *m = d->modules[i];

		for (s = m->info; s && *s; s++) {
			const char *v = info_value(*s, "alias", 5);

			if (!v)
				continue;
			if (kmod_alias_normalize(v, buf, NULL) < 0) {
				WRN("Unmatched bracket in %s\n", v);
				continue;
			}
			if (kidx_insert(w, buf, m->modname, m->idx) && d->cfg->warn_dups)
				WRN("duplicate module alias:\n%s %s\n", buf, m->modname);
		}
	}
	kidx_write(w, out);
	kidx_writer_free(w);
	return 0;
}

static int out_softdeps(struct depmod *d, struct strbuf *out)
{
	uint32_t i;
	char **s;

	sb_adds(out, "# Soft dependencies extracted from modules themselves.\n");
	for (i = 0; i < d->n_modules; i++) {
		const struct dmod *m = d->modules[i];

		for (s = m->info; s && *s; s++) {
			const char *v = info_value(*s, "softdep", 7);

			if (v)
				sb_addf(out, "softdep %s %s\n", m->modname, v);
		}
	}
	return 0;
}

static int out_symbols(struct depmod *d, struct strbuf *out)
{
	struct khash_iter it;
	void *v;

	sb_adds(out, "# Aliases for symbols, used by symbol_request().\n");
	khash_iter_init(d->symbols, &it);
	while (khash_iter_next(&it, NULL, &v)) {
		const struct dsym *s = v;

		if (s->owner)
			sb_addf(out, "alias symbol:%s %s\n", s->name, s->owner->modname);
	}
	return 0;
}

static int out_symbols_bin(struct depmod *d, struct strbuf *out)
{
	struct kidx_writer *w = kidx_writer_new();
	struct strbuf key = { 0 };
	struct khash_iter it;
	void *v;

	khash_iter_init(d->symbols, &it);
	while (khash_iter_next(&it, NULL, &v)) {
		const struct dsym *s = v;

		if (!s->owner)
			continue;
		key.len = 0;
		sb_adds(&key, "symbol:");
		sb_adds(&key, s->name);
		if (kidx_insert(w, key.buf, s->owner->modname, s->owner->idx) &&
		    d->cfg->warn_dups)
			WRN("duplicate module syms:\n%s %s\n", key.buf, s->owner->modname);
	}
	kidx_write(w, out);
	kidx_writer_free(w);
	sb_release(&key);
	return 0;
}

static int read_tree_file(const struct depmod *d, const char *name, char **buf, size_t *len)
{
	char path[PATH_MAX + 64];
	int err;

	snprintf(path, sizeof(path), "%s/%s", d->cfg->dirname, name);
	err = kmod_read_file(path, buf, len);
	if (err < 0)
		WRN("could not open %s at %s: %s\n", name, d->cfg->dirname, strerror(-err));
	return err;
}

/* modules.builtin: one path per line; the index keys are module names. */
static int out_builtin_bin(struct depmod *d, struct strbuf *out)
{
	struct kidx_writer *w;
	char *buf, *line, name[PATH_MAX];
	size_t len;

	if (read_tree_file(d, "modules.builtin", &buf, &len) < 0)
		return 0;   /* kmod leaves an empty index then */
	w = kidx_writer_new();
	for (line = buf; line < buf + len;) {
		char *nl = memchr(line, '\n', len - (size_t)(line - buf));
		char *next = nl ? nl + 1 : buf + len;
		char save = *next;

		/* The line keeps its newline, as fgets() gives it. */
		*next = '\0';
		if (!isalpha((unsigned char)line[0]))
			ERR("Invalid modules.builtin line: %s\n", line);
		else if (kmod_modname_from_path(line, name, NULL))
			kidx_insert(w, name, "", 0);
		*next = save;
		line = next;
	}
	free(buf);
	kidx_write(w, out);
	kidx_writer_free(w);
	return 0;
}

/* A reader over modules.builtin.modinfo with the semantics of kmod's stream parser. */
struct stream {
	const char *buf;
	size_t len;
	size_t pos;
	bool eof;
};

static int sgetc(struct stream *s)
{
	if (s->pos >= s->len) {
		s->eof = true;
		return EOF;
	}
	return (unsigned char)s->buf[s->pos++];
}

/* Copy up to @endchar (also stopping at NUL or EOF); the length, or 0 if not at @endchar. */
static size_t stream_to(struct stream *s, int endchar, char *dst, size_t size)
{
	size_t i = 0;
	int c;

	for (c = sgetc(s); c != EOF && c != endchar && c != '\0' && i < size; c = sgetc(s))
		dst[i++] = (char)c;
	if (i == size)
		i--;
	return c == endchar ? i : 0;
}

static void stream_skip(struct stream *s)
{
	int c;

	do {
		c = sgetc(s);
	} while (c != EOF && c != '\0');
}

/* modules.builtin.modinfo: "module.key=value\0" records; aliases go to the index. */
static int out_builtin_alias_bin(struct depmod *d, struct strbuf *out)
{
	static char modname[PATH_MAX], value[PATH_MAX], alias[PATH_MAX];
	struct kidx_writer *w;
	struct stream s = { 0 };
	char *buf;
	size_t len, n;

	if (read_tree_file(d, "modules.builtin.modinfo", &buf, &len) < 0)
		return 0;
	s.buf = buf;
	s.len = len;
	w = kidx_writer_new();
	while (!s.eof) {
		n = stream_to(&s, '.', modname, sizeof(modname) - 1);
		modname[n] = '\0';
		if (!n)
			continue;
		n = stream_to(&s, '=', value, sizeof(value) - 1);
		value[n] = '\0';
		if (strcmp(value, "alias") != 0) {
			stream_skip(&s);
			continue;
		}
		n = stream_to(&s, '\0', value, sizeof(value) - 1);
		value[n] = '\0';
		if (!n)
			continue;
		if (kmod_alias_normalize(value, alias, NULL) < 0) {
			WRN("Unmatched bracket in %s\n", value);
			continue;
		}
		kidx_insert(w, alias, modname, 0);
	}
	free(buf);
	kidx_write(w, out);
	kidx_writer_free(w);
	return 0;
}

static int out_devname(struct depmod *d, struct strbuf *out)
{
	bool empty = true;
	uint32_t i;
	char **s;

	for (i = 0; i < d->n_modules; i++) {
		const struct dmod *m = d->modules[i];
		const char *devname = NULL;
		char type = '\0';
		unsigned int major = 0, minor = 0;

		for (s = m->info; s && *s; s++) {
			const char *v = info_value(*s, "alias", 5);
			unsigned int maj, min;

			if (!v)
				continue;
			if (strncmp(v, "devname:", 8) == 0) {
				devname = v + 8;
			} else if (sscanf(v, "char-major-%u-%u", &maj, &min) == 2) {
				type = 'c';
				major = maj;
				minor = min;
			} else if (sscanf(v, "block-major-%u-%u", &maj, &min) == 2) {
				type = 'b';
				major = maj;
				minor = min;
			}
			if (type && devname)
				break;
		}
		if (!devname)
			continue;
		if (!type) {
			ERR("Module '%s' has devname (%s) but lacks major and minor information. "
			    "Ignoring.\n", m->modname, devname);
			continue;
		}
		if (empty) {
			sb_adds(out, "# Device nodes to trigger on-demand module loading.\n");
			empty = false;
		}
		sb_addf(out, "%s %s %c%u:%u\n", m->modname, devname, type, major, minor);
	}
	return 0;
}

static const struct depfile {
	const char *name;
	int (*write)(struct depmod *d, struct strbuf *out);
	bool binary;
} depfiles[] = {
	{ "modules.dep", out_deps, false },
	{ "modules.dep.bin", out_deps_bin, true },
	{ "modules.alias", out_aliases, false },
	{ "modules.alias.bin", out_aliases_bin, true },
	{ "modules.softdep", out_softdeps, false },
	{ "modules.symbols", out_symbols, false },
	{ "modules.symbols.bin", out_symbols_bin, true },
	{ "modules.builtin.bin", out_builtin_bin, true },
	{ "modules.builtin.alias.bin", out_builtin_alias_bin, true },
	{ "modules.devname", out_devname, false },
};

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int depmod_output(struct depmod *d, bool to_stdout)
{
	const char *dname = d->cfg->dirname;
	struct strbuf out = { 0 };
	struct timeval tv;
	size_t i;
	int dfd = -1, err = 0;

	gettimeofday(&tv, NULL);
	if (!to_stdout) {
		dfd = open(dname, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0) {
			err = -errno;
			kmod_log(KMOD_LOG_CRIT, "could not open directory %s: %s\n", dname,
				 strerror(errno));
			return err;
		}
	}
	for (i = 0; i < ARRAY_SIZE(depfiles); i++) {
		char tmp[PATH_MAX];
		int fd, r;

		if (to_stdout && depfiles[i].binary)
			continue;
		out.len = 0;
		sb_grow(&out, 0);
		out.buf[0] = '\0';
		r = depfiles[i].write(d, &out);
		if (to_stdout) {
			fwrite(out.buf, 1, out.len, stdout);
			continue;
		}
		snprintf(tmp, sizeof(tmp), "%s.%d.%ld.%ld", depfiles[i].name, (int)getpid(),
			 (long)tv.tv_usec, (long)tv.tv_sec);
		fd = openat(dfd, tmp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
		if (fd < 0) {
			ERR("openat(%s, %s, %o, %o): %s\n", dname, tmp,
			    O_CREAT | O_EXCL | O_WRONLY, 0644, strerror(errno));
			continue;
		}
		if (r == 0)
			r = write_all(fd, out.buf, out.len);
		if (close(fd) < 0 && r == 0)
			r = -errno;
		if (r < 0) {
			unlinkat(dfd, tmp, 0);
			ERR("Could not write index '%s': %s\n", depfiles[i].name, strerror(-r));
			err = r;
			break;
		}
		if (renameat(dfd, tmp, dfd, depfiles[i].name) != 0) {
			err = -errno;
			kmod_log(KMOD_LOG_CRIT, "renameat(%s, %s, %s, %s): %s\n", dname, tmp,
				 dname, depfiles[i].name, strerror(errno));
			unlinkat(dfd, tmp, 0);
			break;
		}
	}
	if (to_stdout)
		fflush(stdout);
	if (dfd >= 0)
		close(dfd);
	sb_release(&out);
	return err;
}
