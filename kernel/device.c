// SPDX-License-Identifier: MIT
/*
 * device.c - the device model: buses, devices and drivers, binding, and
 * /sys/bus.
 *
 * As in Linux: a bus knows how to match its devices against drivers and
 * how to name a device for modprobe (its modalias).  Registering a driver
 * binds it to every unbound device it matches; registering a device binds
 * it to the first driver that matches, and if there is none the kernel
 * does what udev does on Linux: it asks modprobe for the device's modalias
 * (request_module()), and the module that loads registers a driver that
 * binds it.  Unregistering either unbinds (the driver's remove runs).
 * Binding takes no module reference: a driver module may be unloaded with
 * devices bound (its exit unregisters the driver, which unbinds them), but
 * not while one of its devices is open (the open file holds it).
 *
 * The core keeps its own records, naming each registration's module, so
 * that what a module leaves registered when it goes can be dropped without
 * touching its memory (registries.c).
 *
 *   /sys/bus/<bus>/devices/<dev>/<attr>   the bus's attributes, modalias,
 *                                         and "driver" (the bound driver's
 *                                         name) while bound
 *   /sys/bus/<bus>/drivers/<drv>/<dev>    the devices bound (each shows the
 *                                         device's directory), and "module"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lkm/device.h>
#include <lkm/errno.h>
#include <lkm/kernel.h>

#include "internal.h"
#include "security.h"

#define SYSFS_BUS "/sys/bus"
#define MODALIAS_MAX 256
#define ATTR_MAX 4096

struct bus_record {
	struct bus_record *next;
	struct bus_type *bus;
	char name[32];
	struct module *owner;
};

struct drv_record {
	struct drv_record *next;
	struct device_driver *drv;
	struct bus_record *bus;
	char name[64];
	struct module *owner;
};

struct dev_record {
	struct dev_record *next;
	struct device *dev;
	struct bus_record *bus;
	struct drv_record *drv; /* bound to, or NULL */
	char name[DEVICE_NAME_LEN];
	struct module *owner;
};

static struct bus_record *buses;
static struct drv_record *drivers;
static struct dev_record *devices;

/* Append @rec (whose first member is its next pointer) to @list. */
#define LIST_APPEND(list, rec)                                               \
	do {                                                                 \
		__typeof__(list) *p_;                                        \
		for (p_ = &(list); *p_ != NULL; p_ = &(*p_)->next)           \
			;                                                    \
		(rec)->next = NULL;                                          \
		*p_ = (rec);                                                 \
	} while (0)

#define LIST_REMOVE(list, rec)                                               \
	do {                                                                 \
		__typeof__(list) *p_;                                        \
		for (p_ = &(list); *p_ != NULL && *p_ != (rec);              \
		     p_ = &(*p_)->next)                                      \
			;                                                    \
		if (*p_ != NULL)                                             \
			*p_ = (rec)->next;                                   \
	} while (0)

int dev_set_name(struct device *dev, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(dev->name, sizeof(dev->name), fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= sizeof(dev->name) ? -LKM_ENAMETOOLONG : 0;
}
EXPORT_SYMBOL(dev_set_name);

const char *dev_name(const struct device *dev)
{
	return dev->name;
}
EXPORT_SYMBOL(dev_name);

const char *dev_driver_string(const struct device *dev)
{
	if (dev->driver != NULL)
		return dev->driver->name;
	return dev->bus != NULL ? dev->bus->name : "";
}
EXPORT_SYMBOL(dev_driver_string);

static struct bus_record *bus_find(const struct bus_type *bus)
{
	struct bus_record *b;

	for (b = buses; b != NULL; b = b->next)
		if (b->bus == bus)
			return b;
	return NULL;
}

static struct bus_record *bus_find_name(const char *name)
{
	struct bus_record *b;

	for (b = buses; b != NULL; b = b->next)
		if (strcmp(b->name, name) == 0)
			return b;
	return NULL;
}

int __bus_register(struct bus_type *bus, struct module *owner)
{
	struct bus_record *b;

	if (bus == NULL || bus->name == NULL || bus->match == NULL ||
	    strlen(bus->name) >= sizeof(b->name) || strchr(bus->name, '/'))
		return -LKM_EINVAL;
	if (bus_find_name(bus->name) != NULL)
		return -LKM_EEXIST;
	b = calloc(1, sizeof(*b));
	if (b == NULL)
		return -LKM_ENOMEM;
	b->bus = bus;
	strcpy(b->name, bus->name);
	b->owner = owner;
	LIST_APPEND(buses, b);
	return 0;
}
EXPORT_SYMBOL(__bus_register);

int bus_unregister(struct bus_type *bus)
{
	struct bus_record *b = bus_find(bus);
	struct dev_record *d;
	struct drv_record *r;

	if (b == NULL)
		return -LKM_EINVAL;
	for (d = devices; d != NULL; d = d->next)
		if (d->bus == b)
			return -LKM_EBUSY;
	for (r = drivers; r != NULL; r = r->next)
		if (r->bus == b)
			return -LKM_EBUSY;
	LIST_REMOVE(buses, b);
	free(b);
	return 0;
}
EXPORT_SYMBOL(bus_unregister);

/* ---- binding ------------------------------------------------------------ */

/* Try to bind @d to @r: 0 bound, 1 no match, or the probe's error. */
static int try_bind(struct dev_record *d, struct drv_record *r)
{
	struct device *dev = d->dev;
	struct bus_type *bus = d->bus->bus;
	int err;

	if (d->drv != NULL || r->bus != d->bus || !bus->match(dev, r->drv))
		return 1;
	dev->driver = r->drv;
	d->drv = r;
	if (bus->probe != NULL)
		err = bus->probe(dev);
	else
		err = r->drv->probe != NULL ? r->drv->probe(dev) : 0;
	if (err) {
		dev->driver = NULL;
		d->drv = NULL;
		printk(KERN_WARNING "%s: probe of %s failed with error %d\n",
		       r->name, d->name, err);
		return err;
	}
	printk(KERN_INFO "%s %s: bound to driver %s\n", d->bus->name, d->name,
	       r->name);
	return 0;
}

static void unbind(struct dev_record *d)
{
	struct device *dev = d->dev;
	struct bus_type *bus = d->bus->bus;
	struct drv_record *r = d->drv;

	if (r == NULL)
		return;
	if (bus->remove != NULL)
		bus->remove(dev);
	else if (r->drv->remove != NULL)
		r->drv->remove(dev);
	dev->driver = NULL;
	dev->driver_data = NULL;
	d->drv = NULL;
	printk(KERN_INFO "%s %s: unbound from driver %s\n", d->bus->name,
	       d->name, r->name);
}

/* Bind @d to the first driver that takes it; true if one did. */
static bool attach_device(struct dev_record *d)
{
	struct drv_record *r;

	for (r = drivers; r != NULL && d->drv == NULL; r = r->next)
		try_bind(d, r);
	return d->drv != NULL;
}

static struct dev_record *dev_find(const struct device *dev)
{
	struct dev_record *d;

	for (d = devices; d != NULL; d = d->next)
		if (d->dev == dev)
			return d;
	return NULL;
}

int device_modalias(struct device *dev, char *buf, size_t size)
{
	if (dev->bus == NULL || dev->bus->modalias == NULL)
		return -LKM_ENOENT;
	return dev->bus->modalias(dev, buf, size);
}

int __device_register(struct device *dev, struct module *owner)
{
	char alias[MODALIAS_MAX];
	struct bus_record *b = dev->bus ? bus_find(dev->bus) : NULL;
	struct dev_record *d;

	if (b == NULL || dev->name[0] == '\0' || strchr(dev->name, '/'))
		return -LKM_EINVAL;
	for (d = devices; d != NULL; d = d->next)
		if (d->dev == dev || (d->bus == b &&
				      strcmp(d->name, dev->name) == 0))
			return -LKM_EEXIST;
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return -LKM_ENOMEM;
	d->dev = dev;
	d->bus = b;
	strcpy(d->name, dev->name);
	d->owner = owner;
	dev->driver = NULL;
	LIST_APPEND(devices, d);
	if (device_modalias(dev, alias, sizeof(alias)) != 0)
		alias[0] = '\0';
	printk(KERN_INFO "%s %s: added%s%s\n", b->name, d->name,
	       alias[0] ? ", modalias " : "", alias);
	if (attach_device(d) || alias[0] == '\0')
		return 0;
	/* The uevent: what udev does with MODALIAS=, the kernel does here. */
	if (request_module("%s", alias) == 0 && dev_find(dev) == d &&
	    d->drv == NULL)
		attach_device(d);
	if (dev_find(dev) == d && d->drv == NULL)
		printk(KERN_INFO "%s %s: no driver\n", b->name, d->name);
	return 0;
}
EXPORT_SYMBOL(__device_register);

void device_unregister(struct device *dev)
{
	struct dev_record *d = dev_find(dev);

	if (d == NULL)
		return;
	unbind(d);
	LIST_REMOVE(devices, d);
	printk(KERN_INFO "%s %s: removed\n", d->bus->name, d->name);
	free(d);
	if (dev->release != NULL)
		dev->release(dev);
}
EXPORT_SYMBOL(device_unregister);

int __driver_register(struct device_driver *drv, struct module *owner)
{
	struct bus_record *b = drv->bus ? bus_find(drv->bus) : NULL;
	struct drv_record *r;
	struct dev_record *d;

	if (b == NULL || drv->name == NULL || drv->name[0] == '\0' ||
	    strlen(drv->name) >= sizeof(r->name) || strchr(drv->name, '/'))
		return -LKM_EINVAL;
	for (r = drivers; r != NULL; r = r->next)
		if (r->drv == drv || (r->bus == b &&
				      strcmp(r->name, drv->name) == 0))
			return -LKM_EBUSY;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return -LKM_ENOMEM;
	if (drv->owner == NULL)
		drv->owner = owner;
	r->drv = drv;
	r->bus = b;
	strcpy(r->name, drv->name);
	r->owner = drv->owner;
	LIST_APPEND(drivers, r);
	for (d = devices; d != NULL; d = d->next)
		try_bind(d, r);
	return 0;
}
EXPORT_SYMBOL(__driver_register);

void driver_unregister(struct device_driver *drv)
{
	struct drv_record *r;
	struct dev_record *d;

	for (r = drivers; r != NULL && r->drv != drv; r = r->next)
		;
	if (r == NULL)
		return;
	for (d = devices; d != NULL; d = d->next)
		if (d->drv == r)
			unbind(d);
	LIST_REMOVE(drivers, r);
	free(r);
}
EXPORT_SYMBOL(driver_unregister);

/* ---- counts and sweeps -------------------------------------------------- */

size_t bus_count(void)
{
	struct bus_record *b;
	size_t n = 0;

	for (b = buses; b != NULL; b = b->next)
		n++;
	return n;
}

size_t driver_count(void)
{
	struct drv_record *r;
	size_t n = 0;

	for (r = drivers; r != NULL; r = r->next)
		n++;
	return n;
}

size_t device_count(void)
{
	struct dev_record *d;
	size_t n = 0;

	for (d = devices; d != NULL; d = d->next)
		n++;
	return n;
}

/* For the integrity scanner: buses' and drivers' operations, and owners. */
void bus_driver_hooks(integrity_emit_fn emit, void *ctx)
{
	struct integrity_hook h;
	struct bus_record *b;
	struct drv_record *r;
	char what[96];

#define HOOK(rec, fnp, member)                                                \
	do {                                                                  \
		snprintf(what, sizeof(what), "%s.%s", (rec)->name, member);   \
		h = (struct integrity_hook){ what, (uintptr_t)(fnp),          \
					     (rec)->owner };                  \
		emit(&h, ctx);                                                \
	} while (0)
	for (b = buses; b != NULL; b = b->next) {
		HOOK(b, b->bus->match, "match");
		HOOK(b, b->bus->modalias, "modalias");
		HOOK(b, b->bus->probe, "probe");
		HOOK(b, b->bus->remove, "remove");
	}
	for (r = drivers; r != NULL; r = r->next) {
		HOOK(r, r->drv->probe, "probe");
		HOOK(r, r->drv->remove, "remove");
	}
#undef HOOK
}

/* A driver whose module went: its devices are let go without remove. */
size_t driver_sweep(bool (*gone)(const struct module *owner))
{
	struct drv_record *r, *next;
	struct dev_record *d;
	size_t n = 0;

	for (r = drivers; r != NULL; r = next) {
		next = r->next;
		if (r->owner == NULL || !gone(r->owner))
			continue;
		for (d = devices; d != NULL; d = d->next) {
			if (d->drv != r)
				continue;
			d->drv = NULL;
			if (d->owner == NULL || !gone(d->owner)) {
				d->dev->driver = NULL;
				d->dev->driver_data = NULL;
			}
		}
		printk(KERN_WARNING "driver %s left registered by its module; "
		       "removed\n", r->name);
		LIST_REMOVE(drivers, r);
		free(r);
		n++;
	}
	return n;
}

/* A device whose module went: only the record is left to drop. */
size_t device_sweep(bool (*gone)(const struct module *owner))
{
	struct dev_record *d, *next;
	size_t n = 0;

	for (d = devices; d != NULL; d = next) {
		next = d->next;
		if (d->owner == NULL || !gone(d->owner))
			continue;
		printk(KERN_WARNING "device %s left registered by its module; "
		       "removed\n", d->name);
		LIST_REMOVE(devices, d);
		free(d);
		n++;
	}
	return n;
}

size_t bus_sweep(bool (*gone)(const struct module *owner))
{
	struct bus_record *b, *next;
	struct dev_record *d, *dnext;
	struct drv_record *r, *rnext;
	size_t n = 0;

	for (b = buses; b != NULL; b = next) {
		next = b->next;
		if (b->owner == NULL || !gone(b->owner))
			continue;
		for (d = devices; d != NULL; d = dnext) {
			dnext = d->next;
			if (d->bus == b) {
				LIST_REMOVE(devices, d);
				free(d);
			}
		}
		for (r = drivers; r != NULL; r = rnext) {
			rnext = r->next;
			if (r->bus == b) {
				LIST_REMOVE(drivers, r);
				free(r);
			}
		}
		printk(KERN_WARNING "bus %s left registered by its module; "
		       "removed\n", b->name);
		LIST_REMOVE(buses, b);
		free(b);
		n++;
	}
	return n;
}

/* ---- /sys/bus ----------------------------------------------------------- */

#define MAX_PARTS 5

/* Split @sub ("pci/devices/x") into at most MAX_PARTS parts; the count. */
static int split(const char *sub, char parts[MAX_PARTS][64])
{
	int n = 0;
	size_t len;
	const char *slash;

	while (*sub != '\0') {
		if (n == MAX_PARTS)
			return -LKM_ENOENT;
		slash = strchr(sub, '/');
		len = slash ? (size_t)(slash - sub) : strlen(sub);
		if (len >= 64)
			return -LKM_ENOENT;
		memcpy(parts[n], sub, len);
		parts[n++][len] = '\0';
		sub += len;
		if (*sub == '/')
			sub++;
	}
	return n;
}

static struct dev_record *dev_by_name(const struct bus_record *b,
				      const char *name)
{
	struct dev_record *d;

	for (d = devices; d != NULL; d = d->next)
		if (d->bus == b && strcmp(d->name, name) == 0)
			return d;
	return NULL;
}

static struct drv_record *drv_by_name(const struct bus_record *b,
				      const char *name)
{
	struct drv_record *r;

	for (r = drivers; r != NULL; r = r->next)
		if (r->bus == b && strcmp(r->name, name) == 0)
			return r;
	return NULL;
}

/* List a device's directory. */
static int list_device(struct dev_record *d, kfile_list_fn fn, void *arg)
{
	const struct device_attribute *const *a;
	int err = 0;

	for (a = d->bus->bus->dev_attrs; a != NULL && *a != NULL && !err; a++)
		err = fn((*a)->name, false, arg);
	if (!err && d->bus->bus->modalias != NULL)
		err = fn("modalias", false, arg);
	if (!err && d->drv != NULL)
		err = fn("driver", false, arg);
	return err;
}

static int read_device_attr(struct dev_record *d, const char *attr,
			    struct seqbuf *sb)
{
	const struct device_attribute *const *a;
	char buf[ATTR_MAX];
	int n;

	if (strcmp(attr, "driver") == 0 && d->drv != NULL)
		return seqbuf_printf(sb, "%s\n", d->drv->name);
	if (strcmp(attr, "modalias") == 0 && d->bus->bus->modalias != NULL) {
		n = device_modalias(d->dev, buf, sizeof(buf));
		return n ? n : seqbuf_printf(sb, "%s\n", buf);
	}
	for (a = d->bus->bus->dev_attrs; a != NULL && *a != NULL; a++) {
		if (strcmp((*a)->name, attr) != 0)
			continue;
		n = (*a)->show(d->dev, buf, sizeof(buf));
		if (n < 0)
			return n;
		return seqbuf_write(sb, buf, (size_t)n < sizeof(buf)
						     ? (size_t)n
						     : sizeof(buf) - 1);
	}
	return -LKM_ENOENT;
}

/*
 * Resolve @sub to a device directory (*@d, then *@attr is the attribute
 * asked for or NULL) or another directory; -ENOENT if nothing is there.
 */
static int sysbus_resolve(const char *sub, char parts[MAX_PARTS][64],
			  struct bus_record **b, struct dev_record **d,
			  struct drv_record **r, const char **attr)
{
	int n = split(sub, parts);

	*b = NULL;
	*d = NULL;
	*r = NULL;
	*attr = NULL;
	if (n < 0)
		return n;
	if (n >= 1 && (*b = bus_find_name(parts[0])) == NULL)
		return -LKM_ENOENT;
	if (n >= 2 && strcmp(parts[1], "devices") != 0 &&
	    strcmp(parts[1], "drivers") != 0)
		return -LKM_ENOENT;
	if (n >= 3 && strcmp(parts[1], "devices") == 0) {
		*d = dev_by_name(*b, parts[2]);
		if (*d == NULL)
			return -LKM_ENOENT;
		if (n >= 4)
			*attr = parts[3];
		return n > 4 ? -LKM_ENOENT : n;
	}
	if (n >= 3) {
		*r = drv_by_name(*b, parts[2]);
		if (*r == NULL)
			return -LKM_ENOENT;
	}
	if (n >= 4 && strcmp(parts[3], "module") != 0) {
		*d = dev_by_name(*b, parts[3]);
		if (*d == NULL || (*d)->drv != *r)
			return -LKM_ENOENT;
		if (n == 5)
			*attr = parts[4];
	} else if (n == 4) {
		*attr = parts[3];
	} else if (n > 4) {
		return -LKM_ENOENT;
	}
	return n;
}

static int sysbus_list(const char *sub, kfile_list_fn fn, void *arg)
{
	char parts[MAX_PARTS][64], mod[LKM_MODULE_NAME_LEN];
	struct bus_record *b;
	struct dev_record *d;
	struct drv_record *r;
	const char *attr;
	int n, err = 0;

	n = sysbus_resolve(sub, parts, &b, &d, &r, &attr);
	if (n < 0)
		return n;
	if (attr != NULL)
		return -LKM_ENOTDIR;
	if (d != NULL)
		return list_device(d, fn, arg);
	if (n == 0) {
		for (b = buses; b != NULL && !err; b = b->next)
			err = fn(b->name, true, arg);
	} else if (n == 1) {
		err = fn("devices", true, arg);
		if (!err)
			err = fn("drivers", true, arg);
	} else if (n == 2 && strcmp(parts[1], "devices") == 0) {
		for (d = devices; d != NULL && !err; d = d->next)
			if (d->bus == b)
				err = fn(d->name, true, arg);
	} else if (n == 2) {
		for (r = drivers; r != NULL && !err; r = r->next)
			if (r->bus == b)
				err = fn(r->name, true, arg);
	} else {
		for (d = devices; d != NULL && !err; d = d->next)
			if (d->drv == r)
				err = fn(d->name, true, arg);
		if (!err && r->owner != NULL &&
		    module_name_of(r->owner, mod, sizeof(mod)) == 0)
			err = fn("module", false, arg);
	}
	return err;
}

static int sysbus_read(const char *sub, struct seqbuf *sb)
{
	char parts[MAX_PARTS][64], mod[LKM_MODULE_NAME_LEN];
	struct bus_record *b;
	struct dev_record *d;
	struct drv_record *r;
	const char *attr;
	int n;

	n = sysbus_resolve(sub, parts, &b, &d, &r, &attr);
	if (n < 0)
		return n;
	if (attr == NULL)
		return -LKM_EISDIR;
	if (d != NULL)
		return read_device_attr(d, attr, sb);
	if (r != NULL && strcmp(attr, "module") == 0 && r->owner != NULL &&
	    module_name_of(r->owner, mod, sizeof(mod)) == 0)
		return seqbuf_printf(sb, "%s\n", mod);
	return -LKM_ENOENT;
}

static const struct proc_dir_ops sysbus_ops = {
	.list = sysbus_list,
	.read = sysbus_read,
};

int devices_init(void)
{
	return proc_register_dir(SYSFS_BUS, &sysbus_ops);
}

void devices_halt(void)
{
	struct dev_record *d;

	/* Drivers first let go of what they hold (their remove runs). */
	for (d = devices; d != NULL; d = d->next)
		unbind(d);
}
