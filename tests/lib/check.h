/* SPDX-License-Identifier: MIT */
/*
 * check.h - the unit tests' tiny framework.
 *
 *   TEST(elf_bad_magic)
 *   {
 *           CHECK_EQ(f(), -ENOEXEC);
 *           CHECK_LOG("bad magic");
 *   }
 *
 * TEST() registers a function in the check_tests section; check.c's main
 * runs each one in a child process of its own (so a crash, a hang or a
 * leaked mapping is that test's failure and nobody else's) and prints
 * exactly one line per test: "ok NAME" or "FAIL NAME: file:line: reason".
 * The first failing CHECK ends its test.  tests/run.sh counts these lines
 * across every test program.
 *
 * Arguments to a test program select tests whose name contains one of
 * them; CHECK_NOFORK=1 runs them in-process (for a debugger).
 */
#ifndef LKM_TESTS_CHECK_H
#define LKM_TESTS_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

struct check_test {
	const char *name;
	void (*fn)(void);
	int line; /* tests run in the order of their lines */
};

#define TEST(tname)                                                         \
	static void test_##tname(void);                                     \
	static const struct check_test check_test_##tname = {               \
		#tname, test_##tname, __LINE__ };                           \
	static const struct check_test *const check_ptr_##tname            \
		__attribute__((section("check_tests"), used)) =             \
			&check_test_##tname;                                 \
	static void test_##tname(void)

/* End the running test as failed; never returns. */
void check_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

#define FAILF(...) check_fail(__FILE__, __LINE__, __VA_ARGS__)

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond))                                                \
			FAILF("CHECK(%s) failed", #cond);                   \
	} while (0)

/* Signed comparison: both sides are shown on failure. */
#define CHECK_EQ(a, b)                                                      \
	do {                                                                \
		long long check_a_ = (long long)(a);                        \
		long long check_b_ = (long long)(b);                        \
		if (check_a_ != check_b_)                                   \
			FAILF("%s == %s: %lld != %lld", #a, #b, check_a_,   \
			      check_b_);                                    \
	} while (0)

#define CHECK_NE(a, b)                                                      \
	do {                                                                \
		long long check_a_ = (long long)(a);                        \
		long long check_b_ = (long long)(b);                        \
		if (check_a_ == check_b_)                                   \
			FAILF("%s != %s: both %lld", #a, #b, check_a_);     \
	} while (0)

/* Unsigned comparison, shown in hex (addresses, field contents). */
#define CHECK_HEX(a, b)                                                     \
	do {                                                                \
		unsigned long long check_a_ = (unsigned long long)(a);      \
		unsigned long long check_b_ = (unsigned long long)(b);      \
		if (check_a_ != check_b_)                                   \
			FAILF("%s == %s: 0x%llx != 0x%llx", #a, #b,         \
			      check_a_, check_b_);                          \
	} while (0)

#define CHECK_STR(a, b)                                                     \
	do {                                                                \
		const char *check_a_ = (a), *check_b_ = (b);                \
		if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_))   \
			FAILF("%s == %s: \"%s\" != \"%s\"", #a, #b,         \
			      check_a_ ? check_a_ : "(null)",               \
			      check_b_ ? check_b_ : "(null)");              \
	} while (0)

/* Every line the core logged since the last testplat_log_clear(). */
const char *testplat_log(void);

/* The core's log (see testplat.h) contains @s. */
#define CHECK_LOG(s)                                                        \
	do {                                                                \
		if (!strstr(testplat_log(), (s)))                           \
			FAILF("log lacks \"%s\"; log was:\n%s", (s),        \
			      testplat_log());                              \
	} while (0)

#endif /* LKM_TESTS_CHECK_H */
