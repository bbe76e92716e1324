// SPDX-License-Identifier: MIT
/*
 * compress-gz.c - .ko.gz images, through zlib's inflate (gzip wrapper).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

#include "compress.h"
#include "kmod.h"

int kmod_gz_decompress(const void *in, size_t in_size, void **out, size_t *out_size)
{
	z_stream zs = { 0 };
	size_t cap = in_size * 4 + 4096;
	uint8_t *buf;
	int r;

	if (in_size > UINT32_MAX || inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return -EINVAL;
	buf = xmalloc(cap);
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)in_size;
	zs.next_out = buf;
	zs.avail_out = (uInt)cap;
	for (;;) {
		r = inflate(&zs, Z_NO_FLUSH);
		if (r == Z_STREAM_END)
			break;
		if (r != Z_OK && r != Z_BUF_ERROR) {
			ERR("gzip: %s\n", zs.msg ? zs.msg : "corrupt data");
			goto fail;
		}
		if (zs.avail_out == 0) {
			size_t used = cap;

			cap *= 2;
			buf = xrealloc(buf, cap);
			zs.next_out = buf + used;
			zs.avail_out = (uInt)(cap - used);
		} else if (zs.avail_in == 0) {
			ERR("gzip: truncated stream\n");
			goto fail;
		}
	}
	*out = buf;
	*out_size = zs.total_out;
	inflateEnd(&zs);
	return 0;
fail:
	inflateEnd(&zs);
	free(buf);
	return -EINVAL;
}
