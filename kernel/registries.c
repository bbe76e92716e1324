// SPDX-License-Identifier: MIT
/*
 * registries.c - what modules add to the kernel, counted and cleaned up.
 *
 * Modules extend the kernel through registries: system calls, filesystem
 * types, character devices, misc devices, /dev nodes, buses, drivers,
 * devices and /proc views.  Each registry keeps its own records (never the
 * module's structures), each naming the module that registered it, so that
 * after a module has gone - unloaded, or its init failed halfway - whatever
 * it failed to unregister can be removed without touching its memory: the
 * kernel's guarantee that nothing is left dangling.  registries_sweep() runs
 * after every failed load and every unload.
 *
 * /proc/lkm/registries shows the size of each registry, one "name count"
 * per line, so that tests can see them return to their previous state.
 */
#include <lkm/errno.h>
#include <lkm/kernel.h>
#include <lkm/syscall.h>

#include "internal.h"

void registries_sweep(void)
{
	size_t n = 0;

	/* Users before what they use: drivers before their nodes. */
	n += driver_sweep(module_is_gone);
	n += device_sweep(module_is_gone);
	n += bus_sweep(module_is_gone);
	n += misc_sweep(module_is_gone);
	n += chrdev_sweep(module_is_gone);
	n += devtmpfs_sweep(module_is_gone);
	n += fs_type_sweep(module_is_gone);
	n += syscall_sweep(module_is_gone);
	n += proc_sweep(module_is_gone);
	if (n > 0)
		printk(KERN_WARNING "modules: %zu registrations left behind "
		       "by modules removed\n", n);
}

void kernel_get_stats(struct kernel_stats *st)
{
	struct lkm_kernel *k = modules_kernel();
	struct lkm_stats ls = { 0 };

	if (k != NULL)
		lkm_kernel_get_stats(k, &ls);
	*st = (struct kernel_stats){
		.uptime_ns = port_clock_ns(),
		.modules = ls.modules,
		.module_bytes = ls.module_bytes,
		.symbols = ls.symbols,
		.loads = ls.loads,
		.unloads = ls.unloads,
		.syscalls = syscall_count(),
		.filesystems = fs_type_count(),
		.mounts = mount_count(),
		.chrdevs = chrdev_count(),
		.devices = device_count(),
		.drivers = driver_count(),
		.open_files = vfs_open_count(),
	};
}
EXPORT_SYMBOL(kernel_get_stats);

static int show_registries(struct seqbuf *sb)
{
	seqbuf_printf(sb, "syscalls %zu\n", syscall_count());
	seqbuf_printf(sb, "filesystems %zu\n", fs_type_count());
	seqbuf_printf(sb, "mounts %zu\n", mount_count());
	seqbuf_printf(sb, "chrdevs %zu\n", chrdev_count());
	seqbuf_printf(sb, "miscdevs %zu\n", misc_count());
	seqbuf_printf(sb, "devnodes %zu\n", devtmpfs_count());
	seqbuf_printf(sb, "buses %zu\n", bus_count());
	seqbuf_printf(sb, "drivers %zu\n", driver_count());
	seqbuf_printf(sb, "devices %zu\n", device_count());
	seqbuf_printf(sb, "views %zu\n", proc_count());
	seqbuf_printf(sb, "open_files %zu\n", vfs_open_count());
	return sb->err;
}

int registries_init(void)
{
	return proc_register("/proc/lkm/registries", show_registries);
}
