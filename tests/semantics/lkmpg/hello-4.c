/*
 * hello-4.c - saying who wrote the module and what it is for: modinfo
 * shows these, and a licence other than the GPL-compatible ones taints.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

MODULE_LICENSE("GPL");
MODULE_AUTHOR("A. Student <student@example.org>");
MODULE_DESCRIPTION("A module that documents itself");
MODULE_VERSION("0.4");

static int __init init_hello_4(void)
{
	pr_info("hello-4: documented and loaded.\n");
	return 0;
}

static void __exit cleanup_hello_4(void)
{
	pr_info("hello-4: documented and unloaded.\n");
}

module_init(init_hello_4);
module_exit(cleanup_hello_4);
