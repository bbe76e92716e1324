// SPDX-License-Identifier: MIT
/*
 * memory.c - what the module area spends per module, and how fragmented it
 * gets under churn.
 *
 * Bytes per module: each module is loaded alone and the growth of
 * lkm_stats.module_bytes (after init, so the init block is already given
 * back) is set against the bytes of the sections the module keeps.
 *
 * Churn: a kernel whose area is 3/4 of what a mix of module instances
 * would need all at once (so it runs nearly full) toggles a random
 * instance 10,000 times.  Then the allocator's own figures give the
 * fragmentation, largest free block / free bytes; and every load refused
 * with -ENOMEM although the free bytes would have held it is counted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define CHURN_CYCLES 10000

struct mix_module {
	const char *label;
	const char *file; /* under opts.dir, or the hello path */
	unsigned instances;
	void *image;
	size_t size;
	struct ko_info ki;
	size_t bytes;     /* module memory, measured */
	size_t peak;      /* core + init while loading */
};

static size_t page_round(size_t v)
{
	return (v + 4095) & ~(size_t)4095;
}

static int measure_bytes(struct mix_module *m)
{
	struct bench_kernel *bk;
	struct lkm_stats before, after;
	char name[LKM_MODULE_NAME_LEN];
	int err = bench_kernel_new(BENCH_AREA_MAIN_LO, BENCH_AREA_MAIN_HI, &bk);

	if (err)
		return err;
	lkm_kernel_get_stats(bench_kernel_lkm(bk), &before);
	err = lkm_module_load(bench_kernel_lkm(bk), m->image, m->size, NULL, 0,
			      name);
	if (!err) {
		lkm_kernel_get_stats(bench_kernel_lkm(bk), &after);
		m->bytes = after.module_bytes - before.module_bytes;
		err = lkm_module_unload(bench_kernel_lkm(bk), name, 0);
	}
	bench_kernel_free(bk);
	return err;
}

static void add_bytes_row(const struct mix_module *m)
{
	char fig[128], ours[32], peer[32];
	double r = (double)m->bytes / (double)m->ki.core_bytes;

	snprintf(fig, sizeof(fig), "module memory, %s", m->label);
	table_add(fig, fmt_bytes(ours, sizeof(ours), (double)m->bytes),
		  "its section bytes",
		  fmt_bytes(peer, sizeof(peer), (double)m->ki.core_bytes), r,
		  "<= 1.25", r <= 1.25 ? ROW_MET : ROW_MISSED);
}

struct slot {
	struct mix_module *m;
	void *image; /* a private copy, renamed */
	char name[LKM_MODULE_NAME_LEN];
	bool loaded;
};

static void churn(struct mix_module *mix, size_t nmix)
{
	const char *figure = "fragmentation after 10,000 load/unload cycles";
	size_t nslots = 0, need_all = 0, area, loads = 0, enomem = 0,
	       refused_fitting = 0, worst_need = 0, worst_free = 0;
	size_t alloc, free_bytes, largest, extents;
	struct slot *slots;
	struct bench_kernel *bk;
	uint64_t seed = 12345, t0;
	unsigned n = 0;
	char ours[96], peer[64], buf1[32], buf2[32];

	for (size_t i = 0; i < nmix; i++) {
		nslots += mix[i].instances;
		need_all += mix[i].instances * mix[i].peak;
	}
	area = page_round(need_all * 3 / 4);
	if (area > BENCH_AREA_CHURN_HI - BENCH_AREA_CHURN_LO)
		area = BENCH_AREA_CHURN_HI - BENCH_AREA_CHURN_LO;
	slots = calloc(nslots, sizeof(*slots));
	if (!slots || bench_kernel_new(BENCH_AREA_CHURN_LO,
				       BENCH_AREA_CHURN_LO + area, &bk)) {
		table_add_na(figure, "n/a (set-up failed)");
		free(slots);
		return;
	}
	for (size_t i = 0; i < nmix; i++)
		for (unsigned j = 0; j < mix[i].instances; j++) {
			struct slot *s = &slots[n];

			s->m = &mix[i];
			s->image = malloc(mix[i].size);
			if (!s->image)
				abort();
			memcpy(s->image, mix[i].image, mix[i].size);
			if (ko_rename(s->image, mix[i].size, j))
				abort();
			n++;
		}
	progress("memory: %d random load/unload cycles over %zu instances in a %zu KiB area",
		 CHURN_CYCLES, nslots, area / 1024);
	t0 = now_ns();
	for (unsigned c = 0; c < CHURN_CYCLES; c++) {
		struct slot *s;
		int err;

		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		s = &slots[(seed >> 33) % nslots];
		if (s->loaded) {
			err = lkm_module_unload(bench_kernel_lkm(bk), s->name,
						0);
			if (err)
				fprintf(stderr, "lkm-bench: unload %s: %d\n",
					s->name, err);
			s->loaded = err != 0;
			continue;
		}
		bench_kernel_area(bk, &alloc, &free_bytes, &largest, &extents);
		err = lkm_module_load(bench_kernel_lkm(bk), s->image,
				      s->m->size, NULL, 0, s->name);
		loads++;
		if (!err) {
			s->loaded = true;
		} else if (err == -ENOMEM) {
			enomem++;
			if (free_bytes >= s->m->peak) {
				refused_fitting++;
				if (s->m->peak > worst_need) {
					worst_need = s->m->peak;
					worst_free = free_bytes;
				}
			}
		} else {
			fprintf(stderr, "lkm-bench: load %s: %d: %s\n",
				s->m->label, err, bench_kernel_last_error(bk));
		}
	}
	bench_kernel_area(bk, &alloc, &free_bytes, &largest, &extents);
	progress("  %.1f s; %zu loads, %zu refused for lack of memory",
		 (double)(now_ns() - t0) / 1e9, loads, enomem);
	snprintf(ours, sizeof(ours), "%.2f (%s free, %zu extents)",
		 free_bytes ? (double)largest / (double)free_bytes : 1.0,
		 fmt_bytes(buf1, sizeof(buf1), (double)free_bytes), extents);
	table_add(figure, ours, "fresh area", "1.00",
		  free_bytes ? (double)largest / (double)free_bytes : 1.0,
		  NULL, ROW_INFO);
	snprintf(ours, sizeof(ours), "%zu of %zu loads", refused_fitting,
		 loads);
	if (refused_fitting)
		snprintf(peer, sizeof(peer), "worst: %s needed, %s free",
			 fmt_bytes(buf1, sizeof(buf1), (double)worst_need),
			 fmt_bytes(buf2, sizeof(buf2), (double)worst_free));
	else
		snprintf(peer, sizeof(peer), "(%zu refused, none fitting)",
			 enomem);
	table_add("loads refused (-ENOMEM) that fitted in free bytes", ours,
		  peer, "", -1, "0", refused_fitting ? ROW_MISSED : ROW_MET);
	for (size_t i = 0; i < nslots; i++) {
		if (slots[i].loaded &&
		    lkm_module_unload(bench_kernel_lkm(bk), slots[i].name, 0))
			fprintf(stderr, "lkm-bench: cannot unload %s\n",
				slots[i].name);
		free(slots[i].image);
	}
	free(slots);
	bench_kernel_free(bk);
}

void bench_memory(void)
{
	struct mix_module mix[] = {
		{ "hello (small)", NULL, 32 },
		{ "libz.a", "bench_zlib.ko", 16 },
		{ "libsqlite3.a (large)", "bench_sqlite.ko", 6 },
		{ "relocs100k", "bench_relocs.ko", 4 },
	};
	bool ok = true;

	for (size_t i = 0; i < ARRAY_SIZE(mix); i++) {
		struct mix_module *m = &mix[i];
		char *path = m->file ? path_join(opts.dir, m->file)
				     : strdup(opts.hello_ko);

		m->image = read_file(path, &m->size);
		free(path);
		if (!m->image || ko_inspect(m->image, m->size, &m->ki) ||
		    measure_bytes(m)) {
			char fig[128];

			snprintf(fig, sizeof(fig), "module memory, %s",
				 m->label);
			table_add_na(fig, "n/a (module not built or not loadable)");
			ok = false;
			continue;
		}
		/* init text and data live in their own pages until init ends */
		m->peak = m->bytes + page_round(m->ki.init_text) +
			  page_round(m->ki.init_data);
		add_bytes_row(m);
	}
	if (ok)
		churn(mix, ARRAY_SIZE(mix));
	else
		table_add_na("fragmentation after 10,000 load/unload cycles",
			     "n/a (module mix not loadable)");
	for (size_t i = 0; i < ARRAY_SIZE(mix); i++)
		free(mix[i].image);
}
