// SPDX-License-Identifier: MIT
/*
 * harden.c - the hosted port's part of the kernel's defences (security.h):
 * faults in module code caught and survived, the base kernel's read-only
 * memory found for hashing, and the background timer of the periodic
 * integrity check.
 *
 * Faults: port_guarded_call() runs a function with a recovery point on a
 * per-thread stack of guards.  SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGTRAP
 * are caught on an alternate stack; a fault in a thread with a guard
 * armed records what the oops report needs (the x86-64 registers from the
 * signal context, the page-fault error code, the words on the stack
 * between the fault and the guard that may be return addresses into
 * module text) and, if module code faulted or is on that stack,
 * siglongjmp()s back to the guard.  Any other fault is the kernel's own:
 * the handler that was there before (the default, or a sanitizer's) gets
 * it, by restoring it and letting the instruction fault again.
 *
 * Under lockdown the kernel's memory map is sealed too (port_lockdown_
 * memory()): a seccomp filter refuses, to every thread, the system calls
 * that would make the executable's text or read-only data writable, map
 * or move anything over the kernel's image, or make any of its memory
 * executable -- what a module needs to patch the kernel however it
 * reaches the system call (the C library, or a raw `syscall`).  Writes
 * through /proc/self/mem are beyond a system-call filter; the integrity
 * scanner's hashes see those.
 *
 * The base kernel's read-only memory is every PT_LOAD segment without
 * write permission of the executable and of each shared library, as
 * dl_iterate_phdr() lists them, plus the pages the port sealed after boot;
 * its addresses are named from the kernel's symbol table (kallsyms.c).
 */
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <lkm/module.h>

#include "../internal.h"
#include "../security.h"
#include "hosted.h"

#ifndef __x86_64__
#error "harden.c reads x86-64 signal contexts"
#endif

#define ALT_STACK_SIZE (64 * 1024)
#define STACK_SCAN_WORDS 1024

struct guard {
	sigjmp_buf env;
	struct guard *prev;
	struct fault_info *fi;
};

static __thread struct guard *guards;
static const int fault_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP };
static struct sigaction previous[ARRAY_SIZE(fault_signals)];

/* The stack is read raw: under AddressSanitizer it holds redzones. */
static __attribute__((no_sanitize_address)) void
capture(struct fault_info *fi, int sig, const siginfo_t *si,
	const ucontext_t *uc, uintptr_t stack_top)
{
	static const int order[16] = {
		REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI, REG_RDI,
		REG_RBP, REG_RSP, REG_R8,  REG_R9,  REG_R10, REG_R11,
		REG_R12, REG_R13, REG_R14, REG_R15,
	};
	const greg_t *g = uc->uc_mcontext.gregs;
	uintptr_t lo = port_lkm_ops()->area_lo, hi = port_lkm_ops()->area_hi;
	const uintptr_t *w;
	size_t i;

	fi->signo = sig;
	fi->code = si->si_code;
	fi->addr = (uintptr_t)si->si_addr;
	fi->ip = (uintptr_t)g[REG_RIP];
	fi->sp = (uintptr_t)g[REG_RSP];
	fi->error_code = (unsigned long)g[REG_ERR];
	fi->flags = (unsigned long)g[REG_EFL];
	for (i = 0; i < 16; i++)
		fi->regs[i] = (uintptr_t)g[order[i]];
	/* Between the fault and the guard the stack is ours and mapped. */
	fi->nstack = 0;
	for (w = (const uintptr_t *)fi->sp, i = 0;
	     (uintptr_t)(w + 1) <= stack_top && i < STACK_SCAN_WORDS &&
	     fi->nstack < ARRAY_SIZE(fi->stack);
	     w++, i++)
		if (*w >= lo && *w < hi)
			fi->stack[fi->nstack++] = *w;
}

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
	struct guard *g = guards;
	uintptr_t lo = port_lkm_ops()->area_lo, hi = port_lkm_ops()->area_hi;
	size_t i;

	if (g != NULL) {
		capture(g->fi, sig, si, ctx, (uintptr_t)g);
		/* Module code faulted, or kernel code called from it. */
		if ((g->fi->ip >= lo && g->fi->ip < hi) || g->fi->nstack > 0) {
			guards = g->prev;
			siglongjmp(g->env, 1);
		}
	}
	/* The kernel's own fault: the previous handler has it, as before. */
	for (i = 0; i < ARRAY_SIZE(fault_signals); i++)
		if (fault_signals[i] == sig)
			sigaction(sig, &previous[i], NULL);
}

/*
 * A stack for the handler, so that a module overflowing its own works:
 * one per thread that makes guarded calls (the console, each control-
 * socket connection), given back when the thread ends.
 */
static pthread_key_t alt_key;
static pthread_once_t alt_once = PTHREAD_ONCE_INIT;

static void alt_free(void *mem)
{
	stack_t ss = { .ss_flags = SS_DISABLE };

	sigaltstack(&ss, NULL);
	free(mem);
}

static void alt_key_make(void)
{
	pthread_key_create(&alt_key, alt_free);
}

static int alt_stack(void)
{
	stack_t ss = { .ss_size = ALT_STACK_SIZE };

	pthread_once(&alt_once, alt_key_make);
	if (pthread_getspecific(alt_key) != NULL)
		return 0;
	ss.ss_sp = malloc(ALT_STACK_SIZE);
	if (ss.ss_sp == NULL)
		return -ENOMEM;
	if (sigaltstack(&ss, NULL) < 0 ||
	    pthread_setspecific(alt_key, ss.ss_sp) != 0) {
		free(ss.ss_sp);
		return -ENOMEM;
	}
	return 0;
}

static sigset_t fault_set;
static pthread_once_t handlers_once = PTHREAD_ONCE_INIT;
static int handlers_err;

/* Once, for every thread: the handler for the fault signals. */
static void handlers_install(void)
{
	struct sigaction sa = { .sa_sigaction = on_fault,
				.sa_flags = SA_SIGINFO | SA_ONSTACK };
	size_t i;

	sigemptyset(&sa.sa_mask);
	sigemptyset(&fault_set);
	for (i = 0; i < ARRAY_SIZE(fault_signals); i++) {
		sigaddset(&fault_set, fault_signals[i]);
		if (sigaction(fault_signals[i], &sa, &previous[i]) < 0)
			handlers_err = -errno;
	}
}

static int install_handlers(void)
{
	pthread_once(&handlers_once, handlers_install);
	return handlers_err;
}

int port_guarded_call(int (*fn)(void *arg), void *arg, int *ret,
		      struct fault_info *fi)
{
	struct guard g = { .prev = guards, .fi = fi };
	sigset_t old;
	int err = alt_stack();

	if (err == 0)
		err = install_handlers();
	if (err) { /* no net: run it anyway, as the kernel did before */
		*ret = fn(arg);
		return 0;
	}
	if (sigsetjmp(g.env, 1))
		return 1; /* the handler popped us; the mask is back too */
	/*
	 * Threads that keep signals for the main thread (the control
	 * socket's) block everything: a fault signal that is blocked kills
	 * the process, so let those through while the guard is armed.
	 */
	pthread_sigmask(SIG_UNBLOCK, &fault_set, &old);
	guards = &g;
	*ret = fn(arg);
	guards = g.prev;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return 0;
}

/* ---- the base kernel's memory ------------------------------------------------ */

struct ro_walk {
	int (*fn)(const char *what, uintptr_t start, size_t len, void *arg);
	void *arg;
	int err;
	bool first;
};

static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int walk_object(struct dl_phdr_info *info, size_t size, void *data)
{
	struct ro_walk *w = data;
	const char *name = w->first ? "kernel" : base(info->dlpi_name);
	char what[64];
	int i;

	for (i = 0; i < info->dlpi_phnum && !w->err; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W) ||
		    ph->p_memsz == 0)
			continue;
		snprintf(what, sizeof(what), "%s %c%c%c", *name ? name : "?",
			 ph->p_flags & PF_R ? 'r' : '-',
			 ph->p_flags & PF_W ? 'w' : '-',
			 ph->p_flags & PF_X ? 'x' : '-');
		w->err = w->fn(what, info->dlpi_addr + ph->p_vaddr,
			       ph->p_memsz, w->arg);
	}
	w->first = false;
	return w->err;
}

int port_kernel_ro_for_each(int (*fn)(const char *what, uintptr_t start,
				      size_t len, void *arg),
			    void *arg)
{
	struct ro_walk w = { fn, arg, 0, true };
	const struct lkm_ops *ops = port_lkm_ops();

	dl_iterate_phdr(walk_object, &w);
	if (w.err)
		return w.err;
	/* The loader's operations, sealed at boot (platform.c). */
	return fn("kernel lkm_ops (sealed)", (uintptr_t)ops, sizeof(*ops), arg);
}

struct text_walk {
	uintptr_t addr;
	bool found;
};

static int text_object(struct dl_phdr_info *info, size_t size, void *data)
{
	struct text_walk *t = data;
	int i;

	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t start = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X) &&
		    t->addr >= start && t->addr - start < ph->p_memsz) {
			t->found = true;
			return 1;
		}
	}
	return 0;
}

bool port_is_kernel_text(uintptr_t addr)
{
	struct text_walk t = { addr, false };

	dl_iterate_phdr(text_object, &t);
	return t.found;
}

/* Names for kernel addresses: the kernel's own symbols (kallsyms.c). */
struct sym_query {
	uintptr_t addr;
	uintptr_t best;
	char name[64];
};

static int nearest_text(uintptr_t addr, char type, const char *name,
			void *arg)
{
	struct sym_query *q = arg;

	if ((type == 't' || type == 'T') && addr <= q->addr && addr > q->best) {
		q->best = addr;
		snprintf(q->name, sizeof(q->name), "%s", name);
	}
	return 0;
}

bool port_kernel_symbol(uintptr_t addr, char *name, size_t size,
			uintptr_t *offset)
{
	struct sym_query q = { addr, 0, "" };
	Dl_info di;

	if (port_is_kernel_text(addr) && dladdr((void *)addr, &di) &&
	    di.dli_fbase && di.dli_fname && strstr(di.dli_fname, ".so")) {
		/* A library's: only its dynamic symbols have names. */
		if (di.dli_sname == NULL)
			return false;
		snprintf(name, size, "%s", di.dli_sname);
		*offset = addr - (uintptr_t)di.dli_saddr;
		return true;
	}
	if (port_kallsyms(nearest_text, &q) || q.best == 0 ||
	    addr - q.best > (1u << 20))
		return false;
	snprintf(name, size, "%s", q.name);
	*offset = addr - q.best;
	return true;
}

/* ---- lockdown: the kernel's memory map sealed ------------------------------------ */

struct image_range {
	uintptr_t lo, hi;
	bool first;
};

/* The executable's read-only segments: [lo, hi). */
static int image_ro(struct dl_phdr_info *info, size_t size, void *data)
{
	struct image_range *r = data;
	int i;

	if (!r->first)
		return 1;
	r->first = false;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t a = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W))
			continue;
		if (r->lo == 0 || a < r->lo)
			r->lo = a;
		if (a + ph->p_memsz > r->hi)
			r->hi = a + ph->p_memsz;
	}
	return 1;
}

#define ARG_LO(n) (offsetof(struct seccomp_data, args) + 8 * (n))
#define ARG_HI(n) (ARG_LO(n) + 4)
#define LD(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define JEQ(k, t, f) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JGE(k, t, f) BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (k), (t), (f))
#define JSET(k, t, f) BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, (k), (t), (f))
#define RET(k) BPF_STMT(BPF_RET | BPF_K, (k))

int port_lockdown_memory(void)
{
	static bool sealed;
	struct image_range img = { .first = true };
	uint32_t area = (uint32_t)port_lkm_ops()->area_lo, ro_hi;
	int err;

	if (sealed)
		return 0;
	dl_iterate_phdr(image_ro, &img);
	if (img.hi == 0 || img.hi > area || port_lkm_ops()->area_lo > UINT32_MAX)
		return -EINVAL;
	ro_hi = (uint32_t)img.hi;
	/*
	 * Below the module area lie the kernel's image and its brk heap:
	 * nothing there is mprotect()ed below the end of read-only data or
	 * made executable, mapped over (MAP_FIXED), unmapped or moved.
	 * A jump's offsets count the instructions it skips: from
	 * instruction i, k lands on i + 1 + k (29 allows, 30 denies).
	 */
	struct sock_filter prog[] = {
		/* 0 */ LD(offsetof(struct seccomp_data, arch)),
		/* 1 */ JEQ(AUDIT_ARCH_X86_64, 0, 27),
		/* 2 */ LD(offsetof(struct seccomp_data, nr)),
		/* 3 */ JEQ(__NR_mprotect, 6, 0),
		/* 4 */ JEQ(__NR_pkey_mprotect, 5, 0),
		/* 5 */ JEQ(__NR_mmap, 12, 0),
		/* 6 */ JEQ(__NR_mremap, 18, 0),
		/* 7 */ JEQ(__NR_munmap, 17, 0),
		/* 8 */ JEQ(__NR_process_vm_writev, 21, 0),
		/* 9 */ RET(SECCOMP_RET_ALLOW),
		/* 10: mprotect */ LD(ARG_HI(0)),
		/* 11 */ JEQ(0, 0, 17),
		/* 12 */ LD(ARG_LO(0)),
		/* 13 */ JGE(area, 15, 0),
		/* 14 */ LD(ARG_LO(2)),
		/* 15 */ JSET(PROT_EXEC, 14, 0),
		/* 16 */ LD(ARG_LO(0)),
		/* 17 */ JGE(ro_hi, 11, 12),
		/* 18: mmap */ LD(ARG_HI(0)),
		/* 19 */ JEQ(0, 0, 9),
		/* 20 */ LD(ARG_LO(0)),
		/* 21 */ JGE(area, 7, 0),
		/* 22 */ JEQ(0, 6, 0),
		/* 23 */ LD(ARG_LO(3)),
		/* 24 */ JSET(MAP_FIXED, 5, 4),
		/* 25: munmap, mremap */ LD(ARG_HI(0)),
		/* 26 */ JEQ(0, 0, 2),
		/* 27 */ LD(ARG_LO(0)),
		/* 28 */ JGE(area, 0, 1),
		/* 29: allow */ RET(SECCOMP_RET_ALLOW),
		/* 30: deny */ RET(SECCOMP_RET_ERRNO | EPERM),
	};
	struct sock_fprog fprog = { ARRAY_SIZE(prog), prog };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	err = (int)syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER,
			   SECCOMP_FILTER_FLAG_TSYNC, &fprog);
	if (err)
		return err < 0 ? -errno : -EBUSY;
	sealed = true;
	return 0;
}

/* ---- the periodic check ------------------------------------------------------- */

static pthread_t periodic_thread;
static bool periodic_running;
static pthread_mutex_t periodic_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t periodic_cond = PTHREAD_COND_INITIALIZER;
static bool periodic_stop;
static unsigned periodic_seconds;
static void (*periodic_fn)(void);

static void *periodic_main(void *arg)
{
	struct timespec until;
	bool stop;

	for (;;) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += periodic_seconds;
		pthread_mutex_lock(&periodic_lock);
		while (!periodic_stop &&
		       pthread_cond_timedwait(&periodic_cond, &periodic_lock,
					      &until) != ETIMEDOUT)
			;
		stop = periodic_stop;
		pthread_mutex_unlock(&periodic_lock);
		if (stop)
			return NULL;
		kernel_enter(); /* a periodic check is kernel code too */
		periodic_fn();
		kernel_leave();
	}
}

int port_periodic_start(unsigned seconds, void (*fn)(void))
{
	sigset_t all, old;
	int err;

	if (periodic_running || seconds == 0)
		return -EINVAL;
	periodic_seconds = seconds;
	periodic_fn = fn;
	periodic_stop = false;
	/* Signals (SIGINT, SIGTERM) stay with the main thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = -pthread_create(&periodic_thread, NULL, periodic_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err == 0)
		periodic_running = true;
	return err;
}

void port_periodic_stop(void)
{
	if (!periodic_running)
		return;
	pthread_mutex_lock(&periodic_lock);
	periodic_stop = true;
	pthread_cond_signal(&periodic_cond);
	pthread_mutex_unlock(&periodic_lock);
	pthread_join(periodic_thread, NULL);
	periodic_running = false;
}

/* ---- the audit lock --------------------------------------------------------- */

static pthread_mutex_t audit_mutex = PTHREAD_MUTEX_INITIALIZER;

void port_audit_lock(void)
{
	pthread_mutex_lock(&audit_mutex);
}

void port_audit_unlock(void)
{
	pthread_mutex_unlock(&audit_mutex);
}
