// SPDX-License-Identifier: MIT
/*
 * ctlsock.c - the hosted kernel's control socket: its system-call boundary
 * (../syscall.c) carried over a Unix stream socket, for the kmod tools.
 *
 * The protocol is <lkm/ctl.h>'s: requests and responses alternate on a
 * connection; a malformed request gets an error response, and the
 * connection is closed.  Each connection is served by a thread of its own
 * (up to CTL_CLIENTS_MAX at once), so a slow or idle client never holds up
 * the others; reading and writing the socket happen outside the kernel,
 * and each system call runs under the kernel lock (kernel_enter(), as a
 * big kernel lock), with the module core's own lock inside it.
 *
 * Anyone may connect (the socket is mode 0666): the kernel itself decides
 * what a caller may do, from the peer's credentials (SO_PEERCRED, and its
 * supplementary groups from SO_PEERGROUPS), as Linux decides from the
 * calling process's.
 */
#include <errno.h>
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <lkm/ctl.h>

#include "../internal.h"
#include "hosted.h"

#define CTL_TIMEOUT_SEC 10
#define CTL_CLIENTS_MAX 64
/* Supplementary groups of a peer looked at; the rest are ignored. */
#define CTL_PEER_GROUPS_MAX 256

/* A connected caller's credentials. */
struct ctl_peer {
	struct sys_cred cred;
	unsigned groups[CTL_PEER_GROUPS_MAX];
};

static int listen_fd = -1;
static struct sockaddr_un listen_addr;

/* The connections being served, so that shutdown can end them. */
static pthread_mutex_t clients_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t clients_gone = PTHREAD_COND_INITIALIZER;
static int client_fds[CTL_CLIENTS_MAX];
static int nclients;
static bool stopping;
static void (*on_poweroff)(void);

/* Bind and listen on a private name, then move it into place: a client
 * that sees the socket at @path can connect at once. */
int ctl_open(const char *path)
{
	struct sockaddr_un tmp = { .sun_family = AF_UNIX };
	struct stat st;
	int fd, err = 0;

	if ((size_t)snprintf(tmp.sun_path, sizeof(tmp.sun_path), "%s.%d",
			     path, (int)getpid()) >= sizeof(tmp.sun_path))
		return -ENAMETOOLONG;
	listen_addr = (struct sockaddr_un){ .sun_family = AF_UNIX };
	strcpy(listen_addr.sun_path, path);
	/* A socket left by a kernel that died is stale; anything else stays. */
	if (lstat(path, &st) == 0 && !S_ISSOCK(st.st_mode))
		return -EEXIST;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(tmp.sun_path);
	if (bind(fd, (struct sockaddr *)&tmp, sizeof(tmp)) < 0 ||
	    chmod(tmp.sun_path, 0666) < 0 || listen(fd, 8) < 0 ||
	    rename(tmp.sun_path, path) < 0) {
		err = -errno;
		unlink(tmp.sun_path);
		close(fd);
		return err;
	}
	listen_fd = fd;
	return 0;
}

int ctl_fd(void)
{
	return listen_fd;
}

void ctl_close(void)
{
	if (listen_fd < 0)
		return;
	close(listen_fd);
	unlink(listen_addr.sun_path);
	listen_fd = -1;
}

/* Read exactly @n bytes: 0, -EIO on a short read, or -errno. */
static int read_full(int fd, char *buf, size_t n)
{
	ssize_t got;

	while (n > 0) {
		got = read(fd, buf, n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return got < 0 ? -errno : -EIO;
		buf += got;
		n -= (size_t)got;
	}
	return 0;
}

static int write_full(int fd, const char *buf, size_t n)
{
	ssize_t put;

	while (n > 0) {
		put = write(fd, buf, n);
		if (put < 0 && errno == EINTR)
			continue;
		if (put < 0)
			return -errno;
		buf += put;
		n -= (size_t)put;
	}
	return 0;
}

/* The header line, without its newline: 1 at a clean end of stream. */
static int read_header(int fd, char *line, size_t size)
{
	size_t n = 0;
	ssize_t got;

	for (;;) {
		got = read(fd, line + n, 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return got == 0 && n == 0 ? 1 : -EIO;
		if (line[n] == '\n')
			break;
		if (++n == size)
			return -EINVAL;
	}
	line[n] = '\0';
	return 0;
}

/* A malloc'ed argument of @len bytes, NUL-terminated. */
static int read_arg(int fd, size_t len, char **out)
{
	char *buf = malloc(len + 1);
	int err;

	if (buf == NULL)
		return -ENOMEM;
	err = read_full(fd, buf, len);
	if (err) {
		free(buf);
		return err;
	}
	buf[len] = '\0';
	*out = buf;
	return 0;
}

/* Read one request into @r (arguments malloc'ed); 1 at end of stream. */
static int read_request(int fd, struct sys_req *r, char **a1, char **a2)
{
	char line[LKM_CTL_HEADER_MAX], call[LKM_CTL_CALL_MAX], extra;
	unsigned long long len1, len2;
	int err;

	err = read_header(fd, line, sizeof(line));
	if (err)
		return err;
	if (sscanf(line, "%31s %u %llu %llu %c", call, &r->flags, &len1,
		   &len2, &extra) != 4 || len1 > LKM_CTL_ARG1_MAX ||
	    len2 > LKM_CTL_ARG2_MAX)
		return -EINVAL;
	if (sys_lookup(call, &r->op) != 0)
		r->op = SYS_NO_CALL; /* answered -ENOSYS, as any system call */
	err = read_arg(fd, (size_t)len1, a1);
	if (err)
		return err;
	err = read_arg(fd, (size_t)len2, a2);
	if (err) {
		free(*a1);
		return err;
	}
	r->arg1 = *a1;
	r->len1 = (size_t)len1;
	r->arg2 = *a2;
	r->len2 = (size_t)len2;
	return 0;
}

static int send_response(int fd, int result, const struct seqbuf *out)
{
	char head[64];
	size_t len = result == 0 ? out->len : 0;
	int err;

	snprintf(head, sizeof(head), LKM_CTL_RESPONSE_FMT, result, len);
	err = write_full(fd, head, strlen(head));
	return err ? err : write_full(fd, out->buf, len);
}

/* Serve one request on @fd; false when the connection should close. */
static bool serve_request(int fd, const struct ctl_peer *peer, bool *poweroff)
{
	struct sys_req r = { .op = SYS_OP_COUNT, .cred = &peer->cred };
	char *a1 = NULL, *a2 = NULL;
	struct seqbuf out;
	bool malformed;
	int err;

	err = read_request(fd, &r, &a1, &a2);
	if (err == 1)
		return false;
	malformed = err != 0;
	seqbuf_init(&out);
	if (!malformed) {
		kernel_enter();
		err = sys_call(&r, &out, poweroff);
		kernel_leave();
		if (err == 0 && out.err)
			err = out.err;
	}
	if (send_response(fd, err, &out))
		malformed = true;
	seqbuf_release(&out);
	free(a1);
	free(a2);
	return !malformed;
}

/* Who is at the other end of @fd; unknown (unprivileged) if it cannot tell. */
static void peer_credentials(int fd, struct ctl_peer *p)
{
	gid_t groups[CTL_PEER_GROUPS_MAX];
	struct ucred uc;
	socklen_t len = sizeof(uc);
	size_t i, n;

	p->cred = (struct sys_cred){ .pid = -1, .groups = p->groups };
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) < 0 ||
	    len != sizeof(uc))
		return;
	p->cred.known = true;
	p->cred.pid = (int)uc.pid;
	p->cred.uid = (unsigned)uc.uid;
	p->cred.gid = (unsigned)uc.gid;
	len = sizeof(groups);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) < 0)
		return;
	n = len / sizeof(groups[0]);
	for (i = 0; i < n && i < CTL_PEER_GROUPS_MAX; i++)
		p->groups[i] = (unsigned)groups[i];
	p->cred.ngroups = i;
}

struct conn {
	int fd;
	struct ctl_peer peer;
};

static void clients_remove(int fd)
{
	pthread_mutex_lock(&clients_lock);
	for (int i = 0; i < nclients; i++) {
		if (client_fds[i] == fd) {
			client_fds[i] = client_fds[--nclients];
			break;
		}
	}
	if (nclients == 0)
		pthread_cond_broadcast(&clients_gone);
	pthread_mutex_unlock(&clients_lock);
}

/* One connection, from its first request to its end. */
static void *conn_main(void *arg)
{
	struct conn *c = arg;
	bool poweroff = false;

	while (!poweroff && serve_request(c->fd, &c->peer, &poweroff))
		;
	clients_remove(c->fd);
	close(c->fd);
	free(c);
	if (poweroff && on_poweroff)
		on_poweroff();
	return NULL;
}

void ctl_set_poweroff_handler(void (*fn)(void))
{
	on_poweroff = fn;
}

void ctl_accept(void)
{
	struct timeval tv = { .tv_sec = CTL_TIMEOUT_SEC };
	struct conn *c = malloc(sizeof(*c));
	sigset_t all, old;
	pthread_t thread;
	pthread_attr_t attr;
	int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC), err = 0;

	if (fd < 0 || c == NULL) {
		if (fd >= 0)
			close(fd);
		free(c);
		return;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	c->fd = fd;
	peer_credentials(fd, &c->peer);
	pthread_mutex_lock(&clients_lock);
	if (stopping || nclients == CTL_CLIENTS_MAX)
		err = -EAGAIN;
	else
		client_fds[nclients++] = fd;
	pthread_mutex_unlock(&clients_lock);
	if (!err) {
		/* Signals (SIGINT, SIGTERM) stay with the main thread. */
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		err = -pthread_create(&thread, &attr, conn_main, c);
		pthread_attr_destroy(&attr);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		if (err)
			clients_remove(fd);
	}
	if (err) {
		struct seqbuf none;

		seqbuf_init(&none);
		send_response(fd, err, &none);
		seqbuf_release(&none);
		close(fd);
		free(c);
	}
}

void ctl_stop_clients(void)
{
	pthread_mutex_lock(&clients_lock);
	stopping = true;
	for (int i = 0; i < nclients; i++)
		shutdown(client_fds[i], SHUT_RDWR);
	while (nclients > 0)
		pthread_cond_wait(&clients_gone, &clients_lock);
	pthread_mutex_unlock(&clients_lock);
}

/* The port hook behind lkm.ctl_group=NAME: the host's group database. */
int port_group_lookup(const char *name, unsigned *gid)
{
	struct group *g = getgrnam(name);

	if (g == NULL)
		return -ENOENT;
	*gid = (unsigned)g->gr_gid;
	return 0;
}
