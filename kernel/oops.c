// SPDX-License-Identifier: MIT
/*
 * oops.c - a fault in module code reported as Linux reports an oops, and
 * survived.
 *
 * Calls into module code (init, exit) run under oops_call().  If the port
 * catches a fault in them -- a module writing to the kernel's read-only
 * text or tables, say -- the report looks like Linux's:
 *
 *   BUG: unable to handle page fault for address: 0000000000612340
 *   #PF: supervisor write access in kernel mode
 *   #PF: error_code(0x0003) - permissions violation
 *   Oops: 0003 [#1] SMP
 *   CPU: 0 PID: 0 Comm: insmod Tainted: G            E      0.1.0-lkm
 *   RIP: 0x0000000040000a3d rk_ops+0x3d (init) [rk_ops]
 *   RSP: ...  (the general registers)
 *   Call Trace:
 *    ? 0x0000000040000a12 rk_ops_helper+0x12 [rk_ops]
 *   Modules linked in: rk_ops(E+) hello
 *   ---[ end trace 0000000000000000 ]---
 *
 * then the kernel is tainted D and the command that made the call gets
 * -EFAULT, as Linux kills the task that oopsed: the kernel goes on.  The
 * call trace is a scan of the stack above the fault for addresses in
 * module text (Linux's "?" entries: found, not proven), and the module
 * the faulting code belongs to is named in the RIP line or, when the
 * fault is in the kernel on a module's behalf (a write through memcpy,
 * say), by the first module on the trace.
 */
#include <stdio.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/module.h>
#include <lkm/version.h>

#include "internal.h"
#include "security.h"

static unsigned long oopses;

unsigned long oops_count(void)
{
	return __atomic_load_n(&oopses, __ATOMIC_RELAXED);
}

struct text_query {
	uintptr_t addr;
	uintptr_t start;
	bool found;
	bool init;
};

static int region_has(uintptr_t addr, size_t size, enum lkm_mem_kind kind,
		      bool init, void *arg)
{
	struct text_query *q = arg;

	if (q->addr < addr || q->addr - addr >= size)
		return 0;
	q->start = addr;
	q->found = true;
	q->init = init;
	return 1;
}

struct owner_query {
	struct text_query t;
	char *name;
	size_t size;
	char sym[64];    /* the module's function holding the address */
	uintptr_t sym_addr;
};

static int nearest_symbol(const char *name, uintptr_t value, char type,
			  void *arg)
{
	struct owner_query *q = arg;

	if ((type == 't' || type == 'T') && value <= q->t.addr &&
	    value > q->sym_addr) {
		q->sym_addr = value;
		snprintf(q->sym, sizeof(q->sym), "%s", name);
	}
	return 0;
}

static int module_has(const struct lkm_module *m, void *arg)
{
	struct owner_query *q = arg;

	lkm_module_for_each_region(m, region_has, &q->t);
	if (!q->t.found)
		return 0;
	snprintf(q->name, q->size, "%s", lkm_module_get_name(m));
	if (!q->t.init)
		lkm_module_for_each_symbol(m, nearest_symbol, q);
	return 1;
}

/*
 * The module holding @addr: its name into @name, and into @where the
 * function ("fn+0x1c") or, without a symbol (init code), the module and
 * the offset in its region ("mod+0x1c (init)").
 */
static bool module_of(uintptr_t addr, char *name, size_t size, char *where,
		      size_t where_size)
{
	struct owner_query q = { { addr, 0, false, false }, name, size, "", 0 };
	struct lkm_kernel *k = modules_kernel();

	name[0] = '\0';
	/* The list's lock may be what the faulting path held. */
	if (k == NULL || port_module_lock_held())
		return false;
	lkm_kernel_for_each_module(k, module_has, &q);
	if (!q.t.found)
		return false;
	if (where == NULL)
		return true;
	if (q.sym[0] && q.sym_addr >= q.t.start)
		snprintf(where, where_size, "%s+0x%lx", q.sym,
			 (unsigned long)(addr - q.sym_addr));
	else
		snprintf(where, where_size, "%s+0x%lx%s", name,
			 (unsigned long)(addr - q.t.start),
			 q.t.init ? " (init)" : "");
	return true;
}

bool oops_module_of(uintptr_t addr, char *name, size_t size,
		    uintptr_t *offset)
{
	struct owner_query q = { { addr, 0, false, false }, name, size, "", 0 };
	struct lkm_kernel *k = modules_kernel();

	name[0] = '\0';
	if (k == NULL || port_module_lock_held())
		return false;
	lkm_kernel_for_each_module(k, module_has, &q);
	if (q.t.found && offset != NULL)
		*offset = addr - q.t.start;
	return q.t.found;
}

/* "0x... fn+0xoff [module]" or "0x... fn+0xoff" for the kernel. */
static void describe(uintptr_t addr, char *buf, size_t size, char *mod,
		     size_t modsize)
{
	char name[LKM_MODULE_NAME_LEN], where[128];
	uintptr_t off = 0;

	if (module_of(addr, name, sizeof(name), where, sizeof(where))) {
		snprintf(buf, size, "0x%016lx %s [%s]", (unsigned long)addr,
			 where, name);
		if (mod && !mod[0])
			snprintf(mod, modsize, "%s", name);
	} else if (port_kernel_symbol(addr, name, sizeof(name), &off)) {
		snprintf(buf, size, "0x%016lx %s+0x%lx", (unsigned long)addr,
			 name, (unsigned long)off);
	} else {
		snprintf(buf, size, "0x%016lx", (unsigned long)addr);
	}
}

static int list_module(const struct lkm_module *m, void *arg)
{
	char flags[LKM_TAINT_COUNT + 4];
	struct seqbuf *sb = arg;

	seqbuf_printf(sb, " %s%s", lkm_module_get_name(m),
		      lkm_module_format_flags(m, flags, sizeof(flags)));
	return 0;
}

/* The x86 page-fault error code, in Linux's words. */
static void report_page_fault(const struct fault_info *fi)
{
	unsigned long e = fi->error_code;

	printk(KERN_ALERT "BUG: unable to handle page fault for address: "
	       "%016lx\n", (unsigned long)fi->addr);
	printk(KERN_ALERT "#PF: supervisor %s in kernel mode\n",
	       e & 0x10 ? "instruction fetch" :
	       e & 0x2	 ? "write access" :
			   "read access");
	printk(KERN_ALERT "#PF: error_code(0x%04lx) - %s\n", e,
	       e & 0x1 ? "permissions violation" : "not-present page");
}

static void report(const char *what, const struct fault_info *fi)
{
	char line[160], culprit[LKM_MODULE_NAME_LEN] = "";
	char taint[LKM_TAINT_COUNT + 16];
	struct lkm_kernel *k = modules_kernel();
	unsigned long n = __atomic_add_fetch(&oopses, 1, __ATOMIC_RELAXED);
	static const char *const reg_names[16] = {
		"RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "RSP",
		"R8",  "R9",  "R10", "R11", "R12", "R13", "R14", "R15",
	};
	struct seqbuf sb;
	size_t i;

	if (fi->signo == 11 /* SIGSEGV */ || fi->signo == 7 /* SIGBUS */)
		report_page_fault(fi);
	else
		printk(KERN_ALERT "BUG: %s in kernel mode at %016lx (signal "
		       "%d)\n", fi->signo == 4 ? "invalid opcode" :
				fi->signo == 8 ? "divide error" : "trap",
		       (unsigned long)fi->ip, fi->signo);
	printk(KERN_EMERG "Oops: %04lx [#%lu] SMP\n", fi->error_code, n);
	printk(KERN_EMERG "CPU: 0 PID: 0 Comm: %s %s %s\n", what,
	       lkm_taint_format(k ? lkm_kernel_get_taint(k) : 0, taint,
				sizeof(taint)),
	       LKM_RELEASE);
	describe(fi->ip, line, sizeof(line), culprit, sizeof(culprit));
	printk(KERN_EMERG "RIP: %s\n", line);
	for (i = 0; i < 16; i += 3) {
		seqbuf_init(&sb);
		for (size_t j = i; j < i + 3 && j < 16; j++)
			seqbuf_printf(&sb, "%s%s: %016lx", j > i ? " " : "",
				      reg_names[j], (unsigned long)fi->regs[j]);
		printk(KERN_EMERG "%s\n", sb.buf ? sb.buf : "");
		seqbuf_release(&sb);
	}
	printk(KERN_EMERG "EFLAGS: %08lx\n", fi->flags);
	printk(KERN_EMERG "Call Trace:\n");
	for (i = 0; i < fi->nstack; i++) {
		char name[LKM_MODULE_NAME_LEN];

		if (!oops_module_of(fi->stack[i], name, sizeof(name), NULL))
			continue;
		describe(fi->stack[i], line, sizeof(line), culprit,
			 sizeof(culprit));
		printk(KERN_EMERG " ? %s\n", line);
	}
	seqbuf_init(&sb);
	if (k != NULL && !port_module_lock_held())
		lkm_kernel_for_each_module(k, list_module, &sb);
	printk(KERN_EMERG "Modules linked in:%s\n", sb.buf ? sb.buf : "");
	seqbuf_release(&sb);
	if (culprit[0])
		printk(KERN_EMERG "oops: the faulting code is module %s's "
		       "(or ran on its behalf)\n", culprit);
	printk(KERN_EMERG "---[ end trace %016lx ]---\n", 0ul);
	if (k != NULL)
		lkm_kernel_add_taint(k, LKM_TAINT_DIE);
}

int oops_call_caught(const char *what, int (*fn)(void *arg), void *arg,
		     bool *oopsed)
{
	struct fault_info fi;
	int ret = 0;

	*oopsed = false;
	if (port_guarded_call(fn, arg, &ret, &fi) == 0)
		return ret;
	*oopsed = true;
	report(what, &fi);
	return -LKM_EFAULT;
}

int oops_call(const char *what, int (*fn)(void *arg), void *arg)
{
	bool oopsed;

	return oops_call_caught(what, fn, arg, &oopsed);
}
