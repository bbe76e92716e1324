/* SPDX-License-Identifier: MIT */
/*
 * matrix.h - what the test knows of matrix.c: the value its computation
 * must produce (checked by init itself and again by the test through the
 * matrix_result export) and the operations of matrix_apply().
 */
#ifndef LKM_TESTS_MATRIX_H
#define LKM_TESTS_MATRIX_H

#define MATRIX_EXPECTED 164L

enum matrix_op {
	MATRIX_OP_ADD,
	MATRIX_OP_MUL,
	MATRIX_OP_SUB,
	MATRIX_OP_TEST_ADD, /* the kernel's test_add (near) */
	MATRIX_OP_FAR_ADD,  /* the provider's far_add (via a pointer) */
	MATRIX_OP_COUNT
};

#endif /* LKM_TESTS_MATRIX_H */
