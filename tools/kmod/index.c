// SPDX-License-Identifier: MIT
/*
 * index.c - kmod's binary index (modules.dep.bin, modules.alias.bin ...):
 * writer for depmod, reader for modinfo and modprobe.
 *
 * The format (module-init-tools' "BOOTFAST" index, version 2.1): a header
 * of three big-endian u32 (magic 0xB007F457, version 0x00020001, root node
 * offset), then the nodes of a radix trie of 7-bit ASCII keys.  A node
 * offset carries flags in its top nibble: PREFIX (the node starts with a
 * NUL-terminated label continuation), CHILDS (then a first and a last
 * character and one u32 offset per character in between, 0 where absent),
 * VALUES (then a u32 count and, per value, a u32 priority and the
 * NUL-terminated value).  Nodes are written children first, which is the
 * order kmod writes them in, so our files are byte-identical to its ones.
 * Values under one key are kept sorted by priority; a value added with the
 * same priority as existing ones goes before them, as kmod's writer does.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kmod.h"

#define INDEX_MAGIC 0xB007F457u
#define INDEX_VERSION 0x00020001u
#define NODE_PREFIX 0x80000000u
#define NODE_VALUES 0x40000000u
#define NODE_CHILDS 0x20000000u
#define NODE_MASK 0x0FFFFFFFu

/* ---- writer ------------------------------------------------------------- */

struct wvalue {
	struct wvalue *next;
	unsigned int priority;
	char value[];
};

struct wchild {
	unsigned char ch;
	uint32_t node;
};

struct wnode {
	const char *prefix;
	uint32_t prefix_len;
	uint32_t n_kids;
	uint32_t cap_kids;
	struct wchild *kids;        /* sorted by ch */
	struct wvalue *values;
};

struct kidx_writer {
	struct wnode *nodes;
	uint32_t n_nodes;
	uint32_t cap_nodes;
	struct kmod_arena arena;
};

static uint32_t node_new(struct kidx_writer *w, const char *prefix, uint32_t len)
{
	struct wnode *n;

	if (w->n_nodes == w->cap_nodes) {
		w->cap_nodes = w->cap_nodes ? w->cap_nodes * 2 : 1024;
		w->nodes = xrealloc(w->nodes, w->cap_nodes * sizeof(*w->nodes));
	}
	n = &w->nodes[w->n_nodes];
	memset(n, 0, sizeof(*n));
	n->prefix = prefix;
	n->prefix_len = len;
	return w->n_nodes++;
}

struct kidx_writer *kidx_writer_new(void)
{
	struct kidx_writer *w = xcalloc(1, sizeof(*w));

	node_new(w, "", 0);
	return w;
}

void kidx_writer_free(struct kidx_writer *w)
{
	uint32_t i;

	if (!w)
		return;
	for (i = 0; i < w->n_nodes; i++)
		free(w->nodes[i].kids);
	free(w->nodes);
	kmod_arena_release(&w->arena);
	free(w);
}

static int32_t kid_find(const struct wnode *n, unsigned char ch, uint32_t *pos)
{
	uint32_t lo = 0, hi = n->n_kids;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (n->kids[mid].ch == ch) {
			*pos = mid;
			return (int32_t)n->kids[mid].node;
		}
		if (n->kids[mid].ch < ch)
			lo = mid + 1;
		else
			hi = mid;
	}
	*pos = lo;
	return -1;
}

static void kid_insert(struct wnode *n, uint32_t pos, unsigned char ch, uint32_t node)
{
	if (n->n_kids == n->cap_kids) {
		n->cap_kids = n->cap_kids ? n->cap_kids * 2 : 2;
		n->kids = xrealloc(n->kids, n->cap_kids * sizeof(*n->kids));
	}
	memmove(n->kids + pos + 1, n->kids + pos, (n->n_kids - pos) * sizeof(*n->kids));
	n->kids[pos].ch = ch;
	n->kids[pos].node = node;
	n->n_kids++;
}

static int value_add(struct kidx_writer *w, struct wvalue **values, const char *value,
		     unsigned int priority)
{
	struct wvalue *v;
	size_t len = strlen(value);
	int duplicate = 0;

	for (v = *values; v; v = v->next)
		if (strcmp(v->value, value) == 0)
			duplicate = 1;
	while (*values && (*values)->priority < priority)
		values = &(*values)->next;
	v = kmod_arena_alloc(&w->arena, sizeof(*v) + len + 1);
	v->priority = priority;
	memcpy(v->value, value, len + 1);
	v->next = *values;
	*values = v;
	return duplicate;
}

int kidx_insert(struct kidx_writer *w, const char *key, const char *value,
		unsigned int priority)
{
	uint32_t cur = 0;
	size_t i = 0;

	for (;;) {
		struct wnode *n = &w->nodes[cur];
		uint32_t j, pos;
		int32_t kid;
		unsigned char ch;

		for (j = 0; j < n->prefix_len; j++) {
			if (n->prefix[j] != key[i + j]) {
				/* Split: the rest of the label moves to a new child. */
				uint32_t c = node_new(w, n->prefix + j + 1, n->prefix_len - j - 1);

				n = &w->nodes[cur];
				w->nodes[c].n_kids = n->n_kids;
				w->nodes[c].cap_kids = n->cap_kids;
				w->nodes[c].kids = n->kids;
				w->nodes[c].values = n->values;
				ch = (unsigned char)n->prefix[j];
				n->prefix_len = j;
				n->kids = NULL;
				n->n_kids = n->cap_kids = 0;
				n->values = NULL;
				kid_insert(n, 0, ch, c);
				break;
			}
		}
		i += j;
		ch = (unsigned char)key[i];
		if (ch == '\0')
			return value_add(w, &w->nodes[cur].values, value, priority);
		kid = kid_find(n, ch, &pos);
		if (kid < 0) {
			size_t rest = strlen(key + i + 1);
			char *label = kmod_arena_strndup(&w->arena, key + i + 1, rest);
			uint32_t c = node_new(w, label, (uint32_t)rest);

			kid_insert(&w->nodes[cur], pos, ch, c);
			value_add(w, &w->nodes[c].values, value, priority);
			return 0;
		}
		cur = (uint32_t)kid;
		i++;
	}
}

static void put32(struct strbuf *out, uint32_t v)
{
	unsigned char b[4] = { v >> 24, v >> 16, v >> 8, v };

	sb_add(out, b, 4);
}

/* Write @idx's subtree, children first; return its flagged offset. */
static uint32_t write_node(const struct kidx_writer *w, uint32_t idx, struct strbuf *out)
{
	const struct wnode *n = &w->nodes[idx];
	uint32_t *offs = NULL, span = 0, off, k;

	if (n->n_kids) {
		unsigned char first = n->kids[0].ch;

		span = (uint32_t)n->kids[n->n_kids - 1].ch - first + 1;
		offs = xcalloc(span, sizeof(uint32_t));
		for (k = 0; k < n->n_kids; k++)
			offs[n->kids[k].ch - first] = write_node(w, n->kids[k].node, out);
	}
	off = (uint32_t)out->len;
	if (n->prefix_len) {
		sb_add(out, n->prefix, n->prefix_len);
		sb_addc(out, '\0');
		off |= NODE_PREFIX;
	}
	if (n->n_kids) {
		sb_addc(out, (char)n->kids[0].ch);
		sb_addc(out, (char)n->kids[n->n_kids - 1].ch);
		for (k = 0; k < span; k++)
			put32(out, offs[k]);
		free(offs);
		off |= NODE_CHILDS;
	}
	if (n->values) {
		const struct wvalue *v;
		uint32_t count = 0;

		for (v = n->values; v; v = v->next)
			count++;
		put32(out, count);
		for (v = n->values; v; v = v->next) {
			put32(out, v->priority);
			sb_adds(out, v->value);
			sb_addc(out, '\0');
		}
		off |= NODE_VALUES;
	}
	return off;
}

void kidx_write(const struct kidx_writer *w, struct strbuf *out)
{
	size_t hdr = out->len;
	uint32_t root;

	put32(out, INDEX_MAGIC);
	put32(out, INDEX_VERSION);
	put32(out, 0);
	root = write_node(w, 0, out);
	out->buf[hdr + 8] = (char)(root >> 24);
	out->buf[hdr + 9] = (char)(root >> 16);
	out->buf[hdr + 10] = (char)(root >> 8);
	out->buf[hdr + 11] = (char)root;
}

/* ---- reader ------------------------------------------------------------- */

struct rnode {
	const char *prefix;          /* "" when none */
	unsigned char first, last;   /* first > last: no children */
	const uint8_t *kids;         /* (last - first + 1) u32 offsets */
	uint32_t n_values;
	const uint8_t *values;
};

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Decode the node at flagged offset @off; false when it is malformed. */
static bool node_read(const struct kidx_reader *r, uint32_t off, struct rnode *n)
{
	size_t pos = off & NODE_MASK;
	const uint8_t *end = r->mem + r->size;

	memset(n, 0, sizeof(*n));
	n->prefix = "";
	n->first = 1;
	n->last = 0;
	if (pos < 12 || pos >= r->size)
		return false;
	if (off & NODE_PREFIX) {
		const uint8_t *nul = memchr(r->mem + pos, '\0', r->size - pos);

		if (!nul)
			return false;
		n->prefix = (const char *)r->mem + pos;
		pos = (size_t)(nul - r->mem) + 1;
	}
	if (off & NODE_CHILDS) {
		if (pos + 2 > r->size)
			return false;
		n->first = r->mem[pos];
		n->last = r->mem[pos + 1];
		pos += 2;
		if (n->first > n->last ||
		    pos + 4 * ((size_t)n->last - n->first + 1) > r->size)
			return false;
		n->kids = r->mem + pos;
		pos += 4 * ((size_t)n->last - n->first + 1);
	}
	if (off & NODE_VALUES) {
		if (pos + 4 > r->size)
			return false;
		n->n_values = get32(r->mem + pos);
		n->values = r->mem + pos + 4;
		if (n->values > end)
			return false;
	}
	return true;
}

static bool node_child(const struct kidx_reader *r, const struct rnode *n, int ch,
		       struct rnode *child)
{
	uint32_t off;

	if (!n->kids || ch < n->first || ch > n->last)
		return false;
	off = get32(n->kids + 4 * (ch - n->first));
	if (off == 0)
		return false;
	return node_read(r, off, child);
}

int kidx_open(const char *path, struct kidx_reader *r)
{
	struct stat st;
	void *map;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	memset(r, 0, sizeof(*r));
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || st.st_size < 12) {
		close(fd);
		return -EINVAL;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -errno;
	r->mem = map;
	r->size = (size_t)st.st_size;
	if (get32(r->mem) != INDEX_MAGIC || get32(r->mem + 4) >> 16 != INDEX_VERSION >> 16) {
		kidx_close(r);
		return -EINVAL;
	}
	r->root = get32(r->mem + 8);
	return 0;
}

void kidx_close(struct kidx_reader *r)
{
	if (r->mem)
		munmap((void *)r->mem, r->size);
	memset(r, 0, sizeof(*r));
}

/* Iterate the values of @n: returns false at the end or on malformed data. */
static bool value_next(const struct kidx_reader *r, const uint8_t **p, uint32_t *left,
		       unsigned int *prio, const char **value, size_t *len)
{
	const uint8_t *end = r->mem + r->size;
	const uint8_t *nul;

	if (*left == 0 || *p + 4 > end)
		return false;
	*prio = get32(*p);
	nul = memchr(*p + 4, '\0', (size_t)(end - *p - 4));
	if (!nul)
		return false;
	*value = (const char *)*p + 4;
	*len = (size_t)(nul - *p - 4);
	*p = nul + 1;
	(*left)--;
	return true;
}

char *kidx_search(const struct kidx_reader *r, const char *key)
{
	struct rnode n;
	size_t i = 0;

	if (!node_read(r, r->root, &n))
		return NULL;
	for (;;) {
		size_t j;

		for (j = 0; n.prefix[j]; j++)
			if (n.prefix[j] != key[i + j])
				return NULL;
		i += j;
		if (key[i] == '\0') {
			const uint8_t *p = n.values;
			uint32_t left = n.n_values;
			unsigned int prio;
			const char *v;
			size_t len;

			if (!value_next(r, &p, &left, &prio, &v, &len))
				return NULL;
			return strndup(v, len);
		}
		if (!node_child(r, &n, (unsigned char)key[i], &n))
			return NULL;
		i++;
	}
}

static void out_add(struct kidx_value **out, const char *value, size_t len,
		    unsigned int priority)
{
	struct kidx_value *v = xmalloc(sizeof(*v) + len + 1);

	while (*out && (*out)->priority < priority)
		out = &(*out)->next;
	v->priority = priority;
	memcpy(v->value, value, len);
	v->value[len] = '\0';
	v->next = *out;
	*out = v;
}

static void all_values(const struct kidx_reader *r, const struct rnode *n,
		       struct kidx_value **out)
{
	const uint8_t *p = n->values;
	uint32_t left = n->n_values;
	unsigned int prio;
	const char *v;
	size_t len;

	while (value_next(r, &p, &left, &prio, &v, &len))
		out_add(out, v, len, prio);
}

/* Inside a wildcard subtree: every key there is a pattern to try on @subkey. */
static void wild_all(const struct kidx_reader *r, const struct rnode *n, size_t j,
		     struct strbuf *buf, const char *subkey, struct kidx_value **out,
		     int depth, size_t *budget)
{
	size_t pushed = strlen(n->prefix + j);
	int ch;

	/* A valid trie has each node once, each at least a byte: a file whose
	 * children are shared or cyclic would otherwise take exponential time. */
	if (depth > 4096 || *budget == 0)
		return;
	(*budget)--;
	sb_adds(buf, n->prefix + j);
	if (n->kids) {
		for (ch = n->first; ch <= n->last; ch++) {
			struct rnode child;

			if (!node_child(r, n, ch, &child))
				continue;
			sb_addc(buf, (char)ch);
			wild_all(r, &child, 0, buf, subkey, out, depth + 1, budget);
			buf->buf[--buf->len] = '\0';
		}
	}
	if (n->n_values && fnmatch(buf->buf, subkey, 0) == 0)
		all_values(r, n, out);
	buf->len -= pushed;
	buf->buf[buf->len] = '\0';
}

struct kidx_value *kidx_search_wild(const struct kidx_reader *r, const char *key)
{
	static const char wild[] = "*?[";
	struct kidx_value *out = NULL;
	struct strbuf buf = { 0 };
	struct rnode n;
	size_t i = 0, budget = r->size;

	sb_grow(&buf, 64);
	buf.buf[0] = '\0';
	if (!node_read(r, r->root, &n))
		goto done;
	for (;;) {
		size_t j, w;

		for (j = 0; n.prefix[j]; j++) {
			char ch = n.prefix[j];

			if (ch == '*' || ch == '?' || ch == '[') {
				wild_all(r, &n, j, &buf, key + i + j, &out, 0, &budget);
				goto done;
			}
			if (ch != key[i + j])
				goto done;
		}
		i += j;
		for (w = 0; w < 3; w++) {
			struct rnode child;

			if (!node_child(r, &n, wild[w], &child))
				continue;
			sb_addc(&buf, wild[w]);
			wild_all(r, &child, 0, &buf, key + i, &out, 0, &budget);
			buf.buf[--buf.len] = '\0';
		}
		if (key[i] == '\0') {
			all_values(r, &n, &out);
			goto done;
		}
		if (!node_child(r, &n, (unsigned char)key[i], &n))
			goto done;
		i++;
	}
done:
	sb_release(&buf);
	return out;
}

void kidx_values_free(struct kidx_value *v)
{
	while (v) {
		struct kidx_value *next = v->next;

		free(v);
		v = next;
	}
}

static void dump_node(const struct kidx_reader *r, const struct rnode *n, struct strbuf *key,
		      FILE *out, int depth, size_t *budget)
{
	size_t pushed = strlen(n->prefix);
	const uint8_t *p = n->values;
	uint32_t left = n->n_values;
	unsigned int prio;
	const char *v;
	size_t len;
	int ch;

	if (depth > 4096 || *budget == 0) /* as wild_all() */
		return;
	(*budget)--;
	sb_adds(key, n->prefix);
	while (value_next(r, &p, &left, &prio, &v, &len)) {
		fwrite(key->buf, 1, key->len, out);
		fputc(' ', out);
		fwrite(v, 1, len, out);
		fputc('\n', out);
	}
	if (n->kids) {
		for (ch = n->first; ch <= n->last; ch++) {
			struct rnode child;

			if (!node_child(r, n, ch, &child))
				continue;
			sb_addc(key, (char)ch);
			dump_node(r, &child, key, out, depth + 1, budget);
			key->buf[--key->len] = '\0';
		}
	}
	key->len -= pushed;
	key->buf[key->len] = '\0';
}

void kidx_dump(const struct kidx_reader *r, const char *prefix, FILE *out)
{
	struct strbuf key = { 0 };
	struct rnode root;
	size_t budget = r->size;

	sb_adds(&key, prefix);
	if (node_read(r, r->root, &root))
		dump_node(r, &root, &key, out, 0, &budget);
	sb_release(&key);
}
