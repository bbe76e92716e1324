/* SPDX-License-Identifier: MIT */
/*
 * internal.h - private interfaces of the base kernel (kernel/), grouped by
 * the file that defines them.
 *
 * kernel/ holds the services every port shares: the printk ring buffer, the
 * console shell, proc-style views, the module subsystem glue and the
 * functions exported to modules.  A port (kernel/hosted/, later
 * kernel/x86_64/) supplies the machine through the port_*() hooks declared
 * at the end of this file.
 *
 * Conventions: 0 or a negative errno; objects through out-parameters.
 */
#ifndef LKM_KERNEL_INTERNAL_H
#define LKM_KERNEL_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lkm/lkm.h>

struct seqbuf;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static inline bool str_has_suffix(const char *s, const char *suffix)
{
	size_t n = __builtin_strlen(s), m = __builtin_strlen(suffix);

	return n >= m && __builtin_strcmp(s + n - m, suffix) == 0;
}

/* ---- boot.c ------------------------------------------------------------ */

/*
 * Bring the kernel up: log the banner, apply @cmdline, set up the port,
 * register the proc views and start the module subsystem.  An @interactive
 * session also shows the banner and, unless @cmdline says otherwise, kernel
 * messages below KERN_DEBUG on the console; a scripted one shows neither.
 */
int kernel_boot(const char *cmdline, bool interactive);
/* Unload every module, newest first, tear down the subsystem and port. */
void kernel_halt(void);

/* ---- cmdline.c --------------------------------------------------------- */

/* Keep @cmdline (truncated to a page) and apply the options it names. */
int cmdline_set(const char *cmdline);
/* The command line as given, "" if none. */
const char *cmdline_get(void);

/* ---- cred.c ------------------------------------------------------------ */

/* Who makes a system call (a control-socket peer's SO_PEERCRED). */
struct sys_cred {
	bool known;             /* false: the port could not tell */
	int pid;
	unsigned uid;
	unsigned gid;
	const unsigned *groups; /* supplementary groups */
	size_t ngroups;
};

/* lkm.ctl_group=NAME|GID: members of that group are privileged too. */
int cred_set_ctl_group_option(const char *value);
/*
 * Whether @c may load and unload modules, write views or power off: root,
 * or a member of the control group.  NULL stands for the console (the
 * kernel itself), which may.  The one place that decides it.
 */
bool cred_is_privileged(const struct sys_cred *c);
/* "pid 12 uid 1000 gid 1000" (or "console") into @buf, for log lines. */
const char *cred_format(const struct sys_cred *c, char *buf, size_t size);

/* ---- console.c --------------------------------------------------------- */

enum console_stream {
	CONSOLE_OUT, /* command output */
	CONSOLE_ERR, /* diagnostics, kernel messages */
	CONSOLE_STREAM_COUNT
};

/* Write @len bytes to the console. */
void console_write(enum console_stream s, const char *buf, size_t len);
/* Formatted output to the console. */
void console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_errorf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
void console_vprintf(enum console_stream s, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Divert CONSOLE_OUT into @sb (a shell redirection) until called with NULL. */
void console_capture(struct seqbuf *sb);

/* ---- file.c ------------------------------------------------------------ */

/* Called by kfile_list() with each entry name of a directory. */
typedef int (*kfile_list_fn)(const char *name, bool is_dir, void *arg);

/*
 * Read a whole file, through the VFS (a view, a host file, a device ...).
 * *data is malloc'ed, NUL-terminated past *size; the caller frees it.
 * -ENOENT, -EISDIR, -ENOMEM, -EFBIG (a device past 1 MiB) or the
 * filesystem's error.
 */
int kfile_read(const char *path, char **data, size_t *size);
/* Call @fn for each entry of directory @path (unsorted); -ENOTDIR if a file. */
int kfile_list(const char *path, kfile_list_fn fn, void *arg);
/* Store @len bytes into @path, created or truncated (-EROFS on the host). */
int kfile_write(const char *path, const char *data, size_t len);
/* Append @len bytes to @path, created if missing. */
int kfile_append(const char *path, const char *data, size_t len);
/* @path made absolute against the current directory, as kmod shows it. */
int kfile_abspath(const char *path, char *out, size_t size);

/* ---- ksyms.c ----------------------------------------------------------- */

/* Hand the kernel's own __ksymtab and __ksymtab_gpl sections to @k. */
int ksyms_register(struct lkm_kernel *k);

/* ---- modules.c --------------------------------------------------------- */

/* Set or clear an LKM_CONFIG_* flag; only before modules_init(). */
int modules_set_config_flag(unsigned flag, bool on);
/* Create the module subsystem over the port's ops and export our symbols. */
int modules_init(void);
/* The module subsystem, or NULL before modules_init(). */
struct lkm_kernel *modules_kernel(void);
/* Unload every module, newest first, then free the subsystem. */
void modules_shutdown(void);

/* Port: pack module regions into shared pages (lkm.packed=, before setup). */
void port_set_packed(bool on);

/* ---- modmem.c ---------------------------------------------------------- */

/*
 * What the port does to the pages of the module area.  All return 0 or a
 * negative errno; addresses and sizes are page-aligned.
 */
struct modmem_hooks {
	/* Claim [lo, lo + size) with no access, backed lazily. */
	int (*reserve)(void *ctx, uintptr_t lo, size_t size);
	/* Give the whole reservation back. */
	void (*unreserve)(void *ctx, uintptr_t lo, size_t size);
	/* Make pages readable and writable (zero-filled if never used). */
	int (*commit)(void *ctx, void *addr, size_t size);
	/* Drop the pages' contents and make them inaccessible again. */
	void (*decommit)(void *ctx, void *addr, size_t size);
};

/* Most free extents; live blocks are limited to one less. */
#define MODMEM_MAX_EXTENTS 1024

struct modmem_extent {
	uintptr_t start;
	size_t pages;
};

/* A page-granular first-fit allocator over one module area. */
struct modmem {
	const struct modmem_hooks *hooks;
	void *ctx;
	uintptr_t lo, hi;
	size_t page_size;
	size_t nr_free; /* extents in free[], sorted by address, coalesced */
	size_t nr_allocs;
	size_t alloc_pages;  /* committed, guard pages not counted */
	size_t budget_pages; /* most pages committed at once */
	size_t guard_pages;  /* uncommitted pages after each block */
	size_t budget_refusals, space_refusals;
	struct modmem_extent free[MODMEM_MAX_EXTENTS];
};

struct modmem_stats {
	uintptr_t lo, hi;
	size_t allocs;        /* live blocks */
	size_t alloc_bytes;   /* committed bytes in live blocks */
	size_t budget_bytes;  /* most bytes committed at once */
	size_t free_bytes;    /* budget_bytes - alloc_bytes */
	size_t free_extents;  /* of address space */
	size_t free_space;    /* bytes of address space in free extents */
	size_t largest_free;  /* bytes in the largest free extent */
	size_t budget_refusals; /* blocks refused: budget spent */
	size_t space_refusals;  /* blocks refused: no extent long enough */
};

/* Reserve [lo, hi) through @hooks and make it one free extent. */
int modmem_init(struct modmem *mm, uintptr_t lo, uintptr_t hi,
		size_t page_size, const struct modmem_hooks *hooks,
		void *ctx);
/* Commit at most @bytes (rounded down to pages) at once. */
void modmem_set_budget(struct modmem *mm, size_t bytes);
/* Leave @pages uncommitted pages after each block from now on. */
void modmem_set_guard(struct modmem *mm, size_t pages);
/* Release the reservation; fails with -EBUSY while blocks are live. */
int modmem_exit(struct modmem *mm);
/*
 * First fit of @size bytes (rounded up to pages), committed RW, within the
 * budget; or NULL.
 */
void *modmem_alloc(struct modmem *mm, size_t size);
/* Decommit and return a block; -EINVAL if it is not a live block's range. */
int modmem_free(struct modmem *mm, void *addr, size_t size);
void modmem_get_stats(const struct modmem *mm, struct modmem_stats *out);

/* ---- modpool.c --------------------------------------------------------- */

/* What the port does for the pool; addresses lie in the module area. */
struct modpool_hooks {
	/* Give freshly allocated pages their final permissions for @kind. */
	int (*set_kind)(void *ctx, void *addr, size_t size, unsigned kind);
	/*
	 * Open a window to write [addr, addr + size) of text or rodata in
	 * pages shared with other regions, and return where to write (NULL
	 * on failure); windows may overlap.
	 */
	void *(*window_open)(void *ctx, void *addr, size_t size, unsigned kind);
	/*
	 * Close it; with @commit, what was written at @write becomes the
	 * bytes at @addr.  0 or a negative errno.
	 */
	int (*window_close)(void *ctx, void *addr, size_t size, unsigned kind,
			    void *write, bool commit);
	/* Overwrite freed text in a shared page with traps (int3 on x86). */
	int (*poison)(void *ctx, void *addr, size_t size);
};

struct modpool_range {
	uintptr_t start;
	size_t len;
};

/* A region being written: where, and what the port gave to write to. */
struct modpool_window {
	uintptr_t start;
	size_t len;
	unsigned kind;
	void *write;
};

/* Pages of one kind, and the free ranges inside them. */
struct modpool_chunk {
	uintptr_t start;
	size_t size;
	size_t used;
	unsigned kind; /* enum lkm_mem_kind */
	bool whole;    /* holds one region of a page or more, never shared */
	bool in_place; /* whole, written where it runs, then sealed */
	bool cached;   /* empty, kept for reuse */
	unsigned prot; /* the kind whose permissions its pages have now */
	struct modpool_range *free; /* sorted, coalesced */
	size_t nfree, capfree;
};

struct modpool {
	struct modmem *pages;
	const struct modpool_hooks *hooks;
	void *ctx;
	size_t page_size;
	struct modpool_chunk *chunks;
	size_t nchunks, capchunks;
	struct modpool_window *windows; /* open write windows */
	size_t nwindows, capwindows;
	size_t regions, region_bytes;
	size_t cached_bytes;
};

struct modpool_stats {
	size_t chunks;
	size_t chunk_bytes[LKM_MEM_KIND_COUNT]; /* pages held, by kind */
	size_t regions;
	size_t region_bytes;  /* bytes handed out (rounded to 8) */
	size_t slack_bytes;   /* free bytes inside held pages */
	size_t largest_slack;
	size_t cached_bytes;  /* empty chunks kept for reuse */
};

/* A pool drawing pages from @pages (which must outlive it). */
int modpool_init(struct modpool *pool, struct modmem *pages,
		 const struct modpool_hooks *hooks, void *ctx);
void modpool_exit(struct modpool *pool);
/* Give the cached empty chunks back to the page allocator. */
void modpool_flush(struct modpool *pool);
/*
 * A region of @size bytes of @kind aligned to @align (<= a page): *exec is
 * where it runs, *write its alias, open until modpool_seal().
 */
int modpool_alloc(struct modpool *pool, unsigned kind, size_t size,
		  size_t align, void **exec, void **write);
/*
 * Close the region's write window: its bytes become those at @exec.
 * 0 or a negative errno (the region must then still be freed).
 */
int modpool_seal(struct modpool *pool, unsigned kind, void *exec,
		 size_t size);
/* Scrub and return a region; a chunk left empty goes back to @pages. */
void modpool_free(struct modpool *pool, unsigned kind, void *exec,
		  size_t size);
/* Is [a, a + size) handed out (not free) in a chunk of @kind? */
bool modpool_owns(const struct modpool *pool, uintptr_t a, size_t size,
		  unsigned kind);
void modpool_get_stats(const struct modpool *pool, struct modpool_stats *out);

/* ---- printk.c ---------------------------------------------------------- */

/* Level of a printk() without a KERN_<LEVEL> prefix (KERN_WARNING). */
#define PRINTK_DEFAULT_LEVEL 4
/* Longest record text; longer messages are cut. */
#define PRINTK_RECORD_MAX 1024

/* One ring-buffer record, as handed to printk_for_each(). */
struct printk_record {
	uint64_t ts_ns;   /* nanoseconds since boot */
	int level;        /* 0 (emerg) .. 7 (debug) */
	const char *text; /* NUL-terminated, no newline */
	size_t len;
};

/* Log one line at @level (no prefix parsing, no newline splitting). */
void printk_emit(int level, const char *text);
/*
 * Call @fn with each record, oldest first.  The ring is locked meanwhile, so
 * @fn must not printk.  Stops and returns @fn's value if non-zero.
 */
int printk_for_each(int (*fn)(const struct printk_record *r, void *arg),
		    void *arg);
/* Forget every record (dmesg -C). */
void printk_clear(void);
/* Echo records below @level to the console as they are logged (0: none). */
void printk_set_console_level(int level);
/* "[    0.000123] " for @ts_ns into @buf (at least 16 bytes). */
int printk_format_time(uint64_t ts_ns, char *buf, size_t size);

/* ---- proc.c ------------------------------------------------------------ */

/* Generates the whole text of one file view. */
typedef int (*proc_show_fn)(struct seqbuf *sb);
/* Takes @len bytes written to a file view (echo's newline included). */
typedef int (*proc_store_fn)(const char *data, size_t len);

/*
 * A generated tree.  @sub is the path below the tree's top ("" for the top
 * itself, else e.g. "hello/parameters/count").  Each returns 0 or a
 * negative errno: -ENOENT, -ENOTDIR / -EISDIR for the wrong kind of entry,
 * -EACCES if not readable or writable.  @write may be NULL (read-only).
 */
struct proc_dir_ops {
	int (*list)(const char *sub, kfile_list_fn fn, void *arg);
	int (*read)(const char *sub, struct seqbuf *sb);
	int (*write)(const char *sub, const char *data, size_t len);
};

/* Add a file view at absolute @path (below /proc or /sys); @path is kept. */
int proc_register(const char *path, proc_show_fn show);
/* The same, writable through @store. */
int proc_register_rw(const char *path, proc_show_fn show, proc_store_fn store);
/* Add a generated tree at @path; @path and @ops are kept. */
int proc_register_dir(const char *path, const struct proc_dir_ops *ops);
/* Generate view @path into @sb: -ENOENT, -EISDIR, or the view's error. */
int proc_read(const char *path, struct seqbuf *sb);
/* Store @len bytes into @path: -EACCES for a read-only view. */
int proc_write(const char *path, const char *data, size_t len);
/* Entries directly below directory @path, each once; -ENOTDIR, -ENOENT. */
int proc_list(const char *path, kfile_list_fn fn, void *arg);

/* ---- syscall.c --------------------------------------------------------- */

/* The calls tools make; the names are the wire names (sys_lookup()). */
enum sys_op {
	SYS_INIT_MODULE,   /* arg1 image, arg2 params ("" none); flags
			    * LKM_LOAD_*; output "<name>\n" */
	SYS_DELETE_MODULE, /* arg1 name; flags LKM_UNLOAD_* */
	SYS_READ,          /* arg1 path; output the file */
	SYS_WRITE,         /* arg1 path, arg2 data */
	SYS_LIST,          /* arg1 path; output "name\n", "dir/\n" ... */
	SYS_POWEROFF,      /* end the session */
	SYS_OP_COUNT
};

/* A request for a call that does not exist: answered -ENOSYS. */
#define SYS_NO_CALL ((enum sys_op)~0u)

/* One request; each argument is NUL-terminated after its length. */
struct sys_req {
	enum sys_op op;
	unsigned flags;
	const struct sys_cred *cred; /* the caller; NULL: the console */
	const char *arg1;
	size_t len1;
	const char *arg2;
	size_t len2;
};

/*
 * The call named @name ("init_module" ..., a module's call, or a number
 * such as "400"): 0 or -ENOSYS.  A module's call is its number in the
 * system-call table, beyond the enum's values.
 */
int sys_lookup(const char *name, enum sys_op *op);
/* Enter these calls in the system-call table and seal it. */
int sys_init(void);
/*
 * Carry out @r, output into @out; sets *@poweroff for SYS_POWEROFF.  Calls
 * that change the kernel need a privileged caller (cred_is_privileged());
 * others get -EPERM, and the refusal is logged.
 */
int sys_call(const struct sys_req *r, struct seqbuf *out, bool *poweroff);

/* ---- sysfs_module.c ---------------------------------------------------- */

/* Register /sys/module: one directory per loaded module, as Linux's. */
int sysfs_module_init(void);

/* ---- procviews.c ------------------------------------------------------- */

/* Register the standard views (/proc/modules, /proc/version ...). */
int procviews_init(void);

/* ---- security.c -------------------------------------------------------- */

/* Command-line options: "lockdown=LEVEL" and "module.sig_enforce[=1]". */
int security_set_lockdown_option(const char *value);
int security_set_sig_enforce_option(const char *value);
/* Apply the boot lockdown and register the security views. */
int security_init(void);

/* ---- seqbuf.c ---------------------------------------------------------- */

/* A growing text buffer; the first failure sticks in err. */
struct seqbuf {
	char *buf;
	size_t len;
	size_t cap;
	int err;
};

void seqbuf_init(struct seqbuf *sb);
/* Append formatted text; returns sb->err afterwards. */
int seqbuf_printf(struct seqbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int seqbuf_vprintf(struct seqbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
int seqbuf_write(struct seqbuf *sb, const char *data, size_t len);
/* Hand the (always NUL-terminated) buffer to the caller, leaving @sb empty. */
char *seqbuf_detach(struct seqbuf *sb, size_t *len);
void seqbuf_release(struct seqbuf *sb);

/* ---- shell.c ----------------------------------------------------------- */

struct shell {
	bool stopped;     /* poweroff was run */
	unsigned failed;  /* commands that failed */
};

/* One command of the console. */
struct shell_cmd {
	const char *name;
	const char *usage;
	const char *help;
	/* 0 or a negative errno, after telling the user why. */
	int (*run)(struct shell *sh, int argc, char **argv);
};

/*
 * Run one input line: commands separated by ';', words split at blanks,
 * '...' and "..." quote, '#' starts a comment, "> PATH" redirects output
 * into a view.  Returns 0 if every command succeeded, else the last failure.
 */
int shell_exec(struct shell *sh, const char *line);

/* ---- shell_files.c ----------------------------------------------------- */

int shell_cat(struct shell *sh, int argc, char **argv);
int shell_ls(struct shell *sh, int argc, char **argv);
int shell_dmesg(struct shell *sh, int argc, char **argv);

/* ---- shell_modules.c --------------------------------------------------- */

int shell_insmod(struct shell *sh, int argc, char **argv);
int shell_rmmod(struct shell *sh, int argc, char **argv);
int shell_lsmod(struct shell *sh, int argc, char **argv);
/* kmod's module name for a path or name: basename up to '.', '-' as '_'. */
void modname_from_arg(const char *arg, char *name, size_t size);

/* ---- shell_modinfo.c --------------------------------------------------- */

int shell_modinfo(struct shell *sh, int argc, char **argv);

/* ---- the VFS: vfs_inode.c fs_types.c mount.c namei.c vfs.c file.c ------- */

struct file;
struct file_operations;
struct inode;
struct file_system_type;
struct super_block;
struct module;

/* Longest path, terminator included. */
#define VFS_PATH_MAX 4096

/* Mount flags. */
#define MNT_RDONLY 1ul /* no changes through this mount */
#define MNT_BOOT 2ul   /* the kernel's own: the mount point need not exist */

/* One mount: a super_block attached at a normalised absolute path. */
struct vfsmount {
	struct vfsmount *next;
	char *mountpoint;
	char *source;
	struct file_system_type *type;
	struct super_block *sb;
	unsigned long flags;
	unsigned files; /* files open on it */
};

/* A looked-up name: the mount serving it and a reference on its inode. */
struct vfs_path {
	struct vfsmount *mnt;
	struct inode *inode;
};

/* What stat says. */
struct kstat {
	unsigned mode;
	unsigned nlink;
	long long size;
	unsigned long ino;
	unsigned rdev;
	bool rdonly; /* on a read-only mount */
};

/* The static empty directory shown on the way to a mount point. */
struct inode *vfs_implied_dir(void);

/* Look a filesystem type up by name, with a reference on its module. */
int fs_type_get(const char *name, struct file_system_type **out);
void fs_type_put(struct file_system_type *fs);
size_t fs_type_count(void);
/* Register /proc/filesystems. */
int fs_types_init(void);

/* The mount serving normalised @path; *@rest is the part below it. */
struct vfsmount *mount_lookup(const char *path, const char **rest);
/* The mount at exactly @path, or NULL. */
struct vfsmount *mount_at(const char *path);
/* True if a mount point lies strictly below @path. */
bool mount_has_below(const char *path);
/* Call @fn with the name of each entry of @dir that leads to a mount. */
int mount_for_each_below(const char *dir, kfile_list_fn fn, void *arg);
size_t mount_count_type(const struct file_system_type *fs);
size_t mount_count(void);
/*
 * Mount filesystem @type from @source at @target with MNT_* @flags and
 * options @data.  -ENODEV unknown type, -EBUSY something is mounted there,
 * -ENOENT/-ENOTDIR no directory there, or the filesystem's error.
 */
int vfs_mount(const char *type, const char *source, const char *target,
	      unsigned long flags, const char *data);
/* -EINVAL not a mount point, -EBUSY files open or mounts below. */
int vfs_umount(const char *target);
/* Unmount everything, newest first (at halt). */
void mount_release_all(void);
/* Register /proc/mounts. */
int mount_views_init(void);

/* @path made absolute and normalised into @out (VFS_PATH_MAX bytes). */
int vfs_normalize(const char *path, char *out, size_t size);
/* Walk normalised @abs: a reference on its inode in @out. */
int vfs_walk(const char *abs, struct vfs_path *out);
/* Walk @path's directory; *@name points at the last component in @abs. */
int vfs_walk_parent(const char *path, struct vfs_path *parent, char *abs,
		    const char **name);
/* The current directory (initially the port's), and changing it. */
const char *vfs_getcwd(void);
int vfs_chdir(const char *path);

/* Set up the filesystems and the boot mounts; close and unmount at halt. */
int vfs_init(void);
void vfs_halt(void);
/* Open @path with O_* @flags (O_CREAT makes a file with @mode). */
int vfs_open(const char *path, unsigned flags, unsigned mode,
	     struct file **out);
void vfs_close(struct file *f);
size_t vfs_open_count(void);
/* Bytes read or written (0: end of file), or -errno. */
long vfs_read(struct file *f, void *buf, size_t len);
long vfs_write(struct file *f, const void *buf, size_t len);
int vfs_stat(const char *path, struct kstat *st);
/* Each entry of directory @path once, mount points included. */
int vfs_readdir(const char *path, kfile_list_fn fn, void *arg);
int vfs_mkdir(const char *path, unsigned mode);
int vfs_unlink(const char *path);
int vfs_rmdir(const char *path);
/* All of a file, malloc'ed with a NUL after *@size; -EFBIG past @max. */
int vfs_read_all(const char *path, size_t max, char **data, size_t *size);
/* Open @path for writing (O_CREAT | @flags: O_TRUNC or O_APPEND), write. */
int vfs_write_all(const char *path, const void *data, size_t len,
		  unsigned flags);

/* ---- proc.c (module views), seq_file.c ---------------------------------- */

/* What a module's view writes into (<lkm/fs.h>'s struct seq_file). */
struct seq_file {
	struct seqbuf *sb;
};

size_t proc_count(void);
size_t proc_sweep(bool (*gone)(const struct module *owner));

/* ---- procfs.c, devtmpfs.c ----------------------------------------------- */

/* Register the "proc" and "sysfs" filesystems over proc.c's registry. */
int procfs_init(void);
/* Register "devtmpfs". */
int devtmpfs_init(void);
size_t devtmpfs_count(void);

/* ---- chrdev.c, misc.c --------------------------------------------------- */

/* Give @file the operations of the device @inode names (S_IFCHR). */
int chrdev_open(struct inode *inode, struct file *file);
size_t chrdev_count(void);
/* Register /proc/devices. */
int chrdev_init(void);
/* The operations of misc device @minor: 0 or -ENODEV. */
int misc_find(unsigned int minor, const struct file_operations **fops,
	      struct module **owner);
size_t misc_count(void);
/* Register major 10 and /proc/misc. */
int misc_init(void);

/* ---- fdtable.c ---------------------------------------------------------- */

/* Give @f the lowest free number from 3 (-EMFILE if none). */
int fd_install(struct file *f);
struct file *fd_get(int fd);
int fd_close(int fd);
void fd_close_all(void);

/* ---- registries.c ------------------------------------------------------- */

/*
 * True if @owner (a THIS_MODULE handle) names no loaded module any more:
 * its module has been unloaded, or its load failed.  NULL (the kernel) is
 * never gone.
 */
bool module_is_gone(const struct module *owner);
/*
 * Remove from every registry what modules that are gone left behind, with
 * a warning each; called after every failed load and every unload.
 */
void registries_sweep(void);
/* Register /proc/lkm/registries. */
int registries_init(void);

/* Each registry's sweep: remove entries whose owner is gone; how many. */
size_t fs_type_sweep(bool (*gone)(const struct module *owner));
size_t chrdev_sweep(bool (*gone)(const struct module *owner));
size_t misc_sweep(bool (*gone)(const struct module *owner));
size_t devtmpfs_sweep(bool (*gone)(const struct module *owner));

/* ---- syscall_table.c ---------------------------------------------------- */

struct syscall_args;

/* Where a call's output goes: the caller's buffer (<lkm/syscall.h>). */
struct syscall_out {
	struct seqbuf *sb;
};

/*
 * Name the base kernel's calls 0 .. @count - 1 (syscall.c's) and make the
 * table read-only; -EPERM if the port cannot protect it.
 */
int syscall_table_init(const char *const *names, unsigned int count);
/* The call named @name, or numbered @name ("400"): 0 or -ENOSYS. */
int syscall_table_find(const char *name, unsigned int *nr);
/* The name of call @nr, "" if none. */
const char *syscall_table_name(unsigned int nr);
/* Run module call @nr with its module held: its result, or -ENOSYS. */
long syscall_table_call(unsigned int nr, const struct syscall_args *args);
/* Run call @nr whoever serves it, output into @out. */
long syscall_invoke(unsigned int nr, const struct syscall_args *args,
		    struct seqbuf *out, bool *poweroff);
/* Call @fn for each call in the table, by number; stops on non-zero. */
int syscall_for_each(int (*fn)(unsigned int nr, const char *name,
			       const void *call, const struct module *owner,
			       void *arg),
		     void *arg);
size_t syscall_count(void);
size_t syscall_sweep(bool (*gone)(const struct module *owner));
/* Register /proc/lkm/syscalls. */
int syscall_views_init(void);

/* ---- device.c, pci.c, hotplug.c ----------------------------------------- */

struct device;
struct pci_dev;

/* Bus addresses of simulated PCI registers: a window never mapped. */
#define PCI_MMIO_WINDOW 0xfe000000ul
#define PCI_MMIO_DEVICE_STRIDE 0x10000ul
#define PCI_MMIO_BAR_STRIDE 0x1000ul

/* The machine behind a PCI device: its register banks (BARs). */
struct pci_hw_ops {
	const char *name;
	unsigned nr_bars;
	unsigned bar_size;
	/* @width bytes (1, 2, 4) at @off of BAR @bar. */
	uint32_t (*read)(struct pci_dev *pdev, unsigned bar, unsigned off,
			 unsigned width);
	void (*write)(struct pci_dev *pdev, unsigned bar, unsigned off,
		      unsigned width, uint32_t value);
};

/* The device's modalias into @buf: 0, or -ENOENT if its bus has none. */
int device_modalias(struct device *dev, char *buf, size_t size);
size_t bus_count(void);
size_t driver_count(void);
size_t device_count(void);
size_t bus_sweep(bool (*gone)(const struct module *owner));
size_t driver_sweep(bool (*gone)(const struct module *owner));
size_t device_sweep(bool (*gone)(const struct module *owner));
/* Register /sys/bus; unbind every device at halt. */
int devices_init(void);
void devices_halt(void);

/* Register the PCI bus. */
int pci_init(void);
/* Put @pdev (ids and hw_ops set) on the bus: its BARs, then binding. */
int pci_device_add(struct pci_dev *pdev);
void pci_device_remove(struct pci_dev *pdev);

/* Plug in a simulated device "VVVV:DDDD[:SVVV:SDDD[:CCCCCC]]"; its name. */
int hotplug_add(const char *ids, char *name, size_t size);
/* Pull out the device named @what, or the first with ids "VVVV:DDDD". */
int hotplug_remove(const char *what);
int hotplug_for_each(int (*fn)(const struct pci_dev *pdev, void *arg),
		     void *arg);
/* hotplug.devices=pci:IDS,... on the command line. */
int hotplug_set_devices_option(const char *value);
/* Plug in the command line's devices; pull everything out at halt. */
int hotplug_init(void);
void hotplug_halt(void);

/* ---- module_blacklist.c ------------------------------------------------ */

/* module_blacklist=a,b: those modules are refused, whoever asks. */
int module_blacklist_set_option(const char *value);
bool module_is_blacklisted(const char *name);
/*
 * 0, or -EPERM after "Module X is blacklisted" if the module in @image is
 * on the list (modload_load() asks before every load).
 */
int module_blacklist_check(const void *image, size_t size);

/* ---- modules_load.c ---------------------------------------------------- */

/* modules_load=a,b (or modules-load=): loaded at boot; occurrences add up. */
int modules_load_set_option(const char *value);
/*
 * Load the command line's list, then the system root's modules-load.d
 * lists, with request_module(); failures are logged, never fatal.
 */
void modules_load_boot(void);

/* ---- request_module.c, modload.c, modowner.c ---------------------------- */

/*
 * Load the module(s) modprobe resolves @fmt to (a name or an alias such as
 * a modalias), dependencies first: 0, -ENOENT if nothing matches, or the
 * first load error.
 */
int request_module(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* lkm_module_load()/lkm_module_unload(), then a registry sweep. */
int modload_load(const void *image, size_t size, const char *params,
		 unsigned flags, char *name);
int modload_unload(const char *name, unsigned flags);
/* The name of the loaded module whose memory holds @addr, or -ENOENT. */
int module_name_of(const void *addr, char *name, size_t size);

/* ---- kallsyms.c --------------------------------------------------------- */

/* Register /proc/kallsyms. */
int kallsyms_init(void);

/* ---- shell_fs.c, shell_dev.c -------------------------------------------- */

int shell_mount(struct shell *sh, int argc, char **argv);
int shell_umount(struct shell *sh, int argc, char **argv);
int shell_mkdir(struct shell *sh, int argc, char **argv);
int shell_rmdir(struct shell *sh, int argc, char **argv);
int shell_rm(struct shell *sh, int argc, char **argv);
int shell_cd(struct shell *sh, int argc, char **argv);
int shell_pwd(struct shell *sh, int argc, char **argv);
int shell_hexdump(struct shell *sh, int argc, char **argv);
int shell_open(struct shell *sh, int argc, char **argv);
int shell_close(struct shell *sh, int argc, char **argv);
int shell_syscall(struct shell *sh, int argc, char **argv);
int shell_hotplug(struct shell *sh, int argc, char **argv);

/* ---- provided by the port (kernel/<port>/) ------------------------------ */

/* The port's name as the banner shows it ("hosted"). */
extern const char port_name[];
/* Set up the machine the module subsystem needs (the module area ...). */
int port_setup(void);
/* Undo port_setup() as far as nothing still uses it. */
void port_teardown(void);
/* Nanoseconds since the port started. */
uint64_t port_clock_ns(void);
/* The lock that serialises the printk ring. */
void port_log_lock(void);
void port_log_unlock(void);
/* Write to the console. */
void port_console_write(enum console_stream s, const char *buf, size_t len);
/* The machine ops handed to liblkm. */
const struct lkm_ops *port_lkm_ops(void);
/* Register the port's symbol providers (HOST_LIBC ...). */
int port_add_providers(struct lkm_kernel *k);
/* Register the port's filesystems, mount the root and /lib/modules. */
int port_fs_init(void);
/* The port's current directory, where the kernel's starts. */
int port_getcwd(char *buf, size_t size);
/* Make whole pages of kernel data read-only (@ro) or writable again. */
int port_set_kernel_ro(void *addr, size_t size, bool ro);
/* Call @fn with each of the kernel's own symbols, by address. */
int port_kallsyms(int (*fn)(uintptr_t addr, char type, const char *name,
			    void *arg),
		  void *arg);
/* Fill @buf with random bytes (for the simulated devices). */
void port_random_bytes(void *buf, size_t len);
/*
 * Resolve @name (a module name or alias) as modprobe would and call @load
 * with each module to load, in order, and its options: 0, -ENOENT if
 * nothing matches, or the first error @load returns.
 */
int port_modprobe(const char *name,
		  int (*load)(const char *name, const char *path,
			      const char *options, void *arg),
		  void *arg);
/* The id of the host group called @name: 0 or -ENOENT. */
int port_group_lookup(const char *name, unsigned *gid);
/*
 * The directory holding the module root as lib/modules, where the kernel's
 * own configuration lives (etc/modules-load.d ...): 0 or -errno.
 */
int port_sysroot(char *buf, size_t size);

#endif /* LKM_KERNEL_INTERNAL_H */
