/* SPDX-License-Identifier: MIT */
/*
 * param.h - module parameters, as the loader and module authors share them.
 *
 * module_param(name, type, perm) puts one struct lkm_param into the module's
 * __param section and a "parmtype=name:type" string into .modinfo, as Linux
 * does.  The loader sets parameters from the insmod string before init, and
 * the base kernel shows them (writable where @perm allows) under
 * /sys/module/<module>/parameters/.
 */
#ifndef LKM_PARAM_H
#define LKM_PARAM_H

#include <stdbool.h>
#include <stdint.h>

/* Element types; the lower-case names are the module_param() type tokens. */
enum lkm_param_type {
	LKM_PARAM_bool,
	LKM_PARAM_invbool,
	LKM_PARAM_byte,
	LKM_PARAM_short,
	LKM_PARAM_ushort,
	LKM_PARAM_int,
	LKM_PARAM_uint,
	LKM_PARAM_long,
	LKM_PARAM_ulong,
	LKM_PARAM_charp,
	LKM_PARAM_string, /* a char buffer of @max bytes */
	LKM_PARAM_TYPE_COUNT
};

struct lkm_param {
	const char *name;
	void *arg;          /* the variable, or an array's first element */
	uint8_t type;       /* enum lkm_param_type (of the elements) */
	uint8_t is_array;
	uint16_t perm;      /* sysfs-style permission bits, e.g. 0644 */
	uint32_t max;       /* arrays: elements; strings: buffer bytes */
	unsigned int *num;  /* arrays: where the element count is stored */
};

#endif /* LKM_PARAM_H */
