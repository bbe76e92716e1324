// SPDX-License-Identifier: MIT
/*
 * log.c - the tools' diagnostics, in kmod's shape: "<prog>: <LEVEL>: text"
 * on stderr, filtered by a level that -v and -q move.  A worker thread can
 * capture its messages instead (kmod_log_capture), for the thread that
 * consumes its work to print them in order.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kmod.h"

int kmod_log_level = KMOD_LOG_WARNING;

static _Thread_local struct strbuf *capture;

void kmod_log_capture(struct strbuf *sb)
{
	capture = sb;
}

static const char *level_name(int level, char buf[16])
{
	switch (level) {
	case KMOD_LOG_CRIT:
		return "FATAL";
	case KMOD_LOG_ERR:
		return "ERROR";
	case KMOD_LOG_WARNING:
		return "WARNING";
	case KMOD_LOG_NOTICE:
		return "NOTICE";
	case KMOD_LOG_INFO:
		return "INFO";
	case KMOD_LOG_DEBUG:
		return "DEBUG";
	}
	snprintf(buf, 16, "LOG-%03d", level);
	return buf;
}

void kmod_log(int level, const char *fmt, ...)
{
	char buf[16];
	char *msg;
	va_list ap;
	int n;

	if (level > kmod_log_level)
		return;
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (capture)
		sb_addf(capture, "%s: %s: %s", kmod_progname, level_name(level, buf), msg);
	else
		fprintf(stderr, "%s: %s: %s", kmod_progname, level_name(level, buf), msg);
	free(msg);
}
