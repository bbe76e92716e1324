// SPDX-License-Identifier: MIT
/*
 * tools.c - depmod and modinfo over Debian's module tree, ours against
 * Debian's kmod, plain and xz-compressed.
 *
 * bench/prepare-tree.sh unpacks linux-image-6.1 (never installed) into
 * <dir>/linux/ as four hard-linked copies: kmod-plain, lkm-plain, kmod-xz
 * and lkm-xz, so each depmod writes its own files next to the same module
 * files.  Each run is a whole process, timed from spawn to exit.  After
 * the runs, depmod's generated files and modinfo's outputs are compared
 * byte for byte; a row whose outputs differ says so.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

extern char **environ;

struct tool_run {
	char **argv;
	const char *out; /* stdout goes here */
};

static int spawn_wait(char **argv, const char *out)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status, err;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out,
					 O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	err = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err)
		return -err;
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	if (!WIFEXITED(status))
		return -EINTR;
	return WEXITSTATUS(status) ? -WEXITSTATUS(status) - 1000 : 0;
}

static int run_tool(void *arg, uint64_t *ns)
{
	struct tool_run *r = arg;
	uint64_t t0 = now_ns();
	int err = spawn_wait(r->argv, r->out);

	*ns = now_ns() - t0;
	return err;
}

static bool files_equal(const char *a, const char *b)
{
	size_t na, nb;
	void *x = read_file(a, &na), *y = read_file(b, &nb);
	bool eq = x && y && na == nb && !memcmp(x, y, na);

	free(x);
	free(y);
	return eq;
}

/* Compare every modules.* file depmod wrote in @a with @b's. */
static size_t depmod_diffs(const char *a, const char *b, char *first,
			   size_t len)
{
	DIR *d = opendir(a);
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return 1;
	while ((e = readdir(d))) {
		char *x, *y;

		if (strncmp(e->d_name, "modules.", 8))
			continue;
		x = path_join(a, e->d_name);
		y = path_join(b, e->d_name);
		if (!files_equal(x, y)) {
			if (!n)
				snprintf(first, len, "%.64s", e->d_name);
			n++;
		}
		free(x);
		free(y);
	}
	closedir(d);
	return n;
}

static const char *find_kmod_tool(const char *name)
{
	static char buf[4][64];
	static unsigned next;
	static const char *const dirs[] = { "/usr/sbin", "/sbin", "/usr/bin",
					    "/bin" };

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		char *p = buf[next++ % 4];

		snprintf(p, sizeof(buf[0]), "%s/%s", dirs[i], name);
		if (!access(p, X_OK))
			return p;
	}
	return NULL;
}

/* The module files under @root (relative to the tree), sorted. */
static int collect_modules(const char *root, char ***out, size_t *n)
{
	char *cmd;
	FILE *f;
	char line[4096];
	size_t cap = 8192;
	char **v = calloc(cap, sizeof(*v));

	if (asprintf(&cmd,
		     "find '%s' -name '*.ko' -o -name '*.ko.xz' | LC_ALL=C sort",
		     root) < 0)
		return -ENOMEM;
	f = popen(cmd, "r");
	free(cmd);
	if (!f || !v)
		return -ENOMEM;
	*n = 0;
	while (fgets(line, sizeof(line), f) && *n + 1 < cap) {
		line[strcspn(line, "\n")] = 0;
		v[(*n)++] = strdup(line);
	}
	pclose(f);
	*out = v;
	return *n ? 0 : -ENOENT;
}

static void tool_rows(const char *what, const char *flavour,
		      struct timed_case *c, bool same, const char *diff,
		      const char *target, double max)
{
	char fig[128], ours[64], peer[32];
	double r;

	snprintf(fig, sizeof(fig), "%s over linux-image-6.1 (%s)", what,
		 flavour);
	if (c[0].err || c[1].err) {
		snprintf(ours, sizeof(ours), "n/a (%s exited with %d)",
			 c[0].err ? "lkm" : "kmod",
			 c[0].err ? c[0].err + 1000 : c[1].err + 1000);
		table_add(fig, ours, "Debian kmod", "", -1, target, ROW_NA);
		return;
	}
	r = c[0].median_ns / c[1].median_ns;
	fmt_ns(ours, sizeof(ours), c[0].median_ns);
	if (!same) {
		size_t l = strlen(ours);

		snprintf(ours + l, sizeof(ours) - l, " [output differs: %s]",
			 diff);
	}
	table_add(fig, ours, "Debian kmod",
		  fmt_ns(peer, sizeof(peer), c[1].median_ns), r, target,
		  same && r <= max ? ROW_MET : ROW_MISSED);
}

static void bench_flavour(const char *flavour, const char *ver,
			  const char *kmod_depmod, const char *kmod_modinfo,
			  unsigned warmup, unsigned iters)
{
	char *root_k, *root_l, *dir_k, *dir_l, *out_k, *out_l, diff[128] = "";
	char **mods = NULL;
	size_t nmods = 0, ndiff;
	struct tool_run rk, rl;
	struct timed_case c[2];
	char *argv_k[8], *argv_l[8];

	if (asprintf(&root_k, "%s/linux/kmod-%s", opts.dir, flavour) < 0 ||
	    asprintf(&root_l, "%s/linux/lkm-%s", opts.dir, flavour) < 0 ||
	    asprintf(&dir_k, "%s/lib/modules/%s", root_k, ver) < 0 ||
	    asprintf(&dir_l, "%s/lib/modules/%s", root_l, ver) < 0 ||
	    asprintf(&out_k, "%s/%s-kmod-%s.out", opts.dir, "depmod",
		     flavour) < 0 ||
	    asprintf(&out_l, "%s/%s-lkm-%s.out", opts.dir, "depmod",
		     flavour) < 0)
		abort();

	/* depmod -b ROOT VERSION */
	argv_k[0] = (char *)kmod_depmod;
	argv_l[0] = (char *)opts.lkm_tool;
	argv_l[1] = "depmod";
	argv_k[1] = "-b";
	argv_k[2] = root_k;
	argv_k[3] = (char *)ver;
	argv_k[4] = NULL;
	argv_l[2] = "-b";
	argv_l[3] = root_l;
	argv_l[4] = (char *)ver;
	argv_l[5] = NULL;
	rk = (struct tool_run){ argv_k, out_k };
	rl = (struct tool_run){ argv_l, out_l };
	c[0] = (struct timed_case){ "lkm depmod", run_tool, &rl };
	c[1] = (struct timed_case){ "kmod depmod", run_tool, &rk };
	progress("tools: depmod (%s tree), %u runs each", flavour, iters);
	measure(c, 2, warmup, 1.0, iters, iters);
	ndiff = depmod_diffs(dir_k, dir_l, diff, sizeof(diff));
	if (ndiff > 1) {
		size_t l = strlen(diff);

		snprintf(diff + l, sizeof(diff) - l, " and %zu more",
			 ndiff - 1);
	}
	tool_rows("depmod", flavour, c, ndiff == 0, diff, "<= 0.5, same output",
		  0.5);

	/* modinfo FILE... */
	if (collect_modules(dir_k, &mods, &nmods)) {
		table_add_na("modinfo over linux-image-6.1", "n/a (no modules)");
		goto out;
	}
	{
		char **ak = calloc(nmods + 3, sizeof(char *));
		char **al = calloc(nmods + 3, sizeof(char *));

		if (!ak || !al)
			abort();
		ak[0] = (char *)kmod_modinfo;
		al[0] = (char *)opts.lkm_tool;
		al[1] = "modinfo";
		for (size_t i = 0; i < nmods; i++)
			ak[i + 1] = al[i + 2] = mods[i];
		free(out_k);
		free(out_l);
		if (asprintf(&out_k, "%s/modinfo-kmod-%s.out", opts.dir,
			     flavour) < 0 ||
		    asprintf(&out_l, "%s/modinfo-lkm-%s.out", opts.dir,
			     flavour) < 0)
			abort();
		rk = (struct tool_run){ ak, out_k };
		rl = (struct tool_run){ al, out_l };
		c[0] = (struct timed_case){ "lkm modinfo", run_tool, &rl };
		c[1] = (struct timed_case){ "kmod modinfo", run_tool, &rk };
		progress("tools: modinfo of %zu modules (%s), %u runs each",
			 nmods, flavour, iters);
		measure(c, 2, warmup, 1.0, iters, iters);
		tool_rows("modinfo", flavour, c, files_equal(out_k, out_l),
			  "stdout", "<= 0.5", 0.5);
		free(ak);
		free(al);
	}
out:
	for (size_t i = 0; i < nmods; i++)
		free(mods[i]);
	free(mods);
	free(root_k);
	free(root_l);
	free(dir_k);
	free(dir_l);
	free(out_k);
	free(out_l);
}

static bool find_version(char *ver, size_t len)
{
	char *dir = path_join(opts.dir, "linux/kmod-plain/lib/modules");
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;

	free(dir);
	if (!d)
		return false;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(ver, len, "%s", e->d_name);
			found = true;
		}
	closedir(d);
	return found;
}

void bench_tools(void)
{
	const char *kd = find_kmod_tool("depmod");
	const char *km = find_kmod_tool("modinfo");
	char ver[256];

	if (!opts.lkm_tool || access(opts.lkm_tool, X_OK)) {
		table_add_na("depmod and modinfo over linux-image-6.1",
			     "n/a (build/bin/lkm depmod not built yet)");
		return;
	}
	if (!kd || !km) {
		table_add_na("depmod and modinfo over linux-image-6.1",
			     "n/a (Debian's kmod is not installed)");
		return;
	}
	if (!find_version(ver, sizeof(ver))) {
		table_add_na("depmod and modinfo over linux-image-6.1",
			     "n/a (module tree not prepared: bench/prepare-tree.sh)");
		return;
	}
	/* xz: ~10 s a run, decompression-bound; the files are cached already */
	bench_flavour("plain", ver, kd, km, 1, 5);
	bench_flavour("xz", ver, kd, km, 0, 3);
}
