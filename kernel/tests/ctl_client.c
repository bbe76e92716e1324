// SPDX-License-Identifier: MIT
/*
 * ctl_client.c - a minimal client of the hosted kernel's control socket,
 * for the tests (and for poking a running kernel by hand).
 *
 *   ctl-client SOCKET CALL [FLAGS [ARG1 [ARG2]]]
 *
 * An argument "@FILE" stands for the contents of FILE.  Prints the payload
 * of the response on stdout and, if the call failed, "error N" on stderr;
 * exits 0 if the call succeeded, 1 if it failed, 2 on a usage or I/O error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

struct arg {
	char *data;
	size_t len;
};

static int load_arg(const char *text, struct arg *a)
{
	FILE *f;
	long n;

	if (text[0] != '@') {
		a->data = strdup(text);
		a->len = strlen(text);
		return a->data ? 0 : -1;
	}
	f = fopen(text + 1, "rb");
	if (f == NULL || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0) {
		if (f != NULL)
			fclose(f);
		return -1;
	}
	rewind(f);
	a->data = malloc((size_t)n + 1);
	a->len = (size_t)n;
	if (a->data == NULL || fread(a->data, 1, a->len, f) != a->len) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static int connect_to(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0 || strlen(path) >= sizeof(a.sun_path))
		return -1;
	strcpy(a.sun_path, path);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const char *buf, size_t n)
{
	ssize_t put;

	for (; n > 0; buf += put, n -= (size_t)put) {
		put = write(fd, buf, n);
		if (put <= 0)
			return -1;
	}
	return 0;
}

/* Read the response and print it; the call's result, or 2 on I/O error. */
static int receive(int fd)
{
	FILE *f = fdopen(fd, "rb");
	int err, c;
	size_t len;

	if (f == NULL || fscanf(f, "%d %zu", &err, &len) != 2 ||
	    fgetc(f) != '\n')
		return 2;
	while (len-- > 0 && (c = fgetc(f)) != EOF)
		putchar(c);
	fclose(f);
	if (err)
		fprintf(stderr, "error %d\n", err);
	return err ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct arg a1 = { 0 }, a2 = { 0 };
	char head[128];
	int fd;

	if (argc < 3 || argc > 6) {
		fprintf(stderr, "usage: ctl-client SOCKET CALL [FLAGS [ARG1 "
				"[ARG2]]]\n");
		return 2;
	}
	if ((argc > 4 && load_arg(argv[4], &a1)) ||
	    (argc > 5 && load_arg(argv[5], &a2))) {
		perror("ctl-client: argument");
		return 2;
	}
	fd = connect_to(argv[1]);
	if (fd < 0) {
		perror("ctl-client: connect");
		return 2;
	}
	snprintf(head, sizeof(head), "%s %s %zu %zu\n", argv[2],
		 argc > 3 ? argv[3] : "0", a1.len, a2.len);
	if (send_all(fd, head, strlen(head)) ||
	    send_all(fd, a1.data, a1.len) || send_all(fd, a2.data, a2.len)) {
		perror("ctl-client: send");
		return 2;
	}
	free(a1.data);
	free(a2.data);
	return receive(fd);
}
