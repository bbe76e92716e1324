// SPDX-License-Identifier: MIT
/*
 * compress-zstd.c - .ko.zst images, through libzstd's streaming decoder (the
 * frame need not record its content size).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <zstd.h>

#include "compress.h"
#include "kmod.h"

int kmod_zstd_decompress(const void *in, size_t in_size, void **out, size_t *out_size)
{
	ZSTD_DStream *ds = ZSTD_createDStream();
	ZSTD_inBuffer ib = { in, in_size, 0 };
	unsigned long long hint = ZSTD_getFrameContentSize(in, in_size);
	size_t cap, r = 1;
	uint8_t *buf;
	ZSTD_outBuffer ob;

	if (!ds)
		return -ENOMEM;
	cap = (hint != ZSTD_CONTENTSIZE_UNKNOWN && hint != ZSTD_CONTENTSIZE_ERROR) ?
		(size_t)hint + 1 : in_size * 4 + 4096;
	buf = xmalloc(cap);
	ob.dst = buf;
	ob.size = cap;
	ob.pos = 0;
	ZSTD_initDStream(ds);
	while (ib.pos < ib.size || r != 0) {
		r = ZSTD_decompressStream(ds, &ob, &ib);
		if (ZSTD_isError(r)) {
			ERR("zstd: %s\n", ZSTD_getErrorName(r));
			goto fail;
		}
		if (ob.pos == ob.size) {
			cap *= 2;
			buf = xrealloc(buf, cap);
			ob.dst = buf;
			ob.size = cap;
		} else if (ib.pos == ib.size && r != 0) {
			ERR("zstd: truncated stream\n");
			goto fail;
		}
	}
	ZSTD_freeDStream(ds);
	*out = buf;
	*out_size = ob.pos;
	return 0;
fail:
	ZSTD_freeDStream(ds);
	free(buf);
	return -EINVAL;
}
