// SPDX-License-Identifier: MIT
/*
 * syscall.c - the kernel's system-call boundary for tools.
 *
 * Tools never link the kernel's internals: they ask for what Linux's
 * user space asks for through system calls - init_module, delete_module,
 * and reading, writing and listing the files of /proc and /sys - and a port
 * carries the requests (the hosted kernel over a control socket, see
 * hosted/ctlsock.c).  Each call returns 0 or a negative errno, with any
 * output in a buffer.  Calls that change the kernel are refused to callers
 * who are not privileged (cred.c), as Linux refuses them without
 * CAP_SYS_MODULE; the wire names are those of <lkm/ctl.h>.
 *
 * These calls are the first entries of the system-call table
 * (syscall_table.c), numbered as enum sys_op; the calls modules register
 * follow, from SYSCALL_NR_MODULES, and a request names either kind by name
 * or number.  Module calls may be made by anyone, as any Linux system
 * call: a call that must be privileged checks for itself.
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/ctl.h>
#include <lkm/errno.h>
#include <lkm/module.h>
#include <lkm/syscall.h>

#include "internal.h"
#include "security.h"

static const char *const sys_names[SYS_OP_COUNT] = {
	[SYS_INIT_MODULE] = LKM_CTL_INIT_MODULE,
	[SYS_DELETE_MODULE] = LKM_CTL_DELETE_MODULE,
	[SYS_READ] = LKM_CTL_READ,
	[SYS_WRITE] = LKM_CTL_WRITE,
	[SYS_LIST] = LKM_CTL_LIST,
	[SYS_POWEROFF] = LKM_CTL_POWEROFF,
};

/* The calls anyone may make; the others change the kernel. */
static const bool sys_unprivileged[SYS_OP_COUNT] = {
	[SYS_READ] = true,
	[SYS_LIST] = true,
};

int sys_lookup(const char *name, enum sys_op *op)
{
	unsigned int nr;
	size_t i;

	for (i = 0; i < SYS_OP_COUNT; i++) {
		if (strcmp(sys_names[i], name) == 0) {
			*op = (enum sys_op)i;
			return 0;
		}
	}
	if (syscall_table_find(name, &nr) != 0)
		return -LKM_ENOSYS;
	*op = (enum sys_op)nr;
	return 0;
}

int sys_init(void)
{
	int err = syscall_table_init(sys_names, SYS_OP_COUNT);

	return err ? err : syscall_views_init();
}

/* A call from the table (a module's), with the request's arguments. */
static long sys_table_call(const struct sys_req *r, struct seqbuf *out)
{
	struct syscall_out sout = { .sb = out };
	struct syscall_args a = {
		.flags = r->flags,
		.arg1 = r->arg1,
		.len1 = r->len1,
		.arg2 = r->arg2,
		.len2 = r->len2,
		.out = &sout,
	};

	long ret = syscall_table_call((unsigned int)r->op, &a);

	/* The protocol carries 0 or an errno: a result becomes output. */
	if (ret > 0 && out->len == 0)
		return seqbuf_printf(out, "%ld\n", ret);
	return ret > 0 ? 0 : ret;
}

static int sys_init_module(const struct sys_req *r, struct seqbuf *out)
{
	char name[LKM_MODULE_NAME_LEN];
	int err;

	err = modload_load(r->arg1, r->len1, r->len2 ? r->arg2 : NULL,
			   r->flags, name);
	return err ? err : seqbuf_printf(out, "%s\n", name);
}

static int list_entry(const char *name, bool is_dir, void *arg)
{
	return seqbuf_printf(arg, "%s%s\n", name, is_dir ? "/" : "");
}

static int sys_read(const struct sys_req *r, struct seqbuf *out)
{
	size_t size;
	char *data;
	int err;

	err = kfile_read(r->arg1, &data, &size);
	if (err)
		return err;
	err = seqbuf_write(out, data, size);
	free(data);
	return err;
}

/* 0, or -EPERM for a caller who may not make call @r (logged). */
static int sys_check_permission(const struct sys_req *r)
{
	char who[64];

	if (r->op >= SYS_OP_COUNT || sys_unprivileged[r->op] ||
	    cred_is_privileged(r->cred))
		return 0;
	printk(KERN_WARNING "lkm: %s refused to %s: not permitted\n",
	       sys_names[r->op], cred_format(r->cred, who, sizeof(who)));
	return -LKM_EPERM;
}

static int sys_dispatch(const struct sys_req *r, struct seqbuf *out,
			bool *poweroff)
{
	switch (r->op) {
	case SYS_INIT_MODULE:
		return sys_init_module(r, out);
	case SYS_DELETE_MODULE:
		return modload_unload(r->arg1, r->flags);
	case SYS_READ:
		return sys_read(r, out);
	case SYS_WRITE:
		return kfile_write(r->arg1, r->arg2, r->len2);
	case SYS_LIST:
		return kfile_list(r->arg1, list_entry, out);
	case SYS_POWEROFF:
		*poweroff = true;
		return 0;
	default:
		if ((unsigned int)r->op < SYSCALL_NR_MODULES)
			return -LKM_ENOSYS;
		return (int)sys_table_call(r, out);
	}
}

struct dispatch_call {
	const struct sys_req *r;
	struct seqbuf *out;
	bool *poweroff;
};

static int sys_dispatch_call(void *arg)
{
	struct dispatch_call *c = arg;

	return sys_dispatch(c->r, c->out, c->poweroff);
}

int sys_call(const struct sys_req *r, struct seqbuf *out, bool *poweroff)
{
	struct dispatch_call c = { r, out, poweroff };
	int err = sys_check_permission(r);

	if (err) {
		if (r->op == SYS_INIT_MODULE || r->op == SYS_DELETE_MODULE)
			audit_module_denied(r->cred, r->op == SYS_INIT_MODULE,
					    r->arg1, r->len1, r->flags, err);
		return err;
	}
	/*
	 * The audit trail names who the module operations are for; a fault
	 * in module code the call reaches is an oops, and the caller gets
	 * EFAULT.
	 */
	audit_set_caller(r->cred);
	err = oops_call("syscall", sys_dispatch_call, &c);
	audit_set_caller(NULL);
	return err;
}
