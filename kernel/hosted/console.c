// SPDX-License-Identifier: MIT
/*
 * console.c - the hosted console: stdout for command output, stderr for
 * diagnostics and kernel messages.
 *
 * stdout is flushed before anything goes to stderr, so that a session
 * captured with 2>&1 reads in the order it happened.
 */
#include <stdio.h>

#include "../internal.h"

void port_console_write(enum console_stream s, const char *buf, size_t len)
{
	if (s == CONSOLE_ERR) {
		fflush(stdout);
		fwrite(buf, 1, len, stderr);
	} else {
		fwrite(buf, 1, len, stdout);
	}
}
