// SPDX-License-Identifier: MIT
/*
 * printk_test.c - unit test of the kernel log (kernel/printk.c).
 *
 * The port is faked: a clock that ticks a microsecond per call, a no-op
 * lock and a console that keeps what it is given.  Checked: levels and the
 * default, newline splitting, KERN_CONT, truncation of long messages, the
 * ring dropping its oldest records when full, clearing, and the console
 * echo below the console level in dmesg's format.
 */
#include <stdio.h>
#include <string.h>

#include <lkm/module.h>

#include "../internal.h"

static int failures;
static uint64_t fake_now;
static char console[4096];

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__,    \
				__LINE__, #cond);                           \
			failures++;                                         \
		}                                                           \
	} while (0)

uint64_t port_clock_ns(void)
{
	return fake_now += 1000;
}

void port_log_lock(void)
{
}

void port_log_unlock(void)
{
}

void port_console_write(enum console_stream s, const char *buf, size_t len)
{
	size_t have = strlen(console);

	if (s == CONSOLE_ERR && have + len < sizeof(console)) {
		memcpy(console + have, buf, len);
		console[have + len] = '\0';
	}
}

struct collected {
	size_t count;
	struct printk_record last, first;
	char last_text[PRINTK_RECORD_MAX + 1], first_text[64];
	bool in_order;
	long prev_seq;
};

static int collect(const struct printk_record *r, void *arg)
{
	struct collected *c = arg;
	long seq;

	if (c->count == 0) {
		c->first = *r;
		snprintf(c->first_text, sizeof(c->first_text), "%s", r->text);
	}
	c->last = *r;
	memcpy(c->last_text, r->text, r->len + 1);
	if (sscanf(r->text, "flood %ld", &seq) == 1) {
		if (c->prev_seq >= 0 && seq != c->prev_seq + 1)
			c->in_order = false;
		c->prev_seq = seq;
	}
	c->count++;
	return 0;
}

static struct collected walk(void)
{
	struct collected c = { .in_order = true, .prev_seq = -1 };

	printk_for_each(collect, &c);
	return c;
}

static void test_levels_and_lines(void)
{
	struct collected c;

	printk("plain\n");
	c = walk();
	CHECK(c.count == 1 && c.last.level == PRINTK_DEFAULT_LEVEL);
	CHECK(strcmp(c.last_text, "plain") == 0 && c.last.len == 5);
	printk(KERN_INFO "one\ntwo\n");
	c = walk();
	CHECK(c.count == 3 && c.last.level == 6 && !strcmp(c.last_text, "two"));
	printk(KERN_ERR "part");
	printk(KERN_CONT " and rest\n");
	c = walk();
	CHECK(c.count == 4 && c.last.level == 3);
	CHECK(strcmp(c.last_text, "part and rest") == 0);
	printk_emit(LKM_LOG_DEBUG, "emitted\nas is");
	c = walk();
	CHECK(c.count == 5 && c.last.level == 7);
	CHECK(strcmp(c.last_text, "emitted\nas is") == 0);
	printk_clear();
	CHECK(walk().count == 0);
	printk(KERN_CONT "orphan continuation\n");	/* nothing to extend */
	c = walk();
	CHECK(c.count == 1 && !strcmp(c.last_text, "orphan continuation"));
	printk_clear();
}

static void test_truncation(void)
{
	static char big[3 * PRINTK_RECORD_MAX];
	struct collected c;

	memset(big, 'x', sizeof(big) - 1);
	printk("%s\n", big);
	c = walk();
	CHECK(c.count == 1 && c.last.len <= PRINTK_RECORD_MAX);
	printk_clear();
}

static void test_ring_wraps(void)
{
	struct collected c;
	long i;

	for (i = 0; i < 20000; i++)
		printk(KERN_INFO "flood %ld %s\n", i,
		       "padding padding padding padding padding padding");
	c = walk();
	CHECK(c.count > 100 && c.count < 20000);
	CHECK(c.in_order && c.prev_seq == 19999);
	CHECK(strncmp(c.first_text, "flood ", 6) == 0);
	printk_clear();
}

static void test_console_echo(void)
{
	char stamp[32];

	console[0] = '\0';
	printk_set_console_level(4);
	printk(KERN_ERR "shown\n");
	printk(KERN_WARNING "hidden\n");
	printk_set_console_level(0);
	CHECK(strstr(console, "] shown\n") != NULL);
	CHECK(strstr(console, "hidden") == NULL);
	CHECK(console[0] == '[');
	printk_format_time(1234567891ull, stamp, sizeof(stamp));
	CHECK(strcmp(stamp, "[    1.234567] ") == 0);
	printk_clear();
}

int main(void)
{
	test_levels_and_lines();
	test_truncation();
	test_ring_wraps();
	test_console_echo();
	if (failures) {
		fprintf(stderr, "printk_test: %d checks failed\n", failures);
		return 1;
	}
	printf("printk_test: ok\n");
	return 0;
}
