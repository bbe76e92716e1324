// SPDX-License-Identifier: GPL-2.0
/*
 * params.c - a module with a parameter of every kind.
 *
 * One of each module_param() type (bool, invbool, byte, short, ushort,
 * int, uint, long, ulong, charp), a module_param_string() buffer and two
 * module_param_array()s, each with a MODULE_PARM_DESC(), so that setting
 * them at load time ("insmod params.ko count=3 names=a,b"), modinfo's
 * parm: lines and /sys/module/params/parameters/ can all be seen working.
 * Init prints every value; exit prints them again, to show what was
 * written at run time.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <lkm/module.h>

static bool verbose;
module_param(verbose, bool, 0644);
MODULE_PARM_DESC(verbose, "Say more");

static bool quiet = true;
module_param(quiet, invbool, 0444);
MODULE_PARM_DESC(quiet, "Inverted: quiet=0 means quiet");

static unsigned char level = 3;
module_param(level, byte, 0644);
MODULE_PARM_DESC(level, "A level from 0 to 255");

static short offset = -1;
module_param(offset, short, 0644);
MODULE_PARM_DESC(offset, "A signed 16-bit offset");

static unsigned short port = 8080;
module_param(port, ushort, 0444);
MODULE_PARM_DESC(port, "A port number");

static int count = 1;
module_param(count, int, 0644);
MODULE_PARM_DESC(count, "How many");

static unsigned int mask = 0xff;
module_param(mask, uint, 0600);
MODULE_PARM_DESC(mask, "A bit mask");

static long delta = -100000;
module_param(delta, long, 0644);
MODULE_PARM_DESC(delta, "A signed offset");

static unsigned long limit = 1ul << 40;
module_param(limit, ulong, 0644);
MODULE_PARM_DESC(limit, "An upper bound");

static char *greeting = "hello";
module_param(greeting, charp, 0644);
MODULE_PARM_DESC(greeting, "A greeting (the kernel keeps the string)");

static char label[16] = "none";
module_param_string(label, label, sizeof(label), 0644);
MODULE_PARM_DESC(label, "A label (copied into 16 bytes)");

static int values[4] = { 1, 2 };
static unsigned int nvalues = 2;
module_param_array(values, int, &nvalues, 0644);
MODULE_PARM_DESC(values, "Up to four integers");

static bool flags[3];
module_param_array(flags, bool, NULL, 0444);
MODULE_PARM_DESC(flags, "Three switches");

/* Nothing in sysfs: a parameter only for load time. */
static int secret = 7;
module_param(secret, int, 0);
MODULE_PARM_DESC(secret, "Not shown under /sys (mode 0)");

static void show(const char *when)
{
	pr_info("%s: verbose=%c quiet=%c level=%u offset=%d port=%u count=%d mask=%#x\n",
		when, verbose ? 'Y' : 'N', quiet ? 'Y' : 'N', level, offset,
		port, count, mask);
	pr_info("%s: delta=%ld limit=%lu greeting=%s label=%s secret=%d\n",
		when, delta, limit, greeting ? greeting : "(null)", label,
		secret);
	pr_info("%s: values=%u [%d,%d,%d,%d] flags=[%c,%c,%c]\n", when,
		nvalues, values[0], values[1], values[2], values[3],
		flags[0] ? 'Y' : 'N', flags[1] ? 'Y' : 'N',
		flags[2] ? 'Y' : 'N');
}

static int __init params_init(void)
{
	show("init");
	return 0;
}

static void __exit params_exit(void)
{
	show("exit");
}

module_init(params_init);
module_exit(params_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The lkm authors");
MODULE_DESCRIPTION("One parameter of every kind, shown at load and unload");
MODULE_VERSION("1.0");
