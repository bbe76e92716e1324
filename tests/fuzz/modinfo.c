// SPDX-License-Identifier: MIT
/*
 * modinfo.c - fuzz target: lkm_image_for_each_modinfo(), the core's reader
 * of a module file's .modinfo strings (ELF header and section table
 * validated first), as modinfo-like tools call it on any file.
 *
 * Invariants: 0 or a negative errno; every entry handed to the callback
 * has a key of key_len identifier characters and a NUL-terminated value,
 * both inside the image.
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/lkm.h>

#include "fuzz.h"

struct walk {
	const uint8_t *lo, *hi;
	unsigned entries;
};

static bool inside(const struct walk *w, const void *p, size_t n)
{
	const uint8_t *b = p;

	return b >= w->lo && b <= w->hi && n <= (size_t)(w->hi - b);
}

static int entry(const char *key, size_t key_len, const char *value,
		 void *arg)
{
	struct walk *w = arg;
	size_t vlen;

	if (!key_len || !inside(w, key, key_len))
		fuzz_fail("key of %zu bytes outside the image", key_len);
	if (key[key_len] != '=' || value != key + key_len + 1)
		fuzz_fail("key not followed by '=' and its value");
	vlen = strnlen(value, (size_t)(w->hi - (const uint8_t *)value));
	if (!inside(w, value, vlen + 1))
		fuzz_fail("value not terminated inside the image");
	w->entries++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *img = fuzz_copy(data, size);
	struct walk w = { img, img + size, 0 };
	int err;

	err = lkm_image_for_each_modinfo(img, size, entry, &w);
	if (err > 0)
		fuzz_fail("returned %d, positive", err);
	if (err == -LKM_EINVAL)
		fuzz_fail("-EINVAL for an aligned, non-null buffer");
	free(img);
	return 0;
}
