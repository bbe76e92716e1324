/* SPDX-License-Identifier: MIT */
/*
 * fixture.c - tiny ELF modules for the kmod tools' golden tests, one per
 * -DMOD_<name>: .modinfo strings, exports laid out as Linux lays them out
 * (__ksymtab_strings names, absolute __crc_<name> symbols), __versions
 * entries and undefined references, which is all depmod and modinfo read.
 * They are never loaded, so they need no code worth running.
 */
#include <stdint.h>

#define PASTE_(a, b) a##b
#define PASTE(a, b) PASTE_(a, b)
#define INFO(tag, s)                                                        \
	static const char PASTE(mi_, __COUNTER__)[]                         \
		__attribute__((section(".modinfo"), used, aligned(1))) = #tag "=" s
#define EXPORT(sym, crc)                                                    \
	static const char PASTE(ks_, sym)[]                                 \
		__attribute__((section("__ksymtab_strings"), used, aligned(1))) = #sym; \
	__asm__(".globl __crc_" #sym "\n.set __crc_" #sym ", " #crc "\n")
#define VERSION(sym, crc)                                                   \
	static const struct { uint64_t c; char n[56]; } PASTE(ver_, sym)    \
		__attribute__((section("__versions"), used, aligned(8))) = { crc, #sym }

#ifdef MOD_core_a
INFO(license, "GPL");
INFO(description, "fixture: exports a_func and a_data");
INFO(author, "The lkm authors");
INFO(alias, "fixture:core-a");
INFO(alias, "pci:v00001234d*sv*sd*bc*sc*i*");
INFO(alias, "devname:fixa");
INFO(alias, "char-major-240-1");
INFO(parm, "debug:Enable debugging");
INFO(parmtype, "debug:int");
INFO(parmtype, "mode:charp");
INFO(parm, "level:Level (0-3)");
INFO(depends, "");
INFO(name, "core_a");
INFO(vermagic, "6.1.0-fixture SMP mod_unload ");
int a_data = 1;
int a_func(void) { return a_data; }
EXPORT(a_func, 0x11111111);
EXPORT(a_data, 0x22222222);
#endif

#ifdef MOD_core_b
INFO(license, "GPL");
INFO(alias, "fixture:core-b");
INFO(alias, "devname:fixb");
INFO(depends, "core_a");
INFO(name, "core_b");
extern int a_func(void);
int b_func(void) { return a_func() + 1; }
EXPORT(b_func, 0x33333333);
VERSION(module_layout, 0x44444444);
VERSION(a_func, 0x11111111);
#endif

#ifdef MOD_top
INFO(license, "Dual MIT/GPL");
INFO(softdep, "pre: core_a post: helper");
INFO(alias, "fixture:top*");
INFO(alias, "fixture:[ab]-top");
INFO(depends, "core_a,core_b");
INFO(name, "top_mod");
extern int a_func(void);
extern int b_func(void);
int top(void) { return a_func() + b_func(); }
#endif

#ifdef MOD_weak
INFO(license, "GPL");
INFO(name, "weak");
extern int b_func(void) __attribute__((weak));
extern int no_such_symbol(void) __attribute__((weak));
int w(void) { return (b_func ? b_func() : 0) + (no_such_symbol ? 1 : 0); }
#endif

#ifdef MOD_needs_unknown
INFO(license, "GPL");
INFO(name, "needs_unknown");
extern int not_exported_anywhere(void);
extern int printk(const char *, ...);
int u(void) { return not_exported_anywhere() + printk("x"); }
#endif

#ifdef MOD_dup
INFO(license, "GPL");
INFO(description, DUP_WHERE);
INFO(name, "dup");
#endif

#ifdef MOD_helper
INFO(license, "GPL");
INFO(alias, "fixture:helper");
INFO(name, "helper");
extern int b_func(void);
int h(void) { return b_func(); }
EXPORT(helper_func, 0x55555555);
int helper_func(void) { return 2; }
#endif

#ifdef MOD_nsexp
INFO(license, "GPL");
INFO(name, "nsexp");
/* No __crc_ symbols: depmod takes the names of __ksymtab_strings, namespaces included. */
static const char nsexp_s1[] __attribute__((section("__ksymtab_strings"), used, aligned(1))) = "ns_func";
static const char nsexp_s2[] __attribute__((section("__ksymtab_strings"), used, aligned(1))) = "FIXTURE_NS";
int ns_func(void) { return 3; }
#endif

#ifdef MOD_noinfo
int noinfo(void) { return 0; }
#endif

#ifdef MOD_cyc_a
INFO(license, "GPL");
INFO(name, "cyc_a");
extern int cb(void);
int ca(void) { return cb(); }
EXPORT(ca, 0x1);
#endif

#ifdef MOD_cyc_b
INFO(license, "GPL");
INFO(name, "cyc_b");
extern int ca(void);
int cb(void) { return ca(); }
EXPORT(cb, 0x2);
#endif
