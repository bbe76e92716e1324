// SPDX-License-Identifier: MIT
/*
 * verprov.c - exports functions whose symbol versions depend on struct
 * verobj (see verprov.h), to show modversions at work.
 */
#include <lkm/module.h>

#include "verprov.h"

int verprov_get(const struct verobj *o)
{
	return o->id;
}
EXPORT_SYMBOL(verprov_get);

int verprov_deep(struct verholder *h)
{
	return h->count ? verprov_get(h->slot[0]) : 0;
}
EXPORT_SYMBOL(verprov_deep);

int verprov_plain(int x)
{
	return x + 1;
}
EXPORT_SYMBOL(verprov_plain);

MODULE_LICENSE("GPL");
