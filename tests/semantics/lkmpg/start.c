/*
 * start.c - one half of a module built from two files (startstop.ko):
 * the init function lives here.
 */
#include <linux/kernel.h>
#include <linux/module.h>

int init_module(void)
{
	pr_info("startstop: hello from start.c\n");
	return 0;
}

MODULE_LICENSE("GPL");
