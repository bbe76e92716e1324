/* SPDX-License-Identifier: MIT */
/*
 * linux/types.h - the kernel's integer types, for modules written for
 * Linux: u8..u64 and s8..s64, their __u/__s spellings (which the C
 * library's own Linux headers also read from <linux/types.h>), the
 * endian-annotated ones, and the sizes and offsets (size_t, ssize_t,
 * loff_t ...) with the C library's definitions, so both can be included.
 */
#ifndef LKM_LINUX_TYPES_H
#define LKM_LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef unsigned char __u8;
typedef signed char __s8;
typedef unsigned short __u16;
typedef short __s16;
typedef unsigned int __u32;
typedef int __s32;
typedef unsigned long long __u64;
typedef long long __s64;

typedef __u8 u8;
typedef __s8 s8;
typedef __u16 u16;
typedef __s16 s16;
typedef __u32 u32;
typedef __s32 s32;
typedef __u64 u64;
typedef __s64 s64;

/* Byte order is a convention of the code that uses them (sparse's). */
typedef __u16 __le16;
typedef __u16 __be16;
typedef __u32 __le32;
typedef __u32 __be32;
typedef __u64 __le64;
typedef __u64 __be64;
typedef __u16 __sum16;
typedef __u32 __wsum;

#define __aligned_u64 __u64 __attribute__((aligned(8)))

typedef long ssize_t;
typedef long loff_t; /* as the C library on x86-64 (Linux: long long) */
typedef unsigned short umode_t;
typedef u64 phys_addr_t;
typedef u64 dma_addr_t;
typedef unsigned int gfp_t;

#endif /* LKM_LINUX_TYPES_H */
