/* SPDX-License-Identifier: MIT */
/*
 * kernel.h - the base kernel's library for modules, beyond <lkm/module.h>.
 *
 *   #include <lkm/module.h>
 *   #include <lkm/kernel.h>
 *
 * What Linux modules find in <linux/string.h>, <linux/kernel.h>,
 * <linux/slab.h> and <linux/kstrtox.h>: the C string and formatting
 * functions (which compilers also emit calls to), the kernel's own string
 * helpers, allocation helpers, number parsing and the clock.  Every function
 * here is exported by the base kernel with EXPORT_SYMBOL, except where
 * marked GPL-only.  The standard functions are declared with their standard
 * prototypes, so including the C library's headers as well does no harm.
 */
#ifndef LKM_KERNEL_H
#define LKM_KERNEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lkm/module.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- memory and strings (the C library's) --------------------------------- */

void *memcpy(void *__restrict dst, const void *__restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int bcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
char *strcpy(char *__restrict dst, const char *__restrict src);
char *strncpy(char *__restrict dst, const char *__restrict src, size_t n);
char *strcat(char *__restrict dst, const char *__restrict src);
char *strncat(char *__restrict dst, const char *__restrict src, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
char *strpbrk(const char *s, const char *accept);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strsep(char **stringp, const char *delim);

/* ---- formatting (the C library's, plus Linux's scnprintf) ------------------ */

int sprintf(char *__restrict buf, const char *__restrict fmt, ...)
	__attribute__((format(printf, 2, 3)));
int snprintf(char *__restrict buf, size_t size,
	     const char *__restrict fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vsprintf(char *__restrict buf, const char *__restrict fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
int vsnprintf(char *__restrict buf, size_t size,
	      const char *__restrict fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
/* As snprintf, but return the bytes actually written (0 if @size is 0). */
int scnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int sscanf(const char *__restrict buf, const char *__restrict fmt, ...)
	__attribute__((format(scanf, 2, 3)));

/* ---- the kernel's string helpers -------------------------------------------- */

/*
 * Copy @src into @dst of @size bytes, always terminated.  Returns the length
 * copied, or -E2BIG if @src did not fit (or @size is 0).
 */
long strscpy(char *dst, const char *src, size_t size);

/* ---- allocation helpers (free with kfree) ------------------------------------- */

void *krealloc(const void *ptr, size_t size, gfp_t flags);
void *kmemdup(const void *src, size_t len, gfp_t flags) __attribute__((malloc));
char *kstrdup(const char *s, gfp_t flags) __attribute__((malloc));
char *kstrndup(const char *s, size_t max, gfp_t flags) __attribute__((malloc));
char *kasprintf(gfp_t flags, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), malloc));
char *kvasprintf(gfp_t flags, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0), malloc));
/* Large allocations; the hosted kernel treats them as kmalloc(). */
void *kvmalloc(size_t size, gfp_t flags) __attribute__((malloc));
void *kvzalloc(size_t size, gfp_t flags) __attribute__((malloc));
void kvfree(const void *ptr);

/* ---- number parsing, as Linux's kstrto*() ----------------------------------- */

/*
 * Parse all of @s (one trailing newline allowed) in @base (0: C prefixes).
 * Returns 0, -EINVAL if @s is not a number, or -ERANGE if it overflows
 * the result type; *@res is written only on success.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoll(const char *s, unsigned int base, long long *res);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtol(const char *s, unsigned int base, long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtoint(const char *s, unsigned int base, int *res);
/* By the first letters, as Linux: 1 y t on are true, 0 n f off false. */
int kstrtobool(const char *s, bool *res);

/* ---- time -------------------------------------------------------------------- */

/* Monotonic nanoseconds since boot (GPL-only). */
uint64_t ktime_get_ns(void);

#ifdef __cplusplus
}
#endif

#endif /* LKM_KERNEL_H */
