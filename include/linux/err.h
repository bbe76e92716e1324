/* SPDX-License-Identifier: MIT */
/*
 * linux/err.h - error values carried in pointers, as Linux's: the last
 * page of the address space (-4095 .. -1) is never a valid object, so a
 * function returning a pointer may return ERR_PTR(-ENOMEM) instead.
 */
#ifndef LKM_LINUX_ERR_H
#define LKM_LINUX_ERR_H

#include <stdbool.h>

#include <linux/errno.h>

#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) ((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR_VALUE((unsigned long)ptr);
}

/* A pointer that is an error value, cast to another pointer type. */
static inline void *ERR_CAST(const void *ptr)
{
	return (void *)ptr;
}

static inline int PTR_ERR_OR_ZERO(const void *ptr)
{
	return IS_ERR(ptr) ? (int)PTR_ERR(ptr) : 0;
}

#endif /* LKM_LINUX_ERR_H */
