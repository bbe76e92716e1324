// SPDX-License-Identifier: MIT
/*
 * printk.c - the kernel log: a ring buffer of timestamped, levelled records.
 *
 * printk() and vprintk() are what modules call (module.h); printk_emit() is
 * how the kernel itself and liblkm's log hook add a line.  A message may
 * start with KERN_SOH and a level digit (or 'c' for KERN_CONT, which extends
 * the newest record); it is split at newlines into records.  When the ring
 * is full the oldest records make room.  Records below the console level are
 * echoed to the console as they arrive, in dmesg's format.
 *
 * The ring is a byte array holding { header, text } pairs back to back,
 * wrapping at the end; one port lock serialises it.
 */
#include <stdio.h>
#include <string.h>

#include <lkm/module.h>

#include "internal.h"

#define LOG_BUF_LEN (1u << 17)
#define LOG_NONE ((size_t)-1)

struct log_hdr {
	uint64_t ts_ns;
	uint16_t len;
	uint8_t level;
	uint8_t pad[5];
};

static unsigned char log_buf[LOG_BUF_LEN];
static size_t log_head;            /* oldest record */
static size_t log_tail;            /* where the next record goes */
static size_t log_used;            /* bytes held */
static size_t log_last = LOG_NONE; /* newest record, for KERN_CONT */
static int console_level;

static void ring_put(size_t off, const void *src, size_t n)
{
	size_t first = LOG_BUF_LEN - off < n ? LOG_BUF_LEN - off : n;

	memcpy(log_buf + off, src, first);
	memcpy(log_buf, (const char *)src + first, n - first);
}

static void ring_get(size_t off, void *dst, size_t n)
{
	size_t first = LOG_BUF_LEN - off < n ? LOG_BUF_LEN - off : n;

	memcpy(dst, log_buf + off, first);
	memcpy((char *)dst + first, log_buf, n - first);
}

static size_t ring_advance(size_t off, size_t n)
{
	return (off + n) % LOG_BUF_LEN;
}

/* Drop the oldest records until @need bytes are free. */
static void log_make_room(size_t need)
{
	struct log_hdr h;

	while (LOG_BUF_LEN - log_used < need) {
		ring_get(log_head, &h, sizeof(h));
		if (log_head == log_last)
			log_last = LOG_NONE;
		log_head = ring_advance(log_head, sizeof(h) + h.len);
		log_used -= sizeof(h) + h.len;
	}
}

static void log_store(int level, uint64_t ts, const char *text, size_t len)
{
	struct log_hdr h = { .ts_ns = ts, .len = (uint16_t)len,
			     .level = (uint8_t)level };

	log_make_room(sizeof(h) + len);
	ring_put(log_tail, &h, sizeof(h));
	ring_put(ring_advance(log_tail, sizeof(h)), text, len);
	log_last = log_tail;
	log_tail = ring_advance(log_tail, sizeof(h) + len);
	log_used += sizeof(h) + len;
}

/* Extend the newest record, which ends at log_tail; false if there is none. */
static bool log_append(const char *text, size_t len, int *level)
{
	struct log_hdr h;

	if (log_last == LOG_NONE)
		return false;
	ring_get(log_last, &h, sizeof(h));
	if (len > PRINTK_RECORD_MAX - (size_t)h.len)
		len = PRINTK_RECORD_MAX - (size_t)h.len;
	log_make_room(len);	/* never reaches log_last: the ring is large */
	ring_put(log_tail, text, len);
	h.len = (uint16_t)(h.len + len);
	ring_put(log_last, &h, sizeof(h));
	log_tail = ring_advance(log_tail, len);
	log_used += len;
	*level = h.level;
	return true;
}

int printk_format_time(uint64_t ts_ns, char *buf, size_t size)
{
	unsigned long long sec = ts_ns / 1000000000u;
	unsigned long long usec = ts_ns % 1000000000u / 1000u;

	return snprintf(buf, size, "[%5llu.%06llu] ", sec, usec);
}

static void console_echo(int level, uint64_t ts, const char *text, size_t len)
{
	char stamp[32];

	if (level >= console_level)
		return;
	printk_format_time(ts, stamp, sizeof(stamp));
	console_write(CONSOLE_ERR, stamp, strlen(stamp));
	console_write(CONSOLE_ERR, text, len);
	console_write(CONSOLE_ERR, "\n", 1);
}

/* Store one line, as a new record or (@cont) appended to the newest. */
static void log_line(int level, bool cont, const char *text, size_t len)
{
	uint64_t ts = port_clock_ns();

	if (len > PRINTK_RECORD_MAX)
		len = PRINTK_RECORD_MAX;
	port_log_lock();
	if (!cont || !log_append(text, len, &level))
		log_store(level, ts, text, len);
	port_log_unlock();
	console_echo(level, ts, text, len);
}

void printk_emit(int level, const char *text)
{
	if (level < 0 || level >= LKM_LOG_COUNT)
		level = PRINTK_DEFAULT_LEVEL;
	log_line(level, false, text, strlen(text));
}

/* Strip KERN_SOH prefixes from @*text, noting the level and KERN_CONT. */
static void parse_prefix(const char **text, int *level, bool *cont)
{
	const char *p = *text;

	while (p[0] == KERN_SOH[0] && p[1] != '\0') {
		if (p[1] >= '0' && p[1] <= '7')
			*level = p[1] - '0';
		else if (p[1] == 'c')
			*cont = true;
		p += 2;
	}
	*text = p;
}

int vprintk(const char *fmt, va_list ap)
{
	char buf[PRINTK_RECORD_MAX + 1];
	const char *p = buf, *nl;
	int level = PRINTK_DEFAULT_LEVEL;
	bool cont = false;
	int n;

	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		return n;
	parse_prefix(&p, &level, &cont);
	n = (int)strlen(p);
	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		log_line(level, cont, p, (size_t)(nl - p));
		cont = false;
		p = *nl != '\0' ? nl + 1 : nl;
	}
	return n;
}
EXPORT_SYMBOL(vprintk);

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
EXPORT_SYMBOL(printk);

int printk_for_each(int (*fn)(const struct printk_record *r, void *arg),
		    void *arg)
{
	char text[PRINTK_RECORD_MAX + 1];
	struct printk_record r;
	struct log_hdr h;
	size_t off, left;
	int ret = 0;

	port_log_lock();
	for (off = log_head, left = log_used; left > 0 && ret == 0;) {
		ring_get(off, &h, sizeof(h));
		ring_get(ring_advance(off, sizeof(h)), text, h.len);
		text[h.len] = '\0';
		r = (struct printk_record){ h.ts_ns, h.level, text, h.len };
		ret = fn(&r, arg);
		off = ring_advance(off, sizeof(h) + h.len);
		left -= sizeof(h) + h.len;
	}
	port_log_unlock();
	return ret;
}

void printk_clear(void)
{
	port_log_lock();
	log_head = log_tail = log_used = 0;
	log_last = LOG_NONE;
	port_log_unlock();
}

void printk_set_console_level(int level)
{
	console_level = level;
}
