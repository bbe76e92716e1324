// SPDX-License-Identifier: MIT
/*
 * main.c - lkm-bench: run the sections, print one table.
 *
 *   lkm-bench --dir build/bench --hello build/modules/hello.ko
 *             --hello-so build/bench/hello.so [--lkm build/bin/lkm]
 *             [--quick] [--pages] [--only SECTION]
 *   lkm-bench --loop MODULE.ko [--count N]    (for profilers: load+unload
 *                                             N times, print the median)
 *
 * Every row is a median over repeated runs, with the peer measured in the
 * same run, the ratio ours/peer (lower is better for us), the issue's
 * target for that ratio and whether it is met.  The table is Markdown, so
 * a run can be pasted into docs/PERFORMANCE.md as it is.  Progress goes to
 * stderr, the table to stdout.  Module memory is packed, as the hosted
 * kernel's default, unless --pages asks for whole pages per region (its
 * lkm.packed=0); the memory section measures both.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"

struct bench_opts opts = { .dir = "build/bench", .scale = 1.0, .packed = true };

struct row {
	char *figure, *ours, *peer_name, *peer, *ratio, *target;
	enum row_verdict verdict;
};

static struct row *rows;
static size_t nrows, cap_rows;

void table_add(const char *figure, const char *ours, const char *peer_name,
	       const char *peer, double ratio, const char *target,
	       enum row_verdict verdict)
{
	char r[32] = "";

	if (nrows == cap_rows) {
		cap_rows = cap_rows ? 2 * cap_rows : 32;
		rows = realloc(rows, cap_rows * sizeof(*rows));
		if (!rows)
			abort();
	}
	if (ratio >= 0)
		snprintf(r, sizeof(r), ratio < 10 ? "%.2f" : "%.0f", ratio);
	rows[nrows++] = (struct row){ strdup(figure), strdup(ours),
				      strdup(peer_name ? peer_name : ""),
				      strdup(peer ? peer : ""), strdup(r),
				      strdup(target ? target : ""), verdict };
}

void table_add_na(const char *figure, const char *why)
{
	table_add(figure, why, "", "", -1, NULL, ROW_NA);
}

static const char *verdict_name(enum row_verdict v)
{
	static const char *const names[ROW_VERDICT_COUNT] = {
		[ROW_INFO] = "", [ROW_MET] = "met", [ROW_MISSED] = "MISSED",
		[ROW_NA] = "n/a",
	};

	return names[v];
}

static void print_table(void)
{
	static const char *const head[] = { "figure",	   "lkm",   "peer",
					     "peer figure", "ratio", "target",
					     "verdict" };
	size_t w[7];

	for (size_t j = 0; j < 7; j++)
		w[j] = strlen(head[j]);
	for (size_t i = 0; i < nrows; i++) {
		const char *cell[7] = { rows[i].figure, rows[i].ours,
					rows[i].peer_name, rows[i].peer,
					rows[i].ratio, rows[i].target,
					verdict_name(rows[i].verdict) };

		for (size_t j = 0; j < 7; j++)
			if (strlen(cell[j]) > w[j])
				w[j] = strlen(cell[j]);
	}
	for (size_t j = 0; j < 7; j++)
		printf("| %-*s ", (int)w[j], head[j]);
	printf("|\n");
	for (size_t j = 0; j < 7; j++) {
		printf("|");
		for (size_t k = 0; k < w[j] + 2; k++)
			putchar(j == 4 && k == w[j] + 1 ? ':' : '-');
	}
	printf("|\n");
	for (size_t i = 0; i < nrows; i++) {
		const char *cell[7] = { rows[i].figure, rows[i].ours,
					rows[i].peer_name, rows[i].peer,
					rows[i].ratio, rows[i].target,
					verdict_name(rows[i].verdict) };

		for (size_t j = 0; j < 7; j++)
			printf(j == 4 ? "| %*s " : "| %-*s ", (int)w[j],
			       cell[j]);
		printf("|\n");
	}
}

const char *fmt_ns(char *buf, size_t len, double ns)
{
	if (ns < 1e3)
		snprintf(buf, len, "%.1f ns", ns);
	else if (ns < 1e6)
		snprintf(buf, len, "%.1f us", ns / 1e3);
	else if (ns < 1e9)
		snprintf(buf, len, "%.2f ms", ns / 1e6);
	else
		snprintf(buf, len, "%.2f s", ns / 1e9);
	return buf;
}

const char *fmt_bytes(char *buf, size_t len, double bytes)
{
	if (bytes < 10 * 1024)
		snprintf(buf, len, "%.0f B", bytes);
	else if (bytes < 10 * 1024 * 1024)
		snprintf(buf, len, "%.1f KiB", bytes / 1024);
	else
		snprintf(buf, len, "%.1f MiB", bytes / 1048576);
	return buf;
}

void progress(const char *fmt, ...)
{
	va_list ap;

	fputs("lkm-bench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void *read_file(const char *path, size_t *size)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	uint8_t *buf = NULL;
	size_t done = 0;

	if (fd < 0 || fstat(fd, &st))
		goto fail;
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf)
		goto fail;
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		if (n <= 0)
			goto fail;
		done += (size_t)n;
	}
	close(fd);
	*size = done;
	return buf;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (!p)
		abort();
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

void mkdir_p(const char *path)
{
	char *p = strdup(path);

	if (!p)
		abort();
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = 0;
			mkdir(p, 0755);
			*s = '/';
		}
	mkdir(p, 0755);
	free(p);
}

bool section_enabled(const char *name)
{
	return !opts.only || strstr(name, opts.only);
}

static void print_machine(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256], model[200] = "unknown CPU";

	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && colon) {
			snprintf(model, sizeof(model), "%s", colon + 2);
			model[strcspn(model, "\n")] = 0;
			break;
		}
	}
	if (f)
		fclose(f);
	printf("lkm-bench: %ld cores, %s; module memory %s; medians over repeated runs; ratio = lkm / peer (lower is better)\n\n",
	       sysconf(_SC_NPROCESSORS_ONLN), model,
	       opts.packed ? "packed" : "in whole pages per region");
}

/* Load and unload one module @count times: a target for profilers. */
static int loop(const char *path, unsigned count)
{
	struct bench_kernel *bk;
	size_t size;
	void *image = read_file(path, &size);
	double *v = calloc(count ? count : 1, sizeof(*v));
	int err;

	if (!image || !v) {
		fprintf(stderr, "lkm-bench: cannot read %s\n", path);
		return 1;
	}
	err = bench_kernel_new(BENCH_AREA_MAIN_LO, BENCH_AREA_MAIN_HI, opts.packed,
				   &bk);
	op_times = (struct bench_op_times){ .enabled = true };
	for (unsigned i = 0; !err && i < count; i++) {
		uint64_t load, unload;

		err = bench_load_unload(bk, image, size, &load, &unload);
		v[i] = (double)(load + unload);
	}
	if (err) {
		fprintf(stderr, "lkm-bench: %s: %d\n", path, err);
		return 1;
	}
	printf("%s: load+unload median %.1f us over %u runs; per run in the memory hooks: alloc %.1f us, protect %.1f us, free %.1f us\n",
	       path, median(v, count) / 1e3, count,
	       op_times.alloc_ns / 1e3 / count, op_times.protect_ns / 1e3 / count,
	       op_times.free_ns / 1e3 / count);
	bench_kernel_free(bk);
	free(image);
	free(v);
	return 0;
}

static void usage(void)
{
	fputs("usage: lkm-bench --dir DIR --hello HELLO.ko --hello-so HELLO.so\n"
	      "                 [--lkm LKM-TOOL] [--quick] [--pages] [--only SECTION]\n"
	      "       lkm-bench --loop MODULE.ko [--count N]\n"
	      "sections: load symbols memory tools\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "hello", required_argument, NULL, 'H' },
		{ "hello-so", required_argument, NULL, 'S' },
		{ "lkm", required_argument, NULL, 'l' },
		{ "quick", no_argument, NULL, 'q' },
		{ "pages", no_argument, NULL, 'p' },
		{ "only", required_argument, NULL, 'o' },
		{ "loop", required_argument, NULL, 'L' },
		{ "count", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct {
		const char *name;
		void (*run)(void);
	} sections[] = {
		{ "load", bench_load },
		{ "symbols", bench_symbols },
		{ "memory", bench_memory },
		{ "tools", bench_tools },
	};
	const char *loop_path = NULL;
	unsigned count = 100;
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			opts.dir = optarg;
			break;
		case 'H':
			opts.hello_ko = optarg;
			break;
		case 'S':
			opts.hello_so = optarg;
			break;
		case 'l':
			opts.lkm_tool = optarg;
			break;
		case 'q':
			opts.scale = 0.2;
			break;
		case 'p':
			opts.packed = false;
			break;
		case 'o':
			opts.only = optarg;
			break;
		case 'L':
			loop_path = optarg;
			break;
		case 'n':
			count = (unsigned)strtoul(optarg, NULL, 0);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (loop_path)
		return loop(loop_path, count);
	if (!opts.hello_ko || !opts.hello_so)
		usage();
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++)
		if (section_enabled(sections[i].name))
			sections[i].run();
	print_machine();
	print_table();
	return 0;
}
