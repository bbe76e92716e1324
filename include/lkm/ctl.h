/* SPDX-License-Identifier: MIT */
/*
 * ctl.h - the control protocol between a running lkm kernel and the tools
 * that act on it (insmod, rmmod, lsmod, modprobe): the kernel's system-call
 * boundary carried over a byte stream.  The hosted kernel serves it on a
 * Unix stream socket (lkm-kernel --socket PATH); the tools find that socket
 * through --socket PATH or $LKM_SOCKET.
 *
 * On one connection, requests and responses alternate:
 *
 *   request:  "<call> <flags> <len1> <len2>\n" <len1 bytes> <len2 bytes>
 *   response: "<err> <len>\n" <len bytes>
 *
 * Numbers are decimal.  <call> names an entry of the kernel's system-call
 * table, or gives its number: one of the LKM_CTL_* names below (arguments
 * and output as listed there), or a call a module registered (see
 * <lkm/syscall.h>; its output is what it writes, or its positive result in
 * decimal).  <err> is 0 or a negative Linux errno; a failed call has no
 * output (<len> 0).  A call the table does not hold gets -ENOSYS, as any
 * system call without an implementation.  A malformed request (a bad
 * header, an argument too long or cut short) gets an error response and
 * the connection is closed.
 *
 * The kernel knows who is calling (the socket's peer credentials): anyone
 * may read and list, only a privileged caller (root, or a group named at
 * boot) may load, unload, write or power off; others get -EPERM.
 */
#ifndef LKM_CTL_H
#define LKM_CTL_H

#include <lkm/lkm.h> /* LKM_LOAD_* and LKM_UNLOAD_* flags */

/* The environment variable naming the socket, when --socket is not given. */
#define LKM_CTL_SOCKET_ENV "LKM_SOCKET"

/* Longest request header line, newline included. */
#define LKM_CTL_HEADER_MAX 128
/* Longest call name. */
#define LKM_CTL_CALL_MAX 32
/* Largest arguments the kernel accepts. */
#define LKM_CTL_ARG1_MAX (256ul << 20)
#define LKM_CTL_ARG2_MAX (16ul << 20)

/* The header lines, as printf formats: call, flags, len1, len2; err, len. */
#define LKM_CTL_REQUEST_FMT "%s %u %zu %zu\n"
#define LKM_CTL_RESPONSE_FMT "%d %zu\n"

/*
 * The calls and their arguments, flags and output:
 *
 *   init_module    arg1 the module image, arg2 its parameters ("a=1 b=x",
 *                  may be empty), flags LKM_LOAD_*; output "<name>\n"
 *   delete_module  arg1 the module name, flags LKM_UNLOAD_*
 *   read           arg1 a path (/proc, /sys, /lib/modules); output the file
 *   write          arg1 a path, arg2 the data
 *   list           arg1 a directory; output one entry a line, directories
 *                  with a trailing '/'
 *   poweroff       end the kernel's session
 */
#define LKM_CTL_INIT_MODULE "init_module"
#define LKM_CTL_DELETE_MODULE "delete_module"
#define LKM_CTL_READ "read"
#define LKM_CTL_WRITE "write"
#define LKM_CTL_LIST "list"
#define LKM_CTL_POWEROFF "poweroff"

#endif /* LKM_CTL_H */
