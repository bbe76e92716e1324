// SPDX-License-Identifier: MIT
/*
 * syscall_table.c - the system-call table: numbers and names of the calls
 * the kernel serves, the ones modules add among them.
 *
 * Numbers below SYSCALL_NR_MODULES are the base kernel's (syscall.c serves
 * them: read, write, list, init_module, delete_module, poweroff); modules
 * register theirs above with register_syscall() and take them away with
 * unregister_syscall().  A caller names a call by name or number
 * (syscall_table_find()) and syscall_table_call() runs it, holding a
 * reference on the module that provides it for the duration, so that the
 * module cannot be unloaded under the call (rmmod sees it in use) and a
 * module that is going away serves nothing (-ENOSYS).
 *
 * The table is read-only memory: it fills whole pages of its own, which
 * the port makes writable only inside register_syscall() and
 * unregister_syscall() (port_set_kernel_ro(); in the hosted kernel,
 * mprotect()).  Anything else that writes to it - a module poking
 * sys_call_table to divert a call, as rootkits do on Linux - faults: an
 * oops names the module (oops.c), and no diverted call ever runs.
 * Entries hold copies of the names, so the table never points into a
 * module's memory except for the function and the owner, which
 * syscall_sweep() clears if a module goes without unregistering.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/kernel.h>
#include <lkm/syscall.h>

#include "internal.h"

#define TABLE_PAGE 4096

struct syscall_entry {
	char name[SYSCALL_NAME_LEN]; /* "" for a free number */
	syscall_fn fn;               /* NULL for a base-kernel call */
	struct module *owner;
};

#define TABLE_BYTES                                                          \
	((SYSCALL_NR_MAX * sizeof(struct syscall_entry) + TABLE_PAGE - 1) /  \
	 TABLE_PAGE * TABLE_PAGE)

/* Whole pages, nothing else on them. */
static union {
	struct syscall_entry e[SYSCALL_NR_MAX];
	unsigned char bytes[TABLE_BYTES];
} sys_call_table __attribute__((aligned(TABLE_PAGE)));

static bool table_sealed;
static size_t table_used;

/* Let the registration API write the table, then seal it again. */
static int table_open(void)
{
	return table_sealed ? port_set_kernel_ro(&sys_call_table,
						 sizeof(sys_call_table), false)
			    : 0;
}

static void table_close(void)
{
	if (port_set_kernel_ro(&sys_call_table, sizeof(sys_call_table),
			       true) == 0)
		table_sealed = true;
	else
		printk(KERN_ERR "syscall: cannot make the table read-only\n");
}

static bool name_ok(const char *name)
{
	const char *p;

	if (name == NULL || name[0] == '\0' ||
	    strlen(name) >= SYSCALL_NAME_LEN || (name[0] >= '0' &&
						 name[0] <= '9'))
		return false;
	for (p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

static int find_name(const char *name)
{
	int nr;

	for (nr = 0; nr < SYSCALL_NR_MAX; nr++)
		if (strcmp(sys_call_table.e[nr].name, name) == 0)
			return nr;
	return -1;
}

/* Fill entry @nr; the checks are the caller's. */
static int table_set(unsigned int nr, const char *name, syscall_fn fn,
		     struct module *owner)
{
	struct syscall_entry *e = &sys_call_table.e[nr];
	int err = table_open();

	if (err)
		return err;
	memset(e, 0, sizeof(*e));
	if (name != NULL)
		strcpy(e->name, name);
	e->fn = fn;
	e->owner = owner;
	table_close();
	return 0;
}

int __register_syscall(unsigned int nr, const char *name, syscall_fn fn,
		       struct module *owner)
{
	int err;

	if (nr < SYSCALL_NR_MODULES || nr >= SYSCALL_NR_MAX || fn == NULL ||
	    !name_ok(name))
		return -LKM_EINVAL;
	if (sys_call_table.e[nr].name[0] != '\0')
		return -LKM_EBUSY;
	if (find_name(name) >= 0)
		return -LKM_EEXIST;
	err = table_set(nr, name, fn, owner);
	if (err)
		return err;
	table_used++;
	printk(KERN_INFO "syscall: %u %s registered\n", nr, name);
	return 0;
}
EXPORT_SYMBOL(__register_syscall);

int unregister_syscall(unsigned int nr)
{
	int err;

	if (nr < SYSCALL_NR_MODULES || nr >= SYSCALL_NR_MAX ||
	    sys_call_table.e[nr].name[0] == '\0')
		return -LKM_ENOENT;
	err = table_set(nr, NULL, NULL, NULL);
	if (err == 0)
		table_used--;
	return err;
}
EXPORT_SYMBOL(unregister_syscall);

int syscall_table_init(const char *const *names, unsigned int count)
{
	unsigned int nr;

	for (nr = 0; nr < count && nr < SYSCALL_NR_MODULES; nr++) {
		strncpy(sys_call_table.e[nr].name, names[nr],
			SYSCALL_NAME_LEN - 1);
		table_used++;
	}
	table_close();
	return table_sealed ? 0 : -LKM_EPERM;
}

int syscall_table_find(const char *name, unsigned int *nr)
{
	unsigned long v;
	char *end;
	int i;

	if (name[0] >= '0' && name[0] <= '9') {
		v = strtoul(name, &end, 10);
		if (*end != '\0' || v >= SYSCALL_NR_MAX ||
		    sys_call_table.e[v].name[0] == '\0')
			return -LKM_ENOSYS;
		*nr = (unsigned int)v;
		return 0;
	}
	i = find_name(name);
	if (i < 0)
		return -LKM_ENOSYS;
	*nr = (unsigned int)i;
	return 0;
}

const char *syscall_table_name(unsigned int nr)
{
	return nr < SYSCALL_NR_MAX ? sys_call_table.e[nr].name : "";
}

long syscall_table_call(unsigned int nr, const struct syscall_args *args)
{
	const struct syscall_entry *e;
	struct module *owner;
	syscall_fn fn;
	long ret;

	if (nr >= SYSCALL_NR_MAX)
		return -LKM_ENOSYS;
	e = &sys_call_table.e[nr];
	fn = e->fn;
	owner = e->owner;
	if (fn == NULL || !try_module_get(owner))
		return -LKM_ENOSYS;
	ret = fn(args);
	module_put(owner);
	return ret;
}

long syscall_invoke(unsigned int nr, const struct syscall_args *args,
		    struct seqbuf *out, bool *poweroff)
{
	struct sys_req r = { .op = (enum sys_op)nr,
			     .flags = (unsigned)args->flags,
			     .arg1 = args->arg1, .len1 = args->len1,
			     .arg2 = args->arg2, .len2 = args->len2 };

	return sys_call(&r, out, poweroff);
}

int syscall_for_each(int (*fn)(unsigned int nr, const char *name,
			       const void *call, const struct module *owner,
			       void *arg),
		     void *arg)
{
	const struct syscall_entry *e;
	unsigned int nr;
	int err;

	for (nr = 0; nr < SYSCALL_NR_MAX; nr++) {
		e = &sys_call_table.e[nr];
		if (e->name[0] == '\0')
			continue;
		err = fn(nr, e->name, (const void *)e->fn, e->owner, arg);
		if (err)
			return err;
	}
	return 0;
}

size_t syscall_count(void)
{
	return table_used;
}

size_t syscall_sweep(bool (*gone)(const struct module *owner))
{
	unsigned int nr;
	size_t n = 0;

	for (nr = SYSCALL_NR_MODULES; nr < SYSCALL_NR_MAX; nr++) {
		const struct syscall_entry *e = &sys_call_table.e[nr];

		if (e->name[0] == '\0' || e->owner == NULL || !gone(e->owner))
			continue;
		printk(KERN_WARNING "syscall: %u %s left registered by its "
		       "module; removed\n", nr, e->name);
		if (unregister_syscall(nr) == 0)
			n++;
	}
	return n;
}

/* ---- output ------------------------------------------------------------- */

int syscall_out_write(struct syscall_out *out, const void *data, size_t len)
{
	return seqbuf_write(out->sb, data, len);
}
EXPORT_SYMBOL(syscall_out_write);

int syscall_out_printf(struct syscall_out *out, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = seqbuf_vprintf(out->sb, fmt, ap);
	va_end(ap);
	return err;
}
EXPORT_SYMBOL(syscall_out_printf);

/* ---- /proc/lkm/syscalls ------------------------------------------------- */

static int show_entry(unsigned int nr, const char *name, const void *call,
		      const struct module *owner, void *arg)
{
	char mod[LKM_MODULE_NAME_LEN];

	if (owner != NULL && module_name_of(owner, mod, sizeof(mod)) == 0)
		return seqbuf_printf(arg, "%u %s\t[%s]\n", nr, name, mod);
	return seqbuf_printf(arg, "%u %s\n", nr, name);
}

static int show_syscalls(struct seqbuf *sb)
{
	syscall_for_each(show_entry, sb);
	return sb->err;
}

int syscall_views_init(void)
{
	return proc_register("/proc/lkm/syscalls", show_syscalls);
}
