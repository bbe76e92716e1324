// SPDX-License-Identifier: MIT
/*
 * console.c - formatted output to the port's console.
 *
 * The shell writes command output to CONSOLE_OUT and diagnostics (kmod-style
 * "insmod: ERROR: ..." lines, echoed kernel messages) to CONSOLE_ERR, as the
 * tools users know do, so that scripted sessions can separate the two.
 */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

static struct seqbuf *capture;

void console_capture(struct seqbuf *sb)
{
	capture = sb;
}

void console_write(enum console_stream s, const char *buf, size_t len)
{
	if (len == 0)
		return;
	if (s == CONSOLE_OUT && capture != NULL)
		seqbuf_write(capture, buf, len);
	else
		port_console_write(s, buf, len);
}

void console_vprintf(enum console_stream s, const char *fmt, va_list ap)
{
	char small[512], *buf = small;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= (int)sizeof(small)) {
		buf = malloc((size_t)n + 1);
		if (buf != NULL)
			vsnprintf(buf, (size_t)n + 1, fmt, again);
		else
			n = (int)sizeof(small) - 1; /* print what fitted */
	}
	va_end(again);
	if (n > 0)
		console_write(s, buf != NULL ? buf : small, (size_t)n);
	if (buf != small)
		free(buf);
}

void console_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	console_vprintf(CONSOLE_OUT, fmt, ap);
	va_end(ap);
}

void console_errorf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	console_vprintf(CONSOLE_ERR, fmt, ap);
	va_end(ap);
}
