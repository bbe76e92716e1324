// SPDX-License-Identifier: MIT
/*
 * parallel.c - the decode-ahead pool of parallel.h.  Workers claim indexes
 * in order, no further than a window past the oldest one not yet taken (so
 * few decoded images are held at a time), open them with kmod_image_open()
 * while capturing its messages, and the consumer takes them in order,
 * printing each one's messages as it does: output and diagnostics come out
 * exactly as if each image were opened when taken.  The consumer opens an
 * index itself when no worker has claimed it yet, and always opens the
 * files that are not named as compressed: mapping a plain module is cheaper
 * than handing it over between threads (and no threads start when no file
 * is named as compressed).  The name only decides who opens a file;
 * kmod_image_open() still tells the compression by magic bytes.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parallel.h"

enum slot_state {
	SLOT_PENDING,
	SLOT_SELF,               /* left to the consumer */
	SLOT_BUSY,
	SLOT_DONE,
	SLOT_GONE,
};

struct slot {
	struct kmod_image img;
	struct strbuf log;
	int err;
	enum slot_state state;
};

struct kmod_prefetch {
	pthread_mutex_t lock;
	pthread_cond_t done;     /* a slot became SLOT_DONE */
	pthread_cond_t room;     /* the window moved, or stop */
	const char *const *paths;
	size_t n;
	size_t next;             /* first index no one claimed */
	size_t base;             /* first index not taken or dropped */
	size_t window;
	bool stop;
	struct slot *slots;
	pthread_t *threads;
	int nthreads;
};

/* Worth decoding on another thread: named .xz, .zst or .gz. */
static bool compressed_name(const char *path)
{
	size_t len;

	if (!path)
		return false;
	len = strlen(path);
	return (len > 3 && strcmp(path + len - 3, ".xz") == 0) ||
	       (len > 4 && strcmp(path + len - 4, ".zst") == 0) ||
	       (len > 3 && strcmp(path + len - 3, ".gz") == 0);
}

static void slot_drop(struct slot *s)
{
	if (s->state == SLOT_DONE) {
		if (s->err == 0)
			kmod_image_close(&s->img);
		sb_release(&s->log);
	}
	s->state = SLOT_GONE;
}

static void *worker(void *arg)
{
	struct kmod_prefetch *p = arg;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		struct kmod_image img;
		struct strbuf log = { 0 };
		size_t i;
		int err;

		while (!p->stop && p->next < p->n && p->next >= p->base + p->window)
			pthread_cond_wait(&p->room, &p->lock);
		if (p->stop || p->next >= p->n)
			break;
		i = p->next++;
		if (!compressed_name(p->paths[i])) {
			p->slots[i].state = SLOT_SELF;
			continue;
		}
		p->slots[i].state = SLOT_BUSY;
		pthread_mutex_unlock(&p->lock);

		kmod_log_capture(&log);
		err = kmod_image_open(p->paths[i], &img);
		kmod_log_capture(NULL);

		pthread_mutex_lock(&p->lock);
		p->slots[i].img = img;
		p->slots[i].log = log;
		p->slots[i].err = err;
		p->slots[i].state = SLOT_DONE;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct kmod_prefetch *kmod_prefetch_new(const char *const *paths, size_t n)
{
	struct kmod_prefetch *p = xcalloc(1, sizeof(*p));
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int i, want;
	size_t j;

	want = cpus < 1 ? 1 : cpus > 64 ? 64 : (int)cpus;
	for (j = 0; j < n && !compressed_name(paths[j]); j++)
		;
	if (j == n)
		want = 0;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->done, NULL);
	pthread_cond_init(&p->room, NULL);
	p->paths = paths;
	p->n = n;
	p->window = 2 * (size_t)want + 2;
	p->slots = xcalloc(n ? n : 1, sizeof(*p->slots));
	p->threads = xcalloc(want ? (size_t)want : 1, sizeof(*p->threads));
	/* With fewer threads (or none) the consumer decodes the rest itself. */
	for (i = 0; i < want; i++) {
		if (pthread_create(&p->threads[i], NULL, worker, p) != 0)
			break;
		p->nthreads++;
	}
	return p;
}

int kmod_prefetch_take(struct kmod_prefetch *p, size_t i, struct kmod_image *img)
{
	struct strbuf log = { 0 };
	struct slot *s = &p->slots[i];
	bool mine = false;
	size_t j;
	int err = 0;

	pthread_mutex_lock(&p->lock);
	/* Skipped indexes: never claim them, drop what was decoded. */
	if (p->next <= i) {
		for (j = p->next; j < i; j++)
			p->slots[j].state = SLOT_GONE;
		p->next = i + 1;
		mine = true;
	}
	for (j = p->base; j < i; j++) {
		while (p->slots[j].state == SLOT_BUSY)
			pthread_cond_wait(&p->done, &p->lock);
		slot_drop(&p->slots[j]);
	}
	if (s->state == SLOT_SELF)
		mine = true;
	if (!mine) {
		while (s->state == SLOT_BUSY)
			pthread_cond_wait(&p->done, &p->lock);
		*img = s->img;
		err = s->err;
		log = s->log;
	}
	s->state = SLOT_GONE;
	p->base = i + 1;
	if (p->nthreads)
		pthread_cond_broadcast(&p->room);
	pthread_mutex_unlock(&p->lock);

	if (mine)
		return p->paths[i] ? kmod_image_open(p->paths[i], img) : -ENOENT;
	if (log.len)
		fputs(log.buf, stderr);
	sb_release(&log);
	return err;
}

void kmod_prefetch_free(struct kmod_prefetch *p)
{
	size_t j;
	int i;

	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_broadcast(&p->room);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	for (j = p->base; j < p->n; j++)
		slot_drop(&p->slots[j]);
	free(p->threads);
	free(p->slots);
	pthread_cond_destroy(&p->room);
	pthread_cond_destroy(&p->done);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
