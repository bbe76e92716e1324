// SPDX-License-Identifier: MIT
/*
 * kallsyms.c - /proc/kallsyms: the base kernel's symbols and the loaded
 * modules', in Linux's format.
 *
 *   0000000000401a30 T printk
 *   0000000040002010 T mathsvc_gcd	[mathsvc]
 *   0000000040002040 t gcd_step	[mathsvc]
 *
 * The base kernel's come from the port (the hosted kernel reads its own
 * executable's symbol table), sorted by address.  A module's come from the
 * table liblkm keeps of every function and object it defines in its kept
 * sections, static ones included, with the letter nm would give each.
 */
#include <lkm/lkm.h>

#include "internal.h"

static int show_base(uintptr_t addr, char type, const char *name, void *arg)
{
	return seqbuf_printf(arg, "%016lx %c %s\n", (unsigned long)addr, type,
			     name);
}

struct module_view {
	struct seqbuf *sb;
	const char *module;
};

static int show_module_symbol(const char *name, uintptr_t value, char type,
			      void *arg)
{
	struct module_view *mv = arg;

	return seqbuf_printf(mv->sb, "%016lx %c %s\t[%s]\n",
			     (unsigned long)value, type, name, mv->module);
}

static int show_module(const struct lkm_module *m, void *arg)
{
	struct module_view mv = { arg, lkm_module_get_name(m) };

	lkm_module_for_each_symbol(m, show_module_symbol, &mv);
	return 0;
}

static int show_kallsyms(struct seqbuf *sb)
{
	int err = port_kallsyms(show_base, sb);

	if (err)
		return err;
	lkm_kernel_for_each_module(modules_kernel(), show_module, sb);
	return sb->err;
}

int kallsyms_init(void)
{
	return proc_register("/proc/kallsyms", show_kallsyms);
}
