// SPDX-License-Identifier: MIT
/*
 * version.c - binary compatibility: version magic and symbol versions.
 *
 * Version magic ("<release> <ABI options...>") is compared under one of two
 * policies chosen when the kernel is built: Linux's (identical strings) or
 * FreeBSD's (same major branch and ABI options, module release not newer
 * than the kernel's).  Symbol versions (modversions) are Linux's: a module
 * lists in __versions the CRC of every symbol it imports, { u64 crc;
 * char name[56]; }, and each must equal the CRC the exporter declared.
 * Forcing either check is possible only in a kernel that allows forced
 * loads, and taints F.
 */
#include "internal.h"

#define MODVERSION_NAME_LEN 56

struct modversion_info {
	uint64_t crc;
	char name[MODVERSION_NAME_LEN];
};

/* Linux's try_to_force_load(): allowed only if configured; taints F. */
static int force_load(struct load_info *info, const char *reason)
{
	if (!(info->k->config->flags & LKM_CONFIG_FORCE_LOAD)) {
		lkm_err(info->k,
			"%s: %s, and this kernel does not allow forced loads",
			info->who, reason);
		return -LKM_ENOEXEC;
	}
	if (!kernel_has_taint(info->k, LKM_TAINT_FORCED_MODULE))
		lkm_warn(info->k, "%s: %s: kernel tainted.", info->who, reason);
	module_taint(info->mod, LKM_TAINT_FORCED_MODULE);
	return 0;
}

/* Split "a.b.c-x rest" into numbers, suffix and the rest after a space. */
struct release {
	unsigned long v[3];
	const char *suffix; /* from '-' to the space, may be empty */
	size_t suffix_len;
	const char *rest;   /* after the first space, or "" */
};

static bool parse_release(const char *s, struct release *r)
{
	lkm_memset(r, 0, sizeof(*r));
	for (int i = 0; i < 3; i++) {
		if (*s < '0' || *s > '9')
			return false;
		while (*s >= '0' && *s <= '9')
			r->v[i] = r->v[i] * 10 + (unsigned long)(*s++ - '0');
		if (i < 2 && *s++ != '.')
			return false;
	}
	r->suffix = s;
	while (*s && *s != ' ')
		s++;
	r->suffix_len = (size_t)(s - r->suffix);
	r->rest = *s ? s + 1 : s;
	return true;
}

static int check_branch(struct load_info *info, const char *magic)
{
	const char *want = info->k->config->vermagic;
	struct release m, k;

	if (!parse_release(magic, &m) || !parse_release(want, &k) ||
	    lkm_strcmp(m.rest, k.rest) || m.suffix_len != k.suffix_len ||
	    lkm_strncmp(m.suffix, k.suffix, k.suffix_len)) {
		lkm_err(info->k,
			"%s: version magic '%s' is not compatible with '%s'",
			info->who, magic, want);
		return -LKM_ENOEXEC;
	}
	if (m.v[0] != k.v[0]) {
		lkm_err(info->k,
			"%s: built for the %lu.x branch; this kernel is %lu.x, and modules never load across branches",
			info->who, m.v[0], k.v[0]);
		return -LKM_ENOEXEC;
	}
	if (m.v[1] > k.v[1] || (m.v[1] == k.v[1] && m.v[2] > k.v[2])) {
		lkm_err(info->k,
			"%s: built for release %lu.%lu.%lu, newer than this kernel's %lu.%lu.%lu",
			info->who, m.v[0], m.v[1], m.v[2], k.v[0], k.v[1],
			k.v[2]);
		return -LKM_ENOEXEC;
	}
	return 0;
}

int version_check_magic(struct load_info *info)
{
	const char *want = info->k->config->vermagic;
	const char *magic = modinfo_get(&info->elf, "vermagic");

	if (!want)
		return 0;
	if (info->flags & LKM_LOAD_FORCE_VERMAGIC)
		return force_load(info, magic ? "bad vermagic"
					      : "no version magic");
	if (!magic) {
		lkm_err(info->k, "%s: no version magic, refusing to load",
			info->who);
		return -LKM_ENOEXEC;
	}
	if (info->k->config->abi_policy == LKM_ABI_BRANCH)
		return check_branch(info, magic);
	if (lkm_strcmp(magic, want)) {
		lkm_err(info->k, "%s: version magic '%s' should be '%s'",
			info->who, magic, want);
		return -LKM_ENOEXEC;
	}
	return 0;
}

int version_collect(struct load_info *info)
{
	const struct elf_view *v = &info->elf;
	unsigned idx = elf_find_section(v, "__versions");
	const struct modversion_info *tab;
	size_t n;

	if (!(info->k->config->flags & LKM_CONFIG_MODVERSIONS))
		return 0;
	if (info->flags & LKM_LOAD_FORCE_MODVERSION)
		return force_load(info, "symbol versions ignored");
	if (!idx)
		return force_load(info, "no versions for imported symbols");
	n = v->sh[idx].sh_size / sizeof(*tab);
	if (v->sh[idx].sh_type == SHT_NOBITS || v->sh[idx].sh_offset % 8 ||
	    v->sh[idx].sh_size % sizeof(*tab)) {
		lkm_err(info->k, "%s: malformed __versions section", info->who);
		return -LKM_ENOEXEC;
	}
	tab = elf_section_data(v, idx);
	for (size_t i = 0; i < n; i++) {
		if (lkm_strnlen(tab[i].name, MODVERSION_NAME_LEN) ==
		    MODVERSION_NAME_LEN) {
			lkm_err(info->k,
				"%s: __versions entry %zu has an unterminated name",
				info->who, i);
			return -LKM_ENOEXEC;
		}
	}
	info->versions = tab;
	info->nversions = n;
	info->check_versions = true;
	return 0;
}

int version_check_symbol(struct load_info *info, const char *name,
			 const struct ksym_entry *e)
{
	if (!info->check_versions || !e->has_crc)
		return 0; /* the exporter supplied no CRC: nothing to compare */
	for (size_t i = 0; i < info->nversions; i++) {
		if (lkm_strcmp(info->versions[i].name, name))
			continue;
		if ((uint32_t)info->versions[i].crc == e->crc)
			return 0;
		lkm_err(info->k, "%s: disagrees about version of symbol %s",
			info->who, name);
		return -LKM_EINVAL;
	}
	lkm_err(info->k, "%s: no symbol version for %s", info->who, name);
	return -LKM_EINVAL;
}

int lkm_kernel_add_crcs(struct lkm_kernel *k, const struct lkm_kcrc *begin,
			const struct lkm_kcrc *end)
{
	int err = 0;

	lkm_lock(k);
	for (const struct lkm_kcrc *c = begin; c < end && !err; c++) {
		struct ksym_entry *e = ksym_find(k, c->name);

		if (!e || e->owner)
			err = -LKM_ENOENT;
	}
	for (const struct lkm_kcrc *c = begin; c < end && !err; c++) {
		struct ksym_entry *e = ksym_find(k, c->name);

		e->crc = c->crc;
		e->has_crc = true;
	}
	lkm_unlock(k);
	return err;
}

int version_collect_exports(struct load_info *info)
{
	const struct elf_view *v = &info->elf;
	unsigned idx = elf_find_section(v, "__export_versions");
	const struct modversion_info *tab;
	struct lkm_module *m = info->mod;
	size_t n;

	if (!idx)
		return 0;
	n = v->sh[idx].sh_size / sizeof(*tab);
	if (v->sh[idx].sh_type == SHT_NOBITS || v->sh[idx].sh_offset % 8 ||
	    v->sh[idx].sh_size % sizeof(*tab)) {
		lkm_err(info->k, "%s: malformed __export_versions section",
			info->who);
		return -LKM_ENOEXEC;
	}
	tab = elf_section_data(v, idx);
	for (size_t i = 0; i < n; i++) {
		if (lkm_strnlen(tab[i].name, MODVERSION_NAME_LEN) ==
		    MODVERSION_NAME_LEN)
			continue;
		for (size_t j = 0; j < m->nexports; j++) {
			if (!lkm_strcmp(m->exports[j].name, tab[i].name)) {
				m->exports[j].crc = (uint32_t)tab[i].crc;
				m->exports[j].has_crc = true;
			}
		}
	}
	return 0;
}
