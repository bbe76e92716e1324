/* SPDX-License-Identifier: MIT */
/*
 * kmod.h - the private header of the kmod-compatible tools (build/bin/lkm and
 * its links insmod, rmmod, lsmod, modinfo, modprobe, depmod).
 *
 * Declarations are grouped by the file that defines them.  Every fallible
 * function returns 0 (or a count) on success and a negative errno on
 * failure; objects come back through out-parameters.  Nothing here is
 * kmod's code: the formats (ELF modules, .modinfo, the .bin index, the
 * module tree's text files) and the tools' messages are reproduced because
 * scripts and people depend on them byte for byte.
 */
#ifndef LKM_TOOLS_KMOD_H
#define LKM_TOOLS_KMOD_H

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define __must_check __attribute__((warn_unused_result))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define MODULE_DIRECTORY "/lib/modules"

/* ---- kmod.c: the multi-call entry point ------------------------------- */

/* The name the user invoked us by ("modinfo", "depmod" ...): log prefix. */
extern const char *kmod_progname;

/* One command of the multi-call binary: argv[0] is the command's name. */
struct kmod_cmd {
	const char *name;
	int (*main)(int argc, char *argv[]);
	const char *help;
};

int kmod_insmod_main(int argc, char *argv[]);
int kmod_rmmod_main(int argc, char *argv[]);
int kmod_lsmod_main(int argc, char *argv[]);
int kmod_modinfo_main(int argc, char *argv[]);
int kmod_modprobe_main(int argc, char *argv[]);
int kmod_depmod_main(int argc, char *argv[]);
int kmod_sign_main(int argc, char *argv[]);
int kmod_integrity_main(int argc, char *argv[]);

/* ---- log.c: "prog: ERROR: ..." on stderr, as kmod prints ------------- */

enum kmod_log_level {
	KMOD_LOG_CRIT = 2,
	KMOD_LOG_ERR = 3,
	KMOD_LOG_WARNING = 4,
	KMOD_LOG_NOTICE = 5,
	KMOD_LOG_INFO = 6,
	KMOD_LOG_DEBUG = 7,
};

/* Messages above this level are dropped (default KMOD_LOG_WARNING). */
extern int kmod_log_level;

/* Print "<progname>: <LEVEL>: <message>" to stderr if @level is enabled. */
void kmod_log(int level, const char *fmt, ...) __printf(2, 3);

struct strbuf;
/*
 * Until called again with NULL, append the calling thread's messages (as
 * they would be printed) to @sb instead of printing them.
 */
void kmod_log_capture(struct strbuf *sb);

#define ERR(...) kmod_log(KMOD_LOG_ERR, __VA_ARGS__)
#define WRN(...) kmod_log(KMOD_LOG_WARNING, __VA_ARGS__)
#define INF(...) kmod_log(KMOD_LOG_INFO, __VA_ARGS__)
#define DBG(...) kmod_log(KMOD_LOG_DEBUG, __VA_ARGS__)

/* ---- util.c: names, paths, buffers ------------------------------------ */

/* A growable byte buffer, always NUL-terminated after sb_*() calls. */
struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

/* Make room for @extra more bytes (plus a NUL); aborts on out-of-memory. */
void sb_grow(struct strbuf *sb, size_t extra);
/* Append @len bytes of @s. */
void sb_add(struct strbuf *sb, const void *s, size_t len);
/* Append a NUL-terminated string. */
void sb_adds(struct strbuf *sb, const char *s);
/* Append one character. */
void sb_addc(struct strbuf *sb, char c);
/* Append formatted text. */
void sb_addf(struct strbuf *sb, const char *fmt, ...) __printf(2, 3);
/* Release the buffer and reset it to empty. */
void sb_release(struct strbuf *sb);

/* malloc/calloc/realloc/strdup that abort with a message on failure. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

/*
 * A bump allocator for the many small strings and records of a depmod run:
 * nothing is freed individually, everything at kmod_arena_release().
 */
struct kmod_arena {
	struct kmod_arena_block *head;
};
void *kmod_arena_alloc(struct kmod_arena *a, size_t size);
char *kmod_arena_strndup(struct kmod_arena *a, const char *s, size_t len);
void kmod_arena_release(struct kmod_arena *a);

/*
 * Module name of a file name or path: the basename up to its first '.',
 * with '-' turned into '_'.  Writes at most PATH_MAX bytes to @buf; returns
 * @buf, or NULL when the basename is empty.  @len (optional) gets its length.
 */
char *kmod_modname_from_path(const char *path, char buf[PATH_MAX], size_t *len);
/* Normalise a module name the same way (stops at '.', '-' -> '_'). */
char *kmod_modname_normalize(const char *name, char buf[PATH_MAX], size_t *len);
/*
 * Normalise an alias: '-' -> '_' except inside [...] brackets.  Returns 0,
 * or -EINVAL for an unmatched bracket.
 */
int kmod_alias_normalize(const char *alias, char buf[PATH_MAX], size_t *len) __must_check;
/* Whether @name (of length @len) ends in .ko, .ko.gz, .ko.xz or .ko.zst. */
bool kmod_path_has_module_ext(const char *name, size_t len);
/* @path made absolute against the current directory, not normalised. */
char *kmod_path_absolute(const char *path);
/* Read a whole file into a malloc'ed, NUL-terminated buffer. */
int kmod_read_file(const char *path, char **buf, size_t *len) __must_check;

/* ---- file.c, compress-*.c: a module file's bytes --------------------- */

enum kmod_compression {
	KMOD_COMP_NONE,
	KMOD_COMP_ZSTD,
	KMOD_COMP_XZ,
	KMOD_COMP_GZIP,
	KMOD_COMP_COUNT
};

/* A module's image: mapped when plain, decompressed into the heap otherwise. */
struct kmod_image {
	const uint8_t *data;
	size_t size;
	enum kmod_compression comp;
	void *map;        /* mmap base, or NULL */
	size_t map_size;
	void *heap;       /* decompressed copy, or NULL */
};

/*
 * Open @path and make its (decompressed) contents available.  The
 * compression is recognised by magic bytes, as kmod does, not by suffix.
 */
int kmod_image_open(const char *path, struct kmod_image *img) __must_check;
/*
 * kmod_image_open() of the file open on @fd (left open), but a file of up
 * to 256 KiB is read into @buf (unless NULL) instead of mapped: the image
 * then lasts until @buf is next used or released.  For a thread reading
 * many files one after the other: copying a small file costs less than
 * mapping it, faulting its pages in and unmapping it, which with other
 * threads running interrupts their CPUs to flush their TLBs.
 */
int kmod_image_read(int fd, struct kmod_image *img, struct strbuf *buf) __must_check;
/* Release what kmod_image_open() acquired. */
void kmod_image_close(struct kmod_image *img);

/* ---- elf.c: the parts of an ELF module the tools read ------------------ */

struct kmod_elf {
	const uint8_t *mem;
	uint64_t size;
	bool is32;
	bool msb;
	uint16_t machine;
	uint64_t shoff;
	uint16_t shnum;
	uint16_t shentsize;
	const char *shstr;
	uint64_t shstr_size;
};

/* One symbol a module exports or needs. */
struct kmod_sym {
	const char *name;  /* points into the image, NUL-terminated */
	uint64_t crc;
	bool weak;
};

/* Check the ELF header and section table of @mem; fill @elf. */
int kmod_elf_init(struct kmod_elf *elf, const void *mem, size_t size) __must_check;
/* Find section @name; -ENOENT if absent (the errno kmod reports). */
int kmod_elf_get_section(const struct kmod_elf *elf, const char *name,
			 const void **buf, uint64_t *size) __must_check;
/*
 * The non-empty NUL-separated strings of section @name, in order, as
 * malloc'ed vector of pointers into one malloc'ed copy (free *strv only).
 * Returns the count (0 when the section is absent or empty).
 */
int kmod_elf_get_strings(const struct kmod_elf *elf, const char *name,
			 char ***strv) __must_check;
/*
 * Exported symbols, as depmod sees them: the __crc_<name> symbols of the
 * symbol table when there are any, else the strings of __ksymtab_strings.
 * Returns the count; *syms is malloc'ed.
 */
int kmod_elf_get_exports(const struct kmod_elf *elf, struct kmod_sym **syms) __must_check;
/*
 * Symbols the module needs: undefined symbols of .symtab (with their
 * __versions CRC), then the __versions entries no symbol referred to.
 * Returns the count; *syms is malloc'ed.
 */
int kmod_elf_get_imports(const struct kmod_elf *elf, struct kmod_sym **syms) __must_check;

/* ---- signature.c: the appended module signature --------------------- */

struct kmod_signature {
	const char *id_type;      /* "PKCS#7", "X509", "PGP" */
	char *signer;
	size_t signer_len;
	uint8_t *key_id;
	size_t key_id_len;
	char *hash_algo;
	uint8_t *sig;
	size_t sig_len;
};

/*
 * Parse the signature appended to @mem ("~Module signature appended~\n").
 * Returns true and fills @sig when there is one kmod would display.
 */
bool kmod_signature_parse(const uint8_t *mem, size_t size, struct kmod_signature *sig);
/* Free what kmod_signature_parse() allocated. */
void kmod_signature_free(struct kmod_signature *sig);

/* ---- hash.c: a hash table that iterates in kmod's order --------------- */

/*
 * depmod's modules.symbols lists symbols in the iteration order of kmod's
 * hash table; to be byte-identical we use the same hash function (Paul
 * Hsieh's SuperFastHash), bucket count and in-bucket sort order.
 */
struct khash;
struct khash_iter {
	const struct khash *h;
	unsigned int bucket;
	int entry;
};

/* A table with @n_buckets rounded up to a power of two. */
struct khash *khash_new(unsigned int n_buckets);
void khash_free(struct khash *h);
/* Add or replace; the old value goes to *@old (NULL if none).  Keys are not copied. */
void khash_add(struct khash *h, const char *key, void *value, void **old);
/* Add unless present: -EEXIST then. */
int khash_add_unique(struct khash *h, const char *key, void *value) __must_check;
void *khash_find(const struct khash *h, const char *key);
int khash_del(struct khash *h, const char *key);
unsigned int khash_count(const struct khash *h);
void khash_iter_init(const struct khash *h, struct khash_iter *it);
bool khash_iter_next(struct khash_iter *it, const char **key, void **value);

/* ---- index.c: kmod's .bin index (a compressed trie) ------------------ */

struct kidx_writer;

/* A new, empty index to fill with kidx_insert() and write with kidx_write(). */
struct kidx_writer *kidx_writer_new(void);
void kidx_writer_free(struct kidx_writer *w);
/*
 * Add @value under @key with @priority (lower sorts first).  Returns 1 when
 * the key already had that value (it is added again, as kmod does), else 0.
 */
int kidx_insert(struct kidx_writer *w, const char *key, const char *value,
		unsigned int priority);
/* Serialise into @out (appended). */
void kidx_write(const struct kidx_writer *w, struct strbuf *out);

struct kidx_reader {
	const uint8_t *mem;
	size_t size;
	uint32_t root;
};

/* One value found by a lookup; a list sorted by priority. */
struct kidx_value {
	struct kidx_value *next;
	unsigned int priority;
	char value[];
};

/* Map @path and check its header. */
int kidx_open(const char *path, struct kidx_reader *r) __must_check;
void kidx_close(struct kidx_reader *r);
/* The first value stored under exactly @key (malloc'ed), or NULL. */
char *kidx_search(const struct kidx_reader *r, const char *key);
/* All values whose key (an fnmatch pattern) matches @key. */
struct kidx_value *kidx_search_wild(const struct kidx_reader *r, const char *key);
void kidx_values_free(struct kidx_value *v);
/* Every "<prefix><key> <value>" of the index, in key order, as modprobe -c shows them. */
void kidx_dump(const struct kidx_reader *r, const char *prefix, FILE *out);

/* ---- kernel.c: a running lkm kernel, through its control socket ------- */

/* A connection to a running kernel (lazily connected). */
struct kmod_kernel {
	const char *path; /* the control socket */
	int fd;           /* -1 while not connected */
};

/* A module's state in the kernel (kmod's initstate values). */
enum kmod_module_state {
	KMOD_STATE_BUILTIN,
	KMOD_STATE_LIVE,
	KMOD_STATE_COMING,
	KMOD_STATE_GOING,
	KMOD_STATE_COUNT
};

/* The socket to use: @path (from --socket) if set, else $LKM_SOCKET, else NULL. */
const char *kmod_kernel_socket(const char *path);
/*
 * Find the kernel (as kmod_kernel_socket()) and connect; on failure the
 * user has been told why.  -ENOTCONN when no socket is named.
 */
int kmod_kernel_open(struct kmod_kernel *k, const char *path) __must_check;
/* Connect again after kmod_kernel_disconnect() (no-op if connected). */
int kmod_kernel_connect(struct kmod_kernel *k) __must_check;
/* Close the connection, so that the kernel can serve others meanwhile. */
void kmod_kernel_disconnect(struct kmod_kernel *k);
/*
 * One call of <lkm/ctl.h>: returns the kernel's answer (0 or a negative
 * errno), output appended to @out (may be NULL).  A broken connection is
 * reported (ERR) and returned as its -errno.
 */
int kmod_kernel_call(struct kmod_kernel *k, const char *call, unsigned flags,
		     const void *a1, size_t l1, const void *a2, size_t l2,
		     struct strbuf *out);
/* A file of the kernel's (/proc/modules ...), appended to @out. */
int kmod_kernel_read(struct kmod_kernel *k, const char *path, struct strbuf *out);
/* init_module(@image, @params) with LKM_LOAD_* @flags. */
int kmod_kernel_init_module(struct kmod_kernel *k, const void *image, size_t size,
			    const char *params, unsigned flags);
/* delete_module(@name) with LKM_UNLOAD_* @flags. */
int kmod_kernel_delete_module(struct kmod_kernel *k, const char *name, unsigned flags);
/* enum kmod_module_state of module @name, or -ENOENT when not loaded. */
int kmod_kernel_initstate(struct kmod_kernel *k, const char *name);
/* /sys/module/<name>/refcnt, or -errno. */
int kmod_kernel_refcnt(struct kmod_kernel *k, const char *name);
/* The modules using @name (a malloc'ed NULL-terminated vector); the count or -errno. */
int kmod_kernel_holders(struct kmod_kernel *k, const char *name, char ***names);
/* Free a NULL-terminated vector of malloc'ed strings. */
void kmod_strv_free(char **v);
/* What an init_module() errno means to a person, as insmod says it. */
const char *kmod_insert_strerror(int err);

/* ---- modtree.c: looking modules up in /lib/modules/<release> ---------- */

/* The module root and what was looked up from it. */
struct modtree {
	char dirname[PATH_MAX];
};

/* dirname = "<root>/lib/modules/<release>"; a NULL @release means uname -r. */
int modtree_init(struct modtree *t, const char *root, const char *release) __must_check;
/*
 * The modules.dep line of module @name ("path: dep dep..."), from
 * modules.dep.bin or, without it, modules.dep.  malloc'ed, or NULL.
 */
char *modtree_dep_line(const struct modtree *t, const char *name);
/* Whether @name is in modules.builtin(.bin). */
bool modtree_is_builtin(const struct modtree *t, const char *name);
/* Module names modules.alias(.bin) gives for @alias. */
struct kidx_value *modtree_alias_lookup(const struct modtree *t, const char *alias);
/* The module owning "symbol:<sym>" in modules.symbols.bin, malloc'ed. */
char *modtree_symbol_lookup(const struct modtree *t, const char *symbol);
/* First value of @key in index @file ("modules.dep.bin" ...) of the tree. */
char *modtree_search(const struct modtree *t, const char *file, const char *key);
/* All values of the patterns in index @file that match @key. */
struct kidx_value *modtree_search_wild(const struct modtree *t, const char *file,
				       const char *key);
/*
 * The "key=value" strings modules.builtin.modinfo holds for built-in module
 * @name (each malloc'ed, in a malloc'ed NULL-terminated vector).  Returns
 * the count or -errno.
 */
int modtree_builtin_modinfo(const struct modtree *t, const char *name, char ***strv) __must_check;
/* Join @rel to the tree directory unless it is absolute: malloc'ed. */
char *modtree_path(const struct modtree *t, const char *rel);

#endif /* LKM_TOOLS_KMOD_H */
