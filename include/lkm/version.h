/* SPDX-License-Identifier: MIT */
/*
 * version.h - the release and version magic of this tree.
 *
 * A module records LKM_VERMAGIC in .modinfo ("vermagic=...") when lkm-build
 * links it; the base kernel refuses a module whose string differs, since
 * anything in it (release, architecture, code model, ABI options) changes
 * the binary interface between kernel and module.
 */
#ifndef LKM_VERSION_H
#define LKM_VERSION_H

/* A module may be built for another release: lkm-build -DLKM_RELEASE=... */
#ifndef LKM_RELEASE
#define LKM_RELEASE "0.1.0-lkm"
#endif
#define LKM_ARCH "x86_64"
#define LKM_VERMAGIC LKM_RELEASE " SMP mod_unload " LKM_ARCH

#endif /* LKM_VERSION_H */
