/*
 * hello-3.c - data that is needed only while the module starts: __initdata
 * goes away with the init code once init has returned.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

static int hello3_answer __initdata = 42;

static int __init hello_3_init(void)
{
	pr_info("hello-3: the answer at init time is %d.\n", hello3_answer);
	return 0;
}

static void __exit hello_3_exit(void)
{
	pr_info("hello-3: gone.\n");
}

module_init(hello_3_init);
module_exit(hello_3_exit);

MODULE_LICENSE("GPL");
