/* SPDX-License-Identifier: MIT */
/*
 * linux/init.h - section markers and entry points, for modules written for
 * Linux.
 *
 * __init / __initdata / __initconst put code and data in the init block,
 * which the loader frees once the module's init has succeeded; __exit code
 * runs only at unload.  module_init()/module_exit() name the entry points
 * (they define init_module and cleanup_module, which the loader calls, as a
 * Linux module's do).  All of them are <lkm/module.h>'s; this header adds
 * Linux's remaining spellings.
 */
#ifndef LKM_LINUX_INIT_H
#define LKM_LINUX_INIT_H

#include <lkm/module.h>

#define __exitdata __attribute__((section(".exit.data")))
#define __exit_call __attribute__((used))
/* Only a warning marker for Linux's section checker. */
#define __ref
#define __refdata
#define __refconst
/* Gone from Linux since 3.8: hotplug made them the same as nothing. */
#define __devinit
#define __devinitdata
#define __devexit
#define __devexit_p(x) x

#endif /* LKM_LINUX_INIT_H */
