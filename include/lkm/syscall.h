/* SPDX-License-Identifier: MIT */
/*
 * syscall.h - system calls a module adds to the kernel.
 *
 *   static long crc32_call(const struct syscall_args *a)
 *   {
 *           return syscall_out_printf(a->out, "%08x\n", crc(a->arg1, a->len1));
 *   }
 *   ... register_syscall(401, "crc32", crc32_call) in init,
 *       unregister_syscall(401) in exit.
 *
 * The kernel's system-call table maps numbers to named calls.  Numbers
 * below SYSCALL_NR_MODULES belong to the base kernel (the calls the tools
 * make: read, write, list, init_module, delete_module, poweroff); a module
 * registers any free number from there up to SYSCALL_NR_MAX - 1 with a
 * name no other call has.  Callers reach a call by name or number: the
 * console's "syscall NAME ARG1 ARG2", and, in the hosted kernel, any client
 * of the control socket, whose requests carry exactly these arguments.
 *
 * The table is read-only memory outside register_syscall() and
 * unregister_syscall(): a module that writes to it directly faults.  While
 * a call runs, the module that provides it holds a reference, so it cannot
 * be unloaded under its caller; once it is unloaded (or going), callers get
 * -ENOSYS.
 */
#ifndef LKM_SYSCALL_H
#define LKM_SYSCALL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <lkm/module.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SYSCALL_NR_MODULES 64 /* first number modules may take */
#define SYSCALL_NR_MAX 512    /* table size */
#define SYSCALL_NAME_LEN 32   /* longest name, terminator included */

/* Where a call's output goes (the caller's buffer). */
struct syscall_out;

/* The arguments of one call: flags and two byte strings. */
struct syscall_args {
	unsigned long flags;
	const char *arg1; /* @len1 bytes, NUL-terminated after them */
	size_t len1;
	const char *arg2;
	size_t len2;
	struct syscall_out *out;
};

/* A call: 0 or a positive result, or a negative errno. */
typedef long (*syscall_fn)(const struct syscall_args *args);

/* Append output: 0, or -ENOMEM (the caller sees the call fail). */
int syscall_out_write(struct syscall_out *out, const void *data, size_t len);
int syscall_out_printf(struct syscall_out *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Put @fn in the table as call @nr named @name.  -EINVAL for a number out
 * of range or reserved or a bad name, -EBUSY if the number is taken,
 * -EEXIST if the name is.
 */
int __register_syscall(unsigned int nr, const char *name, syscall_fn fn,
		       struct module *owner);
#define register_syscall(nr, name, fn)                                        \
	__register_syscall(nr, name, fn, THIS_MODULE)
/* Take call @nr out of the table: 0, or -ENOENT if it is empty. */
int unregister_syscall(unsigned int nr);

/* What the kernel can tell about itself (a statistics call's material). */
struct kernel_stats {
	uint64_t uptime_ns;
	size_t modules, module_bytes, symbols;
	uint64_t loads, unloads;
	size_t syscalls, filesystems, mounts, chrdevs, devices, drivers;
	size_t open_files;
};

/* Fill @st. */
void kernel_get_stats(struct kernel_stats *st);
/* References held on the module that @module (THIS_MODULE) names. */
int module_refcount(struct module *module);

#ifdef __cplusplus
}
#endif

#endif /* LKM_SYSCALL_H */
