/*
 * hello-2.c - naming your own entry points with module_init() and
 * module_exit(), and marking them __init and __exit.
 */
#include <linux/init.h> /* __init, __exit */
#include <linux/kernel.h> /* printk() and KERN_INFO */
#include <linux/module.h>

static int __init hello_2_init(void)
{
	printk(KERN_INFO "hello-2: init with a name of its own.\n");
	return 0;
}

static void __exit hello_2_exit(void)
{
	printk(KERN_INFO "hello-2: exit with a name of its own.\n");
}

module_init(hello_2_init);
module_exit(hello_2_exit);

MODULE_LICENSE("GPL");
