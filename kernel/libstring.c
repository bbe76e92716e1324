// SPDX-License-Identifier: MIT
/*
 * libstring.c - the string and formatting functions exported to modules.
 *
 * Linux exports its own memcpy, strlen, snprintf ... and compilers emit
 * calls to memcpy, memset, memmove, memcmp and bcmp by themselves, so a
 * module needs them from the kernel.  The hosted kernel lends the C
 * library's: from a non-PIE executable, &memcpy is the canonical PLT entry,
 * which lies within a branch's reach of the module area.  The few helpers
 * the C library lacks (scnprintf, strscpy) are defined here.  Prototypes for
 * modules are in <lkm/kernel.h>.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <lkm/kernel.h>

#include "internal.h"

/* Called by code built with -fstack-protector; glibc does not declare it. */
extern void __stack_chk_fail(void) __attribute__((noreturn));

int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n;

	if (size == 0)
		return 0;
	n = vsnprintf(buf, size, fmt, ap);
	if (n < 0)
		return 0;
	return (size_t)n < size ? n : (int)(size - 1);
}
EXPORT_SYMBOL(vscnprintf);

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
EXPORT_SYMBOL(scnprintf);

long strscpy(char *dst, const char *src, size_t size)
{
	size_t len;

	if (size == 0)
		return -LKM_E2BIG;
	len = strnlen(src, size);
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -LKM_E2BIG;
	}
	memcpy(dst, src, len + 1);
	return (long)len;
}
EXPORT_SYMBOL(strscpy);

/* The C library's, as Linux's lib/string.c and lib/vsprintf.c export them. */
EXPORT_SYMBOL(memcpy);
EXPORT_SYMBOL(memmove);
EXPORT_SYMBOL(memset);
EXPORT_SYMBOL(memcmp);
EXPORT_SYMBOL(bcmp);
EXPORT_SYMBOL(memchr);
EXPORT_SYMBOL(strlen);
EXPORT_SYMBOL(strnlen);
EXPORT_SYMBOL(strcmp);
EXPORT_SYMBOL(strncmp);
EXPORT_SYMBOL(strcasecmp);
EXPORT_SYMBOL(strncasecmp);
EXPORT_SYMBOL(strcpy);
EXPORT_SYMBOL(strncpy);
EXPORT_SYMBOL(strcat);
EXPORT_SYMBOL(strncat);
EXPORT_SYMBOL(strchr);
EXPORT_SYMBOL(strrchr);
EXPORT_SYMBOL(strstr);
EXPORT_SYMBOL(strpbrk);
EXPORT_SYMBOL(strspn);
EXPORT_SYMBOL(strcspn);
EXPORT_SYMBOL(strsep);
EXPORT_SYMBOL(sprintf);
EXPORT_SYMBOL(snprintf);
EXPORT_SYMBOL(vsprintf);
EXPORT_SYMBOL(vsnprintf);
EXPORT_SYMBOL(sscanf);
EXPORT_SYMBOL(__stack_chk_fail);
