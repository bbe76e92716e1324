// SPDX-License-Identifier: MIT
/*
 * load.c - load + unload latency of four modules, side by side with the
 * tools a user would pick instead, and with the floor.
 *
 * For each subject (the hello module; Debian's libz.a and libsqlite3.a
 * turned into modules by lkm-build; a generated module with ~100,000
 * relocations) four cases run round-robin:
 *
 *   lkm     lkm_module_load() + lkm_module_unload() of the .ko, in memory;
 *   dlopen  dlopen(RTLD_NOW) + dlclose() of the same code as a shared
 *           object, a fresh copy of the file each time (made and removed
 *           untimed), checked to be really unloaded by dlclose;
 *   libtcc  tcc_new() .. tcc_add_file(the .ko) .. tcc_relocate() ..
 *           tcc_delete(): libtcc linking the same relocatable object in
 *           memory, imports from the same places (-nostdlib, dlsym);
 *   floor   copy + relocate with everything resolved (floor.c).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <libtcc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

struct subject {
	const char *label;   /* row label */
	const char *ko;      /* module file */
	const char *so;      /* the same code as a shared object */
	const char *dlopen_target; /* target vs dlopen+dlclose, or NULL */
	double dlopen_max;
	bool tcc_target;     /* the issue asks >= 8x faster than libtcc */
	double budget_s;
	size_t max_iter;
	/* runtime */
	void *image;
	size_t size;
	void *so_bytes;
	size_t so_size;
	struct bench_kernel *bk;
	struct floor_plan *floor;
	const char **undefined; /* the .ko's imports, for libtcc */
	size_t nundefined;
	unsigned copy_seq;
	char tcc_error[256];
};

static int run_lkm(void *arg, uint64_t *ns)
{
	struct subject *s = arg;
	uint64_t load, unload;
	int err = bench_load_unload(s->bk, s->image, s->size, &load, &unload);

	*ns = load + unload;
	if (err)
		fprintf(stderr, "lkm-bench: %s: load failed (%d): %s\n", s->ko,
			err, bench_kernel_last_error(s->bk));
	return err;
}

static int write_copy(const char *path, const void *bytes, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	const uint8_t *p = bytes;

	if (fd < 0)
		return -errno;
	while (size) {
		ssize_t n = write(fd, p, size);

		if (n <= 0) {
			close(fd);
			return -EIO;
		}
		p += n;
		size -= (size_t)n;
	}
	return close(fd) ? -errno : 0;
}

static int run_dlopen(void *arg, uint64_t *ns)
{
	struct subject *s = arg;
	char path[4096];
	uint64_t t0, t1;
	void *h;
	int err;

	snprintf(path, sizeof(path), "%s/tmp/dl-%u-%s", opts.dir,
		 s->copy_seq++ % 4, strrchr(s->so, '/') + 1);
	err = write_copy(path, s->so_bytes, s->so_size);
	if (err)
		return err;
	t0 = now_ns();
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (h)
		dlclose(h);
	t1 = now_ns();
	if (!h) {
		fprintf(stderr, "lkm-bench: dlopen %s: %s\n", path, dlerror());
		err = -ENOEXEC;
	} else if ((h = dlopen(path, RTLD_NOW | RTLD_NOLOAD))) {
		/* still loaded (NODELETE): later iterations would be free */
		fprintf(stderr, "lkm-bench: %s stays loaded after dlclose\n",
			path);
		dlclose(h);
		err = -EBUSY;
	}
	unlink(path);
	*ns = t1 - t0;
	return err;
}

static void tcc_error(void *opaque, const char *msg)
{
	struct subject *s = opaque;

	snprintf(s->tcc_error, sizeof(s->tcc_error), "%s", msg);
}

/*
 * libtcc resolves nothing by itself with -nostdlib; each import is looked
 * up (exports, then the C library, as our HOST_LIBC provider does) and
 * handed over with tcc_add_symbol(), inside the timed part.
 */
static int run_tcc(void *arg, uint64_t *ns)
{
	struct subject *s = arg;
	static char this_module[64];
	uint64_t t0 = now_ns(), t1;
	TCCState *t = tcc_new();
	int err = -ENOMEM;

	if (!t)
		return err;
	tcc_set_error_func(t, s, tcc_error);
	tcc_set_options(t, "-nostdlib");
	tcc_set_output_type(t, TCC_OUTPUT_MEMORY);
	for (size_t i = 0; i < s->nundefined; i++) {
		const char *name = s->undefined[i];
		void *v = strcmp(name, "__this_module") ? bench_resolve(name)
						       : this_module;

		if (v)
			tcc_add_symbol(t, name, v);
	}
	err = tcc_add_file(t, s->ko) ? -ENOEXEC : 0;
	if (!err)
		err = tcc_relocate(t, TCC_RELOCATE_AUTO) < 0 ? -ENOEXEC : 0;
	tcc_delete(t);
	t1 = now_ns();
	if (err)
		fprintf(stderr, "lkm-bench: libtcc on %s: %s\n", s->ko,
			s->tcc_error);
	*ns = t1 - t0;
	return err;
}

static int run_floor(void *arg, uint64_t *ns)
{
	*ns = floor_run(((struct subject *)arg)->floor);
	return 0;
}

static void add_rows(struct subject *s, const struct ko_info *ki,
		     struct timed_case *c)
{
	char figure[160], ours[32], peer[32];
	double lkm = c[0].median_ns;
	static const char *const peers[] = { "dlopen+dlclose", "libtcc",
					     "copy+relocate floor" };

	snprintf(figure, sizeof(figure), "load+unload %s (%zu relocs, %zu KiB)",
		 s->label, ki->relocs, (ki->alloc_bytes + 1023) / 1024);
	for (int i = 1; i <= 3; i++) {
		const char *target = NULL;
		enum row_verdict v = ROW_INFO;
		double ratio;

		if (c[0].err || c[i].err) {
			char why[160];

			snprintf(why, sizeof(why), "n/a (%s failed: %d)",
				 c[0].err ? "lkm" : c[i].name,
				 c[0].err ? c[0].err : c[i].err);
			table_add(figure, why, peers[i - 1], "", -1, NULL,
				  ROW_NA);
			continue;
		}
		ratio = lkm / c[i].median_ns;
		if (i == 1 && s->dlopen_target) {
			target = s->dlopen_target;
			v = ratio <= s->dlopen_max ? ROW_MET : ROW_MISSED;
		} else if (i == 2 && s->tcc_target) {
			target = "<= 0.125 (8x faster)";
			v = ratio <= 0.125 ? ROW_MET : ROW_MISSED;
		} else if (i == 3) {
			target = "<= 2";
			v = ratio <= 2 ? ROW_MET : ROW_MISSED;
		}
		table_add(figure, fmt_ns(ours, sizeof(ours), lkm), peers[i - 1],
			  fmt_ns(peer, sizeof(peer), c[i].median_ns), ratio,
			  target, v);
	}
}

static void bench_subject(struct subject *s)
{
	struct ko_info ki;
	struct timed_case c[4] = {
		{ "lkm", run_lkm, s },
		{ "dlopen", run_dlopen, s },
		{ "libtcc", run_tcc, s },
		{ "floor", run_floor, s },
	};
	char figure[160];
	int err;

	s->image = read_file(s->ko, &s->size);
	s->so_bytes = read_file(s->so, &s->so_size);
	snprintf(figure, sizeof(figure), "load+unload %s", s->label);
	if (!s->image || !s->so_bytes) {
		table_add_na(figure, "n/a (input not built)");
		goto out;
	}
	err = ko_inspect(s->image, s->size, &ki);
	if (!err)
		err = floor_plan_new(s->image, s->size, &s->floor);
	if (!err)
		err = ko_undefined(s->image, &s->undefined, &s->nundefined);
	if (err) {
		table_add_na(figure, "n/a (cannot plan the floor)");
		goto out;
	}
	progress("load: %s (%zu relocations)", s->label, ki.relocs);
	measure(c, ARRAY_SIZE(c), 3, s->budget_s, 15, s->max_iter);
	progress("  lkm %.1f us, dlopen %.1f us, libtcc %.1f us, floor %.1f us (%zu rounds)",
		 c[0].median_ns / 1e3, c[1].median_ns / 1e3,
		 c[2].median_ns / 1e3, c[3].median_ns / 1e3, c[0].iterations);
	add_rows(s, &ki, c);
out:
	floor_plan_free(s->floor);
	free(s->undefined);
	free(s->image);
	free(s->so_bytes);
}

void bench_load(void)
{
	struct subject subjects[] = {
		{ .label = "hello", .ko = opts.hello_ko, .so = opts.hello_so,
		  .budget_s = 1.0, .max_iter = 4000 },
		{ .label = "libz.a", .ko = "bench_zlib.ko",
		  .so = "libz.so", .dlopen_target = "<= 0.75",
		  .dlopen_max = 0.75, .tcc_target = true, .budget_s = 1.5,
		  .max_iter = 3000 },
		{ .label = "libsqlite3.a", .ko = "bench_sqlite.ko",
		  .so = "libsqlite3.so", .dlopen_target = "<= 1.25",
		  .dlopen_max = 1.25, .tcc_target = true, .budget_s = 4,
		  .max_iter = 1000 },
		{ .label = "relocs100k", .ko = "bench_relocs.ko",
		  .so = "bench_relocs.so", .budget_s = 4, .max_iter = 500 },
	};
	struct bench_kernel *bk;
	char *tmp = path_join(opts.dir, "tmp");
	int err = bench_kernel_new(BENCH_AREA_MAIN_LO, BENCH_AREA_MAIN_HI, opts.packed,
				   &bk);

	if (err) {
		table_add_na("load+unload", "n/a (cannot set up the kernel)");
		free(tmp);
		return;
	}
	mkdir_p(tmp);
	for (size_t i = 0; i < ARRAY_SIZE(subjects); i++) {
		struct subject *s = &subjects[i];
		char *ko = s->ko[0] == '/' || i == 0 ? strdup(s->ko)
						     : path_join(opts.dir, s->ko);
		char *so = s->so[0] == '/' || i == 0 ? strdup(s->so)
						     : path_join(opts.dir, s->so);

		s->ko = ko;
		s->so = so;
		s->bk = bk;
		bench_subject(s);
		free(ko);
		free(so);
	}
	bench_kernel_free(bk);
	free(tmp);
}
