// SPDX-License-Identifier: MIT
/* svc_fn.c - the export of the kbsvc test module. */
#include <lkm/module.h>

int kbsvc_add(int x);

int kbsvc_add(int x)
{
	return x + KB_OFFSET;
}
EXPORT_SYMBOL(kbsvc_add);
