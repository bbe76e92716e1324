// SPDX-License-Identifier: MIT
/*
 * seqbuf.c - a growing text buffer, what proc views and listings print into.
 *
 * Like Linux's seq_file without the paging: a generator appends all of its
 * text, and the first allocation failure is remembered in sb->err so that
 * generators may print unchecked and look once at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>

#include "internal.h"

void seqbuf_init(struct seqbuf *sb)
{
	*sb = (struct seqbuf){ 0 };
}

/* Make room for @extra more bytes plus the terminator. */
static int seqbuf_reserve(struct seqbuf *sb, size_t extra)
{
	size_t cap = sb->cap ? sb->cap : 256;
	char *buf;

	if (sb->err)
		return sb->err;
	if (extra >= SIZE_MAX / 2 - sb->len)
		return sb->err = -LKM_ENOMEM;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	if (cap == sb->cap)
		return 0;
	buf = realloc(sb->buf, cap);
	if (buf == NULL)
		return sb->err = -LKM_ENOMEM;
	sb->buf = buf;
	sb->cap = cap;
	return 0;
}

int seqbuf_write(struct seqbuf *sb, const char *data, size_t len)
{
	if (seqbuf_reserve(sb, len))
		return sb->err;
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
	return 0;
}

int seqbuf_vprintf(struct seqbuf *sb, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0)
		sb->err = sb->err ? sb->err : -LKM_EINVAL;
	else if (seqbuf_reserve(sb, (size_t)n) == 0)
		sb->len += (size_t)vsnprintf(sb->buf + sb->len, (size_t)n + 1,
					     fmt, again);
	va_end(again);
	return sb->err;
}

int seqbuf_printf(struct seqbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seqbuf_vprintf(sb, fmt, ap);
	va_end(ap);
	return sb->err;
}

char *seqbuf_detach(struct seqbuf *sb, size_t *len)
{
	char *buf;

	if (seqbuf_reserve(sb, 0))
		return NULL;
	sb->buf[sb->len] = '\0';
	buf = sb->buf;
	*len = sb->len;
	seqbuf_init(sb);
	return buf;
}

void seqbuf_release(struct seqbuf *sb)
{
	free(sb->buf);
	seqbuf_init(sb);
}
