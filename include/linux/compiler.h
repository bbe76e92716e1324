/* SPDX-License-Identifier: MIT */
/*
 * linux/compiler.h - Linux's names for compiler attributes and hints, for
 * modules written for Linux (GCC and clang spellings).
 */
#ifndef LKM_LINUX_COMPILER_H
#define LKM_LINUX_COMPILER_H

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* The C library's <sys/cdefs.h> has some of these with the same meaning. */
#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif
#ifndef noinline
#define noinline __attribute__((__noinline__))
#endif
#ifndef __noreturn
#define __noreturn __attribute__((__noreturn__))
#endif
#ifndef __must_check
#define __must_check __attribute__((__warn_unused_result__))
#endif
#ifndef __maybe_unused
#define __maybe_unused __attribute__((__unused__))
#endif
#ifndef __always_unused
#define __always_unused __attribute__((__unused__))
#endif
#ifndef __used
#define __used __attribute__((__used__))
#endif
#ifndef __packed
#define __packed __attribute__((__packed__))
#endif
#ifndef __aligned
#define __aligned(x) __attribute__((__aligned__(x)))
#endif
#ifndef __printf
#define __printf(a, b) __attribute__((__format__(printf, a, b)))
#endif
#ifndef __scanf
#define __scanf(a, b) __attribute__((__format__(scanf, a, b)))
#endif
#ifndef __weak
#define __weak __attribute__((__weak__))
#endif
#ifndef __cold
#define __cold __attribute__((__cold__))
#endif
#ifndef __pure
#define __pure __attribute__((__pure__))
#endif
#ifndef __section
#define __section(s) __attribute__((__section__(s)))
#endif
#ifndef __deprecated
#define __deprecated __attribute__((__deprecated__))
#endif
#ifndef fallthrough
#define fallthrough __attribute__((__fallthrough__))
#endif

/* Annotations for Linux's static checker (sparse): nothing to a compiler. */
#define __user
#define __kernel
#define __iomem
#define __force
#define __rcu
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)

#define barrier() __asm__ __volatile__("" : : : "memory")
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)                                                  \
	do {                                                                \
		*(volatile __typeof__(x) *)&(x) = (val);                    \
	} while (0)

#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)

#endif /* LKM_LINUX_COMPILER_H */
