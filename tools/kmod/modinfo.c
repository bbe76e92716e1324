// SPDX-License-Identifier: MIT
/*
 * modinfo.c - `modinfo [options] <module|file>...`: show a module's .modinfo
 * fields and its signature, laid out exactly as kmod's modinfo does
 * ("key:" padded to 16 columns, parm lines merged with their parmtype,
 * the signature in 20-byte hex lines), so that scripts parsing it work.
 *
 * An argument naming an existing *.ko[.gz|.xz|.zst] file is read directly;
 * anything else is looked up in the module tree (/lib/modules/<release>
 * under -b, release from -k or uname): as a module name in modules.dep.bin,
 * then as a symbol, an alias pattern, a built-in module, a built-in alias.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kmod.h"
#include "parallel.h"

struct info {
	char *key;
	char *value;
};

struct infolist {
	struct info *v;
	int n;
};

/* One module to show: found by path, by name or as built in. */
struct target {
	const char *name;
	char *path;          /* NULL: not found on disk (built in) */
	int builtin;         /* -1 unknown, 0 no, 1 yes */
};

static char separator = '\n';
static const char *field;

/*
 * Module files named as arguments are decoded ahead by a thread pool
 * (parallel.c): prefetch_paths[k] is argument k's absolute path, or NULL;
 * prefetch_arg the argument being shown until its image is taken.
 */
static struct kmod_prefetch *prefetch;
static char **prefetch_paths;
static size_t prefetch_arg = SIZE_MAX;

static void info_add(struct infolist *l, const char *key, size_t keylen, const char *value,
		     size_t valuelen)
{
	struct info *i;

	l->v = xrealloc(l->v, sizeof(*l->v) * ((size_t)l->n + 1));
	i = &l->v[l->n++];
	i->key = xmalloc(keylen + 1);
	memcpy(i->key, key, keylen);
	i->key[keylen] = '\0';
	i->value = xmalloc(valuelen + 1);
	if (valuelen)
		memcpy(i->value, value, valuelen);
	i->value[valuelen] = '\0';
}

/* "AB:CD:..." with a line break (and two tabs) after every 20 bytes. */
static void info_add_hex(struct infolist *l, const char *key, const uint8_t *b, size_t len)
{
	static const char digits[] = "0123456789ABCDEF";
	struct strbuf sb = { 0 };
	size_t i;

	sb_grow(&sb, len * 4);
	sb.buf[0] = '\0';
	for (i = 0; i < len; i++) {
		sb_addc(&sb, digits[b[i] >> 4]);
		sb_addc(&sb, digits[b[i] & 15]);
		if (i + 1 < len) {
			sb_addc(&sb, ':');
			if ((i + 1) % 20 == 0)
				sb_adds(&sb, "\n\t\t");
		}
	}
	info_add(l, key, strlen(key), sb.buf, sb.len);
	sb_release(&sb);
}

static void infolist_free(struct infolist *l)
{
	int i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].value);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void add_strings(struct infolist *l, char **strv, int count)
{
	int i;

	for (i = 0; i < count; i++) {
		const char *eq = strchr(strv[i], '=');

		if (eq)
			info_add(l, strv[i], (size_t)(eq - strv[i]), eq + 1, strlen(eq + 1));
		else
			info_add(l, strv[i], strlen(strv[i]), "", 0);
	}
}

/* The key/value list kmod's library would give for @t. */
static int get_info(const struct modtree *tree, struct target *t, struct infolist *l)
{
	struct kmod_image img;
	struct kmod_elf elf;
	struct kmod_signature sig;
	char **strv;
	int count, err, i;

	if (t->builtin < 0)
		t->builtin = modtree_is_builtin(tree, t->name);
	if (t->builtin) {
		count = modtree_builtin_modinfo(tree, t->name, &strv);
		if (count < 0)
			return count;
		add_strings(l, strv, count);
		for (i = 0; i < count; i++)
			free(strv[i]);
		free(strv);
		return 0;
	}
	if (!t->path)
		return -ENOENT;
	if (prefetch_arg != SIZE_MAX && prefetch_paths[prefetch_arg] &&
	    strcmp(prefetch_paths[prefetch_arg], t->path) == 0) {
		err = kmod_prefetch_take(prefetch, prefetch_arg, &img);
		prefetch_arg = SIZE_MAX;
	} else {
		err = kmod_image_open(t->path, &img);
	}
	if (err < 0)
		return err;
	err = kmod_elf_init(&elf, img.data, img.size);
	if (err < 0)
		goto out;
	count = kmod_elf_get_strings(&elf, ".modinfo", &strv);
	if (count == -ENOENT) {
		err = count;
		goto out;
	}
	if (count > 0) {
		add_strings(l, strv, count);
		free(strv);
	}
	if (kmod_signature_parse(img.data, img.size, &sig)) {
		info_add(l, "sig_id", 6, sig.id_type, strlen(sig.id_type));
		info_add(l, "signer", 6, sig.signer ? sig.signer : "", sig.signer_len);
		info_add_hex(l, "sig_key", sig.key_id, sig.key_id_len);
		info_add(l, "sig_hashalgo", 12, sig.hash_algo, strlen(sig.hash_algo));
		info_add_hex(l, "signature", sig.sig, sig.sig_len);
		kmod_signature_free(&sig);
	}
	err = 0;
out:
	kmod_image_close(&img);
	return err;
}

/* parm and parmtype entries of one parameter, merged for display. */
struct param {
	struct param *next;
	const char *name;
	int namelen;
	const char *desc;
	int desclen;
	const char *type;
	int typelen;
};

static int param_add(struct param **list, const char *key, const char *value)
{
	const char *colon = strchr(value, ':');
	int namelen;
	struct param *p;

	if (!colon) {
		ERR("Found invalid \"%s=%s\": missing ':'\n", key, value);
		return 0;
	}
	namelen = (int)(colon - value);
	for (p = *list; p; p = p->next)
		if (p->namelen == namelen && memcmp(p->name, value, (size_t)namelen) == 0)
			break;
	if (!p) {
		p = xcalloc(1, sizeof(*p));
		p->name = value;
		p->namelen = namelen;
		/* Newest first: kmod prints parameters in this order. */
		p->next = *list;
		*list = p;
	}
	if (strcmp(key, "parm") == 0) {
		p->desc = colon + 1;
		p->desclen = (int)strlen(colon + 1);
	} else {
		p->type = colon + 1;
		p->typelen = (int)strlen(colon + 1);
	}
	return 0;
}

static void params_print(struct param *p, bool with_key)
{
	const char *pre = with_key ? "parm:           " : "";

	while (p) {
		struct param *next = p->next;

		if (!p->desc)
			printf(with_key ? "%s%.*s:%.*s%c" : "%s%.*s: (%.*s)%c", pre, p->namelen,
			       p->name, p->typelen, p->type, separator);
		else if (p->type)
			printf("%s%.*s:%.*s (%.*s)%c", pre, p->namelen, p->name, p->desclen,
			       p->desc, p->typelen, p->type, separator);
		else
			printf("%s%.*s:%.*s%c", pre, p->namelen, p->name, p->desclen, p->desc,
			       separator);
		free(p);
		p = next;
	}
}

static int show(const struct modtree *tree, struct target *t)
{
	const char *filename = t->path;
	struct infolist l = { 0 };
	struct param *params = NULL;
	bool builtin_display = t->path == NULL;
	int err, i;

	if (builtin_display) {
		if (!field)
			printf("%-16s%s%c", "name:", t->name, separator);
		else if (strcmp(field, "name") == 0)
			printf("%s%c", t->name, separator);
		filename = "(builtin)";
	}
	if (field && strcmp(field, "filename") == 0) {
		printf("%s%c", filename, separator);
		return 0;
	} else if (!field) {
		printf("%-16s%s%c", "filename:", filename, separator);
	}
	err = get_info(tree, t, &l);
	if (err < 0) {
		if (builtin_display && err == -ENOENT)
			return 0;
		ERR("could not get modinfo from '%s': %s\n", t->name, strerror(-err));
		return err;
	}
	for (i = 0; i < l.n; i++) {
		const char *key = l.v[i].key, *value = l.v[i].value;
		bool is_parm = strcmp(key, "parm") == 0 || strcmp(key, "parmtype") == 0;

		if (field && strcmp(field, "parm") == 0) {
			if (is_parm)
				param_add(&params, key, value);
			continue;
		}
		if (field) {
			if (strcmp(field, key) == 0)
				printf("%s%c", value, separator);
			continue;
		}
		if (is_parm) {
			param_add(&params, key, value);
			continue;
		}
		if (separator == '\0') {
			printf("%s=%s%c", key, value, separator);
			continue;
		}
		printf("%s:%-*s%s%c", key, 15 - (int)strlen(key), "", value, separator);
	}
	params_print(params, !field);
	infolist_free(&l);
	return 0;
}

static bool is_module_file(const char *arg)
{
	struct stat st;

	return stat(arg, &st) == 0 && S_ISREG(st.st_mode) &&
	       kmod_path_has_module_ext(arg, strlen(arg));
}

/* The module file modules.dep.bin names for @name, or NULL. */
static char *dep_path(const struct modtree *tree, const char *name)
{
	char *line = modtree_dep_line(tree, name);
	char *colon, *path = NULL;

	if (!line)
		return NULL;
	colon = strchr(line, ':');
	if (colon) {
		*colon = '\0';
		path = modtree_path(tree, line);
	}
	free(line);
	return path;
}

static int show_path(const struct modtree *tree, const char *arg)
{
	char name[PATH_MAX];
	struct target t = { .builtin = 0 };
	struct stat st;
	int err;

	t.path = kmod_path_absolute(arg);
	if (!t.path || stat(t.path, &st) < 0 || !kmod_modname_from_path(arg, name, NULL)) {
		ERR("Module file %s not found.\n", arg);
		free(t.path);
		return -ENOENT;
	}
	t.name = name;
	err = show(tree, &t);
	free(t.path);
	return err;
}

static int show_name(const struct modtree *tree, const char *arg)
{
	char name[PATH_MAX];
	struct target t = { .name = name, .builtin = -1 };
	struct kidx_value *v;
	int err;

	kmod_modname_normalize(arg, name, NULL);
	if (!strchr(name, ':'))
		t.path = dep_path(tree, name);
	if (!t.path) {
		if (modtree_is_builtin(tree, name)) {
			t.builtin = 1;
		} else {
			v = modtree_search_wild(tree, "modules.builtin.alias.bin", name);
			if (!v) {
				ERR("Module name %s not found.\n", arg);
				return -ENOENT;
			}
			kmod_modname_normalize(v->value, name, NULL);
			t.builtin = 1;
			kidx_values_free(v);
		}
	}
	err = show(tree, &t);
	free(t.path);
	return err;
}

static int show_names(const struct modtree *tree, struct kidx_value *names, int builtin)
{
	struct kidx_value *v;
	int err = 0;

	for (v = names; v; v = v->next) {
		struct target t = { .name = v->value, .builtin = builtin };
		int r;

		t.path = builtin == 1 ? NULL : dep_path(tree, v->value);
		r = show(tree, &t);
		free(t.path);
		if (r < 0)
			err = r;
	}
	kidx_values_free(names);
	return err;
}

static int show_alias(const struct modtree *tree, const char *arg)
{
	char alias[PATH_MAX], name[PATH_MAX];
	struct kidx_value *v;

	if (kmod_alias_normalize(arg, alias, NULL) < 0) {
		ERR("Module alias %s not found.\n", arg);
		return -EINVAL;
	}
	if (!strchr(alias, ':')) {
		char *path = dep_path(tree, alias);

		if (path) {
			struct target t = { .name = name, .path = path, .builtin = -1 };
			int err;

			kmod_modname_normalize(alias, name, NULL);
			err = show(tree, &t);
			free(path);
			return err;
		}
	}
	if (strncmp(alias, "symbol:", 7) == 0) {
		v = modtree_search_wild(tree, "modules.symbols.bin", alias);
		if (v)
			return show_names(tree, v, -1);
	}
	v = modtree_search_wild(tree, "modules.alias.bin", alias);
	if (v)
		return show_names(tree, v, -1);
	if (modtree_is_builtin(tree, alias)) {
		struct target t = { .name = name, .builtin = 1 };

		kmod_modname_normalize(alias, name, NULL);
		return show(tree, &t);
	}
	v = modtree_search_wild(tree, "modules.builtin.alias.bin", alias);
	if (v)
		return show_names(tree, v, 1);
	ERR("Module %s not found.\n", arg);
	return -ENOENT;
}

static void help(void)
{
	printf("Usage:\n"
	       "\t%s [options] <modulename|filename> [args]\n"
	       "Options:\n"
	       "\t-a, --author                Print only 'author'\n"
	       "\t-d, --description           Print only 'description'\n"
	       "\t-l, --license               Print only 'license'\n"
	       "\t-p, --parameters            Print only 'parm'\n"
	       "\t-n, --filename              Print only 'filename'\n"
	       "\t-0, --null                  Use \\0 instead of \\n\n"
	       "\t-m, --modname               Handle argument as module name instead of alias or filename\n"
	       "\t-F, --field=FIELD           Print only provided FIELD\n"
	       "\t-k, --set-version=VERSION   Use VERSION instead of `uname -r`\n"
	       "\t-b, --basedir=DIR           Use DIR as filesystem root for " MODULE_DIRECTORY "\n"
	       "\t-V, --version               Show version\n"
	       "\t-h, --help                  Show this help\n",
	       kmod_progname);
}

int kmod_modinfo_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "author", no_argument, 0, 'a' },
		{ "description", no_argument, 0, 'd' },
		{ "license", no_argument, 0, 'l' },
		{ "parameters", no_argument, 0, 'p' },
		{ "filename", no_argument, 0, 'n' },
		{ "null", no_argument, 0, '0' },
		{ "modname", no_argument, 0, 'm' },
		{ "field", required_argument, 0, 'F' },
		{ "set-version", required_argument, 0, 'k' },
		{ "basedir", required_argument, 0, 'b' },
		{ "version", no_argument, 0, 'V' },
		{ "help", no_argument, 0, 'h' },
		{ NULL, 0, 0, 0 },
	};
	const char *root = NULL, *release = NULL;
	bool by_name = false;
	struct modtree tree;
	int c, i, err = 0;

	while ((c = getopt_long(argc, argv, "adlpn0mF:k:b:Vh", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			field = "author";
			break;
		case 'd':
			field = "description";
			break;
		case 'l':
			field = "license";
			break;
		case 'p':
			field = "parm";
			break;
		case 'n':
			field = "filename";
			break;
		case '0':
			separator = '\0';
			break;
		case 'm':
			by_name = true;
			break;
		case 'F':
			field = optarg;
			break;
		case 'k':
			release = optarg;
			break;
		case 'b':
			root = optarg;
			break;
		case 'h':
			help();
			return EXIT_SUCCESS;
		case 'V':
			puts("kmod version 30");
			puts("+ZSTD +XZ +ZLIB +LIBCRYPTO -EXPERIMENTAL");
			return EXIT_SUCCESS;
		default:
			return EXIT_FAILURE;
		}
	}
	if (optind >= argc) {
		ERR("missing module or filename.\n");
		return EXIT_FAILURE;
	}
	if (modtree_init(&tree, root, release) < 0) {
		ERR("uname() failed: %s\n", strerror(errno));
		return EXIT_FAILURE;
	}
	/* Several module files whose contents are shown: decode them ahead. */
	if (!by_name && argc - optind > 1 && !(field && strcmp(field, "filename") == 0)) {
		prefetch_paths = xcalloc((size_t)(argc - optind), sizeof(*prefetch_paths));
		for (i = optind; i < argc; i++)
			if (is_module_file(argv[i]))
				prefetch_paths[i - optind] = kmod_path_absolute(argv[i]);
		prefetch = kmod_prefetch_new((const char *const *)prefetch_paths,
					     (size_t)(argc - optind));
	}
	for (i = optind; i < argc; i++) {
		int r;

		if (prefetch)
			prefetch_arg = (size_t)(i - optind);
		if (by_name)
			r = show_name(&tree, argv[i]);
		else if (is_module_file(argv[i]))
			r = show_path(&tree, argv[i]);
		else
			r = show_alias(&tree, argv[i]);
		if (r < 0)
			err = r;
	}
	if (prefetch) {
		kmod_prefetch_free(prefetch);
		for (i = optind; i < argc; i++)
			free(prefetch_paths[i - optind]);
		free(prefetch_paths);
	}
	return err < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
