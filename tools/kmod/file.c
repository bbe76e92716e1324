// SPDX-License-Identifier: MIT
/*
 * file.c - a module file's bytes.  Plain modules are mapped read-only, or
 * read into a buffer the caller reuses; compressed ones (recognised by
 * magic bytes, as kmod does, whatever the suffix says) are decompressed
 * into the heap by a backend of compress.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compress.h"
#include "kmod.h"

static const struct {
	enum kmod_compression comp;
	size_t len;
	const char *magic;
	int (*decompress)(const void *, size_t, void **, size_t *);
} backends[] = {
	{ KMOD_COMP_ZSTD, 4, "\x28\xb5\x2f\xfd", kmod_zstd_decompress },
	{ KMOD_COMP_XZ, 6, "\xfd" "7zXZ\0", kmod_xz_decompress },
	{ KMOD_COMP_GZIP, 2, "\x1f\x8b", kmod_gz_decompress },
};

/*
 * Files up to this size are read into the caller's buffer by
 * kmod_image_read(): beyond it, copying costs more than mapping.
 */
#define READ_MAX (256 * 1024)

/* Read @size bytes of @fd into @buf; the image is what could be read. */
static int image_read(int fd, size_t size, struct kmod_image *img, struct strbuf *buf)
{
	size_t got = 0;

	buf->len = 0;
	sb_grow(buf, size);
	while (got < size) {
		ssize_t n = pread(fd, buf->buf + got, size - got, (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got < 6)
		return -EINVAL;
	img->data = (const uint8_t *)buf->buf;
	img->size = got;
	return 0;
}

static int image_map(int fd, size_t size, struct kmod_image *img)
{
	void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);

	if (map == MAP_FAILED)
		return -errno;
	img->data = map;
	img->size = size;
	img->map = map;
	img->map_size = size;
	return 0;
}

/* Replace the raw bytes of @img by their decompressed contents, if compressed. */
static int image_decode(struct kmod_image *img)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(backends); i++) {
		void *out;
		size_t out_size;
		int err;

		if (memcmp(img->data, backends[i].magic, backends[i].len) != 0)
			continue;
		err = backends[i].decompress(img->data, img->size, &out, &out_size);
		if (img->map)
			munmap(img->map, img->map_size);
		memset(img, 0, sizeof(*img));
		if (err < 0)
			return err;
		img->heap = out;
		img->data = out;
		img->size = out_size;
		img->comp = backends[i].comp;
		return 0;
	}
	return 0;
}

int kmod_image_read(int fd, struct kmod_image *img, struct strbuf *buf)
{
	struct stat st;
	int err;

	memset(img, 0, sizeof(*img));
	if (fstat(fd, &st) < 0)
		return -errno;
	/* kmod refuses files shorter than its longest magic (6 bytes). */
	if (st.st_size < 6)
		return -EINVAL;
	if (buf && st.st_size <= READ_MAX)
		err = image_read(fd, (size_t)st.st_size, img, buf);
	else
		err = image_map(fd, (size_t)st.st_size, img);
	if (err == 0)
		err = image_decode(img);
	if (err < 0)
		memset(img, 0, sizeof(*img));
	return err;
}

int kmod_image_open(const char *path, struct kmod_image *img)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int err;

	if (fd < 0) {
		memset(img, 0, sizeof(*img));
		return -errno;
	}
	err = kmod_image_read(fd, img, NULL);
	close(fd);
	return err;
}

void kmod_image_close(struct kmod_image *img)
{
	if (img->map)
		munmap(img->map, img->map_size);
	free(img->heap);
	memset(img, 0, sizeof(*img));
}
