/* SPDX-License-Identifier: MIT */
/*
 * linux/kernel.h - the kernel's everyday helpers, for modules written for
 * Linux: printk and the pr_*() family, the string and number functions of
 * <lkm/kernel.h> (snprintf, kstrtoint ...), and Linux's macros ARRAY_SIZE,
 * min/max (type-checked: comparing an int with an unsigned warns, as in
 * Linux; use min_t), clamp, container_of, DIV_ROUND_UP, BUILD_BUG_ON,
 * WARN_ON and the integer limits.
 */
#ifndef LKM_LINUX_KERNEL_H
#define LKM_LINUX_KERNEL_H

#include <limits.h>

#include <lkm/kernel.h>

#include <linux/compiler.h>
#include <linux/printk.h>
#include <linux/types.h>

/* Elements of an array; a pointer is refused at compile time. */
#define __lkm_must_be_array(a)                                              \
	(0 * sizeof(struct {                                                \
		int : (-!!__builtin_types_compatible_p(__typeof__(a),       \
						       __typeof__(&(a)[0]))); \
	}))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]) + __lkm_must_be_array(a))

/*
 * min and max evaluate each argument once and, as Linux's, warn when the
 * two have different types ("comparison of distinct pointer types").
 * The temporaries get unique names, so min(min(a, b), c) does not shadow.
 */
#define __lkm_cmp(x, y, op, ux, uy)                                         \
	({                                                                  \
		__typeof__(x) ux = (x);                                     \
		__typeof__(y) uy = (y);                                     \
		(void)(&ux == &uy);                                         \
		ux op uy ? ux : uy;                                         \
	})
#define __lkm_cmp_id(x, y, op, n)                                           \
	__lkm_cmp(x, y, op, LKM_PASTE(__lkm_x, n), LKM_PASTE(__lkm_y, n))
#define min(x, y) __lkm_cmp_id(x, y, <, __COUNTER__)
#define max(x, y) __lkm_cmp_id(x, y, >, __COUNTER__)
#define min_t(type, x, y) __lkm_cmp_id((type)(x), (type)(y), <, __COUNTER__)
#define max_t(type, x, y) __lkm_cmp_id((type)(x), (type)(y), >, __COUNTER__)
#define min3(x, y, z) min((__typeof__(x))min(x, y), z)
#define max3(x, y, z) max((__typeof__(x))max(x, y), z)
#define clamp(val, lo, hi) min((__typeof__(val))max(val, lo), hi)
#define clamp_t(type, val, lo, hi) min_t(type, max_t(type, val, lo), hi)
#define clamp_val(val, lo, hi) clamp_t(__typeof__(val), val, lo, hi)
#define swap(a, b)                                                          \
	do {                                                                \
		__typeof__(a) __lkm_tmp = (a);                              \
		(a) = (b);                                                  \
		(b) = __lkm_tmp;                                            \
	} while (0)

/* The structure that holds member @member at @ptr. */
#define container_of(ptr, type, member)                                     \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define DIV_ROUND_CLOSEST(x, d) (((x) + ((d) / 2)) / (d))
#define roundup(x, y) ((((x) + ((y) - 1)) / (y)) * (y))
#define rounddown(x, y) ((x) - ((x) % (y)))
#define ALIGN(x, a) (((x) + ((__typeof__(x))(a) - 1)) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)

/* A compile-time assertion, usable as a statement. */
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")
#define BUILD_BUG_ON_MSG(cond, msg) _Static_assert(!(cond), msg)

/* Log where an unexpected condition held; the value is the condition. */
#define WARN_ON(cond)                                                       \
	({                                                                  \
		int __lkm_warn = !!(cond);                                  \
		if (unlikely(__lkm_warn))                                   \
			printk(KERN_WARNING "WARNING: %s:%d %s(): %s\n",    \
			       __FILE__, __LINE__, __func__, #cond);        \
		__lkm_warn;                                                 \
	})
#define WARN_ON_ONCE(cond) WARN_ON(cond)
#define WARN(cond, fmt, ...)                                                \
	({                                                                  \
		int __lkm_warn = !!(cond);                                  \
		if (unlikely(__lkm_warn))                                   \
			printk(KERN_WARNING fmt, ##__VA_ARGS__);            \
		__lkm_warn;                                                 \
	})

/* Hints for a preemptive kernel; the hosted one has nothing to do. */
#define might_sleep() do { } while (0)
#define cond_resched() 0

#define U8_MAX ((u8)~0U)
#define S8_MAX ((s8)(U8_MAX >> 1))
#define S8_MIN ((s8)(-S8_MAX - 1))
#define U16_MAX ((u16)~0U)
#define S16_MAX ((s16)(U16_MAX >> 1))
#define S16_MIN ((s16)(-S16_MAX - 1))
#define U32_MAX ((u32)~0U)
#define S32_MAX ((s32)(U32_MAX >> 1))
#define S32_MIN ((s32)(-S32_MAX - 1))
#define U64_MAX ((u64)~0ULL)
#define S64_MAX ((s64)(U64_MAX >> 1))
#define S64_MIN ((s64)(-S64_MAX - 1))

#endif /* LKM_LINUX_KERNEL_H */
