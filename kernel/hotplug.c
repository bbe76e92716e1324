// SPDX-License-Identifier: MIT
/*
 * hotplug.c - a simulated PCI hotplug bus: the "hardware" of a kernel that
 * has none, appearing and disappearing on command.
 *
 *   hotplug                                   list the devices
 *   hotplug add pci VVVV:DDDD[:SVVV:SDDD[:CCCCCC]]
 *   hotplug remove pci 0000:00:03.0|VVVV:DDDD
 *   hotplug.devices=pci:1af4:1005,...         on the kernel command line
 *
 * A device added here is a PCI device in slot 3 or the next free one of bus
 * 0 ("0000:00:03.0"), its subsystem ids its own ids and its class 0 unless
 * given.  Adding it is what a real hotplug controller's interrupt leads to
 * on Linux: the device is registered on the PCI bus, a loaded driver that
 * matches binds at once, and otherwise the kernel asks modprobe for a
 * driver by the device's modalias (device.c).  Removing it unbinds the
 * driver first.
 *
 * Some ids have a model behind them, registers the driver can use:
 *
 *   1af4:1005  an entropy source on virtio-rng's ids (not virtio's
 *              protocol): BAR 0 holds STATUS (0x00, bit 0: data ready),
 *              DATA (0x04, 32 random bits per read, from the port) and
 *              SERVED (0x08, bytes read from DATA so far)
 *
 * Any other id is a device with no registers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lkm/device.h>
#include <lkm/errno.h>
#include <lkm/kernel.h>

#include "internal.h"

#define HOTPLUG_FIRST_SLOT 3
#define HOTPLUG_SLOTS 32
#define BOOT_DEVICES_MAX 1024

/* ---- device models ------------------------------------------------------ */

#define RNG_STATUS 0x00
#define RNG_DATA 0x04
#define RNG_SERVED 0x08

struct hp_dev {
	struct pci_dev pdev;
	struct hp_dev *next;
	unsigned slot;
	uint32_t served;
};

static uint32_t rng_read(struct pci_dev *pdev, unsigned bar, unsigned off,
			 unsigned width)
{
	struct hp_dev *hd = container_of(pdev, struct hp_dev, pdev);
	uint32_t v = 0;

	switch (off) {
	case RNG_STATUS:
		return 1;
	case RNG_DATA:
		port_random_bytes(&v, sizeof(v));
		hd->served += width;
		return width == 4 ? v : v & ((1u << (8 * width)) - 1);
	case RNG_SERVED:
		return hd->served;
	default:
		return 0;
	}
}

static const struct pci_hw_ops rng_model = {
	.name = "entropy source",
	.nr_bars = 1,
	.bar_size = 0x100,
	.read = rng_read,
};

static const struct {
	uint16_t vendor, device;
	const struct pci_hw_ops *ops;
} models[] = {
	{ 0x1af4, 0x1005, &rng_model },
};

/* ---- the bus ------------------------------------------------------------ */

static struct hp_dev *hp_devices;
static char boot_devices[BOOT_DEVICES_MAX];

static bool slot_taken(unsigned slot)
{
	struct hp_dev *hd;

	for (hd = hp_devices; hd != NULL; hd = hd->next)
		if (hd->slot == slot)
			return true;
	return false;
}

/* Parse "VVVV:DDDD[:SVVV:SDDD[:CCCCCC]]" into @p; -EINVAL if malformed. */
static int parse_ids(const char *s, struct pci_dev *p)
{
	unsigned v, d, sv, sd, cls = 0;
	int n, used = 0;

	n = sscanf(s, "%4x:%4x%n:%4x:%4x%n:%6x%n", &v, &d, &used, &sv, &sd,
		   &used, &cls, &used);
	if (n < 2 || n == 3 || s[used] != '\0')
		return -LKM_EINVAL;
	if (n == 2) {
		sv = v;
		sd = d;
	}
	p->vendor = (uint16_t)v;
	p->device = (uint16_t)d;
	p->subsystem_vendor = (uint16_t)sv;
	p->subsystem_device = (uint16_t)sd;
	p->class = cls;
	return 0;
}

int hotplug_add(const char *ids, char *name, size_t size)
{
	struct hp_dev *hd, **tail;
	unsigned slot;
	size_t i;
	int err;

	for (slot = HOTPLUG_FIRST_SLOT; slot < HOTPLUG_SLOTS; slot++)
		if (!slot_taken(slot))
			break;
	if (slot == HOTPLUG_SLOTS)
		return -LKM_ENOSPC;
	hd = calloc(1, sizeof(*hd));
	if (hd == NULL)
		return -LKM_ENOMEM;
	err = parse_ids(ids, &hd->pdev);
	if (err) {
		free(hd);
		return err;
	}
	hd->slot = slot;
	hd->pdev.devfn = slot << 3;
	dev_set_name(&hd->pdev.dev, "0000:00:%02x.0", slot);
	for (i = 0; i < ARRAY_SIZE(models); i++)
		if (models[i].vendor == hd->pdev.vendor &&
		    models[i].device == hd->pdev.device)
			hd->pdev.hw_ops = models[i].ops;
	for (tail = &hp_devices; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = hd;
	if (name != NULL)
		snprintf(name, size, "%s", hd->pdev.dev.name);
	printk(KERN_INFO "pci %s: [%04x:%04x] type 00 class 0x%06x "
	       "(hotplug)\n", hd->pdev.dev.name, hd->pdev.vendor,
	       hd->pdev.device, hd->pdev.class);
	err = pci_device_add(&hd->pdev);
	if (err) {
		*tail = NULL;
		free(hd);
	}
	return err;
}

/* The device named @what ("0000:00:03.0", or the first "1af4:1005"). */
static struct hp_dev *hp_find(const char *what)
{
	struct pci_dev ids;
	struct hp_dev *hd;
	bool by_id = parse_ids(what, &ids) == 0;

	for (hd = hp_devices; hd != NULL; hd = hd->next) {
		if (strcmp(hd->pdev.dev.name, what) == 0)
			return hd;
		if (by_id && hd->pdev.vendor == ids.vendor &&
		    hd->pdev.device == ids.device)
			return hd;
	}
	return NULL;
}

int hotplug_remove(const char *what)
{
	struct hp_dev *hd = hp_find(what), **p;

	if (hd == NULL)
		return -LKM_ENODEV;
	pci_device_remove(&hd->pdev);
	for (p = &hp_devices; *p != hd; p = &(*p)->next)
		;
	*p = hd->next;
	free(hd);
	return 0;
}

int hotplug_for_each(int (*fn)(const struct pci_dev *pdev, void *arg),
		     void *arg)
{
	struct hp_dev *hd;
	int err;

	for (hd = hp_devices; hd != NULL; hd = hd->next) {
		err = fn(&hd->pdev, arg);
		if (err)
			return err;
	}
	return 0;
}

int hotplug_set_devices_option(const char *value)
{
	if (value == NULL || strlen(value) >= sizeof(boot_devices))
		return -LKM_EINVAL;
	strcpy(boot_devices, value);
	return 0;
}

int hotplug_init(void)
{
	char *list = boot_devices, *item;
	int err;

	while ((item = strsep(&list, ",")) != NULL) {
		if (*item == '\0')
			continue;
		if (strncmp(item, "pci:", 4) != 0)
			err = -LKM_EINVAL;
		else
			err = hotplug_add(item + 4, NULL, 0);
		if (err)
			printk(KERN_WARNING "hotplug: cannot add \"%s\" from "
			       "the command line: error %d\n", item, err);
	}
	return 0;
}

void hotplug_halt(void)
{
	while (hp_devices != NULL)
		hotplug_remove(hp_devices->pdev.dev.name);
}
