// SPDX-License-Identifier: MIT
/*
 * kernel.c - the running kernel the tools act on: an lkm kernel's control
 * socket (<lkm/ctl.h>), named by --socket PATH or $LKM_SOCKET.
 *
 * What kmod does with system calls and file reads - init_module(),
 * delete_module(), /proc/modules, /sys/module/<name>/{initstate,refcnt,
 * holders} - the tools do here as requests over that socket, so that the
 * kernel sees exactly the calls Linux would see and answers with Linux's
 * errno values.  One connection serves a whole command; it is opened at the
 * first call and can be dropped (kmod_kernel_disconnect()) while a command
 * waits, so that the kernel serves others meanwhile.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <lkm/ctl.h>

#include "kmod.h"

const char *kmod_kernel_socket(const char *path)
{
	const char *env = getenv(LKM_CTL_SOCKET_ENV);

	if (path != NULL && *path != '\0')
		return path;
	return env != NULL && *env != '\0' ? env : NULL;
}

int kmod_kernel_open(struct kmod_kernel *k, const char *path)
{
	int err;

	k->fd = -1;
	k->path = kmod_kernel_socket(path);
	if (k->path == NULL) {
		ERR("no running kernel to act on: use --socket PATH or set %s\n",
		    LKM_CTL_SOCKET_ENV);
		return -ENOTCONN;
	}
	err = kmod_kernel_connect(k);
	if (err < 0)
		ERR("could not connect to the kernel at %s: %s\n", k->path,
		    strerror(-err));
	return err;
}

int kmod_kernel_connect(struct kmod_kernel *k)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd, err;

	if (k->fd >= 0)
		return 0;
	if (strlen(k->path) >= sizeof(a.sun_path))
		return -ENAMETOOLONG;
	strcpy(a.sun_path, k->path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	k->fd = fd;
	return 0;
}

void kmod_kernel_disconnect(struct kmod_kernel *k)
{
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
}

static int send_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t put;

	while (n > 0) {
		put = send(fd, p, n, MSG_NOSIGNAL);
		if (put < 0 && errno == EINTR)
			continue;
		if (put < 0)
			return -errno;
		p += put;
		n -= (size_t)put;
	}
	return 0;
}

static int recv_all(int fd, void *buf, size_t n)
{
	char *p = buf;
	ssize_t got;

	while (n > 0) {
		got = recv(fd, p, n, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return got < 0 ? -errno : -ECONNRESET;
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

/* The response header: the call's result and the payload's length. */
static int recv_header(int fd, int *result, size_t *len)
{
	char line[64];
	size_t n = 0;
	int err;

	for (;;) {
		err = recv_all(fd, line + n, 1);
		if (err)
			return err;
		if (line[n] == '\n')
			break;
		if (++n == sizeof(line))
			return -EPROTO;
	}
	line[n] = '\0';
	if (sscanf(line, "%d %zu", result, len) != 2 || *result > 0)
		return -EPROTO;
	return 0;
}

static int exchange(struct kmod_kernel *k, const char *call, unsigned flags,
		    const void *a1, size_t l1, const void *a2, size_t l2,
		    struct strbuf *out, int *result)
{
	char head[LKM_CTL_HEADER_MAX];
	size_t len;
	int err;

	err = kmod_kernel_connect(k);
	if (err)
		return err;
	if ((size_t)snprintf(head, sizeof(head), LKM_CTL_REQUEST_FMT, call,
			     flags, l1, l2) >= sizeof(head))
		return -EINVAL;
	err = send_all(k->fd, head, strlen(head));
	if (!err && l1)
		err = send_all(k->fd, a1, l1);
	if (!err && l2)
		err = send_all(k->fd, a2, l2);
	if (!err)
		err = recv_header(k->fd, result, &len);
	if (err)
		return err;
	sb_grow(out, len);
	err = recv_all(k->fd, out->buf + out->len, len);
	if (err)
		return err;
	out->len += len;
	out->buf[out->len] = '\0';
	return 0;
}

int kmod_kernel_call(struct kmod_kernel *k, const char *call, unsigned flags,
		     const void *a1, size_t l1, const void *a2, size_t l2,
		     struct strbuf *out)
{
	struct strbuf discard = { 0 };
	int result = 0, err;

	err = exchange(k, call, flags, a1, l1, a2, l2, out ? out : &discard,
		       &result);
	sb_release(&discard);
	if (err) {
		ERR("lost the kernel at %s: %s\n", k->path, strerror(-err));
		kmod_kernel_disconnect(k);
		return err;
	}
	return result;
}

int kmod_kernel_read(struct kmod_kernel *k, const char *path, struct strbuf *out)
{
	return kmod_kernel_call(k, LKM_CTL_READ, 0, path, strlen(path), NULL, 0, out);
}

int kmod_kernel_init_module(struct kmod_kernel *k, const void *image, size_t size,
			    const char *params, unsigned flags)
{
	return kmod_kernel_call(k, LKM_CTL_INIT_MODULE, flags, image, size, params,
				params ? strlen(params) : 0, NULL);
}

int kmod_kernel_delete_module(struct kmod_kernel *k, const char *name, unsigned flags)
{
	return kmod_kernel_call(k, LKM_CTL_DELETE_MODULE, flags, name, strlen(name), NULL, 0,
				NULL);
}

/* Read (@call "read") or list ("list") /sys/module/<name>[/<attr>] into @out. */
static int module_attr(struct kmod_kernel *k, const char *call, const char *name,
		       const char *attr, struct strbuf *out)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/module/%s%s%s", name, *attr ? "/" : "", attr);
	return kmod_kernel_call(k, call, 0, path, strlen(path), NULL, 0, out);
}

int kmod_kernel_initstate(struct kmod_kernel *k, const char *name)
{
	static const char *const states[] = {
		[KMOD_STATE_LIVE] = "live\n",
		[KMOD_STATE_COMING] = "coming\n",
		[KMOD_STATE_GOING] = "going\n",
	};
	struct strbuf sb = { 0 };
	int err, i;

	err = module_attr(k, LKM_CTL_READ, name, "initstate", &sb);
	if (err == -ENOENT) {
		/* A directory without initstate is a built-in module's. */
		err = module_attr(k, LKM_CTL_LIST, name, "", &sb);
		sb_release(&sb);
		return err < 0 ? err : KMOD_STATE_BUILTIN;
	}
	for (i = 0; err == 0 && i < (int)ARRAY_SIZE(states); i++)
		if (states[i] && strcmp(sb.buf, states[i]) == 0)
			break;
	if (err == 0 && i == (int)ARRAY_SIZE(states))
		err = -EINVAL;
	sb_release(&sb);
	return err < 0 ? err : i;
}

int kmod_kernel_refcnt(struct kmod_kernel *k, const char *name)
{
	struct strbuf sb = { 0 };
	char *end;
	long n;
	int err;

	err = module_attr(k, LKM_CTL_READ, name, "refcnt", &sb);
	if (err == 0) {
		n = strtol(sb.buf, &end, 10);
		err = end == sb.buf || n < 0 || n > INT_MAX ? -EINVAL : (int)n;
	}
	sb_release(&sb);
	return err;
}

int kmod_kernel_holders(struct kmod_kernel *k, const char *name, char ***names)
{
	struct strbuf sb = { 0 };
	char *line, *save;
	size_t n = 0;
	int err;

	*names = xcalloc(1, sizeof(char *));
	err = module_attr(k, LKM_CTL_LIST, name, "holders", &sb);
	if (err < 0) {
		sb_release(&sb);
		return err;
	}
	for (line = strtok_r(sb.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t len = strlen(line);

		if (len > 0 && line[len - 1] == '/')
			line[len - 1] = '\0';
		*names = xrealloc(*names, sizeof(char *) * (n + 2));
		(*names)[n++] = xstrdup(line);
		(*names)[n] = NULL;
	}
	sb_release(&sb);
	return (int)n;
}

void kmod_strv_free(char **v)
{
	char **p;

	for (p = v; p && *p; p++)
		free(*p);
	free(v);
}

const char *kmod_insert_strerror(int err)
{
	switch (err) {
	case ENOEXEC:
		return "Invalid module format";
	case ENOENT:
		return "Unknown symbol in module";
	case ESRCH:
		return "Module has wrong symbol version";
	case EINVAL:
		return "Invalid parameters";
	default:
		return strerror(err);
	}
}
