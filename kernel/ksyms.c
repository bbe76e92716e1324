// SPDX-License-Identifier: MIT
/*
 * ksyms.c - the kernel's own exports, as the linker collected them.
 *
 * Every EXPORT_SYMBOL() in the kernel's sources drops one struct lkm_ksym
 * into __ksymtab (or __ksymtab_gpl); the linker gathers each section into
 * one array and defines __start_<section> and __stop_<section> around it.
 * The bounds are weak so that a kernel without any GPL-only export links.
 */
#include <lkm/module.h>

#include "internal.h"

extern const struct lkm_ksym __start___ksymtab[] __attribute__((weak));
extern const struct lkm_ksym __stop___ksymtab[] __attribute__((weak));
extern const struct lkm_ksym __start___ksymtab_gpl[] __attribute__((weak));
extern const struct lkm_ksym __stop___ksymtab_gpl[] __attribute__((weak));

static int ksyms_add(struct lkm_kernel *k, const struct lkm_ksym *begin,
		     const struct lkm_ksym *end, bool gpl)
{
	if (begin == NULL || end == NULL || begin == end)
		return 0;
	return lkm_kernel_add_symbols(k, begin, end, gpl);
}

int ksyms_register(struct lkm_kernel *k)
{
	size_t plain = (size_t)(__stop___ksymtab - __start___ksymtab);
	size_t gpl = (size_t)(__stop___ksymtab_gpl - __start___ksymtab_gpl);
	int err;

	err = ksyms_add(k, __start___ksymtab, __stop___ksymtab, false);
	if (err == 0)
		err = ksyms_add(k, __start___ksymtab_gpl,
				__stop___ksymtab_gpl, true);
	if (err) {
		printk(KERN_ERR "ksyms: cannot export the kernel's symbols: "
		       "error %d\n", err);
		return err;
	}
	printk(KERN_INFO "ksyms: %zu symbols exported, %zu of them GPL-only\n",
	       plain + gpl, gpl);
	return 0;
}
