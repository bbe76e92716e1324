// SPDX-License-Identifier: MIT
/*
 * load.c - the load pipeline, as a list of named steps.
 *
 *   allowed? -> signature -> validate ELF -> read .modinfo -> list as
 *   UNFORMED -> licence and taint -> version magic -> symbol versions ->
 *   lay out sections -> scan symbols -> resolve imports (and plan stubs)
 *   -> finish layout -> allocate -> resolve defined symbols (stubs,
 *   kallsyms, entry points) -> copy -> check and apply relocations (then
 *   the GOT) -> protect (W^X) -> collect exports and parameters -> apply
 *   parameters -> publish exports, COMING -> init -> LIVE, free init
 *   memory
 *
 * Everything a step builds is recorded in struct load_info (or in the
 * module it owns) and undone in one place, load_fail(), so a failure at any
 * step returns memory, the symbol table and the module list exactly to
 * where they were.
 */
#include "internal.h"

/* Licences that may use EXPORT_SYMBOL_GPL symbols (Linux's list). */
static const char *const gpl_compatible[] = {
	"GPL",
	"GPL v2",
	"GPL and additional rights",
	"Dual BSD/GPL",
	"Dual MIT/GPL",
	"Dual MPL/GPL",
};

static bool license_is_gpl_compatible(const char *license)
{
	for (size_t i = 0; license && i < ARRAY_SIZE(gpl_compatible); i++)
		if (!lkm_strcmp(license, gpl_compatible[i]))
			return true;
	return false;
}

/* A usable buffer; modules_disabled and lockdown say no before it is read. */
static int check_allowed(struct lkm_kernel *k, const void *image,
			 unsigned flags)
{
	if (!image || (uintptr_t)image % 8) {
		lkm_err(k, "module: image buffer must be non-null and 8-byte aligned");
		return -LKM_EINVAL;
	}
	if (lkm_kernel_modules_disabled(k)) {
		lkm_err(k, "module loading is disabled (modules_disabled=1)");
		return -LKM_EPERM;
	}
	if ((flags & (LKM_LOAD_FORCE_VERMAGIC | LKM_LOAD_FORCE_MODVERSION)) &&
	    lkm_kernel_get_lockdown(k) >= LKM_LOCKDOWN_INTEGRITY) {
		lkm_err(k, "Lockdown: insmod: forced module loading is restricted; see man kernel_lockdown.7");
		return -LKM_EPERM;
	}
	return 0;
}

/* Read .modinfo: it must be well-formed and name the module. */
static int check_modinfo(struct load_info *info)
{
	struct lkm_kernel *k = info->k;
	bool lenient = k->config->flags & LKM_CONFIG_MODINFO_LENIENT;
	const char *name = modinfo_get(&info->elf, "name");
	int err;

	/* even a malformed .modinfo may name its module: say which */
	err = modinfo_walk(k,
			   name && *name && lkm_strlen(name) < LKM_MODULE_NAME_LEN
				   ? name
				   : "module",
			   &info->elf, lenient ? &info->license_tampered : NULL,
			   NULL, NULL);
	if (err)
		return err;
	name = modinfo_get(&info->elf, "name");
	if (!name || !*name) {
		lkm_err(k, "module: .modinfo has no name= entry (was it built with lkm-build?)");
		return -LKM_ENOEXEC;
	}
	if (lkm_strlen(name) >= LKM_MODULE_NAME_LEN) {
		lkm_err(k, "module: name \"%s\" is longer than %d characters",
			name, LKM_MODULE_NAME_LEN - 1);
		return -LKM_ENOEXEC;
	}
	info->who = name;
	return 0;
}

/* Licence and provenance: decide GPL-compatibility and taints P and O. */
static int check_license(struct load_info *info)
{
	const char *license = modinfo_get(&info->elf, "license");
	const char *intree = modinfo_get(&info->elf, "intree");

	info->gpl_compatible = license_is_gpl_compatible(license) &&
			       !info->license_tampered;
	if (info->license_tampered) {
		lkm_warn(info->k,
			 "%s: malformed .modinfo: loading it as proprietary, tainting kernel.",
			 info->who);
		module_taint(info->mod, LKM_TAINT_PROPRIETARY_MODULE);
	} else if (!info->gpl_compatible) {
		if (!license)
			lkm_warn(info->k, "%s: missing MODULE_LICENSE()",
				 info->who);
		/* as Linux, the message only when the taint is new */
		if (!kernel_has_taint(info->k, LKM_TAINT_PROPRIETARY_MODULE))
			lkm_warn(info->k, "%s: module license '%s' taints kernel.",
				 info->who, license ? license : "unspecified");
		module_taint(info->mod, LKM_TAINT_PROPRIETARY_MODULE);
	}
	if (!intree || lkm_strcmp(intree, "Y")) {
		if (!kernel_has_taint(info->k, LKM_TAINT_OOT_MODULE))
			lkm_warn(info->k,
				 "%s: loading out-of-tree module taints kernel.",
				 info->who);
		module_taint(info->mod, LKM_TAINT_OOT_MODULE);
	}
	return 0;
}

/* Allocate the module, and list it as UNFORMED so the name is taken. */
static int module_reserve(struct load_info *info)
{
	struct lkm_kernel *k = info->k;
	struct lkm_module *m;

	m = lkm_heap_alloc(k, sizeof(*m));
	if (!m)
		return -LKM_ENOMEM;
	m->k = k;
	m->state = LKM_MODULE_UNFORMED;
	lkm_strlcpy(m->name, info->who, sizeof(m->name));
	info->mod = m;
	info->who = m->name;
	lkm_lock(k);
	if (module_find(k, m->name)) {
		lkm_unlock(k);
		lkm_err(k, "%s: module is already loaded", m->name);
		return -LKM_EEXIST;
	}
	module_list_add(k, m);
	info->listed = true;
	lkm_unlock(k);
	return 0;
}

static int alloc_symbol_arrays(struct load_info *info)
{
	size_t n = info->elf.nsyms;

	info->sym = lkm_heap_alloc(info->k, n * sizeof(*info->sym));
	return info->sym ? 0 : -LKM_ENOMEM;
}

/*
 * The pass over the symbol table before resolution, for everything that
 * needs each symbol then: symbols no relocation may name are marked (the
 * relocation pass refuses a reference to one), thread-local imports
 * refused, COMMON symbols placed,
 * kallsyms' entries counted.  A large module has thousands of symbols, so
 * the load reads the symbol table in few passes: elf_check() validates it,
 * this one, resolve_undefined() (imports only: they are few),
 * resolve_defined() once memory is placed.
 */
static int scan_symbols(struct load_info *info)
{
	const struct elf_view *v = &info->elf;

	for (unsigned i = 1; i < v->nsyms; i++) {
		const Elf64_Sym *s = &v->syms[i];

		if (sym_bad_target(info, s))
			info->sym[i].flags |= SYM_BAD_TARGET | SYM_SPECIAL;
		/* no import can satisfy it: say so before resolution fails */
		if (s->st_shndx == SHN_UNDEF &&
		    ELF64_ST_TYPE(s->st_info) == STT_TLS) {
			lkm_err(info->k,
				"%s: symbol '%s' is thread-local (TLS), which modules cannot have",
				info->who, v->strtab + s->st_name);
			return -LKM_ENOEXEC;
		}
		if (s->st_shndx == SHN_COMMON) {
			int err = layout_common(info, i);

			if (err)
				return err;
		}
		info->nkallsyms += kallsym_wanted(info, s);
	}
	return 0;
}

static int resolve_locked(struct load_info *info)
{
	int err;

	lkm_lock(info->k);
	err = resolve_undefined(info);
	lkm_unlock(info->k);
	return err;
}

/* Make the exports visible and the module COMING. */
static int publish(struct load_info *info)
{
	struct lkm_module *m = info->mod;
	int err;

	lkm_lock(info->k);
	err = ksym_insert_batch(info->k, m->exports, m->nexports, m->name);
	if (!err) {
		m->exports_listed = true;
		m->state = LKM_MODULE_COMING;
		module_taints_publish(m);
	}
	lkm_unlock(info->k);
	return err;
}

static int run_init(struct load_info *info)
{
	struct lkm_module *m = info->mod;
	int ret = m->init_fn ? m->init_fn() : 0;

	if (ret > 0) {
		lkm_warn(info->k,
			 "%s: 'init' suspiciously returned %d, it should follow 0/-E convention",
			 m->name, ret);
		ret = 0;
	}
	if (ret < 0) {
		lkm_err(info->k, "%s: module init failed (err %d)", m->name,
			ret);
		return ret;
	}
	lkm_lock(info->k);
	m->state = LKM_MODULE_LIVE;
	info->k->stats.loads++;
	lkm_unlock(info->k);
	module_init_free(m);
	return 0;
}

static void load_info_free(struct load_info *info)
{
	size_t n = info->elf.nsyms;
	struct lkm_kernel *k = info->k;

	lkm_heap_free(k, info->place, info->elf.nsec * sizeof(*info->place));
	lkm_heap_free(k, info->sym, n * sizeof(*info->sym));
	lkm_heap_free(k, info->deferred,
		      info->deferred_cap * sizeof(*info->deferred));
}

/* Undo whatever the pipeline built, in reverse. */
static void load_fail(struct load_info *info)
{
	struct lkm_kernel *k = info->k;
	struct lkm_module *m = info->mod;

	if (m) {
		lkm_lock(k);
		if (m->exports_listed)
			ksym_remove_batch(k, m->exports, m->nexports);
		m->exports_listed = false;
		if (info->listed)
			module_list_del(k, m);
		module_uses_release(m);
		k->stats.failed_loads++;
		lkm_unlock(k);
		module_memory_free(m);
		lkm_heap_free(k, m, sizeof(*m));
	} else {
		lkm_lock(k);
		k->stats.failed_loads++;
		lkm_unlock(k);
	}
	load_info_free(info);
}

int lkm_module_load(struct lkm_kernel *k, const void *image, size_t size,
		    const char *params, unsigned flags, char *name)
{
	struct load_info info = { .k = k, .who = "module", .flags = flags };
	enum lkm_sig_state sig = LKM_SIG_NONE;
	int err;

	err = check_allowed(k, image, flags);
	if (!err)
		err = signature_check(k, image, &size, &sig);
	if (!err)
		err = elf_check(k, "module", image, size, &info.elf);
	if (!err)
		err = check_modinfo(&info);
	if (!err)
		err = module_reserve(&info);
	if (!err) {
		info.mod->sig_state = sig;
		signature_taint(&info);
		err = check_license(&info);
	}
	if (!err)
		err = version_check_magic(&info);
	if (!err)
		err = version_collect(&info);
	if (!err)
		err = layout_sections(&info);
	if (!err)
		err = alloc_symbol_arrays(&info);
	if (!err)
		err = relocs_check(&info);
	if (!err)
		err = scan_symbols(&info);
	if (!err)
		err = resolve_locked(&info);
	if (!err)
		err = layout_finish(&info);
	if (!err)
		err = layout_alloc(&info);
	if (!err)
		err = kallsyms_alloc(&info);
	if (!err) /* while the symbol table is still in cache */
		err = resolve_defined(&info);
	if (!err) {
		layout_copy(&info);
		err = relocs_apply(&info);
	}
	if (!err) /* as Linux: sealed before anything reads the tables */
		err = layout_protect(&info);
	if (!err)
		err = exports_collect(&info);
	if (!err)
		err = version_collect_exports(&info);
	if (!err)
		err = params_collect(&info);
	if (!err)
		err = params_parse(&info, params);
	if (!err)
		err = publish(&info);
	if (!err) {
		/* From here the module is visible; init runs unlocked. */
		if (name)
			lkm_strlcpy(name, info.mod->name, LKM_MODULE_NAME_LEN);
		err = run_init(&info);
		if (err) {
			lkm_lock(k);
			info.mod->state = LKM_MODULE_GOING;
			lkm_unlock(k);
		}
	}
	if (err) {
		load_fail(&info);
		return err;
	}
	load_info_free(&info);
	return 0;
}
