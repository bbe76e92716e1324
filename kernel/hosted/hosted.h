/* SPDX-License-Identifier: MIT */
/*
 * hosted.h - private interfaces of the hosted port (kernel/hosted/), the
 * base kernel as a POSIX process, grouped by defining file.  The port_*()
 * hooks the shared kernel calls are declared in ../internal.h.
 */
#ifndef LKM_KERNEL_HOSTED_H
#define LKM_KERNEL_HOSTED_H

/* ---- hostfs.c ---------------------------------------------------------- */

/*
 * Back /lib/modules with host directory @dir, or with the build's own
 * <exe dir>/../lib/modules if @dir is NULL.  -ENOENT if @dir does not exist.
 */
int hostfs_set_modroot(const char *dir);
/* The host directory behind /lib/modules. */
const char *hostfs_get_modroot(void);

#endif /* LKM_KERNEL_HOSTED_H */
