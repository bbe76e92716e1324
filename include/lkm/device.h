/* SPDX-License-Identifier: MIT */
/*
 * device.h - the device model, for driver authors: buses, devices, drivers
 * and the PCI bus.
 *
 *   static const struct pci_device_id ids[] = {
 *           { PCI_DEVICE(0x1af4, 0x1005) },
 *           { 0 }
 *   };
 *   MODULE_DEVICE_TABLE(pci, ids);
 *
 *   static struct pci_driver drv = {
 *           .name = "virtio_rng", .id_table = ids,
 *           .probe = rng_probe, .remove = rng_remove,
 *   };
 *   module_pci_driver(drv);
 *
 * As in Linux: a device appears on a bus with ids, and a modalias string
 * built from them ("pci:v00001AF4d00001005sv...").  A driver lists the ids
 * it handles; the bus matches the two and calls the driver's probe, and
 * its remove when the device goes or the driver does.  MODULE_DEVICE_TABLE
 * makes lkm-build write one "alias=" pattern per id into .modinfo; depmod
 * gathers them into modules.alias, so that when a device appears that no
 * loaded driver handles, the kernel asks modprobe for its modalias and the
 * right module loads and binds (request_module(), as udev would).
 *
 * Registration functions return 0 or a negative errno.  Everything a
 * module registers here must be unregistered by its exit; what is left is
 * removed by the kernel when the module goes, with a warning (the kernel
 * keeps its own records, never links through the caller's structures).
 */
#ifndef LKM_DEVICE_H
#define LKM_DEVICE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lkm/module.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef container_of
#define container_of(ptr, type, member)                                      \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))
#endif
#ifndef __iomem
#define __iomem
#endif

struct device;
struct device_driver;

/* A read-only file of a device's sysfs directory. */
struct device_attribute {
	const char *name;
	/* Write the value, newline included, into @buf: length or -errno. */
	int (*show)(struct device *dev, char *buf, size_t size);
};

struct bus_type {
	const char *name;
	/* Non-zero if @drv handles @dev. */
	int (*match)(struct device *dev, struct device_driver *drv);
	/* The device's modalias ("pci:v..."), NUL-terminated: 0 or -errno. */
	int (*modalias)(struct device *dev, char *buf, size_t size);
	/* Bind @dev to dev->driver (set by the core): 0 or -errno. */
	int (*probe)(struct device *dev);
	/* Unbind @dev from dev->driver. */
	void (*remove)(struct device *dev);
	/* The files of /sys/bus/<name>/devices/<dev>/, NULL-terminated. */
	const struct device_attribute *const *dev_attrs;
};

/* Longest device name, terminator included. */
#define DEVICE_NAME_LEN 32

struct device {
	char name[DEVICE_NAME_LEN];
	struct bus_type *bus;
	struct device_driver *driver; /* the bound driver, or NULL */
	void *driver_data;
	/* Called once the device is unregistered (may be NULL). */
	void (*release)(struct device *dev);
};

struct device_driver {
	const char *name;
	struct bus_type *bus;
	struct module *owner;
	/* Used by buses that bind through the driver (bus->probe NULL). */
	int (*probe)(struct device *dev);
	void (*remove)(struct device *dev);
};

/* Name a device ("0000:00:03.0"): 0, or -ENAMETOOLONG. */
int dev_set_name(struct device *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *dev_name(const struct device *dev);
/* The bound driver's name, else the bus's (what dev_info() prints). */
const char *dev_driver_string(const struct device *dev);

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

#define dev_printk(level, dev, fmt, ...)                                     \
	printk(level "%s %s: " fmt, dev_driver_string(dev), dev_name(dev),  \
	       ##__VA_ARGS__)
#define dev_err(dev, fmt, ...) dev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)                                              \
	dev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...) dev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...) dev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__)

/* A new bus (-EEXIST if the name is taken). */
int __bus_register(struct bus_type *bus, struct module *owner);
#define bus_register(bus) __bus_register(bus, THIS_MODULE)
/* Remove a bus; its devices and drivers must be gone (-EBUSY). */
int bus_unregister(struct bus_type *bus);

/*
 * Add @dev to its bus and bind it to a driver that matches; with none, ask
 * for one by modalias (request_module) and bind what that loads.  The
 * device counts as added even if no driver is found.
 */
int __device_register(struct device *dev, struct module *owner);
#define device_register(dev) __device_register(dev, THIS_MODULE)
/* Unbind @dev (the driver's remove runs) and take it off its bus. */
void device_unregister(struct device *dev);

/* A new driver: it is bound to every unbound device it matches. */
int __driver_register(struct device_driver *drv, struct module *owner);
#define driver_register(drv) __driver_register(drv, THIS_MODULE)
/* Unbind the driver from its devices (remove runs) and take it away. */
void driver_unregister(struct device_driver *drv);

/* ---- PCI ---------------------------------------------------------------- */

#define PCI_ANY_ID (~0u)

/* One entry of a driver's id table; the table ends with a zeroed entry. */
struct pci_device_id {
	uint32_t vendor, device;       /* or PCI_ANY_ID */
	uint32_t subvendor, subdevice; /* or PCI_ANY_ID */
	uint32_t class, class_mask;    /* (class ^ dev class) & mask == 0 */
	unsigned long driver_data;
};

#define PCI_DEVICE(vend, dev)                                                \
	.vendor = (vend), .device = (dev), .subvendor = PCI_ANY_ID,          \
	.subdevice = PCI_ANY_ID
#define PCI_DEVICE_SUB(vend, dev, subvend, subdev)                           \
	.vendor = (vend), .device = (dev), .subvendor = (subvend),           \
	.subdevice = (subdev)
#define PCI_DEVICE_CLASS(dev_class, dev_class_mask)                          \
	.vendor = PCI_ANY_ID, .device = PCI_ANY_ID,                          \
	.subvendor = PCI_ANY_ID, .subdevice = PCI_ANY_ID,                    \
	.class = (dev_class), .class_mask = (dev_class_mask)

/*
 * Publish @name, the id table of @type ("pci"), for modpost: it becomes
 * alias= entries in .modinfo.  Linux's spelling of the symbol.
 */
#define MODULE_DEVICE_TABLE(type, name)                                      \
	extern __typeof__(name) __mod_##type##__##name##_device_table        \
		__attribute__((unused, alias(#name)))

struct pci_dev {
	struct device dev;
	uint16_t vendor, device;
	uint16_t subsystem_vendor, subsystem_device;
	uint32_t class; /* base class << 16 | subclass << 8 | prog-if */
	uint8_t revision;
	unsigned int devfn; /* slot << 3 | function, on bus 0 */
	/* private to the PCI core and the machine behind the device */
	const void *hw_ops;
	void *hw_state;
	uintptr_t mmio_base;
	bool enabled;
};

struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;
	/* Bind @dev, which matched @id: 0 or -errno. */
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
	void (*remove)(struct pci_dev *dev);
	struct device_driver driver;
};

#define to_pci_dev(d) container_of(d, struct pci_dev, dev)
#define to_pci_driver(d) container_of(d, struct pci_driver, driver)

static inline void pci_set_drvdata(struct pci_dev *pdev, void *data)
{
	dev_set_drvdata(&pdev->dev, data);
}

static inline void *pci_get_drvdata(struct pci_dev *pdev)
{
	return dev_get_drvdata(&pdev->dev);
}

int __pci_register_driver(struct pci_driver *drv, struct module *owner,
			  const char *mod_name);
#define pci_register_driver(drv)                                             \
	__pci_register_driver(drv, THIS_MODULE, KBUILD_MODNAME)
void pci_unregister_driver(struct pci_driver *drv);

/* A module whose init and exit only register and unregister @drv. */
#define module_pci_driver(drv)                                               \
	static int __init drv##_init(void)                                   \
	{                                                                    \
		return pci_register_driver(&(drv));                          \
	}                                                                    \
	module_init(drv##_init);                                             \
	static void __exit drv##_exit(void)                                  \
	{                                                                    \
		pci_unregister_driver(&(drv));                               \
	}                                                                    \
	module_exit(drv##_exit)

/* The entry of @ids that matches @dev, or NULL. */
const struct pci_device_id *pci_match_id(const struct pci_device_id *ids,
					 const struct pci_dev *dev);
int pci_enable_device(struct pci_dev *dev);
void pci_disable_device(struct pci_dev *dev);
/* Map BAR @bar (at most @maxlen bytes, 0: all): NULL if it has none. */
void __iomem *pci_iomap(struct pci_dev *dev, int bar, unsigned long maxlen);
void pci_iounmap(struct pci_dev *dev, void __iomem *addr);

/*
 * Device registers.  Reads of a device that has gone return all ones, as
 * on a real bus.
 */
uint8_t ioread8(const void __iomem *addr);
uint16_t ioread16(const void __iomem *addr);
uint32_t ioread32(const void __iomem *addr);
void iowrite8(uint8_t value, void __iomem *addr);
void iowrite16(uint16_t value, void __iomem *addr);
void iowrite32(uint32_t value, void __iomem *addr);

#ifdef __cplusplus
}
#endif

#endif /* LKM_DEVICE_H */
