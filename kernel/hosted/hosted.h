/* SPDX-License-Identifier: MIT */
/*
 * hosted.h - private interfaces of the hosted port (kernel/hosted/), the
 * base kernel as a POSIX process, grouped by defining file.  The port_*()
 * hooks the shared kernel calls are declared in ../internal.h.
 */
#ifndef LKM_KERNEL_HOSTED_H
#define LKM_KERNEL_HOSTED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct shell;

/* ---- crypto.c ---------------------------------------------------------- */

/* Trust the certificates in @path too (--cert; read at crypto_init()). */
int crypto_add_cert_file(const char *path);
/* Read the built-in and --cert certificates: 0 or a negative errno. */
int crypto_init(void);
void crypto_exit(void);
/* struct lkm_ops.sig_verify: 0, -EBADMSG, -ENOPKG, -ENOKEY, -EKEYREJECTED. */
int crypto_sig_verify(void *ctx, const void *data, size_t len,
		      const void *sig, size_t sig_len);
/* SHA-256 of @len bytes at @data into @out: 0 or -EINVAL. */
int crypto_sha256(const void *data, size_t len, uint8_t out[32]);

/* ---- ctlsock.c --------------------------------------------------------- */

/* Listen on a Unix socket at @path (replacing a stale socket there). */
int ctl_open(const char *path);
/* The listening descriptor, -1 if none. */
int ctl_fd(void);
/*
 * Accept one connection and serve it on a thread of its own; when a
 * client asks for poweroff, @fn (from ctl_set_poweroff_handler) is called.
 */
void ctl_accept(void);
void ctl_set_poweroff_handler(void (*fn)(void));
/* End every connection (their threads finish) and accept no more. */
void ctl_stop_clients(void);
/* Stop listening and remove the socket file. */
void ctl_close(void);

/* ---- hostfs.c ---------------------------------------------------------- */

/*
 * Back /lib/modules with host directory @dir, or with the build's own
 * <exe dir>/../lib/modules if @dir is NULL.  -ENOENT if @dir does not exist.
 */
int hostfs_set_modroot(const char *dir);
/* The host directory behind /lib/modules. */
const char *hostfs_get_modroot(void);

/* ---- serve.c ----------------------------------------------------------- */

/*
 * The kernel lock: whoever runs kernel code -- a console command, a
 * socket client's system call, a periodic check -- holds it, so the
 * kernel's services need no finer locking of their own (a big kernel
 * lock; the module core keeps its own lock inside it).
 */
void kernel_enter(void);
void kernel_leave(void);

/*
 * Serve the control socket, and the console on standard input if
 * @console (with the "lkm# " prompt if @prompt), until poweroff or a
 * termination signal.  The end of console input does not end the session.
 */
void serve_loop(struct shell *sh, bool console, bool prompt);

#endif /* LKM_KERNEL_HOSTED_H */
