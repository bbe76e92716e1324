/* SPDX-License-Identifier: MIT */
/*
 * reloc.S - one relocation of every type the core supports, in a table the
 * test reads back (see reloc.h), and functions that exercise the natural
 * instruction forms: calls through far-branch stubs, loads and calls
 * through the GOT, the GOT base by GOTPC32 and by the large-model
 * GOTPC64/GOTOFF64/GOT64 sequence.
 */
#include "asm.h"
#include "reloc.h"

	MODULE_HEADER
	MODINFO "license=GPL"
	MODINFO "import_ns=TEST_FAR"
	MODINFO "import_ns=HOST_LIBC"

	.weak rl_weak_missing
	.set rl_abs, RL_ABS
	.set rl_abs_ff, RL_ABS_FF
	.set rl_abs_ffff, RL_ABS_FFFF

.macro SLOT type, expr
	.reloc ., \type, \expr
	.fill RF_SLOT, 1, RF_FILL
.endm

	.section .rodata, "a"
	.balign 16
rl_ro:
	.quad 1, 2, 3, 4
	EXPORT rl_ro

	.data
	.balign 16
	.globl rl_table
rl_table:
	SLOT R_X86_64_64, test_add+5
	SLOT R_X86_64_64, far_data
	SLOT R_X86_64_64, _GLOBAL_OFFSET_TABLE_
	SLOT R_X86_64_PC32, rl_obj+3
	SLOT R_X86_64_PC32, test_var-4
	SLOT R_X86_64_PLT32, test_add-4
	SLOT R_X86_64_PLT32, far_add-4
	SLOT R_X86_64_32, rl_obj+1
	SLOT R_X86_64_32S, rl_obj+2
	SLOT R_X86_64_16, test_small_value+1
	SLOT R_X86_64_8, rl_abs+2
	SLOT R_X86_64_PC16, rl_near
	SLOT R_X86_64_PC8, rl_near-3
	SLOT R_X86_64_PC64, far_data+7
	SLOT R_X86_64_GOTPCREL, test_var-4
	SLOT R_X86_64_GOTPCRELX, far_add-4
	SLOT R_X86_64_REX_GOTPCRELX, rl_obj-4
	SLOT R_X86_64_GOTPCREL64, test_add
	SLOT R_X86_64_GOTOFF64, rl_obj+8
	SLOT R_X86_64_GOTPC32, _GLOBAL_OFFSET_TABLE_+2
	SLOT R_X86_64_GOTPC64, _GLOBAL_OFFSET_TABLE_+9
	SLOT R_X86_64_GOT64, test_var
	SLOT R_X86_64_SIZE32, rl_obj+1
	SLOT R_X86_64_SIZE64, rl_obj+100
	SLOT R_X86_64_GOT32, far_data
	SLOT R_X86_64_NONE, rl_obj
	SLOT R_X86_64_GOTPLT64, test_add
	SLOT R_X86_64_32S, rl_weak_missing-1
	SLOT R_X86_64_64, rl_weak_missing
	SLOT R_X86_64_PC32, rl_text_fn-4
	SLOT R_X86_64_64, labs
	SLOT R_X86_64_8, rl_abs_ff
	SLOT R_X86_64_16, rl_abs_ffff
	SLOT R_X86_64_GOTPCREL, far_data-4
	SLOT R_X86_64_PC32, .rodata+16
	.set rl_near, rl_table + RL_NEAR_OFF
	EXPORT rl_table

	.balign 8
	.globl rl_obj
	.type rl_obj, @object
rl_obj:
	.fill RL_OBJ_SIZE, 1, 0x11
	.size rl_obj, RL_OBJ_SIZE
	EXPORT rl_obj

	.text
FUNC init_module
	xorl %eax, %eax
	ret

FUNC cleanup_module
	ret

FUNC rl_text_fn
	movl $0x5a5a, %eax
	ret
	EXPORT rl_text_fn

/* long rl_call_far_add(long, long): a call through the far-branch stub */
FUNC rl_call_far_add
	subq $8, %rsp
	call far_add
	addq $8, %rsp
	ret
	EXPORT rl_call_far_add

/* long rl_jmp_far_add(long, long): a tail jump through the same stub */
FUNC rl_jmp_far_add
	jmp far_add
	EXPORT rl_jmp_far_add

/* long rl_labs(long): into the C library through a stub */
FUNC rl_labs
	jmp labs
	EXPORT rl_labs

/* long rl_call_test_add(long, long): a near kernel function, directly */
FUNC rl_call_test_add
	jmp test_add
	EXPORT rl_call_test_add

/* long rl_got_far_add(long, long): an indirect call through the GOT */
FUNC rl_got_far_add
	jmp *far_add@GOTPCREL(%rip)
	EXPORT rl_got_far_add

/* long rl_got_test_var(void): a load through the GOT */
FUNC rl_got_test_var
	movq test_var@GOTPCREL(%rip), %rax
	movq (%rax), %rax
	ret
	EXPORT rl_got_test_var

/* long rl_got_far_data(void): a far load through the GOT */
FUNC rl_got_far_data
	movq far_data@GOTPCREL(%rip), %rax
	movq (%rax), %rax
	ret
	EXPORT rl_got_far_data

/* void *rl_got_base(void): the GOT by GOTPC32 */
FUNC rl_got_base
	leaq _GLOBAL_OFFSET_TABLE_(%rip), %rax
	ret
	EXPORT rl_got_base

/* void *rl_large_got_base(void): the GOT by the large-model GOTPC64 */
FUNC rl_large_got_base
1:	leaq 1b(%rip), %rax
	movabsq $_GLOBAL_OFFSET_TABLE_-1b, %r11
	addq %r11, %rax
	ret
	EXPORT rl_large_got_base

/* void *rl_large_obj(void): &rl_obj as GOT + rl_obj@GOTOFF */
FUNC rl_large_obj
	call rl_large_got_base
	movabsq $rl_obj@GOTOFF, %rdx
	addq %rdx, %rax
	ret
	EXPORT rl_large_obj

/* long rl_large_test_var(void): test_var through its GOT64 slot */
FUNC rl_large_test_var
	call rl_large_got_base
	movabsq $test_var@GOT, %rdx
	movq (%rax,%rdx), %rax
	movq (%rax), %rax
	ret
	EXPORT rl_large_test_var

/* void *rl_pc64_obj(void): &rl_obj by a 64-bit PC-relative offset */
FUNC rl_pc64_obj
1:	leaq 1b(%rip), %rax
	movabsq $rl_obj-1b, %rdx
	addq %rdx, %rax
	ret
	EXPORT rl_pc64_obj
