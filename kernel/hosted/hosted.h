/* SPDX-License-Identifier: MIT */
/*
 * hosted.h - private interfaces of the hosted port (kernel/hosted/), the
 * base kernel as a POSIX process, grouped by defining file.  The port_*()
 * hooks the shared kernel calls are declared in ../internal.h.
 */
#ifndef LKM_KERNEL_HOSTED_H
#define LKM_KERNEL_HOSTED_H

#include <stdbool.h>

struct shell;

/* ---- ctlsock.c --------------------------------------------------------- */

/* Listen on a Unix socket at @path (replacing a stale socket there). */
int ctl_open(const char *path);
/* The listening descriptor, -1 if none. */
int ctl_fd(void);
/* Accept one connection and serve it to the end; a poweroff request sets
 * *@poweroff. */
void ctl_serve_one(bool *poweroff);
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
 * Serve the control socket, and the console on standard input if
 * @console (with the "lkm# " prompt if @prompt), until poweroff or a
 * termination signal.  The end of console input does not end the session.
 */
void serve_loop(struct shell *sh, bool console, bool prompt);

#endif /* LKM_KERNEL_HOSTED_H */
