// SPDX-License-Identifier: MIT
/*
 * ktime.c - the kernel clock, exported to modules.
 *
 * Time is the port's monotonic clock counted from boot; GPL-only, as
 * Linux's ktime accessors are.
 */
#include <lkm/kernel.h>

#include "internal.h"

uint64_t ktime_get_ns(void)
{
	return port_clock_ns();
}
EXPORT_SYMBOL_GPL(ktime_get_ns);
