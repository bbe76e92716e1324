// SPDX-License-Identifier: MIT
/* provider.c - exports one plain, one GPL-only and one namespaced symbol. */
#include <lkm/module.h>

int prov_plain(int x);
int prov_gpl(int x);
int prov_ns(int x);

int prov_plain(int x)
{
	return x + 1;
}
EXPORT_SYMBOL(prov_plain);

int prov_gpl(int x)
{
	return x + 2;
}
EXPORT_SYMBOL_GPL(prov_gpl);

int prov_ns(int x)
{
	return x + 3;
}
EXPORT_SYMBOL_NS(prov_ns, PROV_NS);

MODULE_LICENSE("GPL");
