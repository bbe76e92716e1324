// SPDX-License-Identifier: MIT
/*
 * util.c - the few string, memory and formatting helpers the core needs.
 *
 * The core is freestanding and may not call libc, so it carries its own.
 * They favour obvious correctness over speed, except lkm_memcpy/lkm_memset,
 * which copy module sections and are on the load path.
 */
#include "internal.h"

#include "arch_string.h"

/* 16 bytes as one value: SSE2 on x86-64, whatever the target has elsewhere. */
typedef uint8_t vec16 __attribute__((vector_size(16), aligned(1)));

void *lkm_memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (n >= ARCH_BULK_MIN) { /* the load path copies whole sections */
		arch_bulk_copy(dst, src, n);
		return dst;
	}
	while (n >= 64) {
		vec16 a, b, c, e;

		__builtin_memcpy(&a, s, 16);
		__builtin_memcpy(&b, s + 16, 16);
		__builtin_memcpy(&c, s + 32, 16);
		__builtin_memcpy(&e, s + 48, 16);
		__builtin_memcpy(d, &a, 16);
		__builtin_memcpy(d + 16, &b, 16);
		__builtin_memcpy(d + 32, &c, 16);
		__builtin_memcpy(d + 48, &e, 16);
		d += 64;
		s += 64;
		n -= 64;
	}
	while (n >= 8) {
		uint64_t w;

		__builtin_memcpy(&w, s, 8);
		__builtin_memcpy(d, &w, 8);
		d += 8;
		s += 8;
		n -= 8;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *lkm_memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	uint64_t w = 0x0101010101010101ull * (uint8_t)c;
	vec16 v;

	if (n >= ARCH_BULK_MIN) { /* .bss, and the gaps between sections */
		arch_bulk_fill(dst, (uint8_t)c, n);
		return dst;
	}
	for (int i = 0; i < 16; i++)
		v[i] = (uint8_t)c;
	while (n >= 64) {
		__builtin_memcpy(d, &v, 16);
		__builtin_memcpy(d + 16, &v, 16);
		__builtin_memcpy(d + 32, &v, 16);
		__builtin_memcpy(d + 48, &v, 16);
		d += 64;
		n -= 64;
	}
	while (n >= 8) {
		__builtin_memcpy(d, &w, 8);
		d += 8;
		n -= 8;
	}
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

int lkm_memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

size_t lkm_strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t lkm_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int lkm_strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int lkm_strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

size_t lkm_strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = lkm_strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		lkm_memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

bool lkm_range_ok(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

bool lkm_is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

bool lkm_align_up(uint64_t v, uint64_t align, uint64_t *out)
{
	if (align <= 1) {
		*out = v;
		return true;
	}
	if (v > UINT64_MAX - (align - 1))
		return false;
	*out = (v + align - 1) & ~(align - 1);
	return true;
}

/* ---- formatting ---------------------------------------------------------- */

struct fmt_out {
	char *buf;
	size_t size;
	size_t len; /* would-be length, as vsnprintf */
};

static void out_char(struct fmt_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct fmt_out *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

static void out_str(struct fmt_out *o, const char *s, size_t n, int width,
		    bool left)
{
	int pad = width > (int)n ? width - (int)n : 0;

	if (!left)
		out_pad(o, ' ', pad);
	while (n--)
		out_char(o, *s++);
	if (left)
		out_pad(o, ' ', pad);
}

static void out_num(struct fmt_out *o, uint64_t v, bool neg, unsigned base,
		    int width, bool zero, bool left)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		width--;
	if (zero && !left) {
		if (neg)
			out_char(o, '-');
		out_pad(o, '0', width - n);
	} else {
		if (!left)
			out_pad(o, ' ', width - n);
		if (neg)
			out_char(o, '-');
	}
	while (n)
		out_char(o, tmp[--n]);
	if (left)
		out_pad(o, ' ', width - (int)(n + neg));
}

int lkm_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		bool left = false, zero = false;
		int width = 0, lng = 0, prec = -1;

		if (*fmt != '%') {
			out_char(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '0')
				zero = true;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				prec = prec * 10 + (*fmt++ - '0');
		}
		for (;; fmt++) {
			if (*fmt == 'l')
				lng++;
			else if (*fmt == 'z')
				lng = 2;
			else
				break;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			out_str(&o, s,
				prec >= 0 ? lkm_strnlen(s, (size_t)prec)
					  : lkm_strlen(s),
				width, left);
			break;
		}
		case 'c':
			out_char(&o, (char)va_arg(ap, int));
			break;
		case 'd':
		case 'i': {
			int64_t v = lng ? va_arg(ap, int64_t)
					: va_arg(ap, int);

			out_num(&o, v < 0 ? 0 - (uint64_t)v : (uint64_t)v,
				v < 0, 10, width, zero, left);
			break;
		}
		case 'u':
		case 'x': {
			uint64_t v = lng ? va_arg(ap, uint64_t)
					 : va_arg(ap, unsigned);

			out_num(&o, v, false, *fmt == 'u' ? 10 : 16, width,
				zero, left);
			break;
		}
		case 'p':
			out_char(&o, '0');
			out_char(&o, 'x');
			out_num(&o, (uintptr_t)va_arg(ap, void *), false, 16,
				16, true, false);
			break;
		case '%':
			out_char(&o, '%');
			break;
		default: /* unknown conversion: print it, never guess args */
			out_char(&o, '%');
			if (!*fmt)
				goto done;
			out_char(&o, *fmt);
		}
	}
done:
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int lkm_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = lkm_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
