// SPDX-License-Identifier: MIT
/*
 * memory.c - what the module area spends per module, and how fragmented it
 * gets under churn, in both of the hosted kernel's memory modes: whole
 * pages per region (Linux's way, lkm.packed=0) and packed (regions of
 * several modules share pages of one kind; the default).
 *
 * Bytes per module: N instances of a module are loaded side by side into
 * an empty area; the page allocator's bytes in use (kernel/modmem.c: for
 * the packed pool, the pages its chunks hold) divided by N is set against
 * the bytes of the sections the module keeps after init.  Instances, not
 * one module, because a packed pool's chunk is shared by design.
 *
 * Packed, also the bytes of its regions inside the pool's pages divided by
 * N: what an instance costs once the pages fill.
 *
 * Churn: a kernel whose memory (the page allocator's budget) is 3/4 of
 * what a mix of module instances would need all at once (so it runs nearly
 * full), mapped anywhere in a much larger address range as the hosted
 * kernel's is, toggles a random instance 10,000 times.  Then the
 * allocator's own figures give the fragmentation, the largest block one
 * allocation could get / free memory (and, packed, the free bytes left
 * inside the pool's pages); the loads refused with -ENOMEM although the
 * free memory held their section bytes are counted, and, the target, those
 * refused although it held them plus the stated margin (packed: a page a
 * region, the pool's sub-page slack).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define CHURN_CYCLES 10000

struct mix_module {
	const char *label;
	const char *file;     /* under opts.dir, or the hello path */
	unsigned instances;   /* in the churn mix */
	unsigned side_by_side; /* for bytes per module */
	void *image;
	size_t size;
	struct ko_info ki;
	void **copies;        /* renamed images, one per instance */
};

static const char *const mode_name[2] = { "whole pages per region",
					  "packed" };

static size_t page_round(size_t v)
{
	return (v + 4095) & ~(size_t)4095;
}

/* Module memory a load needs at its peak, page mode (core + init pages). */
static size_t need_pages(const struct ko_info *ki)
{
	return page_round(ki->core_bytes) + 3 * 4096 +
	       page_round(ki->init_text) + page_round(ki->init_data);
}

static int make_copies(struct mix_module *m, unsigned n)
{
	m->copies = calloc(n, sizeof(*m->copies));
	if (!m->copies)
		return -ENOMEM;
	for (unsigned j = 0; j < n; j++) {
		m->copies[j] = malloc(m->size);
		if (!m->copies[j])
			return -ENOMEM;
		memcpy(m->copies[j], m->image, m->size);
		if (ko_rename(m->copies[j], m->size, j))
			return -EINVAL;
	}
	return 0;
}

/*
 * Area bytes per instance with @n instances loaded side by side, and
 * (packed) the bytes of its regions inside the pool's pages.
 */
static int bytes_per_module(struct mix_module *m, bool packed, double *out,
			    double *regions)
{
	unsigned n = m->side_by_side;
	char (*names)[LKM_MODULE_NAME_LEN] = calloc(n, sizeof(*names));
	struct bench_kernel *bk;
	struct bench_area a;
	unsigned loaded = 0;
	int err;

	if (!names)
		return -ENOMEM;
	err = bench_kernel_new(BENCH_AREA_MAIN_LO, BENCH_AREA_MAIN_HI, packed,
			       &bk);
	for (; !err && loaded < n; loaded++)
		err = lkm_module_load(bench_kernel_lkm(bk), m->copies[loaded],
				      m->size, NULL, 0, names[loaded]);
	if (!err) {
		bench_kernel_area(bk, &a);
		*out = (double)a.alloc_bytes / n;
		*regions = (double)a.pool_regions / n;
	} else if (bk) {
		fprintf(stderr, "lkm-bench: %s: %d: %s\n", m->label, err,
			bench_kernel_last_error(bk));
	}
	if (err && loaded)
		loaded--;
	for (unsigned j = 0; j < loaded; j++)
		if (lkm_module_unload(bench_kernel_lkm(bk), names[j], 0))
			fprintf(stderr, "lkm-bench: cannot unload %s\n",
				names[j]);
	if (bk)
		bench_kernel_free(bk);
	free(names);
	return err;
}

static void bytes_rows(struct mix_module *m)
{
	for (int packed = 0; packed < 2; packed++) {
		char fig[160], ours[32], peer[32];
		double bytes = 0, regions = 0, r;

		snprintf(fig, sizeof(fig), "module memory, %s, %s", m->label,
			 mode_name[packed]);
		if (bytes_per_module(m, packed, &bytes, &regions)) {
			table_add_na(fig, "n/a (load failed)");
			continue;
		}
		r = bytes / (double)m->ki.core_bytes;
		table_add(fig, fmt_bytes(ours, sizeof(ours), bytes),
			  "its section bytes",
			  fmt_bytes(peer, sizeof(peer),
				    (double)m->ki.core_bytes),
			  r, "<= 1.25", r <= 1.25 ? ROW_MET : ROW_MISSED);
		if (!packed || m->side_by_side < 32)
			continue;
		/*
		 * What each instance takes inside the pool's pages: the cost
		 * per module once pages fill, which N instances of a module
		 * a fraction of a page long cannot show.
		 */
		snprintf(fig, sizeof(fig),
			 "module memory, %s, packed, its regions in pool pages",
			 m->label);
		r = regions / (double)m->ki.core_bytes;
		table_add(fig, fmt_bytes(ours, sizeof(ours), regions),
			  "its section bytes",
			  fmt_bytes(peer, sizeof(peer),
				    (double)m->ki.core_bytes),
			  r, "<= 1.25", r <= 1.25 ? ROW_MET : ROW_MISSED);
	}
}

struct slot {
	struct mix_module *m;
	void *image;
	char name[LKM_MODULE_NAME_LEN];
	bool loaded;
};

/*
 * What a packed load may need beyond its section bytes: its regions are
 * rounded to pages when they do not fit in the free bytes of pool pages of
 * their kind, so up to one page a region.
 */
static size_t packed_margin(const struct ko_info *ki)
{
	return ki->regions * 4096;
}

static void churn(struct mix_module *mix, size_t nmix, bool packed)
{
	size_t nslots = 0, need_all = 0, budget, loads = 0, enomem = 0,
	       refused_fitting = 0, refused_margin = 0, worst_need = 0,
	       worst_free = 0, largest;
	struct bench_area a;
	struct slot *slots;
	struct bench_kernel *bk;
	uint64_t seed = 12345, t0;
	unsigned n = 0;
	char fig[160], ours[128], peer[96], b1[32], b2[32];

	snprintf(fig, sizeof(fig),
		 "fragmentation after 10,000 load/unload cycles, %s",
		 mode_name[packed]);
	for (size_t i = 0; i < nmix; i++) {
		nslots += mix[i].instances;
		need_all += mix[i].instances * need_pages(&mix[i].ki);
	}
	/*
	 * Memory is 3/4 of what the mix needs at once; the address space it
	 * is mapped into is the whole churn range, many times that (the
	 * hosted kernel's is 1 GiB).
	 */
	budget = page_round(need_all * 3 / 4);
	slots = calloc(nslots, sizeof(*slots));
	if (!slots || bench_kernel_new(BENCH_AREA_CHURN_LO,
				       BENCH_AREA_CHURN_HI, packed, &bk)) {
		table_add_na(fig, "n/a (set-up failed)");
		free(slots);
		return;
	}
	bench_kernel_set_budget(bk, budget);
	for (size_t i = 0; i < nmix; i++)
		for (unsigned j = 0; j < mix[i].instances; j++)
			slots[n++] = (struct slot){ &mix[i], mix[i].copies[j] };
	progress("memory: %d random load/unload cycles over %zu instances, "
		 "%zu KiB of memory, %s", CHURN_CYCLES, nslots, budget / 1024,
		 mode_name[packed]);
	t0 = now_ns();
	for (unsigned c = 0; c < CHURN_CYCLES; c++) {
		struct slot *s;
		size_t need, free_now;
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
		bench_kernel_area(bk, &a);
		err = lkm_module_load(bench_kernel_lkm(bk), s->image,
				      s->m->size, NULL, 0, s->name);
		loads++;
		if (!err) {
			s->loaded = true;
			continue;
		}
		if (err != -ENOMEM) {
			fprintf(stderr, "lkm-bench: load %s: %d: %s\n",
				s->m->label, err, bench_kernel_last_error(bk));
			continue;
		}
		enomem++;
		need = packed ? s->m->ki.alloc_bytes : need_pages(&s->m->ki);
		free_now = a.free_bytes + (packed ? a.pool_slack : 0);
		if (free_now >= need) {
			refused_fitting++;
			if (need > worst_need) {
				worst_need = need;
				worst_free = free_now;
			}
		}
		if (a.free_bytes >= need + (packed ? packed_margin(&s->m->ki)
						   : 0))
			refused_margin++;
	}
	bench_kernel_area(bk, &a);
	progress("  %.1f s; %zu loads, %zu refused for lack of memory",
		 (double)(now_ns() - t0) / 1e9, loads, enomem);
	/* the largest block one allocation could get (a guard page follows) */
	largest = a.largest_free > 4096 ? a.largest_free - 4096 : 0;
	if (largest > a.free_bytes)
		largest = a.free_bytes;
	snprintf(ours, sizeof(ours), "%.2f (%s free of %s",
		 a.free_bytes ? (double)largest / (double)a.free_bytes : 1.0,
		 fmt_bytes(b1, sizeof(b1), (double)a.free_bytes),
		 fmt_bytes(b2, sizeof(b2), (double)a.budget_bytes));
	if (packed)
		snprintf(ours + strlen(ours), sizeof(ours) - strlen(ours),
			 "; %s free inside pool pages",
			 fmt_bytes(b2, sizeof(b2), (double)a.pool_slack));
	snprintf(ours + strlen(ours), sizeof(ours) - strlen(ours),
		 "; address space %zu extents, %zu refusals)", a.free_extents,
		 a.space_refusals);
	table_add(fig, ours, "largest block / free memory", "", -1, NULL,
		  ROW_INFO);
	snprintf(fig, sizeof(fig),
		 "loads refused for memory that fitted in free bytes, %s",
		 mode_name[packed]);
	snprintf(ours, sizeof(ours), "%zu of %zu loads", refused_fitting,
		 loads);
	if (refused_fitting)
		snprintf(peer, sizeof(peer), "worst: %s needed, %s free",
			 fmt_bytes(b1, sizeof(b1), (double)worst_need),
			 fmt_bytes(b2, sizeof(b2), (double)worst_free));
	else
		snprintf(peer, sizeof(peer), "(%zu refused, none fitting)",
			 enomem);
	table_add(fig, ours, peer, "", -1, NULL, ROW_INFO);
	snprintf(fig, sizeof(fig),
		 "loads refused with free memory >= section bytes + %s, %s",
		 packed ? "a page a region" : "nothing", mode_name[packed]);
	snprintf(ours, sizeof(ours), "%zu of %zu loads", refused_margin,
		 loads);
	snprintf(peer, sizeof(peer), "(%zu refused in all)", enomem);
	table_add(fig, ours, peer, "", -1, "0",
		  refused_margin ? ROW_MISSED : ROW_MET);
	for (size_t i = 0; i < nslots; i++)
		if (slots[i].loaded &&
		    lkm_module_unload(bench_kernel_lkm(bk), slots[i].name, 0))
			fprintf(stderr, "lkm-bench: cannot unload %s\n",
				slots[i].name);
	free(slots);
	bench_kernel_free(bk);
}

void bench_memory(void)
{
	struct mix_module mix[] = {
		{ "hello (small)", NULL, 32, 32 },
		{ "libz.a", "bench_zlib.ko", 16, 16 },
		{ "libsqlite3.a (large)", "bench_sqlite.ko", 6, 8 },
		{ "relocs100k", "bench_relocs.ko", 4, 8 },
	};
	bool ok = true;

	for (size_t i = 0; i < ARRAY_SIZE(mix); i++) {
		struct mix_module *m = &mix[i];
		char *path = m->file ? path_join(opts.dir, m->file)
				     : strdup(opts.hello_ko);
		unsigned n = m->instances > m->side_by_side ? m->instances
							    : m->side_by_side;

		m->image = read_file(path, &m->size);
		free(path);
		if (!m->image || ko_inspect(m->image, m->size, &m->ki) ||
		    make_copies(m, n)) {
			char fig[128];

			snprintf(fig, sizeof(fig), "module memory, %s",
				 m->label);
			table_add_na(fig, "n/a (module not built)");
			ok = false;
			continue;
		}
		progress("memory: %s, %u side by side", m->label,
			 m->side_by_side);
		bytes_rows(m);
	}
	for (int packed = 0; ok && packed < 2; packed++)
		churn(mix, ARRAY_SIZE(mix), packed);
	if (!ok)
		table_add_na("fragmentation after 10,000 load/unload cycles",
			     "n/a (module mix not built)");
	for (size_t i = 0; i < ARRAY_SIZE(mix); i++) {
		unsigned n = mix[i].instances > mix[i].side_by_side
				     ? mix[i].instances
				     : mix[i].side_by_side;

		for (unsigned j = 0; mix[i].copies && j < n; j++)
			free(mix[i].copies[j]);
		free(mix[i].copies);
		free(mix[i].image);
	}
}
