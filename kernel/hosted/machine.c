// SPDX-License-Identifier: MIT
/*
 * machine.c - what the hosted port lends the kernel's services beyond the
 * module area: page protection of kernel data (the system-call table) and
 * entropy for the simulated devices (the host's getrandom()).
 */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/random.h>

#include "../internal.h"
#include "hosted.h"

int port_set_kernel_ro(void *addr, size_t size, bool ro)
{
	if ((uintptr_t)addr % 4096 != 0 || size % 4096 != 0)
		return -EINVAL;
	if (mprotect(addr, size, ro ? PROT_READ : PROT_READ | PROT_WRITE) < 0)
		return -errno;
	return 0;
}

void port_random_bytes(void *buf, size_t len)
{
	static uint64_t x = 0x9e3779b97f4a7c15ull;
	unsigned char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = getrandom(p, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		p += n;
		len -= (size_t)n;
	}
	/* Only without getrandom(): a xorshift, better than nothing. */
	for (; len > 0; len--) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		*p++ = (unsigned char)x;
	}
}
