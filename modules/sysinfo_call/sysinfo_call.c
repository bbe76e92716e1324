// SPDX-License-Identifier: GPL-2.0
/*
 * sysinfo_call.c - two system calls, added at load and gone at unload.
 *
 *   syscall sysinfo         the kernel's statistics, "key value" a line
 *   syscall crc32 TEXT      the CRC-32 of TEXT (zlib's), "%08x"
 *
 * sysinfo reports what <lkm/syscall.h> lets a call see of the kernel -
 * uptime, modules and their memory, exported symbols, and the size of
 * every registry modules extend - and this module's own reference count
 * while the call runs, which is 1: the reference the kernel holds on the
 * module for the call in flight, so that it cannot be unloaded under it.
 * The numbers are parameters: insmod sysinfo_call.ko nr=420 moves both.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <lkm/kernel.h>
#include <lkm/module.h>
#include <lkm/syscall.h>

static unsigned int nr = 400;
module_param(nr, uint, 0444);
MODULE_PARM_DESC(nr, "number of sysinfo; crc32 is the next one");

static long sysinfo_call(const struct syscall_args *a)
{
	struct kernel_stats st;

	kernel_get_stats(&st);
	return syscall_out_printf(a->out,
		"uptime_ms %llu\n"
		"modules %zu\n"
		"module_bytes %zu\n"
		"symbols %zu\n"
		"loads %llu\n"
		"unloads %llu\n"
		"syscalls %zu\n"
		"filesystems %zu\n"
		"mounts %zu\n"
		"chrdevs %zu\n"
		"devices %zu\n"
		"drivers %zu\n"
		"open_files %zu\n"
		"refcount %d\n",
		(unsigned long long)(st.uptime_ns / 1000000), st.modules,
		st.module_bytes, st.symbols, (unsigned long long)st.loads,
		(unsigned long long)st.unloads, st.syscalls, st.filesystems,
		st.mounts, st.chrdevs, st.devices, st.drivers, st.open_files,
		module_refcount(THIS_MODULE));
}

/* CRC-32 as zlib's crc32() (reflected, polynomial 0xedb88320). */
static uint32_t crc32_le(const unsigned char *p, size_t len)
{
	uint32_t crc = 0xffffffffu;
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
	}
	return ~crc;
}

static long crc32_call(const struct syscall_args *a)
{
	return syscall_out_printf(a->out, "%08x\n",
				  crc32_le((const unsigned char *)a->arg1,
					   a->len1));
}

static int __init sysinfo_call_init(void)
{
	int err;

	err = register_syscall(nr, "sysinfo", sysinfo_call);
	if (err)
		goto fail;
	err = register_syscall(nr + 1, "crc32", crc32_call);
	if (err)
		goto fail_crc32;
	pr_info("sysinfo is call %u, crc32 call %u\n", nr, nr + 1);
	return 0;

fail_crc32:
	unregister_syscall(nr);
fail:
	pr_err("cannot register calls %u and %u: error %d\n", nr, nr + 1, err);
	return err;
}

static void __exit sysinfo_call_exit(void)
{
	unregister_syscall(nr + 1);
	unregister_syscall(nr);
}

module_init(sysinfo_call_init);
module_exit(sysinfo_call_exit);
MODULE_LICENSE("GPL");
MODULE_VERSION("1.0");
MODULE_DESCRIPTION("System calls: kernel statistics (sysinfo) and CRC-32");
