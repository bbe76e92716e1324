// SPDX-License-Identifier: MIT
/*
 * depmod.c - `depmod [-aAe] [-b dir] [-C cfg] [-F System.map | -E
 * Module.symvers] [-n] [version [module...]]`: find the modules of a tree,
 * read what each exports and needs, and write the tree's modules.* files.
 *
 * The steps, in the order kmod's depmod takes them (the order is part of
 * the output: it decides ties, symbol owners and the listing order):
 *   1. kernel symbols from -E or -F (only used for the -e warnings);
 *   2. depmod.d configuration, then a walk of the tree (and of "external"
 *      directories); of two files with one module name, the search and
 *      override rules keep one;
 *   3. modules listed in the order of kmod's name hash table, then sorted
 *      by their line in modules.order (others after, in hash order);
 *   4. per module, in that order (images decompressed ahead by a thread
 *      pool, parallel.c): exports enter the symbol table (a later
 *      module exporting the same name takes it over), .modinfo and the
 *      needed symbols are kept;
 *   5. needed symbols resolve to the modules that export them (the
 *      dependencies); a topological sort orders them, a cycle is an error;
 *   6. output (depmod-out.c).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "depmod.h"
#include "parallel.h"

#define CRIT(...) kmod_log(KMOD_LOG_CRIT, __VA_ARGS__)

/* ---- symbols ------------------------------------------------------------- */

static void symbol_add(struct depmod *d, const char *name, bool prefix_skipped, uint64_t crc,
		       struct dmod *owner)
{
	size_t len;
	struct dsym *s;

	if (!prefix_skipped && name[0] == d->cfg->sym_prefix)
		name++;
	len = strlen(name);
	s = kmod_arena_alloc(&d->arena, sizeof(*s) + len + 1);
	s->owner = owner;
	s->crc = crc;
	memcpy(s->name, name, len + 1);
	khash_add(d->symbols, s->name, s, NULL);
}

static struct dsym *symbol_find(const struct depmod *d, const char *name)
{
	if (name[0] == '.')
		name++;
	if (name[0] == d->cfg->sym_prefix)
		name++;
	return khash_find(d->symbols, name);
}

static void add_fake_symbols(struct depmod *d)
{
	symbol_add(d, "__this_module", true, 0, NULL);
	symbol_add(d, "_GLOBAL_OFFSET_TABLE_", true, 0, NULL);
	if (!symbol_find(d, "TOC."))
		symbol_add(d, "TOC.", true, 0, NULL);
}

/* Module.symvers: "0xCRC<tab>symbol<tab>vmlinux<tab>EXPORT_SYMBOL..." */
static int load_symvers(struct depmod *d, const char *filename)
{
	char line[10240];
	unsigned int linenum = 0;
	FILE *fp = fopen(filename, "r");

	if (!fp)
		return -errno;
	while (fgets(line, sizeof(line), fp)) {
		char *save, *ver, *sym, *where, *end;
		uint64_t crc;

		linenum++;
		ver = strtok_r(line, " \t", &save);
		sym = strtok_r(NULL, " \t", &save);
		where = strtok_r(NULL, " \t", &save);
		if (!ver || !sym || !where || strcmp(where, "vmlinux") != 0)
			continue;
		crc = strtoull(ver, &end, 16);
		if (*end != '\0') {
			ERR("%s:%u Invalid symbol version %s: %s\n", filename, linenum, ver,
			    strerror(errno));
			continue;
		}
		symbol_add(d, sym, false, crc, NULL);
	}
	add_fake_symbols(d);
	fclose(fp);
	return 0;
}

/* System.map: "address type name"; exports are the __ksymtab_<name> lines. */
static int load_system_map(struct depmod *d, const char *filename)
{
	static const char ksym[] = "__ksymtab_";
	char line[10240];
	unsigned int linenum = 0;
	FILE *fp = fopen(filename, "r");

	if (!fp)
		return -errno;
	while (fgets(line, sizeof(line), fp)) {
		char *p, *end;

		linenum++;
		p = strchr(line, ' ');
		if (p)
			p = strchr(p + 1, ' ');
		if (!p) {
			ERR("%s:%u: invalid line: %s\n", filename, linenum, line);
			continue;
		}
		p++;
		if (p[0] == d->cfg->sym_prefix)
			p++;
		if (strncmp(p, ksym, sizeof(ksym) - 1) != 0)
			continue;
		end = strchr(p, '\n');
		if (end)
			*end = '\0';
		symbol_add(d, p + sizeof(ksym) - 1, true, 0, NULL);
	}
	add_fake_symbols(d);
	fclose(fp);
	return 0;
}

/* ---- finding the modules ---------------------------------------------- */

static int module_add(struct depmod *d, const char *path)
{
	const struct depmod_cfg *cfg = d->cfg;
	char name[PATH_MAX];
	size_t namelen;
	struct dmod *m;
	const char *slash;

	if (!kmod_modname_from_path(path, name, &namelen))
		return -ENOENT;
	m = kmod_arena_alloc(&d->arena, sizeof(*m) + namelen + 1);
	memset(m, 0, sizeof(*m));
	memcpy(m->modname, name, namelen + 1);
	m->modnamesz = namelen + 1;
	/* Everything found during the walk ties; modules.order sorts them. */
	m->sort_idx = 1;
	m->dep_sort_idx = INT32_MAX;
	m->path = kmod_arena_strndup(&d->arena, path, strlen(path));
	slash = strrchr(m->path, '/');
	m->baselen = (size_t)(slash - m->path);
	if (strncmp(m->path, cfg->dirname, cfg->dirnamelen) == 0 &&
	    m->path[cfg->dirnamelen] == '/')
		m->relpath = m->path + cfg->dirnamelen + 1;
	if (khash_add_unique(d->by_name, m->modname, m) < 0) {
		ERR("hash_add_unique %s: %s\n", m->modname, strerror(EEXIST));
		return -EEXIST;
	}
	if (m->relpath) {
		size_t len = (size_t)(slash - m->relpath) + m->modnamesz + 3;

		m->uncrelpath = kmod_arena_strndup(&d->arena, m->relpath, len);
		if (khash_add_unique(d->by_uncrelpath, m->uncrelpath, m) < 0) {
			ERR("hash_add_unique %s: %s\n", m->uncrelpath, strerror(EEXIST));
			khash_del(d->by_name, m->modname);
			return -EEXIST;
		}
	}
	return 0;
}

static bool starts_with_dir(const char *path, size_t pathlen, const char *prefix, size_t plen)
{
	return pathlen > plen && path[plen] == '/' && memcmp(path, prefix, plen) == 0;
}

/*
 * Whether the module already found (@old) takes precedence over the file
 * @newpath: overrides first, then the position of their directories in the
 * search list (the lengths cover the directory and the module name's length
 * of the file name, which is what the rules are matched against).
 */
static bool existing_wins(const struct depmod *d, const struct dmod *old, const char *newpath,
			  size_t baselen, size_t modnamelen)
{
	const struct depmod_cfg *cfg = d->cfg;
	const struct cfg_override *ov;
	const struct cfg_search *se;
	const struct cfg_external *ext;
	size_t newlen = baselen + modnamelen, oldlen = old->baselen + old->modnamesz;
	const char *oldpath = old->path, *relnew = NULL, *relold = NULL;
	size_t relnewlen = 0, reloldlen = 0;
	int i, bprio = -1, oldprio = -1, newprio = -1;

	if (strncmp(newpath, cfg->dirname, cfg->dirnamelen) == 0) {
		relnew = newpath + cfg->dirnamelen + 1;
		relnewlen = newlen - (cfg->dirnamelen + 1);
	}
	if (strncmp(oldpath, cfg->dirname, cfg->dirnamelen) == 0) {
		relold = oldpath + cfg->dirnamelen + 1;
		reloldlen = oldlen - (cfg->dirnamelen + 1);
	}
	for (ov = cfg->overrides; ov; ov = ov->next) {
		if (relnew && relnewlen == ov->len && memcmp(ov->path, relnew, relnewlen) == 0)
			return false;
		if (relold && reloldlen == ov->len && memcmp(ov->path, relold, reloldlen) == 0)
			return true;
	}
	for (i = 0, se = cfg->searches; se; se = se->next, i++) {
		if (se->type == SEARCH_BUILTIN) {
			bprio = i;
		} else if (se->type == SEARCH_EXTERNAL) {
			for (ext = cfg->externals; ext; ext = ext->next, i++) {
				if (starts_with_dir(newpath, newlen, ext->path, ext->len))
					newprio = i;
				if (starts_with_dir(oldpath, oldlen, ext->path, ext->len))
					oldprio = i;
			}
		} else if (relnew && relnewlen > se->len && relnew[se->len] == '/' &&
			   memcmp(se->path, relnew, se->len) == 0) {
			newprio = i;
		} else if (relold && reloldlen > se->len && relold[se->len] == '/' &&
			   memcmp(se->path, relold, se->len) == 0) {
			oldprio = i;
		}
	}
	if (newprio < 0)
		newprio = bprio;
	if (oldprio < 0)
		oldprio = bprio;
	return newprio <= oldprio;
}

static int search_file(struct depmod *d, size_t baselen, size_t namelen, const char *path)
{
	char name[PATH_MAX];
	size_t modnamelen;
	struct dmod *old;

	if (!kmod_path_has_module_ext(path + baselen, namelen))
		return 0;
	if (!kmod_modname_from_path(path, name, &modnamelen)) {
		ERR("could not get modname from path %s\n", path);
		return -EINVAL;
	}
	old = khash_find(d->by_name, name);
	if (old) {
		if (existing_wins(d, old, path, baselen, modnamelen))
			return 0;
		if (old->uncrelpath)
			khash_del(d->by_uncrelpath, old->uncrelpath);
		khash_del(d->by_name, old->modname);
	}
	return module_add(d, path);
}

static bool excluded(const struct depmod_cfg *cfg, const char *name)
{
	const struct cfg_exclude *e;

	if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
		return true;
	if (strcmp(name, "build") == 0 || strcmp(name, "source") == 0)
		return true;
	for (e = cfg->excludes; e; e = e->next)
		if (strcmp(name, e->name) == 0)
			return true;
	return false;
}

static void search_dir(struct depmod *d, DIR *dir, struct strbuf *path)
{
	size_t baselen = path->len;
	struct dirent *de;
	int dfd = dirfd(dir);

	while ((de = readdir(dir)) != NULL) {
		const char *name = de->d_name;
		size_t namelen;
		bool is_dir;
		int err = 0;

		if (excluded(d->cfg, name))
			continue;
		namelen = strlen(name);
		path->len = baselen;
		sb_add(path, name, namelen);
		if (de->d_type == DT_REG || de->d_type == DT_DIR) {
			is_dir = de->d_type == DT_DIR;
		} else {
			struct stat st;

			if (fstatat(dfd, name, &st, 0) < 0) {
				ERR("fstatat(%d, %s): %s\n", dfd, name, strerror(errno));
				continue;
			}
			if (S_ISREG(st.st_mode)) {
				is_dir = false;
			} else if (S_ISDIR(st.st_mode)) {
				is_dir = true;
			} else {
				ERR("unsupported file type %s: %o\n", path->buf,
				    st.st_mode & S_IFMT);
				continue;
			}
		}
		if (is_dir) {
			int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			DIR *sub;

			if (fd < 0) {
				ERR("openat(%d, %s, O_RDONLY): %s\n", dfd, name, strerror(errno));
				continue;
			}
			sub = fdopendir(fd);
			if (!sub) {
				close(fd);
				continue;
			}
			sb_addc(path, '/');
			search_dir(d, sub, path);
			closedir(sub);
		} else {
			err = search_file(d, baselen, namelen, path->buf);
		}
		if (err < 0) {
			path->len = baselen + namelen;
			path->buf[path->len] = '\0';
			ERR("failed %s: %s\n", path->buf, strerror(-err));
		}
	}
	path->len = baselen;
	path->buf[baselen] = '\0';
}

static int search_path(struct depmod *d, const char *dirpath)
{
	struct strbuf path = { 0 };
	DIR *dir = opendir(dirpath);

	if (!dir) {
		int err = -errno;

		ERR("could not open directory %s: %s\n", dirpath, strerror(errno));
		return err;
	}
	sb_adds(&path, dirpath);
	sb_addc(&path, '/');
	search_dir(d, dir, &path);
	closedir(dir);
	sb_release(&path);
	return 0;
}

static int modules_search(struct depmod *d)
{
	const struct cfg_external *ext;
	int err = search_path(d, d->cfg->dirname);

	if (err < 0)
		return err;
	for (ext = d->cfg->externals; ext; ext = ext->next)
		search_path(d, ext->path);
	return 0;
}

/* ---- ordering ------------------------------------------------------------ */

static void build_array(struct depmod *d)
{
	struct khash_iter it;
	void *v;

	d->modules = xmalloc(sizeof(*d->modules) * (khash_count(d->by_name) + 1));
	d->n_modules = 0;
	khash_iter_init(d->by_name, &it);
	while (khash_iter_next(&it, NULL, &v)) {
		struct dmod *m = v;

		m->idx = d->n_modules;
		d->modules[d->n_modules++] = m;
	}
}

/* Stable merge sort of module pointers by an int key (what glibc's qsort does here). */
static void sort_mods(struct dmod **a, size_t n, bool by_dep)
{
	struct dmod **tmp;
	size_t width, i;

	if (n < 2)
		return;
	tmp = xmalloc(sizeof(*tmp) * n);
	for (width = 1; width < n; width *= 2) {
		for (i = 0; i < n; i += 2 * width) {
			size_t l = i, mid = i + width < n ? i + width : n;
			size_t r = mid, end = i + 2 * width < n ? i + 2 * width : n, k = i;

			while (l < mid && r < end) {
				int kl = by_dep ? a[l]->dep_sort_idx : a[l]->sort_idx;
				int kr = by_dep ? a[r]->dep_sort_idx : a[r]->sort_idx;

				tmp[k++] = kr < kl ? a[r++] : a[l++];
			}
			while (l < mid)
				tmp[k++] = a[l++];
			while (r < end)
				tmp[k++] = a[r++];
		}
		memcpy(a, tmp, sizeof(*a) * n);
	}
	free(tmp);
}

static void sort_by_order_file(struct depmod *d)
{
	char path[PATH_MAX + 32];
	char *buf, *line, *end;
	size_t len;
	int idx = 0, total, err;
	uint32_t i;

	snprintf(path, sizeof(path), "%s/modules.order", d->cfg->dirname);
	err = kmod_read_file(path, &buf, &len);
	if (err < 0) {
		WRN("could not open modules.order at %s: %s\n", d->cfg->dirname, strerror(-err));
		return;
	}
	if (len > 0 && buf[len - 1] != '\n') {
		int lines = 1;

		for (line = buf; (end = memchr(line, '\n', len - (size_t)(line - buf))); line = end + 1)
			lines++;
		ERR("%s/modules.order:%d corrupted line misses '\\n'\n", d->cfg->dirname, lines);
		free(buf);
		return;
	}
	total = 1;
	for (i = 0; i < len; i++)
		if (buf[i] == '\n')
			total++;
	for (line = buf; line < buf + len; line = end + 1) {
		struct dmod *m;

		end = memchr(line, '\n', len - (size_t)(line - buf));
		*end = '\0';
		idx++;
		m = khash_find(d->by_uncrelpath, line);
		if (m)
			m->sort_idx = idx - total;
	}
	free(buf);
	sort_mods(d->modules, d->n_modules, false);
	for (i = 0; i < d->n_modules; i++)
		d->modules[i]->idx = i;
}

/* ---- reading the modules ------------------------------------------------- */

static char **builtin_info(struct depmod *d, const struct dmod *m)
{
	struct modtree t;
	char **strv, **copy;
	int n, i;

	memcpy(t.dirname, d->cfg->dirname, d->cfg->dirnamelen + 1);
	n = modtree_builtin_modinfo(&t, m->modname, &strv);
	if (n <= 0)
		return NULL;
	copy = kmod_arena_alloc(&d->arena, sizeof(char *) * ((size_t)n + 1));
	for (i = 0; i < n; i++) {
		copy[i] = kmod_arena_strndup(&d->arena, strv[i], strlen(strv[i]));
		free(strv[i]);
	}
	copy[n] = NULL;
	free(strv);
	return copy;
}

/* Read d->modules[@idx] (@m), its image decoded ahead by @pf. */
static void load_module(struct depmod *d, struct dmod *m, struct kmod_prefetch *pf, size_t idx)
{
	struct kmod_image img;
	struct kmod_elf elf;
	struct kmod_sym *syms;
	char **strv, *line = NULL;
	int n, i, err;

	err = kmod_prefetch_take(pf, idx, &img);
	if (err == 0) {
		err = kmod_elf_init(&elf, img.data, img.size);
		if (err < 0)
			kmod_image_close(&img);
	}
	if (err < 0) {
		ERR("failed to load symbols from %s: %s\n", m->path, strerror(-err));
		return;
	}
	n = kmod_elf_get_exports(&elf, &syms);
	if (n < 0 && n != -ENOENT)
		ERR("failed to load symbols from %s: %s\n", m->path, strerror(-n));
	for (i = 0; i < n; i++)
		symbol_add(d, syms[i].name, false, syms[i].crc, m);
	free(syms);

	/* kmod reads a module listed as built in from modules.builtin.modinfo. */
	if (d->have_builtin)
		line = kidx_search(&d->builtin, m->modname);
	if (line) {
		free(line);
		m->info = builtin_info(d, m);
	} else {
		n = kmod_elf_get_strings(&elf, ".modinfo", &strv);
		if (n > 0) {
			m->info = kmod_arena_alloc(&d->arena, sizeof(char *) * ((size_t)n + 1));
			for (i = 0; i < n; i++)
				m->info[i] = kmod_arena_strndup(&d->arena, strv[i], strlen(strv[i]));
			m->info[n] = NULL;
			free(strv);
		}
	}

	n = kmod_elf_get_imports(&elf, &syms);
	if (n > 0) {
		m->imports = kmod_arena_alloc(&d->arena, sizeof(*m->imports) * (size_t)n);
		for (i = 0; i < n; i++) {
			m->imports[i].name = kmod_arena_strndup(&d->arena, syms[i].name,
								strlen(syms[i].name));
			m->imports[i].crc = syms[i].crc;
			m->imports[i].weak = syms[i].weak;
		}
		m->n_imports = (uint32_t)n;
	}
	if (n >= 0)
		free(syms);
	kmod_image_close(&img);
}

/* ---- dependencies ---------------------------------------------------------- */

static void add_dependency(struct depmod *d, struct dmod *m, const struct dsym *s)
{
	uint32_t i;

	if (!s->owner)
		return;
	for (i = 0; i < m->n_deps; i++)
		if (m->deps[i] == s->owner)
			return;
	if (m->n_deps == m->cap_deps) {
		m->cap_deps = m->cap_deps ? m->cap_deps * 2 : 4;
		m->deps = xrealloc(m->deps, sizeof(*m->deps) * m->cap_deps);
	}
	m->deps[m->n_deps++] = s->owner;
	s->owner->users++;
	if (d->verbose)
		printf("%s needs \"%s\": %s\n", m->path, s->name, s->owner->path);
}

static void resolve(struct depmod *d)
{
	uint32_t i, j;

	for (i = 0; i < d->n_modules; i++) {
		struct dmod *m = d->modules[i];

		for (j = 0; j < m->n_imports; j++) {
			const struct dimport *imp = &m->imports[j];
			struct dsym *s = symbol_find(d, imp->name);

			if (!s) {
				if (d->cfg->print_unknown && !imp->weak)
					WRN("%s needs unknown symbol %s\n", m->path, imp->name);
				continue;
			}
			if (d->cfg->check_symvers && s->crc != imp->crc && !imp->weak &&
			    d->cfg->print_unknown)
				WRN("%s disagrees about version of symbol %s\n", m->path,
				    imp->name);
			add_dependency(d, m, s);
		}
	}
}

/* Report each cycle once, as "a -> b -> a", then how many modules are in one. */
static void report_cycles(struct depmod *d, const uint32_t *users)
{
	struct khash *in_loop = khash_new(16);
	struct dmod **roots;
	uint32_t n_roots = 0, i;
	size_t cap = 0;

	roots = xmalloc(sizeof(*roots) * d->n_modules);
	for (i = 0; i < d->n_modules; i++)
		if (users[i] > 0)
			roots[n_roots++] = d->modules[i];
	for (i = 0; i < d->n_modules; i++)
		cap += d->modules[i]->n_deps;
	cap += 1;
	while (n_roots > 0) {
		struct dmod *root = roots[0];
		struct dmod **vmod;
		uint32_t *vparent, nv = 0, sp = 0, k;
		uint32_t *stack;

		memmove(roots, roots + 1, sizeof(*roots) * --n_roots);
		/* Vertices: (module, parent vertex); a stack of vertex numbers. */
		vmod = xmalloc(sizeof(*vmod) * (cap * 2 + 1));
		vparent = xmalloc(sizeof(*vparent) * (cap * 2 + 1));
		stack = xmalloc(sizeof(*stack) * (cap * 2 + 1));
		vmod[nv] = root;
		vparent[nv] = UINT32_MAX;
		stack[sp++] = nv++;
		while (sp > 0 && nv < cap * 2) {
			uint32_t v = stack[--sp];
			struct dmod *m = vmod[v];

			if (m->visited && m == root) {
				struct strbuf sb = { 0 };
				uint32_t chain[4096], nchain = 0, p;

				for (p = vparent[v]; p != UINT32_MAX && nchain < 4096; p = vparent[p]) {
					chain[nchain++] = p;
					khash_add(in_loop, vmod[p]->modname, NULL, NULL);
				}
				while (nchain > 0) {
					struct dmod *cm = vmod[chain[--nchain]];

					sb_adds(&sb, cm->modname);
					sb_adds(&sb, " -> ");
					for (k = 0; k < n_roots; k++) {
						if (roots[k] == cm) {
							memmove(roots + k, roots + k + 1,
								sizeof(*roots) * (n_roots - k - 1));
							n_roots--;
							break;
						}
					}
				}
				sb_adds(&sb, m->modname);
				ERR("Cycle detected: %s\n", sb.buf);
				sb_release(&sb);
				continue;
			}
			m->visited = true;
			if (m->n_deps == 0) {
				for (k = 0; k < n_roots; k++) {
					if (roots[k] == m) {
						memmove(roots + k, roots + k + 1,
							sizeof(*roots) * (n_roots - k - 1));
						n_roots--;
						break;
					}
				}
				continue;
			}
			for (k = 0; k < m->n_deps && nv < cap * 2; k++) {
				vmod[nv] = m->deps[k];
				vparent[nv] = v;
				stack[sp++] = nv++;
			}
		}
		free(vmod);
		free(vparent);
		free(stack);
	}
	ERR("Found %u modules in dependency cycles!\n", khash_count(in_loop));
	khash_free(in_loop);
	free(roots);
}

static int calculate_dependencies(struct depmod *d)
{
	uint32_t n = d->n_modules, i, n_roots = 0, n_sorted = 0;
	uint32_t *users = xmalloc(sizeof(uint32_t) * (n + 1) * 2);
	uint32_t *roots = users + n + 1;

	for (i = 0; i < n; i++) {
		users[i] = d->modules[i]->users;
		if (users[i] == 0)
			roots[n_roots++] = i;
	}
	while (n_roots > 0) {
		struct dmod *src = d->modules[roots[--n_roots]];

		src->dep_sort_idx = (int)n_sorted++;
		for (i = 0; i < src->n_deps; i++) {
			uint32_t di = src->deps[i]->idx;

			if (--users[di] == 0)
				roots[n_roots++] = di;
		}
	}
	if (n_sorted < n) {
		report_cycles(d, users);
		free(users);
		return -EINVAL;
	}
	for (i = 0; i < n; i++)
		if (d->modules[i]->n_deps > 1)
			sort_mods(d->modules[i]->deps, d->modules[i]->n_deps, true);
	free(users);
	return 0;
}

static void collect_deps(const struct dmod *m, struct dmod **out, size_t *n, size_t max)
{
	uint32_t i;
	size_t j;

	for (i = 0; i < m->n_deps; i++) {
		struct dmod *dep = m->deps[i];

		for (j = 0; j < *n; j++)
			if (out[j] == dep)
				break;
		if (j < *n || *n >= max)
			continue;
		out[(*n)++] = dep;
		collect_deps(dep, out, n, max);
	}
}

struct dmod **depmod_all_deps(const struct depmod *d, const struct dmod *m, size_t *n)
{
	struct dmod **out;
	size_t max = d->n_modules;

	*n = 0;
	if (m->n_deps == 0)
		return NULL;
	/* Every module at most once: the closure cannot exceed the count of all. */
	out = xmalloc(sizeof(*out) * max);
	collect_deps(m, out, n, max);
	sort_mods(out, *n, true);
	return out;
}

/* ---- -A: is modules.dep newer than every module? ------------------------- */

static int up_to_date_dir(DIR *dir, time_t mtime)
{
	struct dirent *de;
	int dfd = dirfd(dir), ret = 1;

	while (ret == 1 && (de = readdir(dir)) != NULL) {
		const char *name = de->d_name;
		struct stat st;

		if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
			continue;
		if (strcmp(name, "build") == 0 || strcmp(name, "source") == 0)
			continue;
		if (fstatat(dfd, name, &st, 0) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			DIR *sub = fd >= 0 ? fdopendir(fd) : NULL;

			if (!sub) {
				if (fd >= 0)
					close(fd);
				continue;
			}
			ret = up_to_date_dir(sub, mtime);
			closedir(sub);
		} else if (S_ISREG(st.st_mode) &&
			   kmod_path_has_module_ext(name, strlen(name))) {
			ret = st.st_mtime <= mtime;
		}
	}
	return ret;
}

static bool up_to_date(const char *dirname)
{
	struct stat st;
	DIR *dir = opendir(dirname);
	int r;

	if (!dir)
		return false;
	if (fstatat(dirfd(dir), "modules.dep", &st, 0) != 0) {
		closedir(dir);
		return false;
	}
	r = up_to_date_dir(dir, st.st_mtime);
	closedir(dir);
	return r == 1;
}

/* ---- the command ----------------------------------------------------------- */

static void help(void)
{
	fprintf(stderr,
		"Usage:\n"
		"\t%s -[aA] [options] [forced_version]\n"
		"\n"
		"If no arguments (except options) are given, \"depmod -a\" is assumed\n"
		"\n"
		"depmod will output a dependency list suitable for the modprobe utility.\n"
		"\n"
		"Options:\n"
		"\t-a, --all            Probe all modules\n"
		"\t-A, --quick          Only does the work if there's a new module\n"
		"\t-e, --errsyms        Report not supplied symbols\n"
		"\t-n, --show           Write the dependency file on stdout only\n"
		"\t-P, --symbol-prefix  Architecture symbol prefix\n"
		"\t-C, --config=PATH    Read configuration from PATH\n"
		"\t-v, --verbose        Enable verbose mode\n"
		"\t-w, --warn           Warn on duplicates\n"
		"\t-V, --version        show version\n"
		"\t-h, --help           show this help\n"
		"\n"
		"The following options are useful for people managing distributions:\n"
		"\t-b, --basedir=DIR    Use an image of a module tree.\n"
		"\t-F, --filesyms=FILE  Use the file instead of the\n"
		"\t                     current kernel symbols.\n"
		"\t-E, --symvers=FILE   Use Module.symvers file to check\n"
		"\t                     symbol versions.\n",
		kmod_progname);
}

static bool is_version_number(const char *s)
{
	unsigned int a, b;

	return sscanf(s, "%u.%u", &a, &b) == 2;
}

int kmod_depmod_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "all", no_argument, 0, 'a' },
		{ "quick", no_argument, 0, 'A' },
		{ "basedir", required_argument, 0, 'b' },
		{ "config", required_argument, 0, 'C' },
		{ "symvers", required_argument, 0, 'E' },
		{ "filesyms", required_argument, 0, 'F' },
		{ "errsyms", no_argument, 0, 'e' },
		{ "unresolved-error", no_argument, 0, 'u' },
		{ "quiet", no_argument, 0, 'q' },
		{ "root", no_argument, 0, 'r' },
		{ "verbose", no_argument, 0, 'v' },
		{ "show", no_argument, 0, 'n' },
		{ "dry-run", no_argument, 0, 'n' },
		{ "symbol-prefix", required_argument, 0, 'P' },
		{ "warn", no_argument, 0, 'w' },
		{ "map", no_argument, 0, 'm' },
		{ "version", no_argument, 0, 'V' },
		{ "help", no_argument, 0, 'h' },
		{ NULL, 0, 0, 0 },
	};
	struct depmod_cfg cfg = { 0 };
	struct depmod d = { 0 };
	const char **cfg_paths = NULL, **paths;
	struct kmod_prefetch *prefetch;
	const char *system_map = NULL, *symvers = NULL;
	char *root = NULL;
	bool all = false, quick = false, to_stdout = false;
	struct utsname un;
	int c, idx, n_cfg = 0, err = 0, ret = EXIT_FAILURE;
	uint32_t i;

	while ((c = getopt_long(argc, argv, "aAb:C:E:F:euqrvnP:wmVh", opts, &idx)) != -1) {
		switch (c) {
		case 'a':
			all = true;
			break;
		case 'A':
			quick = true;
			break;
		case 'b':
			free(root);
			root = kmod_path_absolute(optarg);
			break;
		case 'C':
			cfg_paths = xrealloc(cfg_paths, sizeof(*cfg_paths) * ((size_t)n_cfg + 2));
			cfg_paths[n_cfg++] = optarg;
			cfg_paths[n_cfg] = NULL;
			break;
		case 'E':
			symvers = optarg;
			cfg.check_symvers = true;
			break;
		case 'F':
			system_map = optarg;
			break;
		case 'e':
			cfg.print_unknown = true;
			break;
		case 'v':
			d.verbose++;
			kmod_log_level++;
			break;
		case 'n':
			to_stdout = true;
			break;
		case 'P':
			if (optarg[0] == '\0' || optarg[1] != '\0') {
				CRIT("-P only takes a single char\n");
				goto out;
			}
			cfg.sym_prefix = optarg[0];
			break;
		case 'w':
			cfg.warn_dups = true;
			break;
		case 'u':
		case 'q':
		case 'r':
		case 'm':
			WRN("Ignored deprecated option -%c\n", c);
			break;
		case 'h':
			help();
			ret = EXIT_SUCCESS;
			goto out;
		case 'V':
			puts("kmod version 30");
			puts("+ZSTD +XZ +ZLIB +LIBCRYPTO -EXPERIMENTAL");
			ret = EXIT_SUCCESS;
			goto out;
		default:
			goto out;
		}
	}
	if (optind < argc) {
		if (!is_version_number(argv[optind])) {
			ERR("Bad version passed %s\n", argv[optind]);
			goto out;
		}
		cfg.kversion = argv[optind++];
	} else {
		if (uname(&un) < 0) {
			CRIT("uname() failed: %s\n", strerror(errno));
			goto out;
		}
		cfg.kversion = un.release;
	}
	cfg.dirnamelen = (size_t)snprintf(cfg.dirname, sizeof(cfg.dirname), "%s" MODULE_DIRECTORY "/%s",
					  root ? root : "", cfg.kversion);
	if (optind == argc)
		all = true;
	if (quick) {
		if (to_stdout || up_to_date(cfg.dirname)) {
			ret = EXIT_SUCCESS;
			goto out;
		}
		all = true;
	}

	d.cfg = &cfg;
	d.by_name = khash_new(512);
	d.by_uncrelpath = khash_new(512);
	d.symbols = khash_new(2048);
	{
		char path[PATH_MAX + 32];

		snprintf(path, sizeof(path), "%s/modules.builtin.bin", cfg.dirname);
		d.have_builtin = kidx_open(path, &d.builtin) == 0;
	}
	if (symvers) {
		err = load_symvers(&d, symvers);
		if (err < 0) {
			CRIT("could not load %s: %s\n", symvers, strerror(-err));
			goto out;
		}
	} else if (system_map) {
		err = load_system_map(&d, system_map);
		if (err < 0) {
			CRIT("could not load %s: %s\n", system_map, strerror(-err));
			goto out;
		}
	} else if (cfg.print_unknown) {
		WRN("-e needs -E or -F\n");
		cfg.print_unknown = false;
	}

	if (all) {
		depmod_cfg_load(&cfg, cfg_paths);
		err = modules_search(&d);
		if (err < 0) {
			CRIT("could not search modules: %s\n", strerror(-err));
			goto out;
		}
	} else {
		for (; optind < argc; optind++) {
			const char *path = argv[optind];
			struct stat st;

			if (path[0] != '/') {
				CRIT("%s: not absolute path.\n", path);
				goto out;
			}
			if (stat(path, &st) < 0 || module_add(&d, path) < 0) {
				CRIT("could not add module %s: %s\n", path, strerror(errno));
				goto out;
			}
		}
	}

	build_array(&d);
	sort_by_order_file(&d);
	/* Each module is decompressed once, by the pool, in this order. */
	paths = xcalloc(d.n_modules ? d.n_modules : 1, sizeof(*paths));
	for (i = 0; i < d.n_modules; i++)
		paths[i] = d.modules[i]->path;
	prefetch = kmod_prefetch_new(paths, d.n_modules);
	for (i = 0; i < d.n_modules; i++)
		load_module(&d, d.modules[i], prefetch, i);
	kmod_prefetch_free(prefetch);
	free(paths);
	resolve(&d);
	if (calculate_dependencies(&d) < 0)
		goto out;
	err = depmod_output(&d, to_stdout);
	ret = err < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
out:
	for (i = 0; i < d.n_modules; i++)
		free(d.modules[i]->deps);
	free(d.modules);
	khash_free(d.by_name);
	khash_free(d.by_uncrelpath);
	khash_free(d.symbols);
	if (d.have_builtin)
		kidx_close(&d.builtin);
	kmod_arena_release(&d.arena);
	depmod_cfg_free(&cfg);
	free(cfg_paths);
	free(root);
	return ret;
}
