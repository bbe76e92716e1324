// SPDX-License-Identifier: MIT
/*
 * serve.c - the hosted kernel as a daemon: the console and the control
 * socket served together until poweroff, SIGINT or SIGTERM.
 *
 * poll() watches the socket, standard input and a wake-up pipe; each
 * accepted connection is served on a thread of its own (ctlsock.c), and a
 * client's poweroff request wakes the loop through the pipe.  Console lines
 * are read with read() into our own buffer (stdio's would hide complete
 * lines from poll).  When the console reaches end of input the kernel
 * keeps serving the socket, so that it can run in the background for the
 * tools.  Kernel code runs under the kernel lock, whoever runs it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lkm/module.h>

#include "../internal.h"
#include "hosted.h"

struct line_reader {
	char buf[8192];
	size_t len;
};

static volatile sig_atomic_t stop_signal;
static pthread_mutex_t kernel_lock = PTHREAD_MUTEX_INITIALIZER;
static int wake_pipe[2] = { -1, -1 };
static volatile bool poweroff_requested;

void kernel_enter(void)
{
	pthread_mutex_lock(&kernel_lock);
}

void kernel_leave(void)
{
	pthread_mutex_unlock(&kernel_lock);
}

/* A socket client asked for poweroff: wake the loop. */
static void on_client_poweroff(void)
{
	poweroff_requested = true;
	if (write(wake_pipe[1], "", 1) < 0)
		return; /* the loop sees the flag at its next wake-up anyway */
}

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

/* SIGINT and SIGTERM end the loop (no SA_RESTART: poll() returns). */
static void catch_stop_signals(void)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static void prompt_console(bool prompt)
{
	if (prompt) {
		fputs("lkm# ", stdout);
		fflush(stdout);
	}
}

/* Run each complete line held in @lr; with @flush, the rest too. */
static void run_lines(struct shell *sh, struct line_reader *lr, bool flush,
		      bool prompt)
{
	char *nl;
	size_t n;

	while (!sh->stopped && (nl = memchr(lr->buf, '\n', lr->len)) != NULL) {
		*nl = '\0';
		kernel_enter();
		shell_exec(sh, lr->buf);
		kernel_leave();
		n = (size_t)(nl + 1 - lr->buf);
		memmove(lr->buf, nl + 1, lr->len - n);
		lr->len -= n;
		fflush(stdout);
		prompt_console(prompt && !sh->stopped);
	}
	if (flush && lr->len > 0 && !sh->stopped) {
		lr->buf[lr->len] = '\0';
		kernel_enter();
		shell_exec(sh, lr->buf);
		kernel_leave();
		lr->len = 0;
	}
}

/* Take what standard input has; false at its end. */
static bool read_console(struct shell *sh, struct line_reader *lr, bool prompt)
{
	ssize_t got;

	if (lr->len == sizeof(lr->buf) - 1) {
		console_errorf("lkm: line too long, dropped\n");
		lr->len = 0;
	}
	got = read(STDIN_FILENO, lr->buf + lr->len, sizeof(lr->buf) - 1 -
							 lr->len);
	if (got < 0 && errno == EINTR)
		return true;
	if (got <= 0) {
		run_lines(sh, lr, true, false);
		if (prompt)
			fputs("\n", stdout);
		return false;
	}
	lr->len += (size_t)got;
	run_lines(sh, lr, false, prompt);
	return true;
}

void serve_loop(struct shell *sh, bool console, bool prompt)
{
	static struct line_reader lr;
	struct pollfd p[3];
	char drain[16];

	catch_stop_signals();
	if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		wake_pipe[0] = wake_pipe[1] = -1;
	ctl_set_poweroff_handler(on_client_poweroff);
	if (console)
		prompt_console(prompt);
	while (!sh->stopped && !stop_signal && !poweroff_requested) {
		p[0] = (struct pollfd){ .fd = ctl_fd(), .events = POLLIN };
		p[1] = (struct pollfd){ .fd = wake_pipe[0], .events = POLLIN };
		p[2] = (struct pollfd){ .fd = console ? STDIN_FILENO : -1,
					.events = POLLIN };
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents & POLLIN)
			ctl_accept();
		if (p[1].revents & POLLIN)
			while (read(wake_pipe[0], drain, sizeof(drain)) > 0)
				;
		if (console && (p[2].revents & (POLLIN | POLLHUP | POLLERR)))
			console = read_console(sh, &lr, prompt);
	}
	ctl_stop_clients();
	if (stop_signal)
		printk(KERN_NOTICE "lkm: signal %d, shutting down\n",
		       (int)stop_signal);
}
