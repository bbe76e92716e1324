// SPDX-License-Identifier: MIT
/*
 * layout.c - where each section of a module goes, and with what permissions.
 *
 * A module gets two blocks of module memory: the core block, kept until
 * unload, holds text (r-x), rodata (r--) and data (rw-) regions, each
 * starting on a page so that permissions can differ; the init block holds
 * .init.* text and data and is freed once init has succeeded.  Sections that
 * are not SHF_ALLOC, notes, section groups, .modinfo, __versions and
 * .eh_frame (nothing unwinds module code) are not loaded at all.  The GOT
 * and the object THIS_MODULE points at live at the end of rodata, so they
 * are read-only once relocated; far-branch stubs live at the end of text;
 * COMMON symbols at the end of data.
 */
#include "internal.h"

#define MODULE_MAX_BYTES (1ull << 30)

static bool has_prefix(const char *s, const char *prefix)
{
	return !lkm_strncmp(s, prefix, lkm_strlen(prefix));
}

static bool section_is_loaded(const struct elf_view *v, unsigned i)
{
	const Elf64_Shdr *s = &v->sh[i];
	const char *name = elf_section_name(v, i);

	if (!(s->sh_flags & SHF_ALLOC))
		return false;
	if (s->sh_type == SHT_NOTE || s->sh_type == SHT_GROUP ||
	    s->sh_type == SHT_NULL)
		return false;
	return lkm_strcmp(name, ".modinfo") && lkm_strcmp(name, "__versions") &&
	       lkm_strcmp(name, "__export_versions") &&
	       lkm_strcmp(name, ".eh_frame") && !has_prefix(name, ".discard");
}

static enum region section_region(const struct elf_view *v, unsigned i)
{
	const Elf64_Shdr *s = &v->sh[i];
	bool init = has_prefix(elf_section_name(v, i), ".init.");

	if (s->sh_flags & SHF_EXECINSTR)
		return init ? RGN_INIT_TEXT : RGN_TEXT;
	if (init)
		return RGN_INIT_DATA;
	return (s->sh_flags & SHF_WRITE) ? RGN_DATA : RGN_RODATA;
}

/* Reserve @size bytes aligned to @align at the end of region @r. */
static int region_take(struct load_info *info, enum region r, uint64_t size,
		       uint64_t align, uint64_t *off)
{
	uint64_t *cur = &info->mod->rgn_size[r];

	if (!lkm_align_up(*cur, align, off) ||
	    !lkm_range_ok(*off, size, MODULE_MAX_BYTES)) {
		lkm_err(info->k, "%s: module too large (over %llu bytes)",
			info->who, MODULE_MAX_BYTES);
		return -LKM_ENOEXEC;
	}
	*cur = *off + size;
	return 0;
}

int layout_sections(struct load_info *info)
{
	const struct elf_view *v = &info->elf;
	int err;

	info->place = lkm_heap_alloc(info->k, v->nsec * sizeof(*info->place));
	if (!info->place)
		return -LKM_ENOMEM;
	for (unsigned i = 0; i < v->nsec; i++) {
		const Elf64_Shdr *s = &v->sh[i];
		enum region r;

		info->place[i].region = SEC_NOT_LOADED;
		if (!section_is_loaded(v, i))
			continue;
		if (s->sh_flags & SHF_TLS)
			continue; /* never loaded: TLS relocations are refused */
		if (s->sh_addralign > info->k->ops->page_size) {
			lkm_err(info->k,
				"%s: section %s asks for alignment %lu, more than the page size",
				info->who, elf_section_name(v, i),
				(unsigned long)s->sh_addralign);
			return -LKM_ENOEXEC;
		}
		r = section_region(v, i);
		err = region_take(info, r, s->sh_size, s->sh_addralign,
				  &info->place[i].offset);
		if (err)
			return err;
		info->place[i].region = (uint8_t)r;
	}
	return 0;
}

int layout_finish(struct load_info *info)
{
	const struct elf_view *v = &info->elf;
	struct lkm_module *m = info->mod;
	uint64_t page = info->k->ops->page_size, core_off = 0, init_off = 0;
	int err;

	err = region_take(info, RGN_RODATA, info->ngot * 8, 8, &info->got_off);
	if (!err)
		err = region_take(info, RGN_RODATA, sizeof(struct this_module),
				  8, &info->handle_off);
	if (!err)
		err = region_take(info, RGN_TEXT,
				  info->nstubs * arch_stub_size(), 16,
				  &info->stub_off);
	for (unsigned i = 1; !err && i < v->nsyms; i++) {
		const Elf64_Sym *s = &v->syms[i];

		if (s->st_shndx != SHN_COMMON)
			continue;
		if (s->st_value > info->k->ops->page_size) {
			lkm_err(info->k,
				"%s: COMMON symbol %s asks for alignment %lu, more than the page size",
				info->who, v->strtab + s->st_name,
				(unsigned long)s->st_value);
			return -LKM_ENOEXEC;
		}
		err = region_take(info, RGN_DATA, s->st_size,
				  s->st_value ? s->st_value : 1,
				  &info->symval[i]);
		info->symflags[i] |= SYM_COMMON;
	}
	if (err)
		return err;
	if (m->rgn_size[RGN_TEXT] + m->rgn_size[RGN_RODATA] +
		    m->rgn_size[RGN_DATA] == 0)
		m->rgn_size[RGN_DATA] = 1; /* every module has a base address */
	for (int r = 0; r < RGN_COUNT; r++) {
		bool init = r == RGN_INIT_TEXT || r == RGN_INIT_DATA;
		uint64_t *off = init ? &init_off : &core_off;

		(void)lkm_align_up(m->rgn_size[r], page, &m->rgn_size[r]);
		m->rgn_off[r] = *off;
		*off += m->rgn_size[r];
	}
	m->core_size = core_off;
	m->init_size = init_off;
	return 0;
}

static uint8_t *region_base(const struct lkm_module *m, int r)
{
	uint8_t *block =
		(r == RGN_INIT_TEXT || r == RGN_INIT_DATA) ? m->init : m->core;

	return block + m->rgn_off[r];
}

uint64_t layout_section_addr(const struct load_info *info, unsigned idx)
{
	return (uint64_t)(uintptr_t)region_base(info->mod,
						info->place[idx].region) +
	       info->place[idx].offset;
}

int layout_alloc_copy(struct load_info *info)
{
	const struct elf_view *v = &info->elf;
	struct lkm_module *m = info->mod;

	m->core = lkm_mem_alloc(info->k, m->core_size);
	if (!m->core)
		goto nomem;
	lkm_memset(m->core, 0, m->core_size);
	if (m->init_size) {
		m->init = lkm_mem_alloc(info->k, m->init_size);
		if (!m->init)
			goto nomem;
		lkm_memset(m->init, 0, m->init_size);
	}
	m->handle = (const void *)(m->core + m->rgn_off[RGN_RODATA] +
				   info->handle_off);
	*(struct this_module *)(uintptr_t)m->handle =
		(struct this_module){ THIS_MODULE_MAGIC, m };
	for (unsigned i = 1; i < v->nsec; i++) {
		if (info->place[i].region == SEC_NOT_LOADED ||
		    v->sh[i].sh_type == SHT_NOBITS)
			continue;
		lkm_memcpy((void *)(uintptr_t)layout_section_addr(info, i),
			   elf_section_data(v, i), v->sh[i].sh_size);
	}
	return 0;
nomem:
	lkm_err(info->k, "%s: out of module memory (%zu + %zu bytes)",
		info->who, m->core_size, m->init_size);
	return -LKM_ENOMEM;
}

int layout_protect(struct load_info *info)
{
	static const unsigned prot[RGN_COUNT] = {
		[RGN_TEXT] = LKM_PROT_READ | LKM_PROT_EXEC,
		[RGN_RODATA] = LKM_PROT_READ,
		[RGN_DATA] = LKM_PROT_READ | LKM_PROT_WRITE,
		[RGN_INIT_TEXT] = LKM_PROT_READ | LKM_PROT_EXEC,
		[RGN_INIT_DATA] = LKM_PROT_READ | LKM_PROT_WRITE,
	};
	const struct lkm_ops *ops = info->k->ops;
	struct lkm_module *m = info->mod;

	for (int r = 0; r < RGN_COUNT; r++) {
		int err;

		if (!m->rgn_size[r])
			continue;
		err = ops->mem_protect(ops->ctx, region_base(m, r),
				       m->rgn_size[r], prot[r]);
		if (err) {
			lkm_err(info->k,
				"%s: could not set module memory permissions (err %d)",
				info->who, err);
			return err < 0 ? err : -LKM_EINVAL;
		}
	}
	return 0;
}
