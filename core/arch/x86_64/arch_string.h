/* SPDX-License-Identifier: MIT */
/*
 * arch_string.h - x86-64: bulk copy and fill for the load path.
 *
 * A load copies a module's sections (a megabyte for a large module) and
 * zeroes its .bss.  `rep movsb`/`rep stosb` are the fastest way to do that
 * on every x86-64 that has ERMS (Ivy Bridge on, Zen 3 on): microcode moves
 * whole cache lines and picks the copy strategy by size; without ERMS they
 * are still correct, and no slower than a byte loop.  Small copies stay
 * with the generic code, where the instruction's start-up cost would show.
 */
#ifndef LKM_CORE_ARCH_STRING_H
#define LKM_CORE_ARCH_STRING_H

#define ARCH_BULK_MIN 512 /* below this the generic loops are faster */

static inline void arch_bulk_copy(void *dst, const void *src, size_t n)
{
	__asm__ volatile("rep movsb"
			 : "+D"(dst), "+S"(src), "+c"(n)
			 :
			 : "memory");
}

static inline void arch_bulk_fill(void *dst, uint8_t c, size_t n)
{
	__asm__ volatile("rep stosb"
			 : "+D"(dst), "+c"(n)
			 : "a"(c)
			 : "memory");
}

#endif /* LKM_CORE_ARCH_STRING_H */
