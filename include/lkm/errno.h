/* SPDX-License-Identifier: MIT */
/*
 * errno.h - the error numbers liblkm returns, negated.
 *
 * They carry Linux's values so that a caller that has <errno.h> can compare
 * against its own names, and a freestanding one (the core, a bare-metal
 * kernel) still has them.  Only the ones the module subsystem uses.
 */
#ifndef LKM_ERRNO_H
#define LKM_ERRNO_H

#define LKM_EPERM 1
#define LKM_ENOENT 2
#define LKM_ESRCH 3
#define LKM_EIO 5
#define LKM_ENXIO 6
#define LKM_E2BIG 7
#define LKM_ENOEXEC 8
#define LKM_EBADF 9
#define LKM_EAGAIN 11
#define LKM_EWOULDBLOCK LKM_EAGAIN
#define LKM_ENOMEM 12
#define LKM_EACCES 13
#define LKM_EFAULT 14
#define LKM_EBUSY 16
#define LKM_EEXIST 17
#define LKM_ENODEV 19
#define LKM_ENOTDIR 20
#define LKM_EISDIR 21
#define LKM_EINVAL 22
#define LKM_EMFILE 24
#define LKM_EFBIG 27
#define LKM_ENOSPC 28
#define LKM_EROFS 30
#define LKM_ERANGE 34
#define LKM_ENAMETOOLONG 36
#define LKM_ENOSYS 38
#define LKM_ENOTEMPTY 39
#define LKM_ENODATA 61
#define LKM_ENOPKG 65
#define LKM_EBADMSG 74
#define LKM_EOVERFLOW 75
#define LKM_ENOKEY 126
#define LKM_EKEYREJECTED 129

#endif /* LKM_ERRNO_H */
