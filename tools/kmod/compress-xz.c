// SPDX-License-Identifier: MIT
/*
 * compress-xz.c - .ko.xz images, through liblzma's stream decoder.
 */
#include <errno.h>
#include <lzma.h>
#include <stdint.h>
#include <stdlib.h>

#include "compress.h"
#include "kmod.h"

int kmod_xz_decompress(const void *in, size_t in_size, void **out, size_t *out_size)
{
	lzma_stream strm = LZMA_STREAM_INIT;
	size_t cap = in_size * 4 + 4096;
	uint8_t *buf;
	lzma_ret r;

	if (lzma_stream_decoder(&strm, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
		return -ENOMEM;
	buf = xmalloc(cap);
	strm.next_in = in;
	strm.avail_in = in_size;
	strm.next_out = buf;
	strm.avail_out = cap;
	for (;;) {
		r = lzma_code(&strm, LZMA_FINISH);
		if (r == LZMA_STREAM_END)
			break;
		if (r != LZMA_OK && r != LZMA_BUF_ERROR) {
			ERR("xz: %s\n", r == LZMA_MEM_ERROR ? "out of memory" :
			    r == LZMA_FORMAT_ERROR ? "not an xz stream" :
			    "corrupt data");
			goto fail;
		}
		if (strm.avail_out == 0) {
			size_t used = cap;

			cap *= 2;
			buf = xrealloc(buf, cap);
			strm.next_out = buf + used;
			strm.avail_out = cap - used;
		} else if (r == LZMA_BUF_ERROR) {
			ERR("xz: truncated stream\n");
			goto fail;
		}
	}
	*out = buf;
	*out_size = strm.total_out;
	lzma_end(&strm);
	return 0;
fail:
	free(buf);
	lzma_end(&strm);
	return -EINVAL;
}
