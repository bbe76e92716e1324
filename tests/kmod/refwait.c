// SPDX-License-Identifier: MIT
/*
 * refwait.c - a module that is busy for a while, for `modprobe -r --wait`:
 * init takes a reference on itself (as a driver does while a device is
 * open) and a host thread drops it hold_ms milliseconds later.  Until then
 * delete_module() fails at once with EWOULDBLOCK, and modprobe -r --wait
 * MSEC retries from outside until it can go.  Built by tests/kmod/golden.sh
 * with lkm-build; the thread comes from the hosted kernel's C library.
 */
#include <lkm/module.h>

#include <pthread.h>
#include <time.h>

static unsigned int hold_ms = 500;
module_param(hold_ms, uint, 0444);
MODULE_PARM_DESC(hold_ms, "How long the reference is held, in milliseconds");

static pthread_t holder;

static void *release_later(void *arg)
{
	struct timespec ts = {
		.tv_sec = hold_ms / 1000,
		.tv_nsec = (long)(hold_ms % 1000) * 1000000L,
	};

	nanosleep(&ts, NULL);
	module_put(THIS_MODULE);
	return NULL;
}

static int __init refwait_init(void)
{
	if (!try_module_get(THIS_MODULE))
		return -LKM_EBUSY;
	if (pthread_create(&holder, NULL, release_later, NULL) != 0) {
		module_put(THIS_MODULE);
		return -LKM_EAGAIN;
	}
	return 0;
}

static void __exit refwait_exit(void)
{
	pthread_join(holder, NULL);
}

module_init(refwait_init);
module_exit(refwait_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("holds a reference on itself for hold_ms milliseconds");
MODULE_IMPORT_NS(HOST_LIBC);
