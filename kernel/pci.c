// SPDX-License-Identifier: MIT
/*
 * pci.c - the PCI bus: id matching, modaliases, drivers, and register
 * access to devices.
 *
 * A device's identity is Linux's: vendor, device, subsystem vendor and
 * device, and a 24-bit class; its modalias is
 * "pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X", which the "alias="
 * patterns modpost writes from drivers' id tables (tools/file2alias.c)
 * match.  A driver's id table is searched in order; the first entry whose
 * fields all match (PCI_ANY_ID matches anything, the class under its
 * mask) binds.
 *
 * The devices themselves are the machine's: the hosted kernel's come from
 * its simulated hotplug bus (hotplug.c), whose devices have register
 * banks behind their BARs.  pci_iomap() gives a BAR's address in a window
 * of bus addresses that is never mapped; ioread32() and friends route an
 * address in the window to the device model behind it, and anything else
 * to memory.  A device that has gone reads as all ones, as on a real bus.
 */
#include <stdio.h>
#include <string.h>

#include <lkm/device.h>
#include <lkm/errno.h>
#include <lkm/kernel.h>

#include "internal.h"

#define PCI_MAX_DEVICES 32
#define PCI_MMIO_SIZE (PCI_MAX_DEVICES * PCI_MMIO_DEVICE_STRIDE)

static struct pci_dev *present[PCI_MAX_DEVICES];

const struct pci_device_id *pci_match_id(const struct pci_device_id *ids,
					 const struct pci_dev *dev)
{
	for (; ids != NULL && (ids->vendor || ids->subvendor ||
			       ids->class_mask); ids++) {
		if ((ids->vendor == PCI_ANY_ID || ids->vendor == dev->vendor) &&
		    (ids->device == PCI_ANY_ID || ids->device == dev->device) &&
		    (ids->subvendor == PCI_ANY_ID ||
		     ids->subvendor == dev->subsystem_vendor) &&
		    (ids->subdevice == PCI_ANY_ID ||
		     ids->subdevice == dev->subsystem_device) &&
		    !((ids->class ^ dev->class) & ids->class_mask))
			return ids;
	}
	return NULL;
}
EXPORT_SYMBOL(pci_match_id);

static int pci_bus_match(struct device *dev, struct device_driver *drv)
{
	return pci_match_id(to_pci_driver(drv)->id_table,
			    to_pci_dev(dev)) != NULL;
}

static int pci_bus_modalias(struct device *dev, char *buf, size_t size)
{
	const struct pci_dev *p = to_pci_dev(dev);
	int n;

	n = snprintf(buf, size, "pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X",
		     p->vendor, p->device, p->subsystem_vendor,
		     p->subsystem_device, (p->class >> 16) & 0xff,
		     (p->class >> 8) & 0xff, p->class & 0xff);
	return n < 0 || (size_t)n >= size ? -LKM_ENAMETOOLONG : 0;
}

static int pci_bus_probe(struct device *dev)
{
	struct pci_driver *drv = to_pci_driver(dev->driver);
	struct pci_dev *pdev = to_pci_dev(dev);
	const struct pci_device_id *id = pci_match_id(drv->id_table, pdev);

	if (id == NULL)
		return -LKM_ENODEV;
	return drv->probe != NULL ? drv->probe(pdev, id) : 0;
}

static void pci_bus_remove(struct device *dev)
{
	struct pci_driver *drv = to_pci_driver(dev->driver);
	struct pci_dev *pdev = to_pci_dev(dev);

	if (drv->remove != NULL)
		drv->remove(pdev);
	pdev->enabled = false;
}

/* ---- attributes -------------------------------------------------------- */

#define PCI_ATTR(field, fmt)                                                 \
	static int show_##field(struct device *dev, char *buf, size_t size)  \
	{                                                                    \
		return snprintf(buf, size, fmt "\n", to_pci_dev(dev)->field); \
	}                                                                    \
	static const struct device_attribute attr_##field = { #field,        \
							      show_##field }

PCI_ATTR(vendor, "0x%04x");
PCI_ATTR(device, "0x%04x");
PCI_ATTR(subsystem_vendor, "0x%04x");
PCI_ATTR(subsystem_device, "0x%04x");
PCI_ATTR(class, "0x%06x");
PCI_ATTR(revision, "0x%02x");

static int show_enable(struct device *dev, char *buf, size_t size)
{
	return snprintf(buf, size, "%d\n", to_pci_dev(dev)->enabled);
}

static const struct device_attribute attr_enable = { "enable", show_enable };

static const struct device_attribute *const pci_dev_attrs[] = {
	&attr_class, &attr_device, &attr_enable, &attr_revision,
	&attr_subsystem_device, &attr_subsystem_vendor, &attr_vendor, NULL,
};

static struct bus_type pci_bus_type = {
	.name = "pci",
	.match = pci_bus_match,
	.modalias = pci_bus_modalias,
	.probe = pci_bus_probe,
	.remove = pci_bus_remove,
	.dev_attrs = pci_dev_attrs,
};

/* ---- drivers ------------------------------------------------------------ */

int __pci_register_driver(struct pci_driver *drv, struct module *owner,
			  const char *mod_name)
{
	if (drv->name == NULL || drv->id_table == NULL)
		return -LKM_EINVAL;
	drv->driver.name = drv->name;
	drv->driver.bus = &pci_bus_type;
	drv->driver.owner = owner;
	return __driver_register(&drv->driver, owner);
}
EXPORT_SYMBOL(__pci_register_driver);

void pci_unregister_driver(struct pci_driver *drv)
{
	driver_unregister(&drv->driver);
}
EXPORT_SYMBOL(pci_unregister_driver);

/* ---- devices and their registers ---------------------------------------- */

int pci_device_add(struct pci_dev *pdev)
{
	size_t i;

	for (i = 0; i < PCI_MAX_DEVICES && present[i] != NULL; i++)
		;
	if (i == PCI_MAX_DEVICES)
		return -LKM_ENOSPC;
	present[i] = pdev;
	pdev->dev.bus = &pci_bus_type;
	pdev->mmio_base = PCI_MMIO_WINDOW + i * PCI_MMIO_DEVICE_STRIDE;
	return __device_register(&pdev->dev, NULL);
}

void pci_device_remove(struct pci_dev *pdev)
{
	size_t i;

	device_unregister(&pdev->dev);
	for (i = 0; i < PCI_MAX_DEVICES; i++)
		if (present[i] == pdev)
			present[i] = NULL;
}

int pci_enable_device(struct pci_dev *dev)
{
	dev->enabled = true;
	return 0;
}
EXPORT_SYMBOL(pci_enable_device);

void pci_disable_device(struct pci_dev *dev)
{
	dev->enabled = false;
}
EXPORT_SYMBOL(pci_disable_device);

void __iomem *pci_iomap(struct pci_dev *dev, int bar, unsigned long maxlen)
{
	const struct pci_hw_ops *hw = dev->hw_ops;

	if (hw == NULL || bar < 0 || (unsigned)bar >= hw->nr_bars ||
	    !dev->enabled)
		return NULL;
	return (void __iomem *)(dev->mmio_base + (uintptr_t)bar *
						       PCI_MMIO_BAR_STRIDE);
}
EXPORT_SYMBOL(pci_iomap);

void pci_iounmap(struct pci_dev *dev, void __iomem *addr)
{
}
EXPORT_SYMBOL(pci_iounmap);

/* The device, BAR and offset behind bus address @addr, or NULL. */
static struct pci_dev *mmio_lookup(uintptr_t addr, unsigned *bar,
				   unsigned *off)
{
	const struct pci_hw_ops *hw;
	struct pci_dev *pdev;
	size_t i;

	if (addr < PCI_MMIO_WINDOW ||
	    addr >= PCI_MMIO_WINDOW + PCI_MMIO_SIZE)
		return NULL;
	i = (addr - PCI_MMIO_WINDOW) / PCI_MMIO_DEVICE_STRIDE;
	pdev = present[i];
	if (pdev == NULL || (hw = pdev->hw_ops) == NULL || !pdev->enabled)
		return NULL;
	addr -= pdev->mmio_base;
	*bar = (unsigned)(addr / PCI_MMIO_BAR_STRIDE);
	*off = (unsigned)(addr % PCI_MMIO_BAR_STRIDE);
	if (*bar >= hw->nr_bars || *off >= hw->bar_size)
		return NULL;
	return pdev;
}

static bool in_window(uintptr_t addr)
{
	return addr >= PCI_MMIO_WINDOW &&
	       addr - PCI_MMIO_WINDOW < PCI_MMIO_SIZE;
}

static uint32_t mmio_read(const void __iomem *addr, unsigned width)
{
	const struct pci_hw_ops *hw;
	struct pci_dev *pdev;
	unsigned bar, off;

	pdev = mmio_lookup((uintptr_t)addr, &bar, &off);
	if (pdev == NULL)
		return width == 4 ? 0xffffffffu : (1u << (8 * width)) - 1;
	hw = pdev->hw_ops;
	return hw->read(pdev, bar, off, width);
}

static void mmio_write(void __iomem *addr, unsigned width, uint32_t value)
{
	const struct pci_hw_ops *hw;
	struct pci_dev *pdev;
	unsigned bar, off;

	pdev = mmio_lookup((uintptr_t)addr, &bar, &off);
	if (pdev == NULL)
		return;
	hw = pdev->hw_ops;
	if (hw->write != NULL)
		hw->write(pdev, bar, off, width, value);
}

uint8_t ioread8(const void __iomem *addr)
{
	if (in_window((uintptr_t)addr))
		return (uint8_t)mmio_read(addr, 1);
	return *(const volatile uint8_t *)addr;
}
EXPORT_SYMBOL(ioread8);

uint16_t ioread16(const void __iomem *addr)
{
	if (in_window((uintptr_t)addr))
		return (uint16_t)mmio_read(addr, 2);
	return *(const volatile uint16_t *)addr;
}
EXPORT_SYMBOL(ioread16);

uint32_t ioread32(const void __iomem *addr)
{
	if (in_window((uintptr_t)addr))
		return mmio_read(addr, 4);
	return *(const volatile uint32_t *)addr;
}
EXPORT_SYMBOL(ioread32);

void iowrite8(uint8_t value, void __iomem *addr)
{
	if (in_window((uintptr_t)addr))
		mmio_write(addr, 1, value);
	else
		*(volatile uint8_t *)addr = value;
}
EXPORT_SYMBOL(iowrite8);

void iowrite16(uint16_t value, void __iomem *addr)
{
	if (in_window((uintptr_t)addr))
		mmio_write(addr, 2, value);
	else
		*(volatile uint16_t *)addr = value;
}
EXPORT_SYMBOL(iowrite16);

void iowrite32(uint32_t value, void __iomem *addr)
{
	if (in_window((uintptr_t)addr))
		mmio_write(addr, 4, value);
	else
		*(volatile uint32_t *)addr = value;
}
EXPORT_SYMBOL(iowrite32);

int pci_init(void)
{
	return __bus_register(&pci_bus_type, NULL);
}
