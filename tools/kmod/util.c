// SPDX-License-Identifier: MIT
/*
 * util.c - small helpers shared by the commands: a growable buffer, an
 * arena for depmod's many small strings, module-name and alias
 * normalisation (the rules kmod applies, so that names compare equal), and
 * path and file helpers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kmod.h"

static void __attribute__((noreturn)) oom(void)
{
	fprintf(stderr, "%s: FATAL: out of memory\n", kmod_progname);
	exit(EXIT_FAILURE);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		oom();
	return p;
}

/* ---- strbuf ----------------------------------------------------------- */

void sb_grow(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;

	if (need <= sb->cap)
		return;
	if (need < sb->cap * 2)
		need = sb->cap * 2;
	if (need < 64)
		need = 64;
	sb->buf = xrealloc(sb->buf, need);
	sb->cap = need;
}

void sb_add(struct strbuf *sb, const void *s, size_t len)
{
	sb_grow(sb, len);
	memcpy(sb->buf + sb->len, s, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void sb_adds(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void sb_addc(struct strbuf *sb, char c)
{
	sb_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	sb_grow(sb, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void sb_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

/* ---- arena ------------------------------------------------------------ */

struct kmod_arena_block {
	struct kmod_arena_block *next;
	size_t used;
	size_t size;
	char data[];
};

#define ARENA_BLOCK (256 * 1024)

void *kmod_arena_alloc(struct kmod_arena *a, size_t size)
{
	struct kmod_arena_block *b = a->head;
	void *p;

	size = (size + 7) & ~(size_t)7;
	if (!b || b->size - b->used < size) {
		size_t bsize = size > ARENA_BLOCK / 4 ? size : ARENA_BLOCK;

		b = xmalloc(sizeof(*b) + bsize);
		b->used = 0;
		b->size = bsize;
		if (bsize == size && a->head) {
			/* A big one-off: keep the current block for small ones. */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = b->data + b->used;
	b->used += size;
	return p;
}

char *kmod_arena_strndup(struct kmod_arena *a, const char *s, size_t len)
{
	char *p = kmod_arena_alloc(a, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void kmod_arena_release(struct kmod_arena *a)
{
	while (a->head) {
		struct kmod_arena_block *next = a->head->next;

		free(a->head);
		a->head = next;
	}
}

/* ---- names ------------------------------------------------------------ */

char *kmod_modname_normalize(const char *name, char buf[PATH_MAX], size_t *len)
{
	size_t i;

	for (i = 0; i < PATH_MAX - 1; i++) {
		char c = name[i];

		if (c == '\0' || c == '.')
			break;
		buf[i] = c == '-' ? '_' : c;
	}
	buf[i] = '\0';
	if (len)
		*len = i;
	return buf;
}

char *kmod_modname_from_path(const char *path, char buf[PATH_MAX], size_t *len)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (*base == '\0')
		return NULL;
	return kmod_modname_normalize(base, buf, len);
}

int kmod_alias_normalize(const char *alias, char buf[PATH_MAX], size_t *len)
{
	size_t i;

	for (i = 0; i < PATH_MAX - 1 && alias[i]; i++) {
		char c = alias[i];

		if (c == '-') {
			buf[i] = '_';
		} else if (c == ']') {
			return -EINVAL;
		} else if (c == '[') {
			while (alias[i] && alias[i] != ']' && i < PATH_MAX - 1) {
				buf[i] = alias[i];
				i++;
			}
			if (alias[i] != ']')
				return -EINVAL;
			buf[i] = ']';
		} else {
			buf[i] = c;
		}
	}
	buf[i] = '\0';
	if (len)
		*len = i;
	return 0;
}

bool kmod_path_has_module_ext(const char *name, size_t len)
{
	static const char *const exts[] = { ".ko", ".ko.gz", ".ko.xz", ".ko.zst" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(exts); i++) {
		size_t elen = strlen(exts[i]);

		if (len > elen && memcmp(name + len - elen, exts[i], elen) == 0)
			return true;
	}
	return false;
}

char *kmod_path_absolute(const char *path)
{
	char cwd[PATH_MAX];
	struct strbuf sb = { 0 };

	if (path[0] == '/')
		return xstrdup(path);
	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	sb_adds(&sb, cwd);
	sb_addc(&sb, '/');
	sb_adds(&sb, path);
	return sb.buf;
}

int kmod_read_file(const char *path, char **buf, size_t *len)
{
	struct strbuf sb = { 0 };
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n;

		sb_grow(&sb, 65536);
		n = read(fd, sb.buf + sb.len, sb.cap - sb.len - 1);
		if (n < 0) {
			int err = -errno;

			if (errno == EINTR)
				continue;
			close(fd);
			sb_release(&sb);
			return err;
		}
		if (n == 0)
			break;
		sb.len += (size_t)n;
	}
	close(fd);
	sb.buf[sb.len] = '\0';
	*buf = sb.buf;
	*len = sb.len;
	return 0;
}
