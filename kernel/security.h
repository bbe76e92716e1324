/* SPDX-License-Identifier: MIT */
/*
 * security.h - the base kernel's defences against what a loaded module
 * may try (issue 8), grouped by defining file: the audit trail of module
 * operations, faults in module code turned into oopses, memory sealed
 * read-only after boot, and the integrity scanner.  The switches
 * themselves (lockdown, sig_enforce, modules_disabled) are security.c's,
 * declared in internal.h with the rest of the kernel.
 *
 * Conventions as internal.h: 0 or a negative errno, objects through
 * out-parameters.  The port_*() hooks at the end are the machine's part.
 */
#ifndef LKM_KERNEL_SECURITY_H
#define LKM_KERNEL_SECURITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lkm/lkm.h>

struct file_operations;
struct inode_operations;
struct module;
struct seqbuf;
struct shell;
struct sys_cred;

/* ---- audit.c ----------------------------------------------------------- */

/*
 * The audit trail of a load or an unload, which modload.c brackets with
 * these: begin takes the lock that serialises module operations with the
 * integrity scanner (and, before the first load, the scanner's baseline);
 * end writes the record -- one "audit: ..." line in the kernel log and in
 * /proc/lkm/audit: the caller's credentials, the module's name, the
 * SHA-256 of the image, what its signature is and the result -- and
 * releases the lock.  @op is the caller's, opaque.
 */
struct audit_op {
	const void *image;
	size_t size;
	const char *name;
	unsigned flags;
	char sha[65];
	char caller[96];
	void *before; /* the allocator's ranges before the load */
};
void audit_load_begin(struct audit_op *op, const void *image, size_t size,
		      unsigned flags);
/* @name: the module's, if it loaded (@err 0). */
void audit_load_end(struct audit_op *op, int err, const char *name);
void audit_unload_begin(struct audit_op *op, const char *name, unsigned flags);
void audit_unload_end(struct audit_op *op, int err);
/*
 * Who the operations of this thread are for from now on: a control-socket
 * peer (the system-call layer sets it around each call), or NULL for the
 * console, the kernel's own (and everything the kernel does itself).
 */
void audit_set_caller(const struct sys_cred *cred);
/*
 * Record a module operation refused before it reached the module
 * subsystem (-EPERM for an unprivileged caller): @arg is the image for a
 * load, the name for an unload.
 */
void audit_module_denied(const struct sys_cred *cred, bool load,
			 const void *arg, size_t len, unsigned flags, int err);

/* A range of module memory. */
struct audit_range {
	uintptr_t start, end;
};

/*
 * A module the audit trail saw load and not unload, with the module
 * memory its load took from the allocator (what was handed out after the
 * load and not before): the trail's own record of where it lives.
 */
struct audit_module {
	char name[LKM_MODULE_NAME_LEN];
	uint8_t sha256[32];
	unsigned long seq;    /* the load's record number */
	char caller[96];      /* who loaded it */
	struct audit_range *ranges;
	size_t nranges;
};

/* Call @fn for each; stops and returns @fn's value if non-zero. */
int audit_for_each_module(int (*fn)(const struct audit_module *am, void *arg),
			  void *arg);
/* Take (release) the lock module operations hold; integrity.c scans under it. */
void audit_lock(void);
void audit_unlock(void);
/* Register /proc/lkm/audit. */
int audit_init(void);

/* ---- oops.c ------------------------------------------------------------ */

/* What the port saw of a fault (a synchronous signal, an exception). */
struct fault_info {
	int signo;          /* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
	int code;           /* si_code */
	uintptr_t addr;     /* the faulting address (CR2) */
	uintptr_t ip, sp;
	unsigned long error_code; /* x86 page-fault error code */
	uintptr_t regs[16]; /* rax rbx rcx rdx rsi rdi rbp rsp r8..r15 */
	unsigned long flags;
	size_t nstack;
	uintptr_t stack[64]; /* words above sp, for the call trace */
};

/*
 * Run @fn(@arg), which may call into module code, so that a fault in that
 * code (or in the kernel on its behalf: module code is on the stack) does
 * not bring the kernel down: the fault is reported as Linux reports an
 * oops ("BUG: unable to handle page fault for address: ...", registers,
 * call trace, "Modules linked in:", naming the module the faulting code
 * belongs to), the kernel is tainted D, and -EFAULT is returned -- to the
 * command that made the call, as Linux kills the task that oopsed.  What
 * the faulting path had half done stays half done (a module whose init
 * faulted stays "coming"), as on Linux.  A fault with no module code
 * involved is the kernel's own bug and kills it, as before.  Calls nest:
 * the innermost catches.  @what names the operation (the oops's "Comm:").
 */
int oops_call(const char *what, int (*fn)(void *arg), void *arg);
/* The same, saying whether this call caught an oops (not an inner one). */
int oops_call_caught(const char *what, int (*fn)(void *arg), void *arg,
		     bool *oopsed);
/* Oopses since boot. */
unsigned long oops_count(void);
/* The module whose memory holds @addr, into @name (""): true if one does. */
bool oops_module_of(uintptr_t addr, char *name, size_t size,
		    uintptr_t *offset);

/* ---- integrity.c ------------------------------------------------------- */

/*
 * Check the kernel for what rootkits leave: module memory that no listed
 * module owns (a module hidden from the list, named from the audit trail),
 * modules the audit trail loaded that the list lost, hooks (the module
 * loader's operations, system calls, filesystem types ...) pointing
 * anywhere but into the base kernel or a listed module, read-only memory
 * of the base kernel whose SHA-256 differs from boot's, and the security
 * switches lowered behind the kernel's back.  The report goes to @sb, one
 * finding a line, and the last line says "integrity: clean" or
 * "integrity: N problem(s)".  Returns the number of problems, or a
 * negative errno if the scan could not run.
 */
int integrity_check(struct seqbuf *sb);
/*
 * Hash the base kernel's read-only memory, if not done yet: before the
 * first module loads (audit.c) or the first check, so before any module
 * code could have changed it.
 */
int integrity_take_baseline(void);
/* Register /sys/kernel/security/integrity and start the periodic check
 * (integrity.interval=N seconds, 0: none). */
int integrity_init(void);
void integrity_exit(void);
/* Command-line option integrity.interval=SECONDS. */
int integrity_set_interval_option(const char *value);

/*
 * A hook a subsystem keeps and the scanner verifies: @addr (a function
 * pointer's value) must lie in the base kernel's text or in the text of
 * the module that registered it, @owner (its THIS_MODULE; NULL for the
 * base kernel).  @what names the hook in reports.
 */
struct integrity_hook {
	const char *what;
	uintptr_t addr;
	const struct module *owner;
};
typedef void (*integrity_emit_fn)(const struct integrity_hook *h, void *ctx);
/* A subsystem's hooks: calls @emit for each one it holds now. */
typedef void (*integrity_hooks_fn)(integrity_emit_fn emit, void *ctx);
/* Add a source of hooks beyond the built-in ones (see integrity.c). */
int integrity_add_hooks(const char *name, integrity_hooks_fn fn);
/* Emit each member of a file_operations (inode_operations) table. */
void integrity_emit_fops(integrity_emit_fn emit, void *ctx, const char *what,
			 const struct file_operations *fops,
			 const struct module *owner);
void integrity_emit_iops(integrity_emit_fn emit, void *ctx, const char *what,
			 const struct inode_operations *iops,
			 const struct module *owner);

/* ---- the registries' hooks (fs_types.c, mount.c, chrdev.c, misc.c,
 *      device.c): each registration's function pointers and owner ------ */

void fs_type_hooks(integrity_emit_fn emit, void *ctx);
/* Each mount's superblock operations and root directory's operations. */
void mount_hooks(integrity_emit_fn emit, void *ctx);
void chrdev_hooks(integrity_emit_fn emit, void *ctx);
void misc_hooks(integrity_emit_fn emit, void *ctx);
void bus_driver_hooks(integrity_emit_fn emit, void *ctx);

/*
 * Take (drop) the hashes of module @name's text and read-only data, once
 * it has loaded (unloaded); audit.c calls these.
 */
void integrity_module_loaded(const char *name);
void integrity_module_unloaded(const char *name);

/* ---- security.c (with the switches declared in internal.h) -------------- */

/* What the kernel itself set the switches to, to compare with the core's. */
struct security_state {
	enum lkm_lockdown lockdown;
	bool sig_enforce;
	bool modules_disabled;
};
void security_get_expected(struct security_state *out);
/* Stop what security_init() started (the periodic check). */
void security_exit(void);

/* ---- shell_security.c -------------------------------------------------- */

/* The console's integrity command. */
int shell_integrity(struct shell *sh, int argc, char **argv);

/* ---- provided by the port (kernel/<port>/) ------------------------------ */

/* SHA-256 of @len bytes at @data into @out. */
int port_sha256(const void *data, size_t len, uint8_t out[32]);
/* The lock audit_lock() takes. */
void port_audit_lock(void);
void port_audit_unlock(void);
/*
 * Run @fn(@arg) with faults caught: returns 0 and sets *@ret to @fn's value,
 * or, if a fault in this thread interrupted it -- one at an address in the
 * module area, or with module text on the stack above it -- fills @fi and
 * returns 1.  Other faults go where they went before.
 */
int port_guarded_call(int (*fn)(void *arg), void *arg, int *ret,
		      struct fault_info *fi);
/* Call @fn for each range of module memory the allocator has handed out. */
int port_module_memory_for_each(int (*fn)(uintptr_t start, size_t len,
					  void *arg),
				void *arg);
/*
 * Call @fn for each range of the base kernel's memory that never changes
 * after boot (its text and read-only data, its libraries'), for hashing.
 */
int port_kernel_ro_for_each(int (*fn)(const char *what, uintptr_t start,
				      size_t len, void *arg),
			    void *arg);
/*
 * Lockdown: from now on refuse, to every thread, what would change the
 * kernel's memory map (its text or read-only data made writable, anything
 * of it made executable, mapped over, unmapped or moved).  One way.
 */
int port_lockdown_memory(void);
/* True if the calling thread holds the module-list lock (ops->lock). */
bool port_module_lock_held(void);
/* Run @fn every @seconds in the background until port_periodic_stop(). */
int port_periodic_start(unsigned seconds, void (*fn)(void));
void port_periodic_stop(void);
/* True if @addr is in the base kernel's (or its libraries') text. */
bool port_is_kernel_text(uintptr_t addr);
/* The name of the kernel function holding @addr, if the port knows it. */
bool port_kernel_symbol(uintptr_t addr, char *name, size_t size,
			uintptr_t *offset);

#endif /* LKM_KERNEL_SECURITY_H */
