// SPDX-License-Identifier: MIT
/*
 * kmod_index.c - fuzz target: the reader of kmod's binary indexes
 * (tools/kmod/index.c: modules.dep.bin, modules.alias.bin ...), which
 * modprobe and modinfo open from the module tree.
 *
 * The input is the index file.  kidx_open() checks its header through a
 * real file; the lookups then run over an exact-size heap copy (so that
 * AddressSanitizer sees any read past the end): exact and wildcard
 * searches with keys that follow the trie and keys that do not, and the
 * full dump `modprobe -c` prints.  Invariant: no crash, no leak, no
 * out-of-bounds access, no unbounded recursion.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/kmod/kmod.h"
#include "fuzz.h"

static FILE *null_out;

static const char *const keys[] = {
	"", "a", "hello", "mathsvc", "pci:v00001AF4d00001005sv*",
	"usb:v1234p5678d0100dc00dsc00dp00ic03isc01ip01in00",
	"symbol:printk", "fixture:top-x", "*", "[",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	null_out = fopen("/dev/null", "w");
	return 0;
}

/* A key read from the input itself: the trie's own strings get followed. */
static char *key_from(const uint8_t *data, size_t size)
{
	size_t off = size > 16 ? 12 + data[12] % (size - 12) : 0;
	size_t n = size - off > 64 ? 64 : size - off;

	return strndup((const char *)data + off, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kidx_reader file, r;
	char *own_key;
	int err;

	if (!null_out)
		LLVMFuzzerInitialize(NULL, NULL);
	err = kidx_open(fuzz_file_put(data, size), &file);
	if (err > 0)
		fuzz_fail("kidx_open returned %d", err);
	if (err)
		return 0;
	r = file;
	r.mem = fuzz_copy(data, size);
	own_key = key_from(data, size);
	for (size_t i = 0; i <= sizeof(keys) / sizeof(keys[0]); i++) {
		const char *key = i < sizeof(keys) / sizeof(keys[0]) ? keys[i]
								   : own_key;
		free(kidx_search(&r, key));
		kidx_values_free(kidx_search_wild(&r, key));
	}
	kidx_dump(&r, "alias ", null_out);
	free(own_key);
	free((void *)r.mem);
	kidx_close(&file);
	return 0;
}
