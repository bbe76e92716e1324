/*
 * hello-5.c - command line arguments for a module: set them with
 * "insmod hello-5.ko myint=7 mystring=text myintarray=1,2", read (and,
 * where the mode allows, write) them in /sys/module/hello_5/parameters/.
 */
#include <linux/init.h>
#include <linux/kernel.h> /* ARRAY_SIZE() */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/stat.h>

MODULE_LICENSE("GPL");

static short int myshort = 1;
static int myint = 420;
static long int mylong = 9999;
static char *mystring = "blah";
static int myintarray[2] = { 420, 420 };
static int arr_argc = 0;

/*
 * module_param(name, type, permissions): the name is both the variable
 * and the argument, the permissions those of its file in sysfs.
 */
module_param(myshort, short, S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP);
MODULE_PARM_DESC(myshort, "A short integer");
module_param(myint, int, S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH);
MODULE_PARM_DESC(myint, "An integer");
module_param(mylong, long, S_IRUSR);
MODULE_PARM_DESC(mylong, "A long integer");
module_param(mystring, charp, 0000);
MODULE_PARM_DESC(mystring, "A character string");

/*
 * module_param_array(name, type, &count, permissions): count receives
 * how many elements were given at load time.
 */
module_param_array(myintarray, int, &arr_argc, 0000);
MODULE_PARM_DESC(myintarray, "An array of integers");

static int __init hello_5_init(void)
{
	int i;

	pr_info("hello-5: myshort is a short integer: %hd\n", myshort);
	pr_info("hello-5: myint is an integer: %d\n", myint);
	pr_info("hello-5: mylong is a long integer: %ld\n", mylong);
	pr_info("hello-5: mystring is a string: %s\n", mystring);
	for (i = 0; i < ARRAY_SIZE(myintarray); i++)
		pr_info("hello-5: myintarray[%d] = %d\n", i, myintarray[i]);
	pr_info("hello-5: got %d arguments for myintarray.\n", arr_argc);
	return 0;
}

static void __exit hello_5_exit(void)
{
	pr_info("hello-5: goodbye, myint is now %d\n", myint);
}

module_init(hello_5_init);
module_exit(hello_5_exit);
