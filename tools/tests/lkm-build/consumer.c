// SPDX-License-Identifier: MIT
/*
 * consumer.c - imports from the kernel and the provider module; with
 * -DUSE_NOWHERE it also calls a symbol no one exports, with
 * -DPROPRIETARY it has a GPL-incompatible licence, with -DHOST it imports
 * HOST_LIBC.
 */
#include <lkm/module.h>

int prov_plain(int x);
int prov_gpl(int x);
int prov_ns(int x);
int kernel_in_ns(void);
int nowhere(void);

static int __init consumer_init(void)
{
	int r = prov_plain(1) + prov_gpl(2) + prov_ns(3) + kernel_in_ns();

#ifdef USE_NOWHERE
	r += nowhere();
#endif
	printk("%d\n", r);
	return 0;
}
module_init(consumer_init);

MODULE_IMPORT_NS(PROV_NS);
#ifdef PROPRIETARY
MODULE_LICENSE("Proprietary");
#else
MODULE_LICENSE("GPL");
#endif
#ifdef HOST
MODULE_IMPORT_NS(HOST_LIBC);
#endif
