// SPDX-License-Identifier: MIT
/*
 * kalloc.c - kmalloc() and friends, exported to modules.
 *
 * Module allocations come from the port's C heap (malloc); the gfp flags
 * matter to a real kernel's page allocator, not here.  Declared for modules
 * in <lkm/module.h> (kmalloc family) and <lkm/kernel.h> (the helpers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lkm/kernel.h>

#include "internal.h"

void *kmalloc(size_t size, gfp_t flags)
{
	return malloc(size);
}
EXPORT_SYMBOL(kmalloc);

void *kzalloc(size_t size, gfp_t flags)
{
	return calloc(1, size);
}
EXPORT_SYMBOL(kzalloc);

void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return calloc(n, size);
}
EXPORT_SYMBOL(kcalloc);

void *krealloc(const void *ptr, size_t size, gfp_t flags)
{
	return realloc((void *)ptr, size);
}
EXPORT_SYMBOL(krealloc);

void kfree(const void *ptr)
{
	free((void *)ptr);
}
EXPORT_SYMBOL(kfree);

void *kvmalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags);
}
EXPORT_SYMBOL(kvmalloc);

void *kvzalloc(size_t size, gfp_t flags)
{
	return kzalloc(size, flags);
}
EXPORT_SYMBOL(kvzalloc);

void kvfree(const void *ptr)
{
	kfree(ptr);
}
EXPORT_SYMBOL(kvfree);

void *kmemdup(const void *src, size_t len, gfp_t flags)
{
	void *p = kmalloc(len, flags);

	if (p != NULL)
		memcpy(p, src, len);
	return p;
}
EXPORT_SYMBOL(kmemdup);

char *kstrndup(const char *s, size_t max, gfp_t flags)
{
	size_t len;
	char *p;

	if (s == NULL)
		return NULL;
	len = strnlen(s, max);
	p = kmalloc(len + 1, flags);
	if (p != NULL) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}
EXPORT_SYMBOL(kstrndup);

char *kstrdup(const char *s, gfp_t flags)
{
	return s != NULL ? kstrndup(s, strlen(s), flags) : NULL;
}
EXPORT_SYMBOL(kstrdup);

char *kvasprintf(gfp_t flags, const char *fmt, va_list ap)
{
	va_list again;
	char *p;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	p = n < 0 ? NULL : kmalloc((size_t)n + 1, flags);
	if (p != NULL)
		vsnprintf(p, (size_t)n + 1, fmt, again);
	va_end(again);
	return p;
}
EXPORT_SYMBOL(kvasprintf);

char *kasprintf(gfp_t flags, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = kvasprintf(flags, fmt, ap);
	va_end(ap);
	return p;
}
EXPORT_SYMBOL(kasprintf);
