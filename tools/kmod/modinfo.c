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
 * Given several arguments, the module files among them are read and
 * formatted on every CPU, and printed in argument order.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kmod.h"
#include "parallel.h"

struct info {
	const char *key;
	const char *value;
};

/* A module's fields, pointing into what the list owns. */
struct infolist {
	struct info *v;
	int n;
	int cap;
	char **strv;                 /* .modinfo strings, split at '=' in place */
	char **builtin;              /* or modules.builtin.modinfo's, each malloc'ed */
	int nbuiltin;
	struct kmod_signature sig;
	char *hex[2];                /* sig_key and signature, formatted */
};

/* One module to show: found by path, by name or as built in. */
struct target {
	const char *name;
	char *path;          /* NULL: not found on disk (built in) */
	int builtin;         /* -1 unknown, 0 no, 1 yes */
	bool is_open;        /* path is open on fd */
	int fd;
};

static char separator = '\n';
static const char *field;
/* The working directory, read once (nothing here changes it), or "". */
static char cwd[PATH_MAX];

/*
 * Each thread's buffer for reading module files into (kmod_image_read()),
 * kept from one file to the next and released as the thread exits.
 */
static pthread_key_t read_buf_key;
static bool have_read_buf_key;

static void read_buf_free(void *buf)
{
	sb_release(buf);
	free(buf);
}

/* This thread's read buffer, or NULL to map files instead. */
static struct strbuf *read_buf(void)
{
	struct strbuf *buf;

	if (!have_read_buf_key)
		return NULL;
	buf = pthread_getspecific(read_buf_key);
	if (!buf) {
		buf = xcalloc(1, sizeof(*buf));
		if (pthread_setspecific(read_buf_key, buf) != 0) {
			free(buf);
			return NULL;
		}
	}
	return buf;
}

/*
 * Where show() writes: straight to stdout (@out NULL), or into a buffer a
 * pool thread fills for the main thread to print in argument order.  Only
 * the main thread writes to stdout, so stdio's locking is left out.
 */
static void out_add(struct strbuf *out, const char *s, size_t len)
{
	if (out)
		sb_add(out, s, len);
	else
		fwrite_unlocked(s, 1, len, stdout);
}

static void out_str(struct strbuf *out, const char *s)
{
	out_add(out, s, strlen(s));
}

static void out_chr(struct strbuf *out, char c)
{
	if (out)
		sb_addc(out, c);
	else
		putchar_unlocked(c);
}

static void out_spaces(struct strbuf *out, size_t n)
{
	static const char spaces[16] = "                ";

	while (n) {
		size_t k = n < sizeof(spaces) ? n : sizeof(spaces);

		out_add(out, spaces, k);
		n -= k;
	}
}

/*
 * "key:" and the value in kmod's columns, as its
 * printf("%s:%-*s%s%c", key, 15 - strlen(key), "", value, sep) lays them
 * out: a negative width pads too (it only means left-aligned), so a key
 * longer than 15 characters is followed by strlen(key) - 15 spaces.
 */
static void out_field(struct strbuf *out, const char *key, const char *value)
{
	size_t len = strlen(key);

	out_add(out, key, len);
	out_chr(out, ':');
	out_spaces(out, len < 15 ? 15 - len : len - 15);
	out_str(out, value);
	out_chr(out, separator);
}

static void info_add(struct infolist *l, const char *key, const char *value)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xrealloc(l->v, sizeof(*l->v) * (size_t)l->cap);
	}
	l->v[l->n].key = key;
	l->v[l->n].value = value;
	l->n++;
}

/* "AB:CD:..." with a line break (and two tabs) after every 20 bytes. */
static char *hex_lines(const uint8_t *b, size_t len)
{
	static const char digits[] = "0123456789ABCDEF";
	/* 3 characters a byte, 3 more every 20: never over 4 a byte. */
	char *s = xmalloc(len * 4 + 1), *p = s;
	size_t i;

	for (i = 0; i < len; i++) {
		*p++ = digits[b[i] >> 4];
		*p++ = digits[b[i] & 15];
		if (i + 1 < len) {
			*p++ = ':';
			if ((i + 1) % 20 == 0) {
				*p++ = '\n';
				*p++ = '\t';
				*p++ = '\t';
			}
		}
	}
	*p = '\0';
	return s;
}

static void infolist_free(struct infolist *l)
{
	int i;

	for (i = 0; i < l->nbuiltin; i++)
		free(l->builtin[i]);
	free(l->builtin);
	free(l->strv);
	kmod_signature_free(&l->sig);
	free(l->hex[0]);
	free(l->hex[1]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* "key=value" strings as fields, split in place ("key" alone: empty value). */
static void add_strings(struct infolist *l, char **strv, int count)
{
	int i;

	for (i = 0; i < count; i++) {
		char *eq = strchr(strv[i], '=');

		if (eq)
			*eq = '\0';
		info_add(l, strv[i], eq ? eq + 1 : "");
	}
}

/* The key/value list kmod's library would give for @t. */
static int get_info(const struct modtree *tree, struct target *t, struct infolist *l)
{
	struct kmod_image img;
	struct kmod_elf elf;
	struct kmod_signature *sig = &l->sig;
	int count, err, fd;

	if (t->builtin < 0)
		t->builtin = modtree_is_builtin(tree, t->name);
	if (t->builtin) {
		count = modtree_builtin_modinfo(tree, t->name, &l->builtin);
		if (count < 0)
			return count;
		l->nbuiltin = count;
		add_strings(l, l->builtin, count);
		return 0;
	}
	if (!t->path)
		return -ENOENT;
	fd = t->is_open ? t->fd : open(t->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = kmod_image_read(fd, &img, read_buf());
	if (!t->is_open)
		close(fd);
	if (err < 0)
		return err;
	err = kmod_elf_init(&elf, img.data, img.size);
	if (err < 0)
		goto out;
	count = kmod_elf_get_strings(&elf, ".modinfo", &l->strv);
	if (count == -ENOENT) {
		err = count;
		goto out;
	}
	if (count > 0)
		add_strings(l, l->strv, count);
	if (kmod_signature_parse(img.data, img.size, sig)) {
		l->hex[0] = hex_lines(sig->key_id, sig->key_id_len);
		l->hex[1] = hex_lines(sig->sig, sig->sig_len);
		info_add(l, "sig_id", sig->id_type);
		info_add(l, "signer", sig->signer ? sig->signer : "");
		info_add(l, "sig_key", l->hex[0]);
		info_add(l, "sig_hashalgo", sig->hash_algo);
		info_add(l, "signature", l->hex[1]);
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

/*
 * kmod's lines: "parm:           name:desc (type)", or without the key
 * (-p, -F parm) "name:desc (type)"; "name:desc" without a type; a type
 * without a description is "name:type", or without the key "name: (type)".
 */
static void params_print(struct param *p, bool with_key, struct strbuf *out)
{
	while (p) {
		struct param *next = p->next;

		if (with_key)
			out_str(out, "parm:           ");
		out_add(out, p->name, (size_t)p->namelen);
		if (!p->desc) {
			out_str(out, with_key ? ":" : ": (");
			out_add(out, p->type, (size_t)p->typelen);
			if (!with_key)
				out_chr(out, ')');
		} else {
			out_chr(out, ':');
			out_add(out, p->desc, (size_t)p->desclen);
			if (p->type) {
				out_str(out, " (");
				out_add(out, p->type, (size_t)p->typelen);
				out_chr(out, ')');
			}
		}
		out_chr(out, separator);
		free(p);
		p = next;
	}
}

static int show(const struct modtree *tree, struct target *t, struct strbuf *out)
{
	const char *filename = t->path;
	struct infolist l = { 0 };
	struct param *params = NULL;
	bool builtin_display = t->path == NULL;
	int err, i;

	if (builtin_display) {
		if (!field) {
			out_field(out, "name", t->name);
		} else if (strcmp(field, "name") == 0) {
			out_str(out, t->name);
			out_chr(out, separator);
		}
		filename = "(builtin)";
	}
	if (field && strcmp(field, "filename") == 0) {
		out_str(out, filename);
		out_chr(out, separator);
		return 0;
	} else if (!field) {
		out_field(out, "filename", filename);
	}
	err = get_info(tree, t, &l);
	if (err < 0) {
		infolist_free(&l);
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
			if (strcmp(field, key) == 0) {
				out_str(out, value);
				out_chr(out, separator);
			}
			continue;
		}
		if (is_parm) {
			param_add(&params, key, value);
			continue;
		}
		if (separator == '\0') {
			out_str(out, key);
			out_chr(out, '=');
			out_str(out, value);
			out_chr(out, separator);
			continue;
		}
		out_field(out, key, value);
	}
	params_print(params, !field, out);
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

/* kmod_path_absolute(), against the directory read once. */
static char *path_absolute(const char *path)
{
	struct strbuf sb = { 0 };

	if (path[0] == '/')
		return xstrdup(path);
	if (!cwd[0])
		return NULL;
	sb_adds(&sb, cwd);
	sb_addc(&sb, '/');
	sb_adds(&sb, path);
	return sb.buf;
}

static int show_path(const struct modtree *tree, const char *arg, struct strbuf *out)
{
	char name[PATH_MAX];
	struct target t = { .builtin = 0 };
	struct stat st;
	int err;

	/*
	 * kmod stats the file here: only a file that is not there is "not
	 * found", one that cannot be opened fails in get_info() with open's
	 * error.  Opening it now spares a path walk; stat only tells which.
	 */
	t.path = path_absolute(arg);
	if (t.path) {
		t.fd = open(t.path, O_RDONLY | O_CLOEXEC);
		t.is_open = t.fd >= 0;
	}
	if (!t.path || (!t.is_open && stat(t.path, &st) < 0) ||
	    !kmod_modname_from_path(arg, name, NULL)) {
		ERR("Module file %s not found.\n", arg);
		if (t.is_open)
			close(t.fd);
		free(t.path);
		return -ENOENT;
	}
	t.name = name;
	err = show(tree, &t, out);
	if (t.is_open)
		close(t.fd);
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
	err = show(tree, &t, NULL);
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
		r = show(tree, &t, NULL);
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
			err = show(tree, &t, NULL);
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
		return show(tree, &t, NULL);
	}
	v = modtree_search_wild(tree, "modules.builtin.alias.bin", alias);
	if (v)
		return show_names(tree, v, 1);
	ERR("Module %s not found.\n", arg);
	return -ENOENT;
}

/*
 * ---- module files shown ahead ------------------------------------------
 *
 * Given several arguments, the module files among them are shown by a pool
 * (parallel.h) into buffers, on every CPU, and printed in argument order:
 * reading, parsing and formatting each file is the whole of modinfo's work.
 */

/*
 * Shown modules held at most (a few KiB each, so about 1 MiB): enough that
 * neither the threads nor the main thread, helping, run out of items and
 * sleep, even while another process holds a core for a time slice of a few
 * milliseconds (64 modules are about 3 ms of work).
 */
#define SHOW_WINDOW 256

struct shown {
	struct strbuf out;
	int err;
	bool not_file;       /* not a module file after all: left to the loop */
};

struct show_pool {
	const struct modtree *tree;
	char **args;
};

static bool show_ahead(void *ctx, size_t i)
{
	const char *arg = ((struct show_pool *)ctx)->args[i];

	return kmod_path_has_module_ext(arg, strlen(arg));
}

static void show_run(void *ctx, size_t i, void *result)
{
	struct show_pool *sp = ctx;
	struct shown *r = result;

	memset(r, 0, sizeof(*r));
	if (!is_module_file(sp->args[i])) {
		r->not_file = true;
		return;
	}
	/* Room for what most modules print (2.6 KiB on average), grown once. */
	sb_grow(&r->out, 4096);
	r->err = show_path(sp->tree, sp->args[i], &r->out);
}

static void show_drop(void *ctx, void *result)
{
	sb_release(&((struct shown *)result)->out);
}

static const struct kmod_pool_ops show_ops = {
	.result_size = sizeof(struct shown),
	.ahead = show_ahead,
	.run = show_run,
	.drop = show_drop,
};

/*
 * Print argument @i shown ahead, if it was; false when it is left to the
 * caller.  A file whose showing printed messages is left to the caller too,
 * to show again directly: its messages then interleave with its output
 * exactly as when shown one at a time (and they are rare: files missing,
 * unreadable or malformed).
 */
static bool take_shown(struct kmod_pool *pool, size_t i, int *err)
{
	struct strbuf log = { 0 };
	struct shown r;
	bool use;

	if (!kmod_pool_take(pool, i, &r, &log))
		return false;
	use = !r.not_file && log.len == 0;
	if (use) {
		fwrite_unlocked(r.out.buf, 1, r.out.len, stdout);
		if (r.err < 0)
			*err = r.err;
	}
	sb_release(&r.out);
	sb_release(&log);
	return use;
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
	struct show_pool sp;
	struct kmod_pool *pool = NULL;
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
	if (!getcwd(cwd, sizeof(cwd)))
		cwd[0] = '\0';
	have_read_buf_key = pthread_key_create(&read_buf_key, read_buf_free) == 0;
	/*
	 * Several arguments: show module files ahead on the other CPUs, this
	 * thread helping (parallel.h) while it prints them in order.
	 */
	sp.tree = &tree;
	sp.args = argv + optind;
	if (!by_name && argc - optind > 1 && kmod_pool_cpus() > 1)
		pool = kmod_pool_new(&show_ops, &sp, (size_t)(argc - optind),
				     kmod_pool_cpus() - 1, SHOW_WINDOW, true);
	for (i = optind; i < argc; i++) {
		int r;

		if (pool && take_shown(pool, (size_t)(i - optind), &err))
			continue;
		if (by_name)
			r = show_name(&tree, argv[i]);
		else if (is_module_file(argv[i]))
			r = show_path(&tree, argv[i], NULL);
		else
			r = show_alias(&tree, argv[i]);
		if (r < 0)
			err = r;
	}
	kmod_pool_free(pool);
	if (have_read_buf_key) {
		/* Only threads that exit run the destructor: not this one. */
		struct strbuf *buf = pthread_getspecific(read_buf_key);

		if (buf)
			read_buf_free(buf);
		pthread_key_delete(read_buf_key);
	}
	return err < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
