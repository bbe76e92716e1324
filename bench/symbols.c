// SPDX-License-Identifier: MIT
/*
 * symbols.c - exported-symbol lookup at Linux's scale, against Linux's
 * method, and module load time as the number of exports grows.
 *
 * 25,000 synthetic exports (names shaped like a kernel's: a subsystem
 * prefix, a verb or noun, a number) are registered with
 * lkm_kernel_add_symbols().  Every name is then looked up, in a shuffled
 * order, with lkm_symbol_find() and with a binary search over a sorted
 * array of the same names (what Linux does over each __ksymtab since
 * 4.x); the figure is the median per-lookup time of a pass.
 *
 * Scaling: bench_imports.ko imports 32 symbols (a median Debian module
 * imports 28); it is loaded and unloaded with 1,000, 25,000 and 100,000
 * other exports registered.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define LOOKUP_EXPORTS 25000
#define IMPORTS 32

static const char *const subsys[] = {
	"usb",	 "drm",	   "snd",    "pci",   "net",  "dev",   "ata",
	"scsi",	 "acpi",   "i2c",    "spi",   "gpio", "clk",   "regmap",
	"blk",	 "nvme",   "ib",     "rdma",  "tcp",  "ip6",   "xfrm",
	"nf",	 "crypto", "kobject", "sysfs", "debugfs", "mmc", "hid",
	"input", "v4l2",   "video",  "iio",   "mdio", "phy",   "wiphy",
	"ieee80211", "bt", "hci",    "sk",    "skb",
};
static const char *const words[] = {
	"register", "unregister", "alloc",  "free",    "get",     "put",
	"init",	    "exit",	  "read",   "write",   "probe",   "remove",
	"enable",   "disable",	  "start",  "stop",    "reset",   "lookup",
	"attach",   "detach",	  "create", "destroy", "set_mode", "get_stats",
	"queue",    "dequeue",	  "submit", "complete", "suspend", "resume",
	"map_page", "unmap_page", "lock",   "unlock",  "find_by_name",
	"notify",   "handler",	  "config", "update_status", "sync",
};

/* The i-th synthetic export name. */
static char *export_name(size_t i)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "%s_%s_%s%zu",
		 subsys[i % ARRAY_SIZE(subsys)],
		 words[(i / ARRAY_SIZE(subsys)) % ARRAY_SIZE(words)],
		 words[(i * 7 + 3) % ARRAY_SIZE(words)], i);
	return strdup(buf);
}

static void dummy_export(void)
{
}

/* @n synthetic exports as a __ksymtab-shaped array. */
static struct lkm_ksym *make_exports(size_t n)
{
	struct lkm_ksym *tab = calloc(n ? n : 1, sizeof(*tab));

	if (!tab)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		tab[i].name = export_name(i);
		tab[i].value = (const void *)dummy_export;
		if (!tab[i].name)
			return NULL;
	}
	return tab;
}

static void free_exports(struct lkm_ksym *tab, size_t n)
{
	for (size_t i = 0; tab && i < n; i++)
		free((void *)tab[i].name);
	free(tab);
}

struct sorted_entry {
	const char *name;
	uintptr_t value;
};

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct sorted_entry *)a)->name,
		      ((const struct sorted_entry *)b)->name);
}

/* Linux's find_exported_symbol_in_section(): bsearch by name. */
static const struct sorted_entry *bsearch_find(const struct sorted_entry *tab,
					       size_t n, const char *name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, tab[mid].name);

		if (!c)
			return &tab[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

struct lookup_ctx {
	struct lkm_kernel *k;
	const struct sorted_entry *sorted;
	const char **order; /* names, shuffled */
	size_t n;
};

static volatile uintptr_t sink;

static int run_lkm_lookup(void *arg, uint64_t *ns)
{
	struct lookup_ctx *c = arg;
	uint64_t t0 = now_ns();

	for (size_t i = 0; i < c->n; i++) {
		uintptr_t v;

		if (lkm_symbol_find(c->k, c->order[i], &v))
			return -ENOENT;
		sink = v;
	}
	*ns = (now_ns() - t0) / c->n;
	return 0;
}

static int run_bsearch(void *arg, uint64_t *ns)
{
	struct lookup_ctx *c = arg;
	uint64_t t0 = now_ns();

	for (size_t i = 0; i < c->n; i++) {
		const struct sorted_entry *e =
			bsearch_find(c->sorted, c->n, c->order[i]);

		if (!e)
			return -ENOENT;
		sink = e->value;
	}
	*ns = (now_ns() - t0) / c->n;
	return 0;
}

static void shuffle(const char **v, size_t n, uint64_t seed)
{
	for (size_t i = n; i > 1; i--) {
		size_t j;
		const char *t;

		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		j = (size_t)(seed >> 33) % i;
		t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

static void bench_lookup(void)
{
	const char *figure = "symbol lookup, 25,000 exports (per lookup)";
	struct lkm_ksym *tab = make_exports(LOOKUP_EXPORTS);
	struct sorted_entry *sorted = calloc(LOOKUP_EXPORTS, sizeof(*sorted));
	const char **order = calloc(LOOKUP_EXPORTS, sizeof(*order));
	struct bench_kernel *bk = NULL;
	struct lookup_ctx ctx;
	struct timed_case c[2];
	char ours[32], peer[32];

	if (!tab || !sorted || !order ||
	    bench_kernel_new(BENCH_AREA_MAIN_LO, BENCH_AREA_MAIN_HI, opts.packed,
				   &bk) ||
	    lkm_kernel_add_symbols(bench_kernel_lkm(bk), tab,
				   tab + LOOKUP_EXPORTS, false)) {
		table_add_na(figure, "n/a (set-up failed)");
		goto out;
	}
	for (size_t i = 0; i < LOOKUP_EXPORTS; i++) {
		sorted[i] = (struct sorted_entry){ tab[i].name,
						   (uintptr_t)tab[i].value };
		order[i] = tab[i].name;
	}
	qsort(sorted, LOOKUP_EXPORTS, sizeof(*sorted), cmp_entry);
	shuffle(order, LOOKUP_EXPORTS, 42);
	ctx = (struct lookup_ctx){ bench_kernel_lkm(bk), sorted, order,
				   LOOKUP_EXPORTS };
	c[0] = (struct timed_case){ "lkm_symbol_find", run_lkm_lookup, &ctx };
	c[1] = (struct timed_case){ "bsearch", run_bsearch, &ctx };
	progress("symbols: lookup over %d exports", LOOKUP_EXPORTS);
	measure(c, 2, 2, 1.5, 11, 200);
	if (c[0].err || c[1].err) {
		table_add_na(figure, "n/a (a lookup failed)");
		goto out;
	}
	table_add(figure, fmt_ns(ours, sizeof(ours), c[0].median_ns),
		  "sorted-array binary search",
		  fmt_ns(peer, sizeof(peer), c[1].median_ns),
		  c[0].median_ns / c[1].median_ns, "<= 0.2 (5x faster)",
		  c[0].median_ns / c[1].median_ns <= 0.2 ? ROW_MET
							 : ROW_MISSED);
out:
	if (bk)
		bench_kernel_free(bk);
	free(order);
	free(sorted);
	free_exports(tab, LOOKUP_EXPORTS);
}

/* ---- load time against the number of exports ------------------------------ */

static void import_target(void)
{
}

struct scale_ctx {
	struct bench_kernel *bk;
	void *image;
	size_t size;
};

static int run_scale(void *arg, uint64_t *ns)
{
	struct scale_ctx *s = arg;
	uint64_t load, unload;
	int err = bench_load_unload(s->bk, s->image, s->size, &load, &unload);

	*ns = load + unload;
	if (err)
		fprintf(stderr, "lkm-bench: bench_imports.ko: %d: %s\n", err,
			bench_kernel_last_error(s->bk));
	return err;
}

static void bench_scaling(void)
{
	static const size_t counts[] = { 1000, 25000, 100000 };
	struct scale_ctx ctx[ARRAY_SIZE(counts)] = { 0 };
	struct timed_case c[ARRAY_SIZE(counts)];
	struct lkm_ksym imports[IMPORTS], *tabs[ARRAY_SIZE(counts)] = { 0 };
	char *path = path_join(opts.dir, "bench_imports.ko");
	char names[IMPORTS][16];
	size_t size;
	void *image = read_file(path, &size);
	const char *figure = "load+unload, module importing 32 symbols";
	uintptr_t lo = BENCH_AREA_MAIN_LO;
	size_t step = (BENCH_AREA_MAIN_HI - BENCH_AREA_MAIN_LO) /
		      ARRAY_SIZE(counts) & ~(size_t)0xfffff;
	bool ok = image != NULL;

	for (size_t i = 0; i < IMPORTS; i++) {
		snprintf(names[i], sizeof(names[i]), "bimp_%02zu", i);
		imports[i] = (struct lkm_ksym){ (const void *)import_target,
						names[i], NULL };
	}
	/* One kernel per export count, each with its own slice of the area. */
	for (size_t i = 0; ok && i < ARRAY_SIZE(counts); i++) {
		struct lkm_kernel *k;

		tabs[i] = make_exports(counts[i]);
		ok = tabs[i] && !bench_kernel_new(lo + i * step,
						  lo + (i + 1) * step,
						  opts.packed, &ctx[i].bk);
		if (!ok)
			break;
		k = bench_kernel_lkm(ctx[i].bk);
		ok = !lkm_kernel_add_symbols(k, tabs[i], tabs[i] + counts[i],
					     false) &&
		     !lkm_kernel_add_symbols(k, imports, imports + IMPORTS,
					     false);
		ctx[i].image = image;
		ctx[i].size = size;
		c[i] = (struct timed_case){ "scale", run_scale, &ctx[i] };
	}
	if (ok) {
		progress("symbols: load time with 1,000 / 25,000 / 100,000 exports");
		measure(c, ARRAY_SIZE(counts), 5, 1.5, 31, 5000);
		for (size_t i = 0; i < ARRAY_SIZE(counts); i++)
			ok = ok && !c[i].err;
	}
	if (!ok) {
		table_add_na(figure, "n/a (set-up or load failed)");
	} else {
		for (size_t i = 1; i < ARRAY_SIZE(counts); i++) {
			char fig[128], ours[32], peer[32];
			double r = c[i].median_ns / c[0].median_ns;

			snprintf(fig, sizeof(fig), "%s, %zu exports", figure,
				 counts[i]);
			table_add(fig, fmt_ns(ours, sizeof(ours), c[i].median_ns),
				  "same, 1,000 exports",
				  fmt_ns(peer, sizeof(peer), c[0].median_ns), r,
				  "flat (<= 1.1)",
				  r <= 1.1 ? ROW_MET : ROW_MISSED);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(counts); i++) {
		if (ctx[i].bk)
			bench_kernel_free(ctx[i].bk);
		free_exports(tabs[i], counts[i]);
	}
	free(image);
	free(path);
}

void bench_symbols(void)
{
	bench_lookup();
	bench_scaling();
}
