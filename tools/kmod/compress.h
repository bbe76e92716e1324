/* SPDX-License-Identifier: MIT */
/*
 * compress.h - the decompression backends behind kmod_image_open(), one file
 * each (compress-xz.c on liblzma, compress-zstd.c on libzstd, compress-gz.c on
 * zlib).  Each turns a whole compressed image into a malloc'ed buffer.
 */
#ifndef LKM_TOOLS_KMOD_COMPRESS_H
#define LKM_TOOLS_KMOD_COMPRESS_H

#include <stddef.h>

/* Decompress the .xz stream @in; *out is malloc'ed.  0 or -errno. */
int kmod_xz_decompress(const void *in, size_t in_size, void **out, size_t *out_size);
/* Decompress the zstd frame(s) @in. */
int kmod_zstd_decompress(const void *in, size_t in_size, void **out, size_t *out_size);
/* Decompress the gzip stream @in. */
int kmod_gz_decompress(const void *in, size_t in_size, void **out, size_t *out_size);

#endif
