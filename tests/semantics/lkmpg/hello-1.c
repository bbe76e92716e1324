/*
 * hello-1.c - the smallest module there is, written the way the first
 * example of every Linux module tutorial is: no module_init(), just the
 * two functions the loader looks for by name.
 */
#include <linux/module.h> /* every module needs it */
#include <linux/printk.h> /* pr_info() */

int init_module(void)
{
	pr_info("hello-1: a first module says hello.\n");

	/* Anything but 0 and the module does not load. */
	return 0;
}

void cleanup_module(void)
{
	pr_info("hello-1: a first module says goodbye.\n");
}

MODULE_LICENSE("GPL");
