/* SPDX-License-Identifier: MIT */
/*
 * fs.h - files, for the authors of filesystems, character devices and
 * /proc views.
 *
 * A filesystem module registers a struct file_system_type; each mount of
 * it gets a super_block, which the type's fill_super fills with a root
 * directory inode.  Inodes carry inode_operations (lookup, create, mkdir,
 * unlink, rmdir: names within a directory) and file_operations (open,
 * read, write, iterate: the data), much as in Linux, but without dentries:
 * the VFS walks paths by asking each directory's lookup for the next name,
 * and the filesystem keeps what it likes in i_private.
 *
 * Inodes are reference-counted: new_inode() returns one reference, lookup
 * and create hand one to the caller, iput() drops one and, at the last,
 * the super_block's evict_inode frees the filesystem's part.  A filesystem
 * that keeps a tree holds one reference for each inode in it, and drops it
 * when the name goes (unlink) or in kill_sb.
 *
 * A character device is a major number (and a range of minors) with
 * file_operations; /dev nodes name them; a misc device is one minor of
 * major 10 with its own node.  Opening one takes a reference on the
 * module that owns the operations (file_operations.owner), so that module
 * cannot be unloaded while the file is open.
 *
 * Registration functions return 0 or a negative errno.  Everything a
 * module registers must be unregistered by its exit; what is left is
 * removed by the kernel when the module goes, with a warning.  The kernel
 * keeps its own records of what is registered (never links through the
 * caller's structures), so that it can do so after the module's memory is
 * gone.
 */
#ifndef LKM_FS_H
#define LKM_FS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lkm/module.h>

#ifdef __cplusplus
extern "C" {
#endif

/* As the C library and <linux/types.h> on x86-64. */
typedef long loff_t;
typedef long ssize_t;
typedef unsigned short umode_t;

/* Linux's values, unless the C library's headers gave them already. */
#ifndef S_IFMT
#define S_IFMT 0170000
#define S_IFSOCK 0140000
#define S_IFLNK 0120000
#define S_IFREG 0100000
#define S_IFBLK 0060000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFIFO 0010000
#endif
#ifndef S_ISDIR
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#endif
#ifndef O_ACCMODE
#define O_ACCMODE 00000003
#endif
#ifndef O_RDONLY
#define O_RDONLY 00000000
#define O_WRONLY 00000001
#define O_RDWR 00000002
#endif
#ifndef O_CREAT
#define O_CREAT 00000100
#define O_EXCL 00000200
#define O_TRUNC 00001000
#define O_APPEND 00002000
#endif

/* Device numbers as Linux's kernel keeps them: 12 bits of major. */
#define MINORBITS 20
#define MINORMASK ((1u << MINORBITS) - 1)
#define MAJOR(dev) ((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev) ((unsigned int)((dev) & MINORMASK))
#define MKDEV(ma, mi) (((unsigned int)(ma) << MINORBITS) | (unsigned int)(mi))

struct file;
struct inode;
struct super_block;
struct file_system_type;

struct inode_operations {
	/* Find @name in @dir: a new reference in *@out, or -ENOENT. */
	int (*lookup)(struct inode *dir, const char *name, struct inode **out);
	/* Make regular file @name (-EEXIST if taken); a reference in *@out. */
	int (*create)(struct inode *dir, const char *name, umode_t mode,
		      struct inode **out);
	int (*mkdir)(struct inode *dir, const char *name, umode_t mode);
	/* Remove a non-directory (-EISDIR) or an empty directory (-ENOTEMPTY
	 * when not empty, -ENOTDIR when not a directory). */
	int (*unlink)(struct inode *dir, const char *name);
	int (*rmdir)(struct inode *dir, const char *name);
};

/* A directory walk: @actor gets each entry; non-zero stops the walk. */
struct dir_context {
	/* @type is the entry's S_IFMT bits (S_IFDIR ...), 0 if unknown. */
	int (*actor)(struct dir_context *ctx, const char *name, size_t len,
		     unsigned long ino, unsigned int type);
	loff_t pos;
};

struct file_operations {
	struct module *owner; /* held while a file is open */
	int (*open)(struct inode *inode, struct file *file);
	int (*release)(struct inode *inode, struct file *file);
	/* Bytes read at *@pos (0 at the end) and *@pos advanced, or -errno. */
	ssize_t (*read)(struct file *file, char *buf, size_t len, loff_t *pos);
	ssize_t (*write)(struct file *file, const char *buf, size_t len,
			 loff_t *pos);
	/* Call ctx->actor for each entry from ctx->pos on, advancing it. */
	int (*iterate)(struct file *file, struct dir_context *ctx);
};

struct inode {
	unsigned long i_ino;
	umode_t i_mode;
	unsigned int i_nlink;
	loff_t i_size;
	unsigned int i_rdev; /* MKDEV(major, minor) of a device node */
	struct super_block *i_sb;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	void *i_private;
	unsigned int i_count; /* references: new_inode(), ihold(), iput() */
};

struct file {
	struct inode *f_inode;
	const struct file_operations *f_op;
	unsigned int f_flags; /* O_RDONLY ... O_APPEND */
	loff_t f_pos;
	void *private_data;
	/* private to the VFS */
	void *f_vfs;              /* the mount */
	struct module *f_owner;   /* held while open */
};

struct super_operations {
	/* The last reference to @inode is gone: free the filesystem's part. */
	void (*evict_inode)(struct inode *inode);
};

#define SB_RDONLY 1ul

struct super_block {
	struct file_system_type *s_type;
	const struct super_operations *s_op;
	struct inode *s_root; /* set by fill_super: one reference */
	unsigned long s_flags; /* SB_RDONLY */
	void *s_fs_info;
	unsigned long s_inodes; /* inodes alive, counted by the VFS */
	unsigned long s_next_ino;
};

/* The filesystem needs a device; without it /proc/filesystems says nodev. */
#define FS_REQUIRES_DEV 1

struct file_system_type {
	const char *name;
	int fs_flags;
	/*
	 * Fill @sb for a mount of @source ("none" if the filesystem needs
	 * none) with options @data ("" if none): set s_root and s_op.  On
	 * failure, undo everything and return -errno.
	 */
	int (*fill_super)(struct super_block *sb, const char *source,
			  const char *data);
	/* Unmounted: drop what fill_super built (the VFS drops s_root). */
	void (*kill_sb)(struct super_block *sb);
	struct module *owner; /* held while mounted */
};

/*
 * "alias=fs-<name>": mount -t <name> loads the module if no filesystem of
 * that name is registered (the kernel asks request_module("fs-<name>")).
 */
#define MODULE_ALIAS_FS(name) MODULE_ALIAS("fs-" name)

/* Add a filesystem type (-EBUSY if its name is taken). */
int __register_filesystem(struct file_system_type *fs, struct module *owner);
#define register_filesystem(fs) __register_filesystem(fs, THIS_MODULE)
/* Remove it; -EBUSY while mounted, -EINVAL if not registered. */
int unregister_filesystem(struct file_system_type *fs);

/* A new inode of @sb: one reference, a fresh i_ino, i_nlink 1; or NULL. */
struct inode *new_inode(struct super_block *sb);
void ihold(struct inode *inode);
void iput(struct inode *inode);

/* Copy from @from[*@ppos, @available) to @to: bytes copied, *@ppos moved. */
ssize_t simple_read_from_buffer(void *to, size_t count, loff_t *ppos,
				const void *from, size_t available);

/*
 * Read the whole file at @path (any mounted filesystem) into a kmalloc'ed
 * buffer: 0, -EFBIG past @max bytes, or the error of the lookup or read.
 */
int kernel_read_file_from_path(const char *path, void **buf, size_t *size,
			       size_t max);

/* ---- character devices ------------------------------------------------- */

/*
 * Serve minors [@baseminor, @baseminor + @count) of @major (0: a free one)
 * with @fops.  Returns the major given, or the one chosen, or -EBUSY.
 */
int __register_chrdev(unsigned int major, unsigned int baseminor,
		      unsigned int count, const char *name,
		      const struct file_operations *fops, struct module *owner);
#define register_chrdev(major, name, fops)                                    \
	__register_chrdev(major, 0, 256, name, fops, THIS_MODULE)
void __unregister_chrdev(unsigned int major, unsigned int baseminor,
			 unsigned int count, const char *name);
#define unregister_chrdev(major, name) __unregister_chrdev(major, 0, 256, name)

/* A /dev node @name for device @dev with permissions @mode (0666 ...). */
int __devtmpfs_create_node(const char *name, unsigned int dev, umode_t mode,
			   struct module *owner);
#define devtmpfs_create_node(name, dev, mode)                                 \
	__devtmpfs_create_node(name, dev, mode, THIS_MODULE)
void devtmpfs_delete_node(const char *name);

#define MISC_MAJOR 10
#define MISC_DYNAMIC_MINOR 255

/* One minor of major 10 and its /dev node; Linux's struct miscdevice. */
struct miscdevice {
	int minor; /* or MISC_DYNAMIC_MINOR: set on registration */
	const char *name;
	const struct file_operations *fops;
	umode_t mode; /* of the node, 0: 0600 */
};

int __misc_register(struct miscdevice *misc, struct module *owner);
#define misc_register(misc) __misc_register(misc, THIS_MODULE)
void misc_deregister(struct miscdevice *misc);

/* ---- /proc views ---------------------------------------------------- */

struct seq_file;
struct proc_dir_entry;

int seq_printf(struct seq_file *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int seq_puts(struct seq_file *m, const char *s);
int seq_write(struct seq_file *m, const void *data, size_t len);

/*
 * A read-only file /proc/@name (@name may hold '/': "driver/rng") whose
 * text @show writes on each read.  @parent must be NULL.  NULL if the name
 * is taken or invalid.
 */
struct proc_dir_entry *__proc_create_single(const char *name, umode_t mode,
					    struct proc_dir_entry *parent,
					    int (*show)(struct seq_file *m,
							void *v),
					    struct module *owner);
#define proc_create_single(name, mode, parent, show)                          \
	__proc_create_single(name, mode, parent, show, THIS_MODULE)
void proc_remove(struct proc_dir_entry *pde);
void remove_proc_entry(const char *name, struct proc_dir_entry *parent);

#ifdef __cplusplus
}
#endif

#endif /* LKM_FS_H */
