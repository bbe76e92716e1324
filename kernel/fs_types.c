// SPDX-License-Identifier: MIT
/*
 * fs_types.c - the registry of filesystem types, and /proc/filesystems.
 *
 * A type is found by name for each mount - if none is registered, a module
 * that declares MODULE_ALIAS_FS(name) is loaded for it, as on Linux - and
 * the mount takes a reference on the module that owns it, so a module
 * whose filesystem is mounted cannot be unloaded (rmmod sees it in use);
 * unregistering a type that is mounted is refused with -EBUSY.
 * /proc/filesystems lists the types in registration order in Linux's
 * format: "nodev\tramfs" for a type that needs no device, "\text4" for one
 * that does.
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/fs.h>
#include <lkm/kernel.h>

#include "internal.h"
#include "security.h"

/* The kernel's record of one type: never linked through the type itself. */
struct fs_record {
	struct fs_record *next;
	struct file_system_type *fs;
	struct module *owner;
	char name[32];
	bool nodev;
};

static struct fs_record *fs_records;

static struct fs_record **find_name(const char *name)
{
	struct fs_record **p;

	for (p = &fs_records; *p != NULL; p = &(*p)->next)
		if (strcmp((*p)->name, name) == 0)
			break;
	return p;
}

int __register_filesystem(struct file_system_type *fs, struct module *owner)
{
	struct fs_record **p, *r;

	if (fs == NULL || fs->name == NULL || fs->name[0] == '\0' ||
	    strlen(fs->name) >= sizeof(r->name) || strchr(fs->name, ' ') ||
	    fs->fill_super == NULL)
		return -LKM_EINVAL;
	p = find_name(fs->name);
	if (*p != NULL)
		return -LKM_EBUSY;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return -LKM_ENOMEM;
	if (fs->owner == NULL)
		fs->owner = owner;
	r->fs = fs;
	r->owner = fs->owner;
	strcpy(r->name, fs->name);
	r->nodev = !(fs->fs_flags & FS_REQUIRES_DEV);
	*p = r;
	return 0;
}
EXPORT_SYMBOL(__register_filesystem);

int unregister_filesystem(struct file_system_type *fs)
{
	struct fs_record **p, *r;

	for (p = &fs_records; *p != NULL && (*p)->fs != fs; p = &(*p)->next)
		;
	r = *p;
	if (r == NULL)
		return -LKM_EINVAL;
	if (mount_count_type(fs) > 0)
		return -LKM_EBUSY;
	*p = r->next;
	free(r);
	return 0;
}
EXPORT_SYMBOL(unregister_filesystem);

int fs_type_get(const char *name, struct file_system_type **out)
{
	struct fs_record *r = *find_name(name);

	/* As Linux's get_fs_type(): a module may provide it (alias fs-NAME). */
	if (r == NULL && request_module("fs-%s", name) == 0)
		r = *find_name(name);

	if (r == NULL || !try_module_get(r->owner))
		return -LKM_ENODEV;
	*out = r->fs;
	return 0;
}

void fs_type_put(struct file_system_type *fs)
{
	module_put(fs->owner);
}

size_t fs_type_count(void)
{
	struct fs_record *r;
	size_t n = 0;

	for (r = fs_records; r != NULL; r = r->next)
		n++;
	return n;
}

/* For the integrity scanner: each type's operations, and its owner. */
void fs_type_hooks(integrity_emit_fn emit, void *ctx)
{
	struct integrity_hook h;
	struct fs_record *r;
	char what[64];

	for (r = fs_records; r != NULL; r = r->next) {
		h = (struct integrity_hook){ what, 0, r->owner };
		snprintf(what, sizeof(what), "%s.fill_super", r->name);
		h.addr = (uintptr_t)r->fs->fill_super;
		emit(&h, ctx);
		snprintf(what, sizeof(what), "%s.kill_sb", r->name);
		h.addr = (uintptr_t)r->fs->kill_sb;
		emit(&h, ctx);
	}
}

size_t fs_type_sweep(bool (*gone)(const struct module *owner))
{
	struct fs_record **p = &fs_records, *r;
	size_t n = 0;

	while ((r = *p) != NULL) {
		if (r->owner == NULL || !gone(r->owner)) {
			p = &r->next;
			continue;
		}
		printk(KERN_WARNING "vfs: filesystem %s left registered by "
		       "its module; removed\n", r->name);
		*p = r->next;
		free(r);
		n++;
	}
	return n;
}

static int show_filesystems(struct seqbuf *sb)
{
	struct fs_record *r;

	for (r = fs_records; r != NULL; r = r->next)
		seqbuf_printf(sb, "%s\t%s\n", r->nodev ? "nodev" : "",
			      r->name);
	return sb->err;
}

int fs_types_init(void)
{
	return proc_register("/proc/filesystems", show_filesystems);
}
