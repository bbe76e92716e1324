// SPDX-License-Identifier: MIT
/*
 * chrdev.c - the character-device registry, and /proc/devices.
 *
 * A registration claims minors [base, base + count) of one major for a set
 * of file_operations; opening a device node (an inode with S_IFCHR and
 * i_rdev) looks its number up here, takes a reference on the module that
 * serves it and hands the file to that module's open.  Major 10 belongs to
 * the misc devices (misc.c), looked up by minor.  Majors chosen for a
 * registration that asks for none come from Linux's dynamic range, highest
 * first.  /proc/devices is Linux's: "Character devices:", one "%3u %s"
 * line per registration in major order, then "Block devices:" (none here).
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/fs.h>
#include <lkm/kernel.h>

#include "internal.h"
#include "security.h"

#define CHRDEV_MAJOR_MAX 511
#define CHRDEV_DYN_FIRST 254 /* Linux's CHRDEV_MAJOR_DYN_END .. */
#define CHRDEV_DYN_LAST 234

struct chrdev_record {
	struct chrdev_record *next; /* by major, then base minor */
	unsigned int major, baseminor, count;
	char name[64];
	const struct file_operations *fops;
	struct module *owner;
};

static struct chrdev_record *chrdevs;

static bool overlaps(const struct chrdev_record *r, unsigned int major,
		     unsigned int base, unsigned int count)
{
	return r->major == major && base < r->baseminor + r->count &&
	       r->baseminor < base + count;
}

static bool major_taken(unsigned int major)
{
	struct chrdev_record *r;

	for (r = chrdevs; r != NULL; r = r->next)
		if (r->major == major)
			return true;
	return false;
}

int __register_chrdev(unsigned int major, unsigned int baseminor,
		      unsigned int count, const char *name,
		      const struct file_operations *fops, struct module *owner)
{
	struct chrdev_record *r, **p;
	unsigned int m;
	bool dynamic = major == 0;

	if (name == NULL || strlen(name) >= sizeof(r->name) || count == 0 ||
	    major > CHRDEV_MAJOR_MAX || baseminor > MINORMASK ||
	    count > MINORMASK + 1 - baseminor)
		return -LKM_EINVAL;
	if (dynamic) {
		for (m = CHRDEV_DYN_FIRST; m >= CHRDEV_DYN_LAST; m--)
			if (!major_taken(m))
				break;
		if (m < CHRDEV_DYN_LAST)
			return -LKM_EBUSY;
		major = m;
	}
	for (r = chrdevs; r != NULL; r = r->next)
		if (overlaps(r, major, baseminor, count))
			return -LKM_EBUSY;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return -LKM_ENOMEM;
	r->major = major;
	r->baseminor = baseminor;
	r->count = count;
	strcpy(r->name, name);
	r->fops = fops;
	r->owner = fops != NULL && fops->owner != NULL ? fops->owner : owner;
	for (p = &chrdevs; *p != NULL && ((*p)->major < major ||
					  ((*p)->major == major &&
					   (*p)->baseminor < baseminor));
	     p = &(*p)->next)
		;
	r->next = *p;
	*p = r;
	return dynamic ? (int)major : 0;
}
EXPORT_SYMBOL(__register_chrdev);

void __unregister_chrdev(unsigned int major, unsigned int baseminor,
			 unsigned int count, const char *name)
{
	struct chrdev_record **p, *r;

	for (p = &chrdevs; (r = *p) != NULL; p = &r->next) {
		if (r->major == major && r->baseminor == baseminor &&
		    r->count == count) {
			*p = r->next;
			free(r);
			return;
		}
	}
}
EXPORT_SYMBOL(__unregister_chrdev);

int chrdev_open(struct inode *inode, struct file *file)
{
	unsigned int major = MAJOR(inode->i_rdev), minor = MINOR(inode->i_rdev);
	const struct file_operations *fops = NULL;
	struct chrdev_record *r;
	struct module *owner = NULL;
	int err;

	if (major == MISC_MAJOR) {
		err = misc_find(minor, &fops, &owner);
		if (err)
			return err;
	} else {
		for (r = chrdevs; r != NULL; r = r->next)
			if (overlaps(r, major, minor, 1))
				break;
		if (r == NULL)
			return -LKM_ENXIO;
		fops = r->fops;
		owner = r->owner;
	}
	if (fops == NULL || !try_module_get(owner))
		return -LKM_ENXIO;
	file->f_op = fops;
	file->f_owner = owner;
	if (fops->open != NULL) {
		err = fops->open(inode, file);
		if (err) {
			module_put(owner);
			return err;
		}
	}
	return 0;
}

size_t chrdev_count(void)
{
	struct chrdev_record *r;
	size_t n = 0;

	for (r = chrdevs; r != NULL; r = r->next)
		n++;
	return n;
}

/* For the integrity scanner: each range's operations, and its owner. */
void chrdev_hooks(integrity_emit_fn emit, void *ctx)
{
	struct chrdev_record *r;
	char what[96];

	for (r = chrdevs; r != NULL; r = r->next) {
		snprintf(what, sizeof(what), "%u %s fops", r->major, r->name);
		integrity_emit_fops(emit, ctx, what, r->fops, r->owner);
	}
}

size_t chrdev_sweep(bool (*gone)(const struct module *owner))
{
	struct chrdev_record **p = &chrdevs, *r;
	size_t n = 0;

	while ((r = *p) != NULL) {
		if (r->owner == NULL || !gone(r->owner)) {
			p = &r->next;
			continue;
		}
		printk(KERN_WARNING "chrdev: %u %s left registered by its "
		       "module; removed\n", r->major, r->name);
		*p = r->next;
		free(r);
		n++;
	}
	return n;
}

static int show_devices(struct seqbuf *sb)
{
	struct chrdev_record *r;

	seqbuf_printf(sb, "Character devices:\n");
	for (r = chrdevs; r != NULL; r = r->next)
		seqbuf_printf(sb, "%3u %s\n", r->major, r->name);
	seqbuf_printf(sb, "\nBlock devices:\n");
	return sb->err;
}

int chrdev_init(void)
{
	return proc_register("/proc/devices", show_devices);
}
