/* SPDX-License-Identifier: MIT */
/* tls_ie.S - an initial-exec access to an external TLS variable. */
#include "asm.h"

	MODULE_HEADER
	MODINFO "license=GPL"

	.text
FUNC init_module
	movq ext_tls@gottpoff(%rip), %rax
	movl %fs:(%rax), %eax
	ret
