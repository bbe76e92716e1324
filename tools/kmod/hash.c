// SPDX-License-Identifier: MIT
/*
 * hash.c - a string-keyed hash table whose iteration order is kmod's.
 *
 * depmod writes modules.symbols in the order its symbol table iterates, so
 * a byte-identical file needs the same table: Paul Hsieh's SuperFastHash
 * (a published algorithm), a power-of-two bucket count, and each bucket
 * kept sorted by strcmp() so iteration goes bucket by bucket, key by key.
 * Lookups binary-search the bucket.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kmod.h"

struct khash_entry {
	const char *key;
	void *value;
};

struct khash_bucket {
	struct khash_entry *entries;
	unsigned int used;
	unsigned int total;
};

struct khash {
	unsigned int count;
	unsigned int n_buckets;
	struct khash_bucket buckets[];
};

static inline unsigned int get16(const char *p)
{
	return (unsigned int)(uint8_t)p[0] | ((unsigned int)(uint8_t)p[1] << 8);
}

/*
 * SuperFastHash over @len bytes of @key.  The tail bytes are taken as the
 * platform's (signed) char, which is what the reference hashes produce on
 * x86; keys are ASCII in practice.
 */
static unsigned int superfast(const char *key, unsigned int len)
{
	unsigned int hash = len, tmp, rem = len & 3;

	for (len /= 4; len > 0; len--, key += 4) {
		hash += get16(key);
		tmp = (get16(key + 2) << 11) ^ hash;
		hash = (hash << 16) ^ tmp;
		hash += hash >> 11;
	}
	switch (rem) {
	case 3:
		hash += get16(key);
		hash ^= hash << 16;
		hash ^= (unsigned int)((int)(signed char)key[2] << 18);
		hash += hash >> 11;
		break;
	case 2:
		hash += get16(key);
		hash ^= hash << 11;
		hash += hash >> 17;
		break;
	case 1:
		hash += (unsigned int)(int)(signed char)*key;
		hash ^= hash << 10;
		hash += hash >> 1;
		break;
	}
	hash ^= hash << 3;
	hash += hash >> 5;
	hash ^= hash << 4;
	hash += hash >> 17;
	hash ^= hash << 25;
	hash += hash >> 6;
	return hash;
}

struct khash *khash_new(unsigned int n_buckets)
{
	unsigned int n = 1;
	struct khash *h;

	while (n < n_buckets)
		n <<= 1;
	h = xcalloc(1, sizeof(*h) + n * sizeof(struct khash_bucket));
	h->n_buckets = n;
	return h;
}

void khash_free(struct khash *h)
{
	unsigned int i;

	if (!h)
		return;
	for (i = 0; i < h->n_buckets; i++)
		free(h->buckets[i].entries);
	free(h);
}

static struct khash_bucket *bucket_of(const struct khash *h, const char *key)
{
	unsigned int hv = superfast(key, (unsigned int)strlen(key));

	return (struct khash_bucket *)&h->buckets[hv & (h->n_buckets - 1)];
}

/* Position of @key in @b, or where it would go (*found tells which). */
static unsigned int bucket_pos(const struct khash_bucket *b, const char *key, bool *found)
{
	unsigned int lo = 0, hi = b->used;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;
		int c = strcmp(key, b->entries[mid].key);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	*found = false;
	return lo;
}

static void bucket_insert(struct khash *h, struct khash_bucket *b, unsigned int pos,
			  const char *key, void *value)
{
	if (b->used == b->total) {
		b->total = b->total ? b->total * 2 : 4;
		b->entries = xrealloc(b->entries, b->total * sizeof(*b->entries));
	}
	memmove(b->entries + pos + 1, b->entries + pos,
		(b->used - pos) * sizeof(*b->entries));
	b->entries[pos].key = key;
	b->entries[pos].value = value;
	b->used++;
	h->count++;
}

void khash_add(struct khash *h, const char *key, void *value, void **old)
{
	struct khash_bucket *b = bucket_of(h, key);
	bool found;
	unsigned int pos = bucket_pos(b, key, &found);

	if (found) {
		if (old)
			*old = b->entries[pos].value;
		b->entries[pos].key = key;
		b->entries[pos].value = value;
		return;
	}
	if (old)
		*old = NULL;
	bucket_insert(h, b, pos, key, value);
}

int khash_add_unique(struct khash *h, const char *key, void *value)
{
	struct khash_bucket *b = bucket_of(h, key);
	bool found;
	unsigned int pos = bucket_pos(b, key, &found);

	if (found)
		return -EEXIST;
	bucket_insert(h, b, pos, key, value);
	return 0;
}

void *khash_find(const struct khash *h, const char *key)
{
	const struct khash_bucket *b = bucket_of(h, key);
	bool found;
	unsigned int pos = bucket_pos(b, key, &found);

	return found ? b->entries[pos].value : NULL;
}

int khash_del(struct khash *h, const char *key)
{
	struct khash_bucket *b = bucket_of(h, key);
	bool found;
	unsigned int pos = bucket_pos(b, key, &found);

	if (!found)
		return -ENOENT;
	memmove(b->entries + pos, b->entries + pos + 1,
		(b->used - pos - 1) * sizeof(*b->entries));
	b->used--;
	h->count--;
	return 0;
}

unsigned int khash_count(const struct khash *h)
{
	return h->count;
}

void khash_iter_init(const struct khash *h, struct khash_iter *it)
{
	it->h = h;
	it->bucket = 0;
	it->entry = -1;
}

bool khash_iter_next(struct khash_iter *it, const char **key, void **value)
{
	const struct khash *h = it->h;

	it->entry++;
	while (it->bucket < h->n_buckets &&
	       (unsigned int)it->entry >= h->buckets[it->bucket].used) {
		it->bucket++;
		it->entry = 0;
	}
	if (it->bucket >= h->n_buckets)
		return false;
	if (key)
		*key = h->buckets[it->bucket].entries[it->entry].key;
	if (value)
		*value = h->buckets[it->bucket].entries[it->entry].value;
	return true;
}
