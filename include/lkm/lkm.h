/* SPDX-License-Identifier: MIT */
/*
 * lkm.h - the embedder's API of liblkm, the loadable-module core.
 *
 * A base kernel (or any long-running C program) embeds liblkm to load ELF64
 * relocatable objects (".ko" modules) into itself, link them against its own
 * exported symbols and against each other, run their init and exit functions,
 * and unload them again, returning every byte.
 *
 * The core is freestanding: it never calls libc.  Everything it needs from
 * the machine comes through struct lkm_ops, supplied once by the embedder.
 *
 * Conventions: functions that can fail return 0 or a negative errno (the
 * Linux values, see <lkm/errno.h>) and hand objects back through
 * out-parameters.  One lock (ops->lock) guards the module list; callbacks
 * that receive a struct lkm_module run with that lock held and must not call
 * back into load or unload.
 */
#ifndef LKM_LKM_H
#define LKM_LKM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lkm/errno.h>
#include <lkm/ksym.h>
#include <lkm/param.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define LKM_MUST_CHECK __attribute__((warn_unused_result))
#else
#define LKM_MUST_CHECK
#endif

/* Longest module name, terminator included (Linux: MODULE_NAME_LEN). */
#define LKM_MODULE_NAME_LEN 56

/* Page permissions for module memory. */
enum lkm_prot {
	LKM_PROT_NONE = 0,
	LKM_PROT_READ = 1,
	LKM_PROT_WRITE = 2,
	LKM_PROT_EXEC = 4,
};

/* Kinds of module memory, by the permissions they end with. */
enum lkm_mem_kind {
	LKM_MEM_TEXT,   /* r-x */
	LKM_MEM_RODATA, /* r-- */
	LKM_MEM_DATA,   /* rw- */
	LKM_MEM_KIND_COUNT
};

/* printk levels, as Linux's KERN_EMERG (0) .. KERN_DEBUG (7). */
enum lkm_log_level {
	LKM_LOG_EMERG,
	LKM_LOG_ALERT,
	LKM_LOG_CRIT,
	LKM_LOG_ERR,
	LKM_LOG_WARNING,
	LKM_LOG_NOTICE,
	LKM_LOG_INFO,
	LKM_LOG_DEBUG,
	LKM_LOG_COUNT
};

/*
 * What the core needs from the machine.  All hooks receive ops->ctx.
 *
 * heap_alloc/heap_free: small allocations for the core's own bookkeeping
 *   (zeroed not required).  heap_free receives the size that was asked for.
 * mem_alloc: module memory, @size a multiple of page_size, page aligned,
 *   readable and writable on return, lying inside [area_lo, area_hi).
 * mem_protect: set the permissions of whole pages previously returned by
 *   mem_alloc.  The core never asks for write and exec together.
 * mem_free: give back a block from mem_alloc (with its original size),
 *   whatever permissions it has now.
 * log: one message line at a level, without trailing newline.
 * lock/unlock: the module-list lock; it need not be recursive.
 * clock_ns: a monotonic clock (may be NULL).
 * area_lo/area_hi: bounds of the module area.  A branch from the area to a
 *   target that is not within +-2 GiB of the whole area goes through a
 *   per-module stub; a data reference to such a target is refused.
 *
 * Module memory comes in one of two ways.  Page-granular: mem_alloc,
 * mem_protect and mem_free above, every region of every module on pages of
 * its own.  Or packed, when region_alloc is set (then region_seal and
 * region_free must be too, and the three page hooks may be NULL):
 * region_alloc: @size bytes (not rounded), aligned to @align (a power of
 *   two up to page_size), of @kind, at *exec -- the address the module's
 *   code will use -- plus *write, where the core writes them while loading
 *   (it may equal *exec).  The core seals a module's regions as soon as
 *   it has relocated them, and reads them (export and parameter tables)
 *   only at *exec, after sealing; so what it wrote may reach *exec as
 *   late as region_seal (a staging buffer copied in).  Data stays
 *   writable at *exec after sealing: parameters are set there.  Regions of
 *   several modules may share pages, each page holding one kind only, so
 *   W^X holds.
 * region_seal: the core has finished writing: the bytes written are those
 *   at *exec, with their kind's permissions, and *write may go.  It may
 *   fail (the region is then still freed).
 * region_free: give a region back (exec address, size and kind as given).
 *
 * All hooks but lock/unlock may be called with or without the lock held,
 * from any thread that calls into the core.
 */
struct lkm_ops {
	void *ctx;
	void *(*heap_alloc)(void *ctx, size_t size);
	void (*heap_free)(void *ctx, void *ptr, size_t size);
	void *(*mem_alloc)(void *ctx, size_t size);
	int (*mem_protect)(void *ctx, void *addr, size_t size, unsigned prot);
	void (*mem_free)(void *ctx, void *addr, size_t size);
	void (*log)(void *ctx, int level, const char *msg);
	void (*lock)(void *ctx);
	void (*unlock)(void *ctx);
	uint64_t (*clock_ns)(void *ctx);
	uintptr_t area_lo;
	uintptr_t area_hi;
	size_t page_size;
	/*
	 * Verify a module signature: @sig (@sig_len bytes, a PKCS#7 detached
	 * signature) over @data.  Returns 0 if it verifies against a trusted
	 * key, -ENOKEY if no trusted key matches, -ENOPKG for an unsupported
	 * algorithm, -EKEYREJECTED or -EBADMSG if it does not verify.  NULL:
	 * this kernel does not check signatures (as Linux without
	 * CONFIG_MODULE_SIG: no taint), unless they are enforced or the kernel
	 * is locked down, when every module counts as unverifiable.
	 */
	int (*sig_verify)(void *ctx, const void *data, size_t len,
			  const void *sig, size_t sig_len);
	int (*region_alloc)(void *ctx, enum lkm_mem_kind kind, size_t size,
			    size_t align, void **exec, void **write);
	int (*region_seal)(void *ctx, enum lkm_mem_kind kind, void *exec,
			   size_t size);
	void (*region_free)(void *ctx, enum lkm_mem_kind kind, void *exec,
			    size_t size);
};

/* Kernel build and boot options (struct lkm_config.flags). */
enum lkm_config_flags {
	/* Check the CRCs in modules' __versions against the exports'. */
	LKM_CONFIG_MODVERSIONS = 1u << 0,
	/* Allow forced loads (ignoring vermagic or versions); taints F. */
	LKM_CONFIG_FORCE_LOAD = 1u << 1,
	/* Allow forced unloads (rmmod -f); taints R. */
	LKM_CONFIG_FORCE_UNLOAD = 1u << 2,
	/* Load a module with malformed .modinfo as proprietary (taint P)
	 * instead of refusing it. */
	LKM_CONFIG_MODINFO_LENIENT = 1u << 3,
	/* Refuse modules without a valid signature (module.sig_enforce=1). */
	LKM_CONFIG_SIG_ENFORCE = 1u << 4,
};

/* Kernel lockdown levels (Linux's), raised at runtime, never lowered. */
enum lkm_lockdown {
	LKM_LOCKDOWN_NONE,
	LKM_LOCKDOWN_INTEGRITY,       /* unsigned modules and forcing refused */
	LKM_LOCKDOWN_CONFIDENTIALITY, /* all of integrity, and more */
	LKM_LOCKDOWN_COUNT
};

/* What signature checking said of a module. */
enum lkm_sig_state {
	LKM_SIG_NONE,       /* no signature appended */
	LKM_SIG_VALID,      /* verified against a trusted key */
	LKM_SIG_UNVERIFIED, /* signed, but no trusted key or algorithm */
	LKM_SIG_UNCHECKED,  /* this kernel does not check signatures */
	LKM_SIG_STATE_COUNT
};

/* Which modules' version magic this kernel accepts. */
enum lkm_abi_policy {
	/* Linux: the vermagic strings must be identical. */
	LKM_ABI_EXACT,
	/* FreeBSD: same major release and same ABI options; the module's
	 * release may be older than the kernel's, never newer, never from
	 * another major branch. */
	LKM_ABI_BRANCH,
	LKM_ABI_POLICY_COUNT
};

/* Kernel-wide configuration, fixed at lkm_kernel_new(). */
struct lkm_config {
	/* This kernel's version magic: "<release> <ABI options...>". */
	const char *vermagic;
	/* Kernel release, e.g. "0.1.0-lkm" (informational, shown in logs). */
	const char *release;
	unsigned flags;               /* enum lkm_config_flags */
	enum lkm_abi_policy abi_policy;
};

/* Taint flags: Linux's bit numbers; letters in lkm_taint_format(). */
enum lkm_taint {
	LKM_TAINT_PROPRIETARY_MODULE,    /* P: non-GPL-compatible module */
	LKM_TAINT_FORCED_MODULE,         /* F: forced load */
	LKM_TAINT_CPU_OUT_OF_SPEC,       /* S */
	LKM_TAINT_FORCED_RMMOD,          /* R: forced unload */
	LKM_TAINT_MACHINE_CHECK,         /* M */
	LKM_TAINT_BAD_PAGE,              /* B */
	LKM_TAINT_USER,                  /* U: requested by user space */
	LKM_TAINT_DIE,                   /* D: an oops happened */
	LKM_TAINT_OVERRIDDEN_ACPI_TABLE, /* A */
	LKM_TAINT_WARN,                  /* W: a warning was issued */
	LKM_TAINT_CRAP,                  /* C: staging driver */
	LKM_TAINT_FIRMWARE_WORKAROUND,   /* I */
	LKM_TAINT_OOT_MODULE,            /* O: out-of-tree module */
	LKM_TAINT_UNSIGNED_MODULE,       /* E: unsigned or badly signed */
	LKM_TAINT_SOFTLOCKUP,            /* L */
	LKM_TAINT_LIVEPATCH,             /* K */
	LKM_TAINT_AUX,                   /* X */
	LKM_TAINT_RANDSTRUCT,            /* T */
	LKM_TAINT_TEST,                  /* N: test module */
	LKM_TAINT_COUNT
};

/* Module lifecycle, as Linux: built off to the side, then published. */
enum lkm_module_state {
	LKM_MODULE_UNFORMED, /* being linked, invisible to others */
	LKM_MODULE_COMING,   /* linked and listed, init running */
	LKM_MODULE_LIVE,     /* init succeeded */
	LKM_MODULE_GOING,    /* exit running or init failed */
	LKM_MODULE_STATE_COUNT
};

/* Flags for lkm_module_load() (insmod -f sets both). */
enum lkm_load_flags {
	LKM_LOAD_FORCE_VERMAGIC = 1u << 0,  /* ignore the version magic */
	LKM_LOAD_FORCE_MODVERSION = 1u << 1, /* ignore symbol versions */
};

/* Flags for lkm_module_unload(). */
enum lkm_unload_flags {
	/* Unload despite runtime references or a missing exit function, if
	 * the kernel allows it (LKM_CONFIG_FORCE_UNLOAD); taints R. */
	LKM_UNLOAD_FORCE = 1u << 0,
};

/* Counters that let anyone see an unload or failed load return to baseline. */
struct lkm_stats {
	size_t modules;       /* modules listed, any state */
	size_t module_bytes;  /* module memory currently allocated */
	size_t module_allocs; /* live module-memory blocks */
	size_t heap_bytes;    /* core bookkeeping bytes currently allocated */
	size_t heap_allocs;   /* live bookkeeping blocks */
	size_t symbols;       /* exported symbols, base kernel and modules */
	uint64_t loads;       /* successful loads since boot */
	uint64_t unloads;     /* successful unloads since boot */
	uint64_t failed_loads;
};

struct lkm_kernel;
struct lkm_module;

/* Create the module subsystem.  @ops and @config must outlive the kernel. */
LKM_MUST_CHECK int lkm_kernel_new(const struct lkm_ops *ops,
				  const struct lkm_config *config,
				  struct lkm_kernel **out);

/* Tear down.  Fails with -EBUSY while modules are loaded. */
LKM_MUST_CHECK int lkm_kernel_free(struct lkm_kernel *k);

/*
 * Export the base kernel's symbols: the entries between @begin and @end (a
 * linker-collected __ksymtab or __ksymtab_gpl section).  @gpl marks them
 * GPL-only.  A name already exported is refused with -EEXIST and nothing is
 * added.
 */
LKM_MUST_CHECK int lkm_kernel_add_symbols(struct lkm_kernel *k,
					  const struct lkm_ksym *begin,
					  const struct lkm_ksym *end, bool gpl);

/*
 * Register a symbol provider for namespace @ns: modules that declare
 * MODULE_IMPORT_NS(ns) may link against any name @resolve returns non-NULL
 * for, after the exported symbols have been searched.  (The hosted kernel
 * lends its C library this way as HOST_LIBC.)  @ns must outlive @k.
 */
LKM_MUST_CHECK int lkm_kernel_add_provider(
	struct lkm_kernel *k, const char *ns,
	void *(*resolve)(void *arg, const char *name), void *arg);

/*
 * Attach modversions CRCs to base-kernel exports already added.  -ENOENT if
 * a name is not exported (nothing is changed then).
 */
struct lkm_kcrc {
	const char *name;
	uint32_t crc;
};
LKM_MUST_CHECK int lkm_kernel_add_crcs(struct lkm_kernel *k,
				       const struct lkm_kcrc *begin,
				       const struct lkm_kcrc *end);

/*
 * Run-time security switches, all one-way until reboot: enforcement of
 * signatures, the lockdown level (-EPERM if asked to lower it), and
 * disabling module loading and unloading altogether (modules_disabled).
 */
void lkm_kernel_set_sig_enforce(struct lkm_kernel *k);
bool lkm_kernel_get_sig_enforce(struct lkm_kernel *k);
LKM_MUST_CHECK int lkm_kernel_set_lockdown(struct lkm_kernel *k,
					   enum lkm_lockdown level);
enum lkm_lockdown lkm_kernel_get_lockdown(struct lkm_kernel *k);
void lkm_kernel_disable_modules(struct lkm_kernel *k);
bool lkm_kernel_modules_disabled(struct lkm_kernel *k);

/* The kernel-wide taint mask (bit n = enum lkm_taint n); sticky. */
unsigned long lkm_kernel_get_taint(struct lkm_kernel *k);
void lkm_kernel_add_taint(struct lkm_kernel *k, enum lkm_taint t);
/* Linux's form: "Not tainted" or "Tainted: P           O      ". */
const char *lkm_taint_format(unsigned long mask, char *buf, size_t len);

/*
 * The ops and config the kernel uses now: an integrity check compares them
 * with what the embedder passed to lkm_kernel_new(), since a module could
 * repoint the kernel object at writable copies.
 */
const struct lkm_ops *lkm_kernel_get_ops(struct lkm_kernel *k);
const struct lkm_config *lkm_kernel_get_config(struct lkm_kernel *k);

/* Copy the counters. */
void lkm_kernel_get_stats(struct lkm_kernel *k, struct lkm_stats *out);

/*
 * Load a module from its file image (which is only read, and may be freed
 * after the call).  @params is the insmod parameter string ("a=1 b=x") or
 * NULL.  On success the module is LIVE and, if @name is non-NULL, its name
 * is copied there (LKM_MODULE_NAME_LEN bytes).  On failure everything is
 * undone, a line naming the problem has been logged, and a negative errno is
 * returned: -ENOEXEC malformed or foreign object, -ENOENT unknown symbol,
 * -EEXIST already loaded or duplicate export, -ENOMEM, -EINVAL bad version or
 * parameter, -EKEYREJECTED bad or (when enforced) missing signature, -EPERM
 * module loading disabled or forbidden by lockdown, or whatever the
 * module's init returned.
 */
LKM_MUST_CHECK int lkm_module_load(struct lkm_kernel *k, const void *image,
				   size_t size, const char *params,
				   unsigned flags, char *name);

/*
 * Unload the module called @name: run its exit function, remove its exports
 * and free its memory.  -ENOENT if not loaded, -EBUSY if other modules use
 * it, -EWOULDBLOCK if it holds runtime references, -EBUSY if it has an init
 * but no exit function (it is permanent).
 */
LKM_MUST_CHECK int lkm_module_unload(struct lkm_kernel *k, const char *name,
				     unsigned flags);

/*
 * Call @fn for each listed module, oldest last (as /proc/modules), with the
 * module-list lock held.  Stops early and returns what @fn returns if that
 * is non-zero.
 */
int lkm_kernel_for_each_module(struct lkm_kernel *k,
			       int (*fn)(const struct lkm_module *m, void *arg),
			       void *arg);

/* Accessors, valid inside lkm_kernel_for_each_module() callbacks. */
const char *lkm_module_get_name(const struct lkm_module *m);
enum lkm_module_state lkm_module_get_state(const struct lkm_module *m);
/* Bytes of module memory held (core and, until freed, init regions). */
size_t lkm_module_get_size(const struct lkm_module *m);
/* Base address of the module: its text, else its first region. */
uintptr_t lkm_module_get_base(const struct lkm_module *m);
/*
 * Call @fn for each memory region the module holds: its address, its size
 * in bytes as allocated, its kind, and whether it is an init region (freed
 * after init).  For integrity checks against the allocator's own records.
 */
int lkm_module_for_each_region(const struct lkm_module *m,
			       int (*fn)(uintptr_t addr, size_t size,
					 enum lkm_mem_kind kind, bool init,
					 void *arg),
			       void *arg);
/* Usage count: modules linked against this one plus runtime references. */
unsigned lkm_module_get_refcount(const struct lkm_module *m);
/* True if the module has an init but no exit function: it cannot unload. */
bool lkm_module_is_permanent(const struct lkm_module *m);
/* What signature checking found when the module was loaded. */
enum lkm_sig_state lkm_module_get_sig_state(const struct lkm_module *m);
/* Taint flags the module brought (bit n = enum lkm_taint n). */
unsigned long lkm_module_get_taint(const struct lkm_module *m);
/*
 * Linux's /proc/modules flags for @m: "(POE)" for its taints, with "+"
 * while loading and "-" while unloading; "" when there is nothing to show.
 */
const char *lkm_module_format_flags(const struct lkm_module *m, char *buf,
				    size_t len);
/* Call @fn for each parameter: name, permission bits. */
int lkm_module_for_each_param(const struct lkm_module *m,
			      int (*fn)(const char *name, unsigned perm,
					void *arg),
			      void *arg);
/*
 * Call @fn for each symbol the module defines in its kept (non-init)
 * sections, as /proc/kallsyms lists them: address, name, and nm's type
 * letter (t/T text, r/R rodata, d/D data, b/B bss; upper case = global).
 * Stops and returns @fn's value if non-zero.
 */
int lkm_module_for_each_symbol(const struct lkm_module *m,
			       int (*fn)(const char *name, uintptr_t value,
					 char type, void *arg),
			       void *arg);
/* Call @fn with each module that uses @m; stops on non-zero. */
int lkm_module_for_each_user(const struct lkm_module *m,
			     int (*fn)(const struct lkm_module *user,
				       void *arg),
			     void *arg);

/*
 * Read a loaded module's parameter as text (Linux's sysfs format: "Y"/"N",
 * decimal numbers, strings, arrays joined by ','), or set it from text.
 * -ENOENT for an unknown module or parameter, -EPERM if @perm has no write
 * bit (set), -EINVAL/-ERANGE/-ENOSPC for a bad value.
 */
LKM_MUST_CHECK int lkm_module_param_get(struct lkm_kernel *k,
					const char *module, const char *param,
					char *buf, size_t len);
LKM_MUST_CHECK int lkm_module_param_set(struct lkm_kernel *k,
					const char *module, const char *param,
					const char *value);

/*
 * Runtime references (try_module_get/module_put): @this_module is the
 * address a module's THIS_MODULE stands for.  A module holding references
 * cannot be unloaded (-EWOULDBLOCK).  try_get fails (false) once the module
 * is going away.
 */
bool lkm_module_try_get(const void *this_module);
void lkm_module_put(const void *this_module);

/* Find an exported symbol's address: 0 or -ENOENT. */
LKM_MUST_CHECK int lkm_symbol_find(struct lkm_kernel *k, const char *name,
				   uintptr_t *value);

/*
 * Walk the .modinfo strings of a module file image without loading it.  The
 * ELF headers and the section table are validated first (-ENOEXEC if bad).
 * @fn receives each "key=value" entry split at the first '=': @key is not
 * NUL-terminated (use @key_len), @value is.  A malformed entry (no '=') is
 * reported with -ENOEXEC.  Stops and returns @fn's value if non-zero.
 */
LKM_MUST_CHECK int lkm_image_for_each_modinfo(
	const void *image, size_t size,
	int (*fn)(const char *key, size_t key_len, const char *value,
		  void *arg),
	void *arg);

/* Human-readable state name as /proc/modules prints it ("Live" ...). */
const char *lkm_module_state_name(enum lkm_module_state s);

#ifdef __cplusplus
}
#endif

#endif /* LKM_LKM_H */
