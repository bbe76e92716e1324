// SPDX-License-Identifier: MIT
/*
 * parallel.c - the ordered pool of parallel.h, and depmod's and modinfo's
 * decode-ahead of compressed modules built on it.
 *
 * Threads claim items in order, no further than a window past the oldest
 * one not yet taken (so few results are held at a time), do them while
 * capturing their messages, and the consumer takes them in order, printing
 * each one's messages as it does.  The consumer does an item itself when
 * no thread has claimed it yet, or when the pool's ahead() says it is not
 * worth handing over between threads.  A helping consumer, instead of
 * sleeping until the thread doing its item is done, claims the next item
 * and does it as a thread would: it then never sits idle on a core while
 * there is work, and sleeps and wake-ups (a futex round trip each) become
 * rare.
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
	struct strbuf log;
	enum slot_state state;
};

struct kmod_pool {
	pthread_mutex_t lock;
	pthread_cond_t done;     /* a slot became SLOT_DONE */
	pthread_cond_t room;     /* the window moved, or stop */
	const struct kmod_pool_ops *ops;
	void *ctx;
	size_t n;
	size_t next;             /* first index no one claimed */
	size_t base;             /* first index not taken or dropped */
	size_t window;
	bool stop;
	bool help;
	struct slot *slots;
	unsigned char *results;  /* n * ops->result_size */
	pthread_t *threads;
	int nthreads;
};

static void *result_of(struct kmod_pool *p, size_t i)
{
	return p->results + i * p->ops->result_size;
}

static void slot_drop(struct kmod_pool *p, size_t i)
{
	struct slot *s = &p->slots[i];

	if (s->state == SLOT_DONE) {
		p->ops->drop(p->ctx, result_of(p, i));
		sb_release(&s->log);
	}
	s->state = SLOT_GONE;
}

/* Claim the next item worth doing ahead, within the window.  Lock held. */
static bool claim(struct kmod_pool *p, size_t *i)
{
	while (p->next < p->n && p->next < p->base + p->window) {
		size_t j = p->next++;

		if (!p->ops->ahead(p->ctx, j)) {
			p->slots[j].state = SLOT_SELF;
			continue;
		}
		p->slots[j].state = SLOT_BUSY;
		*i = j;
		return true;
	}
	return false;
}

/* Do claimed item @i, capturing its messages.  Lock held on entry and exit. */
static void run_claimed(struct kmod_pool *p, size_t i)
{
	struct strbuf log = { 0 };

	pthread_mutex_unlock(&p->lock);
	kmod_log_capture(&log);
	p->ops->run(p->ctx, i, result_of(p, i));
	kmod_log_capture(NULL);
	pthread_mutex_lock(&p->lock);
	p->slots[i].log = log;
	p->slots[i].state = SLOT_DONE;
	pthread_cond_broadcast(&p->done);
}

static void *worker(void *arg)
{
	struct kmod_pool *p = arg;
	size_t i;

	pthread_mutex_lock(&p->lock);
	while (!p->stop) {
		if (claim(p, &i))
			run_claimed(p, i);
		else if (p->next >= p->n)
			break;
		else
			pthread_cond_wait(&p->room, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

int kmod_pool_cpus(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	return cpus < 1 ? 1 : cpus > 64 ? 64 : (int)cpus;
}

struct kmod_pool *kmod_pool_new(const struct kmod_pool_ops *ops, void *ctx, size_t n,
				int threads, size_t window, bool help)
{
	struct kmod_pool *p = xcalloc(1, sizeof(*p));
	int i;

	if (threads < 0)
		threads = 0;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->done, NULL);
	pthread_cond_init(&p->room, NULL);
	p->ops = ops;
	p->ctx = ctx;
	p->n = n;
	p->help = help;
	p->window = window ? window : 1;
	p->slots = xcalloc(n ? n : 1, sizeof(*p->slots));
	p->results = xcalloc(n ? n : 1, ops->result_size);
	p->threads = xcalloc(threads ? (size_t)threads : 1, sizeof(*p->threads));
	/* With fewer threads (or none) the consumer does the rest itself. */
	for (i = 0; i < threads; i++) {
		if (pthread_create(&p->threads[i], NULL, worker, p) != 0)
			break;
		p->nthreads++;
	}
	return p;
}

bool kmod_pool_take(struct kmod_pool *p, size_t i, void *result, struct strbuf *log)
{
	struct slot *s = &p->slots[i];
	bool mine = false;
	size_t j;

	pthread_mutex_lock(&p->lock);
	/* Skipped indexes: never claim them, drop what was done. */
	if (p->next <= i) {
		for (j = p->next; j < i; j++)
			p->slots[j].state = SLOT_GONE;
		p->next = i + 1;
		mine = true;
	}
	for (j = p->base; j < i; j++) {
		while (p->slots[j].state == SLOT_BUSY)
			pthread_cond_wait(&p->done, &p->lock);
		slot_drop(p, j);
	}
	p->base = i;
	if (s->state == SLOT_SELF)
		mine = true;
	while (!mine && s->state == SLOT_BUSY) {
		if (p->help && claim(p, &j))
			run_claimed(p, j);
		else
			pthread_cond_wait(&p->done, &p->lock);
	}
	if (!mine) {
		memcpy(result, result_of(p, i), p->ops->result_size);
		*log = s->log;
		memset(&s->log, 0, sizeof(s->log));
	}
	s->state = SLOT_GONE;
	p->base = i + 1;
	if (p->nthreads)
		pthread_cond_broadcast(&p->room);
	pthread_mutex_unlock(&p->lock);
	return !mine;
}

void kmod_pool_free(struct kmod_pool *p)
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
		slot_drop(p, j);
	free(p->threads);
	free(p->results);
	free(p->slots);
	pthread_cond_destroy(&p->room);
	pthread_cond_destroy(&p->done);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

/*
 * ---- decode-ahead of compressed module images -------------------------
 *
 * Only files named as compressed go to the threads: mapping a plain module
 * is cheaper than handing it over between threads (and no threads start
 * when no file is named as compressed).  The name only decides who opens a
 * file; kmod_image_open() still tells the compression by magic bytes.
 */

struct kmod_prefetch {
	struct kmod_pool *pool;
	const char *const *paths;
};

struct prefetched {
	struct kmod_image img;
	int err;
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

static bool prefetch_ahead(void *ctx, size_t i)
{
	struct kmod_prefetch *pf = ctx;

	return compressed_name(pf->paths[i]);
}

static void prefetch_run(void *ctx, size_t i, void *result)
{
	struct kmod_prefetch *pf = ctx;
	struct prefetched *r = result;

	r->err = kmod_image_open(pf->paths[i], &r->img);
}

static void prefetch_drop(void *ctx, void *result)
{
	struct prefetched *r = result;

	if (r->err == 0)
		kmod_image_close(&r->img);
}

static const struct kmod_pool_ops prefetch_ops = {
	.result_size = sizeof(struct prefetched),
	.ahead = prefetch_ahead,
	.run = prefetch_run,
	.drop = prefetch_drop,
};

struct kmod_prefetch *kmod_prefetch_new(const char *const *paths, size_t n)
{
	struct kmod_prefetch *pf = xcalloc(1, sizeof(*pf));
	int threads = kmod_pool_cpus();
	size_t j;

	for (j = 0; j < n && !compressed_name(paths[j]); j++)
		;
	if (j == n)
		threads = 0;
	pf->paths = paths;
	/* Decoded images can be large: keep two per thread, and two more. */
	pf->pool = kmod_pool_new(&prefetch_ops, pf, n, threads, 2 * (size_t)threads + 2, false);
	return pf;
}

int kmod_prefetch_take(struct kmod_prefetch *pf, size_t i, struct kmod_image *img)
{
	struct strbuf log = { 0 };
	struct prefetched r;

	if (!kmod_pool_take(pf->pool, i, &r, &log))
		return pf->paths[i] ? kmod_image_open(pf->paths[i], img) : -ENOENT;
	if (log.len)
		fputs(log.buf, stderr);
	sb_release(&log);
	*img = r.img;
	return r.err;
}

void kmod_prefetch_free(struct kmod_prefetch *pf)
{
	if (!pf)
		return;
	kmod_pool_free(pf->pool);
	free(pf);
}
