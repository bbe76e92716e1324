/*
 * stop.c - the other half of startstop.ko: the exit function.
 */
#include <linux/kernel.h>
#include <linux/module.h>

void cleanup_module(void)
{
	pr_info("startstop: goodbye from stop.c\n");
}
