/* SPDX-License-Identifier: MIT */
/*
 * bench.h - the benchmark harness's private declarations, grouped by the
 * file that defines them.
 *
 * lkm-bench measures liblkm against the tools a user would otherwise pick
 * (glibc's dlopen, libtcc, Debian's kmod) and against the copy-and-relocate
 * floor, and prints one table: for every figure our median, the peer's
 * median measured in the same run, and the ratio.
 */
#ifndef LKM_BENCH_H
#define LKM_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lkm/lkm.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* ---- main.c: options, inputs and the table ------------------------------- */

struct bench_opts {
	const char *dir;       /* build/bench: modules, shared objects, trees */
	const char *hello_ko;  /* build/modules/hello.ko */
	const char *hello_so;  /* the same source as a shared object */
	const char *lkm_tool;  /* build/bin/lkm (kmod-compatible), or NULL */
	const char *tree_version; /* Debian kernel release of the trees */
	double scale;          /* time budget multiplier (--quick: 0.2) */
	bool packed;           /* module memory packed (default) or pages */
	const char *only;      /* run only sections whose name contains this */
};

extern struct bench_opts opts;

/* How a row compares with its target. */
enum row_verdict {
	ROW_INFO,    /* no target for this row */
	ROW_MET,
	ROW_MISSED,
	ROW_NA,      /* could not be measured */
	ROW_VERDICT_COUNT
};

/*
 * Add a table row.  @ours/@peer are preformatted figures; @ratio < 0 means
 * no ratio; @target the target in words (or NULL).
 */
void table_add(const char *figure, const char *ours, const char *peer_name,
	       const char *peer, double ratio, const char *target,
	       enum row_verdict verdict);
/* A row that could not be measured, with the reason in the ours column. */
void table_add_na(const char *figure, const char *why);
/* Format a duration in ns as "12.3 us" / "4.56 ms" / "1.23 s". */
const char *fmt_ns(char *buf, size_t len, double ns);
const char *fmt_bytes(char *buf, size_t len, double bytes);
/* Print progress to stderr (not part of the table). */
void progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Read a whole file; NULL (and a message) on failure. */
void *read_file(const char *path, size_t *size);
bool section_enabled(const char *name);
char *path_join(const char *dir, const char *name);
void mkdir_p(const char *path);

/* ---- timing.c: clocks, medians, interleaved measurement ------------------ */

uint64_t now_ns(void);
/* Median of @n values (sorts @v in place). */
double median(double *v, size_t n);

/*
 * One timed case: @run does one iteration, times only the part being
 * measured (untimed set-up and clean-up around it are allowed), stores the
 * nanoseconds in *ns and returns 0, or a negative errno.
 */
struct timed_case {
	const char *name;
	int (*run)(void *arg, uint64_t *ns);
	void *arg;
	double median_ns;   /* out */
	size_t iterations;  /* out */
	int err;            /* out: first failure, 0 if none */
};

/*
 * Run @n cases round-robin (so drift hits all alike): @warmup untimed
 * rounds, then rounds until @budget_s seconds (scaled by opts.scale) have
 * passed or @max_iter rounds, but at least @min_iter.  A case that fails
 * stops being run and keeps its error.
 */
void measure(struct timed_case *c, size_t n, unsigned warmup,
	     double budget_s, size_t min_iter, size_t max_iter);

/* ---- platform.c: liblkm's lkm_ops for the harness ------------------------ */

struct bench_kernel;

/*
 * Nanoseconds spent in the memory hooks (mmap, mprotect ...), counted only
 * when enabled (--loop): the clock reads would otherwise be part of every
 * load the table times.
 */
struct bench_op_times {
	bool enabled;
	uint64_t alloc_ns, protect_ns, free_ns;
};
extern struct bench_op_times op_times;

/*
 * A liblkm kernel over its own module area [@lo, @hi) (kernel/modmem.c's
 * page allocator; with @packed, kernel/modpool.c's shared pages), exporting the harness's printk, lending the C library as
 * HOST_LIBC.  Logs are kept (the last error is available), not printed.
 */
int bench_kernel_new(uintptr_t lo, uintptr_t hi, bool packed,
		     struct bench_kernel **out);
void bench_kernel_free(struct bench_kernel *bk);
struct lkm_kernel *bench_kernel_lkm(struct bench_kernel *bk);
const char *bench_kernel_last_error(struct bench_kernel *bk);
/*
 * Hold at most @bytes of module memory at once; the area stays the address
 * space it is carved from (kernel/modmem.c's page budget).
 */
void bench_kernel_set_budget(struct bench_kernel *bk, size_t bytes);
/* The module area's figures (kernel/modmem.c, kernel/modpool.c). */
struct bench_area {
	size_t alloc_bytes;   /* pages handed out by the page allocator */
	size_t budget_bytes;  /* most bytes it may hand out at once */
	size_t free_bytes;    /* budget_bytes - alloc_bytes */
	size_t free_space, largest_free, free_extents; /* address space */
	size_t budget_refusals, space_refusals;
	size_t pool_regions;  /* bytes of the regions handed out */
	size_t pool_slack;    /* free bytes inside the pool's pages */
	size_t pool_largest_slack;
};
void bench_kernel_area(struct bench_kernel *bk, struct bench_area *out);
/* The address a module's import of @name gets: exports, then HOST_LIBC. */
void *bench_resolve(const char *name);
/* Names and addresses of the harness's own exports (for libtcc). */
size_t bench_exports(const char *const **names, void *const **values);
/* Load an image and unload it by name, returning 0 or the load's errno. */
int bench_load_unload(struct bench_kernel *bk, const void *image,
		      size_t size, uint64_t *load_ns, uint64_t *unload_ns);

/*
 * Module areas, all below 2 GiB (and clear of valgrind's own mappings at
 * 0x58000000, so the harness runs under callgrind too).
 */
#define BENCH_AREA_MAIN_LO 0x60000000UL  /* 256 MiB */
#define BENCH_AREA_MAIN_HI 0x70000000UL
#define BENCH_AREA_CHURN_LO 0x70000000UL /* 128 MiB */
#define BENCH_AREA_CHURN_HI 0x78000000UL
#define BENCH_FLOOR_ADDR 0x78000000UL    /* the floor's buffer, 64 MiB */

/* ---- elfinfo.c: what the harness needs to know of a .ko ------------------ */

struct ko_info {
	size_t relocs;        /* relocations of loaded sections */
	size_t alloc_bytes;   /* bytes of the sections the core loads */
	size_t core_bytes;    /* ... of them, kept after init (not .init.*) */
	size_t init_text;     /* ... of them, .init.* code */
	size_t init_data;     /* ... of them, other .init.* sections */
	unsigned regions;     /* regions the core allocates (rodata always) */
	size_t nsyms;
	char name[64];        /* .modinfo name= */
};

int ko_inspect(const void *image, size_t size, struct ko_info *out);
/* Names of the undefined symbols (pointing into @image); free the array. */
int ko_undefined(const void *image, const char ***names, size_t *n);
/* Does the core load this section (same rule as core/layout.c)? */
bool ko_section_is_loaded(const void *image, unsigned idx);
/*
 * Overwrite the last two characters of the module's name in .modinfo (in a
 * private copy of the image) with @n as two digits, so that many instances
 * of one module can be loaded at once.
 */
int ko_rename(void *image, size_t size, unsigned n);

/* ---- floor.c: copy and relocate with everything already resolved --------- */

struct floor_plan;

int floor_plan_new(const void *image, size_t size, struct floor_plan **out);
void floor_plan_free(struct floor_plan *p);
/* One straight-line copy + relocate into the floor buffer; returns ns. */
uint64_t floor_run(struct floor_plan *p);

/* ---- the sections: each adds its rows ------------------------------------ */

void bench_load(void);     /* load.c: latency against dlopen, libtcc, floor */
void bench_symbols(void);  /* symbols.c: lookup and exports scaling */
void bench_memory(void);   /* memory.c: bytes per module, fragmentation */
void bench_tools(void);    /* tools.c: depmod, modinfo against kmod */

#endif /* LKM_BENCH_H */
