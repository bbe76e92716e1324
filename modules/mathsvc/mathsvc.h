/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mathsvc.h - the services the mathsvc module exports to other modules.
 */
#ifndef LKM_MODULES_MATHSVC_H
#define LKM_MODULES_MATHSVC_H

/* Greatest common divisor of @a and @b (0 if both are 0). */
unsigned long mathsvc_gcd(unsigned long a, unsigned long b);

/* Least common multiple of @a and @b (0 if either is 0); GPL-only. */
unsigned long mathsvc_lcm(unsigned long a, unsigned long b);

/* Number of calls served so far, across all importers. */
extern unsigned long mathsvc_calls;

#endif /* LKM_MODULES_MATHSVC_H */
