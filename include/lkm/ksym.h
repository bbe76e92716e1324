/* SPDX-License-Identifier: MIT */
/*
 * ksym.h - one exported symbol, as the base kernel and modules lay it out.
 *
 * EXPORT_SYMBOL() emits one struct lkm_ksym into the __ksymtab section
 * (__ksymtab_gpl for EXPORT_SYMBOL_GPL) and the name into __ksymtab_strings,
 * as Linux does, so that kmod's depmod reads our modules' exports too.  The
 * base kernel hands the linker-collected array to lkm_kernel_add_symbols();
 * the loader reads a module's array after relocating it.
 */
#ifndef LKM_KSYM_H
#define LKM_KSYM_H

struct lkm_ksym {
	const void *value;    /* address of the function or object */
	const char *name;     /* its name, in __ksymtab_strings */
	const char *ns;       /* symbol namespace, or a null pointer */
};

#define LKM_PASTE_(a, b) a##b
#define LKM_PASTE(a, b) LKM_PASTE_(a, b)
#define LKM_STR_(x) #x
#define LKM_STR(x) LKM_STR_(x)

/*
 * __LKM_EXPORT(sym, section, ns): the shared implementation behind the
 * EXPORT_SYMBOL family.  @ns is a string literal or 0.
 */
#define __LKM_EXPORT(sym, sec, ns)                                          \
	extern __typeof__(sym) sym;                                         \
	static const char __kstrtab_##sym[]                                 \
		__attribute__((section("__ksymtab_strings"), used,          \
			       aligned(1))) = #sym;                         \
	static const struct lkm_ksym __ksymtab_##sym                        \
		__attribute__((section(sec), used, aligned(8))) = {          \
			(const void *)&sym, __kstrtab_##sym, ns }

#define EXPORT_SYMBOL(sym) __LKM_EXPORT(sym, "__ksymtab", 0)
#define EXPORT_SYMBOL_GPL(sym) __LKM_EXPORT(sym, "__ksymtab_gpl", 0)
#define EXPORT_SYMBOL_NS(sym, ns) __LKM_EXPORT(sym, "__ksymtab", #ns)
#define EXPORT_SYMBOL_NS_GPL(sym, ns) __LKM_EXPORT(sym, "__ksymtab_gpl", #ns)

#endif /* LKM_KSYM_H */
