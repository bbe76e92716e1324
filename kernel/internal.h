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

/* Linux errno values <lkm/errno.h> does not carry (yet). */
#ifndef LKM_ENOTDIR
#define LKM_ENOTDIR 20
#endif
#ifndef LKM_EISDIR
#define LKM_EISDIR 21
#endif
#ifndef LKM_EACCES
#define LKM_EACCES 13
#endif
#ifndef LKM_EROFS
#define LKM_EROFS 30
#endif

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
 * Read a whole file: a /proc view or a port file (where /lib/modules lies
 * in the module root).  *data is malloc'ed, NUL-terminated past *size; the
 * caller frees it.  -ENOENT, -EISDIR, -ENOMEM or the port's error.
 */
int kfile_read(const char *path, char **data, size_t *size);
/* Call @fn for each entry of directory @path (unsorted); -ENOTDIR if a file. */
int kfile_list(const char *path, kfile_list_fn fn, void *arg);
/* Store @len bytes into view @path; host files are read-only (-EROFS). */
int kfile_write(const char *path, const char *data, size_t len);
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
	size_t alloc_pages;
	struct modmem_extent free[MODMEM_MAX_EXTENTS];
};

struct modmem_stats {
	uintptr_t lo, hi;
	size_t allocs;        /* live blocks */
	size_t alloc_bytes;   /* bytes in live blocks */
	size_t free_extents;
	size_t free_bytes;
	size_t largest_free;  /* bytes in the largest free extent */
};

/* Reserve [lo, hi) through @hooks and make it one free extent. */
int modmem_init(struct modmem *mm, uintptr_t lo, uintptr_t hi,
		size_t page_size, const struct modmem_hooks *hooks,
		void *ctx);
/* Release the reservation; fails with -EBUSY while blocks are live. */
int modmem_exit(struct modmem *mm);
/* First fit of @size bytes (rounded up to pages), committed RW; or NULL. */
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
	 * Open a writable alias of [addr, addr + size) and return the alias
	 * of @addr (NULL on failure); windows may overlap and nest.
	 */
	void *(*alias_open)(void *ctx, void *addr, size_t size);
	void (*alias_close)(void *ctx, void *addr, size_t size);
};

struct modpool_range {
	uintptr_t start;
	size_t len;
};

/* Pages of one kind, and the free ranges inside them. */
struct modpool_chunk {
	uintptr_t start;
	size_t size;
	size_t used;
	unsigned kind; /* enum lkm_mem_kind */
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
	struct modpool_range *windows; /* open write aliases */
	size_t nwindows, capwindows;
	size_t regions, region_bytes;
};

struct modpool_stats {
	size_t chunks;
	size_t chunk_bytes[LKM_MEM_KIND_COUNT]; /* pages held, by kind */
	size_t regions;
	size_t region_bytes;  /* bytes handed out (rounded to 8) */
	size_t slack_bytes;   /* free bytes inside held pages */
	size_t largest_slack;
};

/* A pool drawing pages from @pages (which must outlive it). */
int modpool_init(struct modpool *pool, struct modmem *pages,
		 const struct modpool_hooks *hooks, void *ctx);
void modpool_exit(struct modpool *pool);
/*
 * A region of @size bytes of @kind aligned to @align (<= a page): *exec is
 * where it runs, *write its alias, open until modpool_seal().
 */
int modpool_alloc(struct modpool *pool, unsigned kind, size_t size,
		  size_t align, void **exec, void **write);
/* Close the region's write alias. */
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
/* True for /proc, /sys and every path below them. */
bool proc_is_path(const char *path);
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

/* The call named @name ("init_module" ...): 0 or -ENOSYS. */
int sys_lookup(const char *name, enum sys_op *op);
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
/* Read a non-/proc file; *data malloc'ed with a NUL after *size bytes. */
int port_file_read(const char *path, char **data, size_t *size);
/* List a non-/proc directory. */
int port_dir_list(const char *path, kfile_list_fn fn, void *arg);
/* The current directory, for kfile_abspath(). */
int port_getcwd(char *buf, size_t size);
/* The id of the host group called @name: 0 or -ENOENT. */
int port_group_lookup(const char *name, unsigned *gid);

#endif /* LKM_KERNEL_INTERNAL_H */
