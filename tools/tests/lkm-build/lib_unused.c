// SPDX-License-Identifier: MIT
/* lib_unused.c - archive member nothing calls: --whole-archive keeps it. */
int lib_unused(void);

int lib_unused(void)
{
	return 7;
}
