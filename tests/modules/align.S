/* SPDX-License-Identifier: MIT */
/*
 * align.S - sections with alignments up to 8 KiB (more than a page): each
 * must land at an address that is a multiple of its alignment.
 */
#include "asm.h"

	MODULE_HEADER
	MODINFO "license=GPL"

	.data
	.quad 1
	.section .data.a64, "aw"
	.p2align 6
	.globl align64
align64: .quad 64
	EXPORT align64

	.section .data.a8k, "aw"
	.p2align 13
	.globl align8k
align8k: .quad 8192
	EXPORT align8k

	.section .rodata.a4k, "a"
	.p2align 12
	.globl align4k
align4k: .quad 4096
	EXPORT align4k

	.section .bss.a16k, "aw", @nobits
	.p2align 14
	.globl align16k
align16k: .zero 8
	EXPORT align16k

	.text
	.p2align 5
FUNC align_fn32
	ret
	EXPORT align_fn32
