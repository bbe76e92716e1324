// SPDX-License-Identifier: MIT
/*
 * timing.c - the clock and the measurement loop.
 *
 * Cases that are compared are run round-robin, one iteration each in turn,
 * so that frequency changes, other processes and cache state hit ours and
 * the peer alike.  Each case reports only the time of the part that is
 * being measured; the figure is the median over the iterations.
 */
#include <stdlib.h>
#include <time.h>

#include "bench.h"

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void measure(struct timed_case *c, size_t n, unsigned warmup,
	     double budget_s, size_t min_iter, size_t max_iter)
{
	double **samples = calloc(n, sizeof(*samples));
	uint64_t start, budget = (uint64_t)(budget_s * opts.scale * 1e9);
	size_t round;

	if (!samples)
		abort();
	if (min_iter < 1)
		min_iter = 1;
	for (size_t i = 0; i < n; i++) {
		samples[i] = calloc(max_iter, sizeof(double));
		if (!samples[i])
			abort();
		c[i].err = 0;
		c[i].iterations = 0;
		c[i].median_ns = 0;
	}
	for (unsigned w = 0; w < warmup; w++)
		for (size_t i = 0; i < n; i++) {
			uint64_t ns;

			if (!c[i].err)
				c[i].err = c[i].run(c[i].arg, &ns);
		}
	start = now_ns();
	for (round = 0; round < max_iter; round++) {
		bool any = false;

		if (round >= min_iter && now_ns() - start > budget)
			break;
		for (size_t i = 0; i < n; i++) {
			uint64_t ns;

			if (c[i].err)
				continue;
			c[i].err = c[i].run(c[i].arg, &ns);
			if (!c[i].err)
				samples[i][c[i].iterations++] = (double)ns;
			any = true;
		}
		if (!any)
			break;
	}
	for (size_t i = 0; i < n; i++) {
		c[i].median_ns = median(samples[i], c[i].iterations);
		free(samples[i]);
	}
	free(samples);
}
