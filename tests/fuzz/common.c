// SPDX-License-Identifier: MIT
/*
 * common.c - helpers shared by the fuzz targets, and check_fail() for the
 * test platform (tests/lib/testplat.c reports through it; here a failed
 * check aborts, so that libFuzzer keeps the input that caused it), and the
 * kmod tools' program name (their log prefix; tools/kmod/kmod.c, which
 * defines it, holds main() and is not linked here).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "fuzz.h"

const char *kmod_progname = "lkm-fuzz";

static __attribute__((noreturn)) void vfail(const char *prefix,
					    const char *fmt, va_list ap)
{
	fprintf(stderr, "fuzz: invariant broken: %s", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	abort();
}

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail("", fmt, ap);
}

void check_fail(const char *file, int line, const char *fmt, ...)
{
	char where[512];
	va_list ap;

	snprintf(where, sizeof(where), "%s:%d: ", file, line);
	va_start(ap, fmt);
	vfail(where, fmt, ap);
}

uint8_t *fuzz_copy(const uint8_t *data, size_t size)
{
	uint8_t *p = malloc(size ? size : 1);

	if (!p)
		fuzz_fail("out of memory copying %zu bytes", size);
	if (size)
		memcpy(p, data, size);
	return p;
}

const char *fuzz_file_put(const uint8_t *data, size_t size)
{
	static char path[64];
	static int fd = -1;

	if (fd < 0) {
		fd = memfd_create("lkm-fuzz", MFD_CLOEXEC);
		if (fd < 0)
			fuzz_fail("memfd_create failed");
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		fuzz_fail("cannot write the input file");
	return path;
}
