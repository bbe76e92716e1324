// SPDX-License-Identifier: MIT
/* tls.c - thread-local storage, which modules cannot have. */
#include <lkm/module.h>

static __thread int tls_counter;

static int tls_init(void)
{
	return tls_counter++;
}

module_init(tls_init);
MODULE_LICENSE("GPL");
