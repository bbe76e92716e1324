// SPDX-License-Identifier: MIT
/*
 * check.c - the runner behind check.h: one child process per test.
 *
 * The child runs the test and exits 0; a failing CHECK writes its reason to
 * a pipe and exits 1.  The parent turns what it sees into exactly one line:
 * "ok NAME", or "FAIL NAME: reason" (a crash or a hang is a failure with
 * the signal named).  The program exits 1 if any test failed.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define TEST_TIMEOUT_S 20

extern const struct check_test *const __start_check_tests[];
extern const struct check_test *const __stop_check_tests[];

static int result_fd = -1; /* the child's end of the pipe, -1 in-process */
static char inproc_reason[4096];

void check_fail(const char *file, int line, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	int n;

	n = snprintf(buf, sizeof(buf), "%s:%d: ", file, line);
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	va_end(ap);
	if (result_fd < 0) {
		snprintf(inproc_reason, sizeof(inproc_reason), "%s", buf);
		fprintf(stderr, "%s\n", buf);
		exit(1);
	}
	if (write(result_fd, buf, strlen(buf)) < 0)
		perror("check: write");
	_exit(1);
}

/* One line of output: newlines in the reason become " | ". */
static void print_fail(const char *name, const char *reason)
{
	printf("FAIL %s: ", name);
	for (const char *p = reason; *p; p++) {
		if (*p == '\n') {
			if (p[1])
				fputs(" | ", stdout);
		} else {
			putchar(*p);
		}
	}
	putchar('\n');
}

static bool selected(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return true;
	for (int i = 1; i < argc; i++)
		if (strstr(name, argv[i]))
			return true;
	return false;
}

static bool run_forked(const struct check_test *t)
{
	char reason[4096];
	size_t len = 0;
	int fds[2], status;
	pid_t pid;
	ssize_t n;

	fflush(stdout);
	fflush(stderr);
	if (pipe(fds) < 0) {
		print_fail(t->name, strerror(errno));
		return false;
	}
	pid = fork();
	if (pid < 0) {
		print_fail(t->name, strerror(errno));
		return false;
	}
	if (pid == 0) {
		close(fds[0]);
		result_fd = fds[1];
		alarm(TEST_TIMEOUT_S);
		t->fn();
		fflush(stdout);
		_exit(0);
	}
	close(fds[1]);
	while (len < sizeof(reason) - 1 &&
	       (n = read(fds[0], reason + len, sizeof(reason) - 1 - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		len += (size_t)n;
	}
	reason[len] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && !len) {
		printf("ok %s\n", t->name);
		return true;
	}
	if (!len) {
		if (WIFSIGNALED(status))
			snprintf(reason, sizeof(reason), "killed by signal %d (%s)%s",
				 WTERMSIG(status), strsignal(WTERMSIG(status)),
				 WTERMSIG(status) == SIGALRM ? ": timed out" : "");
		else
			snprintf(reason, sizeof(reason),
				 "exited with status %d without a reason",
				 WEXITSTATUS(status));
	}
	print_fail(t->name, reason);
	return false;
}

static bool run_inproc(const struct check_test *t)
{
	t->fn(); /* a failure exits */
	printf("ok %s\n", t->name);
	return true;
}

static int by_line(const void *a, const void *b)
{
	const struct check_test *x = *(const struct check_test *const *)a;
	const struct check_test *y = *(const struct check_test *const *)b;

	return (x->line > y->line) - (x->line < y->line);
}

int main(int argc, char **argv)
{
	const char *nofork = getenv("CHECK_NOFORK");
	bool inproc = nofork && *nofork && strcmp(nofork, "0");
	size_t n = (size_t)(__stop_check_tests - __start_check_tests);
	const struct check_test **tests = malloc(n * sizeof(*tests) + 1);
	unsigned failed = 0, ran = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!tests)
		return 1;
	memcpy(tests, __start_check_tests, n * sizeof(*tests));
	/* The compiler may emit them in any order; run them as written. */
	qsort(tests, n, sizeof(*tests), by_line);
	for (size_t i = 0; i < n; i++) {
		if (!selected(tests[i]->name, argc, argv))
			continue;
		ran++;
		if (!(inproc ? run_inproc(tests[i]) : run_forked(tests[i])))
			failed++;
	}
	free(tests);
	if (!ran) {
		printf("FAIL %s: no test selected\n", argv[0]);
		return 1;
	}
	return failed ? 1 : 0;
}
