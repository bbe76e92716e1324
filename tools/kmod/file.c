// SPDX-License-Identifier: MIT
/*
 * file.c - a module file's bytes.  Plain modules are mapped read-only;
 * compressed ones (recognised by magic bytes, as kmod does, whatever the
 * suffix says) are decompressed into the heap by a backend of compress.h.
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

int kmod_image_open(const char *path, struct kmod_image *img)
{
	struct stat st;
	void *map = NULL;
	size_t i;
	int fd, err;

	memset(img, 0, sizeof(*img));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		err = -errno;
		goto out;
	}
	/* kmod refuses files shorter than its longest magic (6 bytes). */
	if (st.st_size < 6) {
		err = -EINVAL;
		goto out;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		err = -errno;
		goto out;
	}
	img->data = map;
	img->size = (size_t)st.st_size;
	img->map = map;
	img->map_size = (size_t)st.st_size;
	img->comp = KMOD_COMP_NONE;
	err = 0;
	for (i = 0; i < ARRAY_SIZE(backends); i++) {
		void *out;
		size_t out_size;

		if (memcmp(map, backends[i].magic, backends[i].len) != 0)
			continue;
		err = backends[i].decompress(map, img->size, &out, &out_size);
		munmap(map, img->map_size);
		img->map = NULL;
		if (err < 0) {
			memset(img, 0, sizeof(*img));
			break;
		}
		img->heap = out;
		img->data = out;
		img->size = out_size;
		img->comp = backends[i].comp;
		break;
	}
out:
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
