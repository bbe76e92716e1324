// SPDX-License-Identifier: MIT
/*
 * mount.c - the mount table: which filesystem serves which part of the
 * path space, and /proc/mounts.
 *
 * A mount is a super_block (filled by its type's fill_super) attached at a
 * mount point, an absolute, normalised path.  The mount that serves a path
 * is the one whose mount point is the longest prefix of it, so path lookup
 * (namei.c) starts there and never has to notice mount points on the way.
 * Mounting requires a directory at the mount point, as Linux does, except
 * for the first mount, the root, and the kernel's own mounts at boot
 * (MNT_BOOT: /lib/modules need not exist on the host); the directories
 * that lead to a mount point are shown even if the filesystem below has no
 * such names (vfs_inode.c).
 *
 * A mount holds a reference on its type's module and is refused unmounting
 * (-EBUSY) while files are open on it or other mounts lie below it.  When
 * it goes, every inode its filesystem made must be gone too, or the leak is
 * reported (Linux's "Busy inodes after unmount") and the super_block kept.
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/fs.h>
#include <lkm/kernel.h>

#include "internal.h"
#include "security.h"

static struct vfsmount *mounts; /* oldest first */

/* True if @path is @dir or lies below it (both normalised). */
static bool path_within(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return true;
	return strncmp(path, dir, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/');
}

/* True if @path lies strictly below @dir. */
static bool path_below(const char *path, const char *dir)
{
	return path_within(path, dir) && strcmp(path, dir) != 0;
}

struct vfsmount *mount_lookup(const char *path, const char **rest)
{
	struct vfsmount *m, *best = NULL;
	size_t n, best_len = 0;

	for (m = mounts; m != NULL; m = m->next) {
		n = strlen(m->mountpoint);
		if (!path_within(path, m->mountpoint) ||
		    (best != NULL && n <= best_len))
			continue;
		best = m;
		best_len = n;
	}
	if (best != NULL && rest != NULL) {
		*rest = strcmp(best->mountpoint, "/") == 0 ? path + 1
							  : path + best_len;
		while (**rest == '/')
			(*rest)++;
	}
	return best;
}

struct vfsmount *mount_at(const char *path)
{
	struct vfsmount *m;

	for (m = mounts; m != NULL; m = m->next)
		if (strcmp(m->mountpoint, path) == 0)
			return m;
	return NULL;
}

bool mount_has_below(const char *path)
{
	struct vfsmount *m;

	for (m = mounts; m != NULL; m = m->next)
		if (path_below(m->mountpoint, path))
			return true;
	return false;
}

int mount_for_each_below(const char *dir, kfile_list_fn fn, void *arg)
{
	char name[256];
	const char *rest, *slash;
	struct vfsmount *m;
	size_t len;
	int err;

	for (m = mounts; m != NULL; m = m->next) {
		if (!path_below(m->mountpoint, dir))
			continue;
		rest = m->mountpoint + 1;
		if (strcmp(dir, "/") != 0)
			rest += strlen(dir);
		slash = strchr(rest, '/');
		len = slash ? (size_t)(slash - rest) : strlen(rest);
		if (len == 0 || len >= sizeof(name))
			continue;
		memcpy(name, rest, len);
		name[len] = '\0';
		err = fn(name, true, arg);
		if (err)
			return err;
	}
	return 0;
}

size_t mount_count_type(const struct file_system_type *fs)
{
	struct vfsmount *m;
	size_t n = 0;

	for (m = mounts; m != NULL; m = m->next)
		n += m->type == fs;
	return n;
}

size_t mount_count(void)
{
	struct vfsmount *m;
	size_t n = 0;

	for (m = mounts; m != NULL; m = m->next)
		n++;
	return n;
}

/*
 * For the integrity scanner: each mount's superblock operations and the
 * operations of its root directory -- what a rootkit diverts to hide a
 * file -- owned by the module that owns the filesystem type.
 */
void mount_hooks(integrity_emit_fn emit, void *ctx)
{
	struct integrity_hook h;
	struct vfsmount *m;
	char what[160];

	for (m = mounts; m != NULL; m = m->next) {
		const struct module *owner = m->type->owner;
		const struct inode *root = m->sb ? m->sb->s_root : NULL;

		if (m->sb && m->sb->s_op) {
			snprintf(what, sizeof(what), "%s s_op.evict_inode",
				 m->mountpoint);
			h = (struct integrity_hook){
				what, (uintptr_t)m->sb->s_op->evict_inode, owner };
			emit(&h, ctx);
		}
		if (root == NULL)
			continue;
		snprintf(what, sizeof(what), "%s root i_fop", m->mountpoint);
		integrity_emit_fops(emit, ctx, what, root->i_fop, owner);
		snprintf(what, sizeof(what), "%s root i_op", m->mountpoint);
		integrity_emit_iops(emit, ctx, what, root->i_op, owner);
	}
}

static void mount_free(struct vfsmount *m)
{
	free(m->mountpoint);
	free(m->source);
	free(m);
}

/* Build the super_block of a new mount; 0 or the filesystem's error. */
static int fill(struct vfsmount *m, const char *data)
{
	struct super_block *sb = calloc(1, sizeof(*sb));
	int err;

	if (sb == NULL)
		return -LKM_ENOMEM;
	sb->s_type = m->type;
	if (m->flags & MNT_RDONLY)
		sb->s_flags |= SB_RDONLY;
	err = m->type->fill_super(sb, m->source, data ? data : "");
	if (err == 0 && (sb->s_root == NULL || !S_ISDIR(sb->s_root->i_mode))) {
		printk(KERN_ERR "vfs: %s gave no root directory\n",
		       m->type->name);
		iput(sb->s_root);
		if (m->type->kill_sb != NULL)
			m->type->kill_sb(sb);
		err = -LKM_EINVAL;
	}
	if (err) {
		if (sb->s_inodes != 0)
			printk(KERN_ERR "vfs: %s leaked %lu inodes in a failed "
			       "mount\n", m->type->name, sb->s_inodes);
		else
			free(sb);
		return err;
	}
	if (sb->s_flags & SB_RDONLY)
		m->flags |= MNT_RDONLY;
	m->sb = sb;
	return 0;
}

int vfs_mount(const char *type, const char *source, const char *target,
	      unsigned long flags, const char *data)
{
	char path[VFS_PATH_MAX];
	struct vfsmount *m, **tail;
	struct kstat st;
	int err;

	err = vfs_normalize(target, path, sizeof(path));
	if (err)
		return err;
	if (mount_at(path) != NULL)
		return -LKM_EBUSY;
	if (mounts == NULL && strcmp(path, "/") != 0)
		return -LKM_ENOENT; /* the root comes first */
	if (mounts != NULL && !(flags & MNT_BOOT)) {
		err = vfs_stat(path, &st);
		if (err)
			return err;
		if (!S_ISDIR(st.mode))
			return -LKM_ENOTDIR;
	}
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return -LKM_ENOMEM;
	m->mountpoint = strdup(path);
	m->source = strdup(source ? source : "none");
	m->flags = flags;
	if (m->mountpoint == NULL || m->source == NULL) {
		mount_free(m);
		return -LKM_ENOMEM;
	}
	err = fs_type_get(type, &m->type);
	if (err) {
		mount_free(m);
		return err;
	}
	err = fill(m, data);
	if (err) {
		fs_type_put(m->type);
		mount_free(m);
		return err;
	}
	for (tail = &mounts; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = m;
	return 0;
}

/* Take @m out of the table and free it; the checks are the caller's. */
static void unmount(struct vfsmount *m)
{
	struct super_block *sb = m->sb;
	struct vfsmount **p;

	for (p = &mounts; *p != m; p = &(*p)->next)
		;
	*p = m->next;
	if (m->type->kill_sb != NULL)
		m->type->kill_sb(sb);
	iput(sb->s_root);
	sb->s_root = NULL;
	if (sb->s_inodes != 0)
		printk(KERN_ERR "VFS: Busy inodes after unmount of %s (%s): "
		       "%lu\n", m->source, m->type->name, sb->s_inodes);
	else
		free(sb);
	fs_type_put(m->type);
	mount_free(m);
}

int vfs_umount(const char *target)
{
	char path[VFS_PATH_MAX];
	struct vfsmount *m;
	int err;

	err = vfs_normalize(target, path, sizeof(path));
	if (err)
		return err;
	m = mount_at(path);
	if (m == NULL)
		return -LKM_EINVAL;
	if (strcmp(path, "/") == 0 || m->files > 0 || mount_has_below(path))
		return -LKM_EBUSY;
	unmount(m);
	return 0;
}

void mount_release_all(void)
{
	struct vfsmount *m, *last;

	/* Newest first: a mount is always newer than those it lies on. */
	while (mounts != NULL) {
		for (last = mounts; last->next != NULL; last = last->next)
			;
		m = last;
		if (m->files > 0)
			printk(KERN_WARNING "vfs: %s still has %u open files\n",
			       m->mountpoint, m->files);
		unmount(m);
	}
}

/* Linux's escaping of blanks and backslashes in /proc/mounts. */
static void show_escaped(struct seqbuf *sb, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			seqbuf_printf(sb, "\\%03o", (unsigned char)*s);
		else
			seqbuf_write(sb, s, 1);
	}
}

static int show_mounts(struct seqbuf *sb)
{
	struct vfsmount *m;

	for (m = mounts; m != NULL; m = m->next) {
		show_escaped(sb, m->source);
		seqbuf_write(sb, " ", 1);
		show_escaped(sb, m->mountpoint);
		seqbuf_printf(sb, " %s %s 0 0\n", m->type->name,
			      m->flags & MNT_RDONLY ? "ro" : "rw");
	}
	return sb->err;
}

int mount_views_init(void)
{
	return proc_register("/proc/mounts", show_mounts);
}
