// SPDX-License-Identifier: GPL-2.0
/*
 * zlib_selftest.c - Debian's own libz.a, linked into a module, round-trips
 * a buffer at init.
 *
 * The module is this file plus the whole of the distribution's static
 * zlib archive, whose objects were compiled as position-independent code
 * for ordinary programs (PLT32 calls, PC-relative data) rather than for
 * this kernel; loading it proves the loader copes with what ordinary
 * compilers emit.  zlib's own calls to malloc, free and friends are
 * resolved from the hosted kernel's C library (MODULE_IMPORT_NS(HOST_LIBC)).
 *
 * Init compresses a few KiB of varied text twice (compress2(), and
 * deflate() streaming in gzip format), inflates both, and fails with
 * -EINVAL unless every byte and the CRC-32 come back.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <lkm/module.h>

#include <zlib.h>

#define TEXT_SIZE 6000

static const char *const words[] = {
	"module", "kernel", "symbol", "export", "relocation", "section",
	"loader", "init",   "exit",   "taint",  "license",    "vermagic",
	"the",    "a",	    "of",     "and",    "into",	      "from",
};

/* Fill @buf with deterministic, compressible but not repetitive text. */
static void make_text(unsigned char *buf, size_t size)
{
	unsigned int x = 2463534242u;
	size_t n = 0;

	while (n < size) {
		const char *w;

		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		w = words[x % (sizeof(words) / sizeof(words[0]))];
		while (*w && n < size)
			buf[n++] = (unsigned char)*w++;
		if (n < size)
			buf[n++] = (x & 0x300) ? ' ' : (x & 0x400) ? '\n' : '.';
	}
}

static int zerr(const char *what, int ret)
{
	pr_err("%s failed: %d\n", what, ret);
	return ret == Z_MEM_ERROR ? -LKM_ENOMEM : -LKM_EINVAL;
}

static int same(const unsigned char *a, const unsigned char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* compress2() then uncompress(); @out must hold compressBound() bytes. */
static int round_trip_oneshot(const unsigned char *text, unsigned char *out,
			      uLong out_size, unsigned char *back)
{
	uLongf zlen = out_size, blen = TEXT_SIZE;
	int ret;

	ret = compress2(out, &zlen, text, TEXT_SIZE, Z_BEST_COMPRESSION);
	if (ret != Z_OK)
		return zerr("compress2", ret);
	ret = uncompress(back, &blen, out, zlen);
	if (ret != Z_OK)
		return zerr("uncompress", ret);
	if (blen != TEXT_SIZE || !same(text, back, TEXT_SIZE)) {
		pr_err("compress2 round trip mismatch\n");
		return -LKM_EINVAL;
	}
	pr_info("compress2: %d bytes -> %lu -> %lu, round trip ok\n",
		TEXT_SIZE, (unsigned long)zlen, (unsigned long)blen);
	return 0;
}

/* Streaming deflate() in gzip format, then inflate(), in small pieces. */
static int round_trip_stream(const unsigned char *text, unsigned char *out,
			     uLong out_size, unsigned char *back)
{
	z_stream s = { 0 };
	uLong crc = crc32(0L, Z_NULL, 0), zlen;
	int ret;

	ret = deflateInit2(&s, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	if (ret != Z_OK)
		return zerr("deflateInit2", ret);
	s.next_in = (Bytef *)text;
	s.next_out = out;
	s.avail_out = (uInt)out_size;
	while (s.total_in < TEXT_SIZE) {
		s.avail_in = TEXT_SIZE - s.total_in < 1000
				     ? (uInt)(TEXT_SIZE - s.total_in)
				     : 1000;
		ret = deflate(&s, Z_NO_FLUSH);
		if (ret != Z_OK) {
			deflateEnd(&s);
			return zerr("deflate", ret);
		}
	}
	ret = deflate(&s, Z_FINISH);
	zlen = s.total_out;
	deflateEnd(&s);
	if (ret != Z_STREAM_END)
		return zerr("deflate(Z_FINISH)", ret);

	s = (z_stream){ 0 };
	ret = inflateInit2(&s, 15 + 16);
	if (ret != Z_OK)
		return zerr("inflateInit2", ret);
	s.next_in = out;
	s.avail_in = (uInt)zlen;
	s.next_out = back;
	s.avail_out = TEXT_SIZE;
	ret = inflate(&s, Z_FINISH);
	inflateEnd(&s);
	if (ret != Z_STREAM_END)
		return zerr("inflate", ret);
	if (s.total_out != TEXT_SIZE || !same(text, back, TEXT_SIZE) ||
	    crc32(crc, back, TEXT_SIZE) != crc32(crc, text, TEXT_SIZE)) {
		pr_err("deflate round trip mismatch\n");
		return -LKM_EINVAL;
	}
	pr_info("deflate (gzip): %d bytes -> %lu -> %lu, crc32 %08lx ok\n",
		TEXT_SIZE, (unsigned long)zlen, (unsigned long)s.total_out,
		(unsigned long)crc32(crc, back, TEXT_SIZE));
	return 0;
}

static int __init zlib_selftest_init(void)
{
	uLong bound = compressBound(TEXT_SIZE);
	unsigned char *text, *out, *back;
	int err = -LKM_ENOMEM;

	text = kmalloc(TEXT_SIZE, GFP_KERNEL);
	out = kmalloc(bound, GFP_KERNEL);
	back = kmalloc(TEXT_SIZE, GFP_KERNEL);
	if (!text || !out || !back)
		goto out;
	make_text(text, TEXT_SIZE);
	pr_info("zlib %s\n", zlibVersion());
	err = round_trip_oneshot(text, out, bound, back);
	if (!err)
		err = round_trip_stream(text, out, bound, back);
out:
	kfree(back);
	kfree(out);
	kfree(text);
	return err;
}

static void __exit zlib_selftest_exit(void)
{
	pr_info("exiting\n");
}

module_init(zlib_selftest_init);
module_exit(zlib_selftest_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The lkm authors");
MODULE_DESCRIPTION("Round-trips data through Debian's static libz.a");
MODULE_VERSION("1.0");
MODULE_IMPORT_NS(HOST_LIBC);
