// SPDX-License-Identifier: MIT
/*
 * importer.c - links against exporter.c's exports (built twice, as
 * importer and importer2, to have two users).  Init calls through them.
 */
#include <lkm/module.h>

long test_record(long v);
long exp_value(long x);
extern long exp_counter;

extern long LKM_PASTE(TEST_MODNAME, _result);
long LKM_PASTE(TEST_MODNAME, _result);
EXPORT_SYMBOL(LKM_PASTE(TEST_MODNAME, _result));

static int importer_init(void)
{
	exp_counter++;
	LKM_PASTE(TEST_MODNAME, _result) = exp_value(1);
	return 0;
}

static void importer_exit(void)
{
	test_record(300);
}

module_init(importer_init);
module_exit(importer_exit);
MODULE_LICENSE("GPL");
