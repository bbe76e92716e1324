// SPDX-License-Identifier: MIT
/*
 * load.c - fuzz target: a module image through the whole load pipeline of
 * the real core, on the test platform (tests/lib/testplat.c): signature
 * trailer, ELF validation, .modinfo, version magic, layout, symbol
 * resolution, relocation, exports, W^X, publication, and the unload.
 *
 * A fuzzed module must never run: its code is whatever bytes the fuzzer
 * made.  The core calls module code only through the entry points it finds
 * by name (init_module, cleanup_module), so every occurrence of those names
 * in the image is defaced before loading: no symbol can then be called
 * either, and a module that loads is LIVE, not permanent, and unloads.
 * (The init path itself is covered by the unit tests and the sweeps.)
 *
 * Besides the test platform's exports, the kernel exports the names the
 * in-tree modules import from the hosted kernel (kmalloc ...), so that
 * seeds made from them get past symbol resolution into relocation; they
 * all point at one function that aborts, as nothing may call them.
 *
 * Invariants, whatever the bytes: the load returns 0 or a negative errno;
 * a loaded module unloads; afterwards the kernel's counters (modules,
 * module memory, heap, symbols) are at their baseline, and the platform
 * saw every block freed with its size, no write+exec page, a balanced
 * lock and one-line log messages (testplat_free()).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "testplat.h"

static void never_called(void)
{
	fuzz_fail("module code ran");
}

#define NEVER ((const void *)(uintptr_t)never_called)
static const struct lkm_ksym kernel_like[] = {
	{ NEVER, "kmalloc", NULL },	 { NEVER, "kzalloc", NULL },
	{ NEVER, "kcalloc", NULL },	 { NEVER, "krealloc", NULL },
	{ NEVER, "kfree", NULL },	 { NEVER, "kstrdup", NULL },
	{ NEVER, "kasprintf", NULL },	 { NEVER, "snprintf", NULL },
	{ NEVER, "sprintf", NULL },	 { NEVER, "scnprintf", NULL },
	{ NEVER, "strcmp", NULL },	 { NEVER, "strncmp", NULL },
	{ NEVER, "strscpy", NULL },	 { NEVER, "strchr", NULL },
	{ NEVER, "kstrtoint", NULL },	 { NEVER, "kstrtoul", NULL },
	{ NEVER, "try_module_get", NULL }, { NEVER, "module_put", NULL },
	{ NEVER, "ktime_get_ns", NULL }, { NEVER, "vprintk", NULL },
	{ NEVER, "__stack_chk_fail", NULL },
};

static void deface(uint8_t *p, size_t size, const char *word)
{
	size_t n = strlen(word);
	uint8_t *hit, *end = p + size;

	while ((hit = memmem(p, (size_t)(end - p), word, n)) != NULL) {
		hit[0] = 'X';
		p = hit + 1;
	}
}

static void check_same(const struct lkm_stats *a, const struct lkm_stats *b)
{
	if (a->modules != b->modules || a->module_bytes != b->module_bytes ||
	    a->module_allocs != b->module_allocs ||
	    a->heap_bytes != b->heap_bytes || a->heap_allocs != b->heap_allocs ||
	    a->symbols != b->symbols)
		fuzz_fail("counters not at baseline: modules %zu/%zu module bytes %zu/%zu blocks %zu/%zu heap bytes %zu/%zu blocks %zu/%zu symbols %zu/%zu",
			  a->modules, b->modules, a->module_bytes,
			  b->module_bytes, a->module_allocs, b->module_allocs,
			  a->heap_bytes, b->heap_bytes, a->heap_allocs,
			  b->heap_allocs, a->symbols, b->symbols);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *img = fuzz_copy(data, size);
	struct lkm_stats base, now;
	char name[LKM_MODULE_NAME_LEN];
	struct lkm_kernel *k;
	int err;

	deface(img, size, "init_module");
	deface(img, size, "cleanup_module");
	k = testplat_new();
	if (lkm_kernel_add_symbols(k, kernel_like,
				   kernel_like + sizeof(kernel_like) /
							 sizeof(kernel_like[0]),
				   false))
		fuzz_fail("cannot add the kernel-like exports");
	lkm_kernel_get_stats(k, &base);
	err = lkm_module_load(k, img, size, NULL, 0, name);
	if (err > 0)
		fuzz_fail("load returned %d, positive", err);
	if (!err) {
		err = lkm_module_unload(k, name, 0);
		if (err)
			fuzz_fail("module %s loaded but its unload gave %d", name,
				  err);
	} else if (!testplat_counters.log_lines) {
		fuzz_fail("load refused with %d without logging why", err);
	}
	lkm_kernel_get_stats(k, &now);
	check_same(&now, &base);
	testplat_free(k);
	free(img);
	return 0;
}
