// SPDX-License-Identifier: MIT
/*
 * matrix.c - the compiled fixture built with {gcc, clang} x {-O0, -O2} x
 * {non-PIC small model, -fpic, -fpie}.  It uses what compilers turn into
 * the interesting relocations: statics and globals in data, rodata and bss,
 * a table of string pointers, a switch that becomes a jump table, tables of
 * function pointers (local, kernel and far provider functions), direct
 * calls to a kernel export and to a far provider function.  Init runs the
 * computation and checks it, returning -EINVAL on a wrong answer.
 */
#include <lkm/module.h>

#include "matrix.h"

long test_add(long a, long b);
extern long test_var;
long far_add(long a, long b);

static const char *const names[] = {
	"zero", "one", "two", "three", "four", "five", "six", "seven",
};
static const unsigned long primes[8] = { 2, 3, 5, 7, 11, 13, 17, 19 };
static unsigned long bss_arr[32];
static unsigned long calls;
extern unsigned long matrix_global;
extern long matrix_result;
extern long (*matrix_hook)(long, long);
unsigned long matrix_global = 5;
static unsigned long static_data = 11;

long matrix_result;
EXPORT_SYMBOL(matrix_result);

static long op_add(long a, long b)
{
	return a + b;
}

static long op_mul(long a, long b)
{
	return a * b;
}

static long op_sub(long a, long b)
{
	return a - b;
}

static long (*const ops[MATRIX_OP_COUNT])(long, long) = {
	[MATRIX_OP_ADD] = op_add,
	[MATRIX_OP_MUL] = op_mul,
	[MATRIX_OP_SUB] = op_sub,
	[MATRIX_OP_TEST_ADD] = test_add,
	[MATRIX_OP_FAR_ADD] = far_add,
};
long (*matrix_hook)(long, long) = op_sub;

static unsigned long name_len(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

__attribute__((noinline)) static unsigned long step(unsigned v,
						    unsigned long acc)
{
	switch (v % 12) {
	case 0:
		acc += 3;
		break;
	case 1:
		acc *= 5;
		break;
	case 2:
		acc ^= 0x5a;
		break;
	case 3:
		acc += name_len(names[acc % 8]);
		break;
	case 4:
		acc = acc * acc % 1009;
		break;
	case 5:
		acc += primes[acc % 8];
		break;
	case 6:
		acc = (unsigned long)ops[acc % MATRIX_OP_COUNT]((long)acc % 1000, 3);
		break;
	case 7:
		acc += calls++;
		break;
	case 8:
		acc += (unsigned long)test_var;
		break;
	case 9:
		acc = (unsigned long)matrix_hook((long)acc, 1);
		break;
	case 10:
		acc += bss_arr[acc % 32] + static_data;
		break;
	default:
		acc += (unsigned long)far_add((long)v, (long)matrix_global);
		break;
	}
	return acc % 100003;
}

long matrix_compute(void);
long matrix_compute(void)
{
	unsigned long acc = 1;

	for (unsigned i = 0; i < 32; i++)
		bss_arr[i] = i * i;
	for (unsigned v = 0; v < 200; v++)
		acc = step(v * 7 + (unsigned)(acc & 3), acc);
	return (long)acc;
}

long matrix_apply(int op, long a, long b);
long matrix_apply(int op, long a, long b)
{
	return ops[op](a, b);
}
EXPORT_SYMBOL(matrix_apply);

const char *matrix_name(int i);
const char *matrix_name(int i)
{
	return names[i];
}
EXPORT_SYMBOL(matrix_name);

long matrix_test_add(long a, long b);
long matrix_test_add(long a, long b)
{
	return test_add(a, b) + far_add(a, b);
}
EXPORT_SYMBOL(matrix_test_add);

#ifndef MATRIX_HOST
static int matrix_init(void)
{
	matrix_result = matrix_compute();
	return matrix_result == MATRIX_EXPECTED ? 0 : -LKM_EINVAL;
}

static void matrix_exit(void)
{
	matrix_hook = 0;
}

module_init(matrix_init);
module_exit(matrix_exit);
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(TEST_FAR);
#endif
