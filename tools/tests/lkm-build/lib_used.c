// SPDX-License-Identifier: MIT
/* lib_used.c - archive member the module calls. */
int lib_used(void);

int lib_used(void)
{
	return 42;
}
