// SPDX-License-Identifier: GPL-2.0
/*
 * cpiofs.c - a read-only filesystem that mounts a cpio archive.
 *
 *   mount -t cpiofs /lib/modules/$(uname -r)/data/demo.cpio /mnt
 *
 * The source is a file in any mounted filesystem (the module tree, a
 * ramfs ...), in the "new ASCII" (newc) format Linux's initramfs uses
 * ("070701", or "070702" with checksums): per entry a 110-byte header of
 * thirteen 8-digit hex fields, the name, padding to 4 bytes, the data,
 * padding to 4 bytes; "TRAILER!!!" ends the archive.  The whole archive is
 * read at mount and kept; the tree of directories and regular files is
 * built from it (directories an entry needs but the archive lacks are
 * made), and files are served straight from the archive's bytes.  Other
 * entries (symbolic links, devices) are skipped.  Every field is checked
 * against the archive's size before use: a malformed archive is refused
 * (-EINVAL) with the offset of the fault, never read past its end.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <lkm/fs.h>
#include <lkm/kernel.h>
#include <lkm/module.h>

static unsigned long max_archive = 64ul << 20;
module_param(max_archive, ulong, 0644);
MODULE_PARM_DESC(max_archive, "largest archive mounted, in bytes");

#define HDR_LEN 110
#define FIELDS 13
enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJ,
       F_DEVMIN, F_RDEVMAJ, F_RDEVMIN, F_NAMESIZE, F_CHECK };

struct cpio_node {
	struct inode *inode;
	const char *name;        /* into the archive, or "" */
	size_t name_len;
	struct cpio_node *children, *next;
	const char *data;        /* a file's bytes, in the archive */
};

/* One mount: the archive and the tree over it. */
struct cpio_sb {
	void *archive;
	size_t size;
	unsigned long files, dirs, skipped;
};

static const struct inode_operations cpio_dir_iops;
static const struct file_operations cpio_dir_fops;
static const struct file_operations cpio_file_fops;

static struct cpio_node *node_of(const struct inode *inode)
{
	return inode->i_private;
}

static struct cpio_node *node_new(struct super_block *sb, const char *name,
				  size_t len, umode_t mode)
{
	struct cpio_node *n = kzalloc(sizeof(*n), GFP_KERNEL);

	if (n == NULL)
		return NULL;
	n->inode = new_inode(sb);
	if (n->inode == NULL) {
		kfree(n);
		return NULL;
	}
	n->name = name;
	n->name_len = len;
	n->inode->i_private = n;
	n->inode->i_mode = mode;
	if (S_ISDIR(mode)) {
		n->inode->i_nlink = 2;
		n->inode->i_op = &cpio_dir_iops;
		n->inode->i_fop = &cpio_dir_fops;
	} else {
		n->inode->i_fop = &cpio_file_fops;
	}
	return n;
}

static void cpio_evict(struct inode *inode)
{
	kfree(inode->i_private);
}

static const struct super_operations cpio_sops = {
	.evict_inode = cpio_evict,
};

static struct cpio_node *find_child(struct cpio_node *dir, const char *name,
				    size_t len)
{
	struct cpio_node *c;

	for (c = dir->children; c != NULL; c = c->next)
		if (c->name_len == len && memcmp(c->name, name, len) == 0)
			return c;
	return NULL;
}

static int cpio_lookup(struct inode *dir, const char *name,
		       struct inode **out)
{
	struct cpio_node *c = find_child(node_of(dir), name, strlen(name));

	if (c == NULL)
		return -LKM_ENOENT;
	ihold(c->inode);
	*out = c->inode;
	return 0;
}

static int cpio_iterate(struct file *file, struct dir_context *ctx)
{
	struct cpio_node *c;
	char name[256];
	int err = 0;

	for (c = node_of(file->f_inode)->children; c != NULL && err == 0;
	     c = c->next) {
		if (c->name_len >= sizeof(name))
			continue;
		memcpy(name, c->name, c->name_len);
		name[c->name_len] = '\0';
		ctx->pos++;
		err = ctx->actor(ctx, name, c->name_len, c->inode->i_ino,
				 c->inode->i_mode & S_IFMT);
	}
	return err;
}

static ssize_t cpio_read(struct file *file, char *buf, size_t len,
			 loff_t *pos)
{
	struct inode *inode = file->f_inode;

	return simple_read_from_buffer(buf, len, pos, node_of(inode)->data,
				       (size_t)inode->i_size);
}

static const struct inode_operations cpio_dir_iops = {
	.lookup = cpio_lookup,
};

static const struct file_operations cpio_dir_fops = {
	.owner = THIS_MODULE,
	.iterate = cpio_iterate,
};

static const struct file_operations cpio_file_fops = {
	.owner = THIS_MODULE,
	.read = cpio_read,
};

/* ---- building the tree -------------------------------------------------- */

/* Link @n below @dir (the tree keeps @n's reference). */
static void link_child(struct cpio_node *dir, struct cpio_node *n)
{
	struct cpio_node **p;

	/* Keep the archive's order. */
	for (p = &dir->children; *p != NULL; p = &(*p)->next)
		;
	*p = n;
	if (S_ISDIR(n->inode->i_mode))
		dir->inode->i_nlink++;
}

/*
 * The directory that path component @name (@len bytes) names below @dir,
 * made if missing; NULL if it exists as a file or memory runs out.
 */
static struct cpio_node *dir_for(struct super_block *sb, struct cpio_sb *cs,
				 struct cpio_node *dir, const char *name,
				 size_t len)
{
	struct cpio_node *c = find_child(dir, name, len);

	if (c != NULL)
		return S_ISDIR(c->inode->i_mode) ? c : NULL;
	c = node_new(sb, name, len, S_IFDIR | 0755);
	if (c == NULL)
		return NULL;
	link_child(dir, c);
	cs->dirs++;
	return c;
}

/* Add the entry @path (@len bytes, not terminated) to the tree. */
static int add_entry(struct super_block *sb, struct cpio_sb *cs,
		     const char *path, size_t len, unsigned long mode,
		     const char *data, size_t size)
{
	struct cpio_node *dir = node_of(sb->s_root), *n;
	const char *slash;
	size_t clen;

	while (len >= 2 && path[0] == '.' && path[1] == '/') {
		path += 2;
		len -= 2;
	}
	while (len > 0 && path[0] == '/') {
		path++;
		len--;
	}
	if (len == 0 || (len == 1 && path[0] == '.'))
		return 0; /* the root itself */
	for (;;) {
		slash = memchr(path, '/', len);
		if (slash == NULL)
			break;
		clen = (size_t)(slash - path);
		if (clen > 0 && !(clen == 1 && path[0] == '.')) {
			if (clen == 2 && path[0] == '.' && path[1] == '.')
				return -LKM_EINVAL;
			dir = dir_for(sb, cs, dir, path, clen);
			if (dir == NULL)
				return -LKM_EINVAL;
		}
		path = slash + 1;
		len -= clen + 1;
	}
	if (len == 0 || len >= 256 || (len == 2 && path[0] == '.' &&
				       path[1] == '.'))
		return -LKM_EINVAL;
	if (S_ISDIR(mode)) {
		n = find_child(dir, path, len);
		if (n != NULL)
			return S_ISDIR(n->inode->i_mode) ? 0 : -LKM_EINVAL;
		return dir_for(sb, cs, dir, path, len) ? 0 : -LKM_ENOMEM;
	}
	if (!S_ISREG(mode)) {
		cs->skipped++;
		return 0;
	}
	if (find_child(dir, path, len) != NULL)
		return -LKM_EINVAL; /* one name twice */
	n = node_new(sb, path, len, (umode_t)(S_IFREG | (mode & 0777)));
	if (n == NULL)
		return -LKM_ENOMEM;
	n->data = data;
	n->inode->i_size = (loff_t)size;
	link_child(dir, n);
	cs->files++;
	return 0;
}

static bool hex_field(const char *p, unsigned long *out)
{
	unsigned long v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned long)(c - 'A' + 10);
		else
			return false;
	}
	*out = v;
	return true;
}

static size_t pad4(size_t v)
{
	return (v + 3) & ~(size_t)3;
}

/* Walk the archive, adding each entry; -EINVAL at the first fault. */
static int parse(struct super_block *sb, struct cpio_sb *cs,
		 const char *source)
{
	const char *a = cs->archive;
	unsigned long f[FIELDS];
	size_t off = 0, name_end, data_end;
	int i, err;

	for (;;) {
		if (cs->size - off < HDR_LEN ||
		    (memcmp(a + off, "070701", 6) != 0 &&
		     memcmp(a + off, "070702", 6) != 0))
			goto bad;
		for (i = 0; i < FIELDS; i++)
			if (!hex_field(a + off + 6 + 8 * i, &f[i]))
				goto bad;
		if (f[F_NAMESIZE] == 0 ||
		    f[F_NAMESIZE] > cs->size - off - HDR_LEN)
			goto bad;
		name_end = off + HDR_LEN + f[F_NAMESIZE];
		if (a[name_end - 1] != '\0' || pad4(name_end) > cs->size ||
		    f[F_FILESIZE] > cs->size - pad4(name_end))
			goto bad;
		data_end = pad4(name_end) + f[F_FILESIZE];
		if (strcmp(a + off + HDR_LEN, "TRAILER!!!") == 0)
			return 0;
		err = add_entry(sb, cs, a + off + HDR_LEN, f[F_NAMESIZE] - 1,
				f[F_MODE], a + pad4(name_end), f[F_FILESIZE]);
		if (err == -LKM_ENOMEM)
			return err;
		if (err)
			goto bad;
		off = pad4(data_end);
		if (off > cs->size)
			goto bad;
	}
bad:
	pr_err("%s: malformed archive at offset %zu\n", source, off);
	return -LKM_EINVAL;
}

/* Drop the tree below @dir (the tree's references), deepest first. */
static void drop_tree(struct cpio_node *dir)
{
	struct cpio_node *c;

	while ((c = dir->children) != NULL) {
		dir->children = c->next;
		if (S_ISDIR(c->inode->i_mode))
			drop_tree(c);
		iput(c->inode);
	}
}

static void cpio_kill_sb(struct super_block *sb)
{
	struct cpio_sb *cs = sb->s_fs_info;

	if (sb->s_root != NULL)
		drop_tree(node_of(sb->s_root));
	if (cs != NULL) {
		kfree(cs->archive);
		kfree(cs);
	}
	sb->s_fs_info = NULL;
}

static int cpio_fill_super(struct super_block *sb, const char *source,
			   const char *data)
{
	struct cpio_sb *cs;
	struct cpio_node *root;
	int err;

	cs = kzalloc(sizeof(*cs), GFP_KERNEL);
	if (cs == NULL)
		return -LKM_ENOMEM;
	err = kernel_read_file_from_path(source, &cs->archive, &cs->size,
					 max_archive);
	if (err) {
		kfree(cs);
		return err;
	}
	sb->s_fs_info = cs;
	sb->s_op = &cpio_sops;
	sb->s_flags |= SB_RDONLY;
	root = node_new(sb, "", 0, S_IFDIR | 0555);
	if (root == NULL) {
		cpio_kill_sb(sb);
		return -LKM_ENOMEM;
	}
	sb->s_root = root->inode;
	err = parse(sb, cs, source);
	if (err) {
		cpio_kill_sb(sb);
		iput(sb->s_root);
		sb->s_root = NULL;
		return err;
	}
	pr_info("%s: %lu files, %lu directories%s\n", source, cs->files,
		cs->dirs, cs->skipped ? ", some entries skipped" : "");
	return 0;
}

static struct file_system_type cpio_type = {
	.name = "cpiofs",
	.fill_super = cpio_fill_super,
	.kill_sb = cpio_kill_sb,
	.owner = THIS_MODULE,
};

static int __init cpiofs_init(void)
{
	return register_filesystem(&cpio_type);
}

static void __exit cpiofs_exit(void)
{
	unregister_filesystem(&cpio_type);
}

module_init(cpiofs_init);
module_exit(cpiofs_exit);
MODULE_LICENSE("GPL");
MODULE_VERSION("1.0");
MODULE_DESCRIPTION("Read-only filesystem over a cpio (newc) archive");
MODULE_ALIAS_FS("cpiofs");
