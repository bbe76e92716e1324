/* SPDX-License-Identifier: MIT */
/*
 * asm.h - what the assembly fixture modules (*.S) need from module.h.
 *
 * MODULE_HEADER emits the .modinfo entries lkm-build would add (name= from
 * -DTEST_MODNAME, vermagic= this tree's); MODINFO adds others.  EXPORT
 * writes a struct lkm_ksym { value, name, ns } into __ksymtab, as
 * EXPORT_SYMBOL does.  FUNC starts a global function.
 */
#ifndef LKM_TESTS_ASM_H
#define LKM_TESTS_ASM_H

#include <lkm/version.h>

#define ASM_STR_(x) #x
#define ASM_STR(x) ASM_STR_(x)

#define MODULE_HEADER                                                       \
	.pushsection .modinfo, "a";                                         \
	.ascii "name=" ASM_STR(TEST_MODNAME);                               \
	.byte 0;                                                            \
	.ascii "vermagic=" LKM_VERMAGIC;                                    \
	.byte 0;                                                            \
	.popsection

.macro MODINFO str
	.pushsection .modinfo, "a"
	.asciz "\str"
	.popsection
.endm

.macro EXPORT sym, sec=__ksymtab
	.pushsection __ksymtab_strings, "a"
.L__kstrtab_\sym:
	.asciz "\sym"
	.popsection
	.pushsection \sec, "a"
	.balign 8
	.quad \sym, .L__kstrtab_\sym, 0
	.popsection
.endm

.macro FUNC name
	.globl \name
	.type \name, @function
\name:
.endm

#endif /* LKM_TESTS_ASM_H */
