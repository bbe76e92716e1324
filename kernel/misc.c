// SPDX-License-Identifier: MIT
/*
 * misc.c - misc devices: one minor of major 10 each, with a /dev node, as
 * Linux's drivers/char/misc.c.
 *
 * Registering one records its minor (a fixed one, or a dynamic one taken
 * from 127 downwards as Linux does) and makes /dev/<name>; opening the node
 * reaches the device's own file_operations through chrdev_open(), which
 * asks misc_find() for them.  /proc/misc lists "%3d %s" per device, newest
 * first, as Linux.
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/fs.h>
#include <lkm/kernel.h>

#include "internal.h"
#include "security.h"

#define MISC_DYNAMIC_MINORS 128

struct misc_record {
	struct misc_record *next; /* newest first */
	struct miscdevice *misc;
	int minor;
	char name[64];
	const struct file_operations *fops;
	struct module *owner;
};

static struct misc_record *miscs;

static struct misc_record *find_minor(int minor)
{
	struct misc_record *r;

	for (r = miscs; r != NULL; r = r->next)
		if (r->minor == minor)
			return r;
	return NULL;
}

int __misc_register(struct miscdevice *misc, struct module *owner)
{
	struct misc_record *r;
	int minor = misc->minor, err;

	if (misc->name == NULL || misc->fops == NULL ||
	    strlen(misc->name) >= sizeof(r->name))
		return -LKM_EINVAL;
	if (minor == MISC_DYNAMIC_MINOR) {
		for (minor = MISC_DYNAMIC_MINORS - 1; minor >= 0; minor--)
			if (find_minor(minor) == NULL)
				break;
		if (minor < 0)
			return -LKM_EBUSY;
	} else if (minor < 0 || minor > 255 || find_minor(minor) != NULL) {
		return -LKM_EBUSY;
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return -LKM_ENOMEM;
	r->misc = misc;
	r->minor = minor;
	strcpy(r->name, misc->name);
	r->fops = misc->fops;
	r->owner = misc->fops->owner != NULL ? misc->fops->owner : owner;
	err = __devtmpfs_create_node(misc->name, MKDEV(MISC_MAJOR, minor),
				     misc->mode ? misc->mode : 0600, r->owner);
	if (err) {
		free(r);
		return err;
	}
	misc->minor = minor;
	r->next = miscs;
	miscs = r;
	return 0;
}
EXPORT_SYMBOL(__misc_register);

void misc_deregister(struct miscdevice *misc)
{
	struct misc_record **p, *r;

	for (p = &miscs; (r = *p) != NULL; p = &r->next) {
		if (r->misc == misc) {
			devtmpfs_delete_node(r->name);
			*p = r->next;
			free(r);
			return;
		}
	}
}
EXPORT_SYMBOL(misc_deregister);

int misc_find(unsigned int minor, const struct file_operations **fops,
	      struct module **owner)
{
	struct misc_record *r = find_minor((int)minor);

	if (r == NULL)
		return -LKM_ENODEV;
	*fops = r->fops;
	*owner = r->owner;
	return 0;
}

size_t misc_count(void)
{
	struct misc_record *r;
	size_t n = 0;

	for (r = miscs; r != NULL; r = r->next)
		n++;
	return n;
}

/* For the integrity scanner: each device's operations, and its owner. */
void misc_hooks(integrity_emit_fn emit, void *ctx)
{
	struct misc_record *r;
	char what[96];

	for (r = miscs; r != NULL; r = r->next) {
		snprintf(what, sizeof(what), "%d %s fops", r->minor, r->name);
		integrity_emit_fops(emit, ctx, what, r->fops, r->owner);
	}
}

size_t misc_sweep(bool (*gone)(const struct module *owner))
{
	struct misc_record **p = &miscs, *r;
	size_t n = 0;

	while ((r = *p) != NULL) {
		if (r->owner == NULL || !gone(r->owner)) {
			p = &r->next;
			continue;
		}
		printk(KERN_WARNING "misc: %s left registered by its module; "
		       "removed\n", r->name);
		devtmpfs_delete_node(r->name);
		*p = r->next;
		free(r);
		n++;
	}
	return n;
}

static int show_misc(struct seqbuf *sb)
{
	struct misc_record *r;

	for (r = miscs; r != NULL; r = r->next)
		seqbuf_printf(sb, "%3d %s\n", r->minor, r->name);
	return sb->err;
}

static const struct file_operations misc_fops; /* opened via misc_find() */

int misc_init(void)
{
	int err = __register_chrdev(MISC_MAJOR, 0, 256, "misc", &misc_fops,
				    NULL);

	if (err == 0)
		err = proc_register("/proc/misc", show_misc);
	return err;
}
