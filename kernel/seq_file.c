// SPDX-License-Identifier: MIT
/*
 * seq_file.c - seq_printf() and friends: how a module's /proc view writes
 * its text.
 *
 * A struct seq_file wraps the seqbuf the view is generated into (proc.c
 * makes one per read); the first allocation failure sticks there and is
 * what the read reports.
 */
#include <lkm/fs.h>
#include <lkm/kernel.h>

#include "internal.h"

int seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = seqbuf_vprintf(m->sb, fmt, ap);
	va_end(ap);
	return err;
}
EXPORT_SYMBOL(seq_printf);

int seq_puts(struct seq_file *m, const char *s)
{
	return seqbuf_write(m->sb, s, strlen(s));
}
EXPORT_SYMBOL(seq_puts);

int seq_write(struct seq_file *m, const void *data, size_t len)
{
	return seqbuf_write(m->sb, data, len);
}
EXPORT_SYMBOL(seq_write);
