// SPDX-License-Identifier: MIT
/*
 * shell_dev.c - the console's syscall and hotplug commands.
 *
 *   syscall                       list the system-call table
 *   syscall NAME|NR [ARG1 [ARG2]] make a call: its output as it comes, or,
 *                                 if it has none, its positive result
 *   hotplug                       list the simulated PCI devices
 *   hotplug add pci IDS           plug one in (prints its name)
 *   hotplug remove pci NAME|IDS   pull it out
 *
 * A call the base kernel serves goes through syscall.c as the tools' calls
 * do; one a module added runs from the table with the module held.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lkm/device.h>
#include <lkm/errno.h>
#include <lkm/syscall.h>

#include "internal.h"

static int list_call(unsigned int nr, const char *name, const void *call,
		     const struct module *owner, void *arg)
{
	char mod[LKM_MODULE_NAME_LEN];

	if (owner != NULL && module_name_of(owner, mod, sizeof(mod)) == 0)
		console_printf("%3u %s [%s]\n", nr, name, mod);
	else
		console_printf("%3u %s\n", nr, name);
	return 0;
}

int shell_syscall(struct shell *sh, int argc, char **argv)
{
	struct seqbuf out;
	struct syscall_args a = {
		.arg1 = argc > 2 ? argv[2] : "",
		.len1 = argc > 2 ? strlen(argv[2]) : 0,
		.arg2 = argc > 3 ? argv[3] : "",
		.len2 = argc > 3 ? strlen(argv[3]) : 0,
	};
	bool poweroff = false;
	unsigned int nr;
	long ret;

	if (argc == 1)
		return syscall_for_each(list_call, NULL);
	if (argc > 4) {
		console_errorf("syscall: usage: syscall NAME|NR [ARG1 "
			       "[ARG2]]\n");
		return -LKM_EINVAL;
	}
	seqbuf_init(&out);
	ret = syscall_table_find(argv[1], &nr);
	if (ret == 0)
		ret = syscall_invoke(nr, &a, &out, &poweroff);
	sh->stopped = sh->stopped || poweroff;
	if (ret >= 0 && out.err)
		ret = out.err;
	if (ret < 0) {
		console_errorf("syscall: %s: %s\n", argv[1],
			       strerror((int)-ret));
	} else if (out.len > 0) {
		console_write(CONSOLE_OUT, out.buf, out.len);
	} else if (ret > 0) {
		console_printf("%ld\n", ret);
	}
	seqbuf_release(&out);
	return ret < 0 ? (int)ret : 0;
}

static int list_device(const struct pci_dev *pdev, void *arg)
{
	const struct device *dev = &pdev->dev;

	console_printf("%s %04x:%04x %s\n", dev->name, pdev->vendor,
		       pdev->device, dev->driver ? dev->driver->name : "-");
	return 0;
}

int shell_hotplug(struct shell *sh, int argc, char **argv)
{
	char name[DEVICE_NAME_LEN];
	int err;

	if (argc == 1)
		return hotplug_for_each(list_device, NULL);
	if (argc != 4 || strcmp(argv[2], "pci") != 0 ||
	    (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "remove") != 0)) {
		console_errorf("hotplug: usage: hotplug [add|remove] pci "
			       "VVVV:DDDD[:SVVV:SDDD[:CCCCCC]]|NAME\n");
		return -LKM_EINVAL;
	}
	if (strcmp(argv[1], "add") == 0) {
		err = hotplug_add(argv[3], name, sizeof(name));
		if (err == 0)
			console_printf("%s\n", name);
	} else {
		err = hotplug_remove(argv[3]);
	}
	if (err)
		console_errorf("hotplug: %s %s: %s\n", argv[1], argv[3],
			       strerror(-err));
	return err;
}
