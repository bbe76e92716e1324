// SPDX-License-Identifier: MIT
/*
 * boot.c - bringing the base kernel up and down, after the port has set up
 * the machine.
 *
 * Up: banner, command line, the port's machine, proc views, the
 * registries modules extend (system calls, filesystems and the mounts,
 * buses), module subsystem, then the devices present at boot (whose drivers
 * load on demand) and the modules the boot lists name (modules_load.c).  Down: open files closed, everything unmounted, devices
 * pulled out, every module unloaded, newest first, the subsystem freed and
 * the machine released; the log says so.
 */
#include <stdio.h>

#include <lkm/module.h>
#include <lkm/version.h>

#include "internal.h"
#include "security.h"

int kernel_boot(const char *cmdline, bool interactive)
{
	char banner[128];
	int err;

	snprintf(banner, sizeof(banner), "lkm %s (%s, %s) booting",
		 LKM_RELEASE, LKM_ARCH, port_name);
	printk(KERN_NOTICE "%s\n", banner);
	if (interactive) {
		console_printf("%s\n", banner);
		/* Linux's default; scripted sessions stay quiet. */
		printk_set_console_level(7);
	}
	cmdline_set(cmdline);
	err = port_setup();
	if (err)
		return err;
	err = procviews_init();
	if (err == 0)
		err = sysfs_module_init();
	if (err == 0)
		err = registries_init();
	if (err == 0)
		err = kallsyms_init();
	if (err == 0)
		err = sys_init();
	if (err == 0)
		err = vfs_init();
	if (err == 0)
		err = devices_init();
	if (err == 0)
		err = pci_init();
	if (err) {
		printk(KERN_ERR "proc: cannot register views: error %d\n",
		       err);
		return err;
	}
	err = modules_init();
	if (err == 0)
		err = security_init();
	if (err)
		return err;
	printk(KERN_INFO "modules: ready, vermagic \"%s\"\n", LKM_VERMAGIC);
	err = hotplug_init();
	if (err == 0)
		modules_load_boot();
	return err;
}

void kernel_halt(void)
{
	security_exit();
	vfs_halt();
	hotplug_halt();
	modules_shutdown();
	port_teardown();
	printk(KERN_NOTICE "reboot: Power down\n");
}
