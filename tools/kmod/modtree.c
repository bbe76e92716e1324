// SPDX-License-Identifier: MIT
/*
 * modtree.c - looking things up in a module tree, /lib/modules/<release>
 * under an optional root: a module's modules.dep line, whether it is
 * built in, which modules an alias or a symbol names.  The lookups read the
 * .bin indexes depmod writes, as kmod's library does (it ignores the text
 * files for lookups), so both tools find the same modules in the same tree.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "kmod.h"

int modtree_init(struct modtree *t, const char *root, const char *release)
{
	struct utsname u;
	int n;

	if (!release) {
		if (uname(&u) < 0)
			return -errno;
		release = u.release;
	}
	n = snprintf(t->dirname, sizeof(t->dirname), "%s" MODULE_DIRECTORY "/%s",
		     root ? root : "", release);
	if (n < 0 || (size_t)n >= sizeof(t->dirname))
		return -ENAMETOOLONG;
	/* A relative root is taken from the current directory, as kmod does. */
	if (t->dirname[0] != '/') {
		char *abs = kmod_path_absolute(t->dirname);

		if (!abs || strlen(abs) >= sizeof(t->dirname)) {
			free(abs);
			return -ENAMETOOLONG;
		}
		strcpy(t->dirname, abs);
		free(abs);
	}
	return 0;
}

char *modtree_search(const struct modtree *t, const char *file, const char *key)
{
	struct kidx_reader r;
	char path[PATH_MAX + 64];
	char *v;

	snprintf(path, sizeof(path), "%s/%s", t->dirname, file);
	if (kidx_open(path, &r) < 0)
		return NULL;
	v = kidx_search(&r, key);
	kidx_close(&r);
	return v;
}

struct kidx_value *modtree_search_wild(const struct modtree *t, const char *file,
				       const char *key)
{
	struct kidx_reader r;
	char path[PATH_MAX + 64];
	struct kidx_value *v;

	snprintf(path, sizeof(path), "%s/%s", t->dirname, file);
	if (kidx_open(path, &r) < 0)
		return NULL;
	v = kidx_search_wild(&r, key);
	kidx_close(&r);
	return v;
}

char *modtree_dep_line(const struct modtree *t, const char *name)
{
	return modtree_search(t, "modules.dep.bin", name);
}

bool modtree_is_builtin(const struct modtree *t, const char *name)
{
	char *v = modtree_search(t, "modules.builtin.bin", name);

	free(v);
	return v != NULL;
}

struct kidx_value *modtree_alias_lookup(const struct modtree *t, const char *alias)
{
	return modtree_search_wild(t, "modules.alias.bin", alias);
}

char *modtree_symbol_lookup(const struct modtree *t, const char *symbol)
{
	struct strbuf key = { 0 };
	char *v;

	sb_adds(&key, "symbol:");
	sb_adds(&key, symbol);
	v = modtree_search(t, "modules.symbols.bin", key.buf);
	sb_release(&key);
	return v;
}

char *modtree_path(const struct modtree *t, const char *rel)
{
	struct strbuf sb = { 0 };

	if (rel[0] == '/')
		return xstrdup(rel);
	sb_adds(&sb, t->dirname);
	sb_addc(&sb, '/');
	sb_adds(&sb, rel);
	return sb.buf;
}

int modtree_builtin_modinfo(const struct modtree *t, const char *name, char ***strv)
{
	char path[PATH_MAX + 64];
	size_t len, nlen = strlen(name), i, start;
	char *buf, **v = NULL;
	int count = 0, err;

	*strv = NULL;
	snprintf(path, sizeof(path), "%s/modules.builtin.modinfo", t->dirname);
	err = kmod_read_file(path, &buf, &len);
	if (err < 0)
		return err;
	for (start = 0, i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\0')
			continue;
		if (i - start > nlen + 1 && memcmp(buf + start, name, nlen) == 0 &&
		    buf[start + nlen] == '.') {
			v = xrealloc(v, sizeof(char *) * ((size_t)count + 2));
			v[count++] = xstrdup(buf + start + nlen + 1);
		}
		start = i + 1;
	}
	free(buf);
	if (v)
		v[count] = NULL;
	*strv = v;
	return count;
}
