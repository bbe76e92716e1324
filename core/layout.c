// SPDX-License-Identifier: MIT
/*
 * layout.c - where each section of a module goes, and with what permissions.
 *
 * A module's sections are grouped into five regions by the permissions
 * they end with: text (r-x), rodata (r--), data (rw-), and init text and
 * init data, freed once init has succeeded.  Each non-empty region is one
 * allocation of module memory -- packed with other modules' regions of the
 * same kind when the embedder offers region hooks, on pages of its own
 * otherwise -- written through an alias while loading and sealed with its
 * final permissions before init runs.  Sections that are not SHF_ALLOC,
 * notes, section groups, .modinfo, __versions, __export_versions, TLS and
 * .eh_frame (nothing unwinds module code) are not loaded.  The object
 * THIS_MODULE points at lives at the end of rodata, far-branch stubs at the
 * end of text, COMMON symbols at the end of data.  The GOT, which only the
 * relocation pass can size, gets a sixth region of its own, read-only once
 * sealed, when a relocation needs it.
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
	if (align > info->rgn_align[r])
		info->rgn_align[r] = align;
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

int layout_common(struct load_info *info, unsigned i)
{
	const struct elf_view *v = &info->elf;
	const Elf64_Sym *s = &v->syms[i];

	if (s->st_value > info->k->ops->page_size) {
		lkm_err(info->k,
			"%s: COMMON symbol %s asks for alignment %lu, more than the page size",
			info->who, v->strtab + s->st_name,
			(unsigned long)s->st_value);
		return -LKM_ENOEXEC;
	}
	info->sym[i].flags |= SYM_COMMON;
	return region_take(info, RGN_DATA, s->st_size,
			   s->st_value ? s->st_value : 1, &info->sym[i].value);
}

int layout_finish(struct load_info *info)
{
	int err;

	err = region_take(info, RGN_RODATA, sizeof(struct this_module), 8,
			  &info->handle_off);
	if (!err)
		err = region_take(info, RGN_TEXT,
				  info->nstubs * arch_stub_size(), 16,
				  &info->stub_off);
	return err;
}

static bool region_is_init(int r)
{
	return r == RGN_INIT_TEXT || r == RGN_INIT_DATA;
}

static enum lkm_mem_kind region_kind(int r)
{
	static const enum lkm_mem_kind kind[RGN_COUNT] = {
		[RGN_TEXT] = LKM_MEM_TEXT,      [RGN_RODATA] = LKM_MEM_RODATA,
		[RGN_DATA] = LKM_MEM_DATA,      [RGN_INIT_TEXT] = LKM_MEM_TEXT,
		[RGN_INIT_DATA] = LKM_MEM_DATA, [RGN_GOT] = LKM_MEM_RODATA,
	};

	return kind[r];
}

/*
 * Fill every region once: sections' bytes, zeros for NOBITS sections, for
 * the padding between sections and for the tail (handle, COMMON), all but
 * the stubs, written before.  Sections were placed in index order, so
 * offsets only grow.
 */
static void copy_sections(struct load_info *info)
{
	const struct elf_view *v = &info->elf;
	struct lkm_module *m = info->mod;
	uint64_t cur[RGN_COUNT] = { 0 };

	for (unsigned i = 1; i < v->nsec; i++) {
		const struct sec_place *p = &info->place[i];
		uint8_t *base;

		/* an empty section may sit in a region never allocated */
		if (p->region == SEC_NOT_LOADED || !m->rgn_write[p->region])
			continue;
		base = m->rgn_write[p->region];
		lkm_memset(base + cur[p->region], 0, p->offset - cur[p->region]);
		if (v->sh[i].sh_type == SHT_NOBITS)
			lkm_memset(base + p->offset, 0, v->sh[i].sh_size);
		else
			lkm_memcpy(base + p->offset, elf_section_data(v, i),
				   v->sh[i].sh_size);
		cur[p->region] = p->offset + v->sh[i].sh_size;
	}
	for (int r = 0; r < RGN_COUNT; r++) {
		uint64_t end = m->rgn_alloc[r];

		if (!m->rgn_write[r])
			continue;
		if (r == RGN_TEXT && info->nstubs) {
			/* the stubs are written already (resolve_defined) */
			uint64_t stubs_end = info->stub_off +
					     info->nstubs * arch_stub_size();

			lkm_memset(m->rgn_write[r] + stubs_end, 0,
				   end - stubs_end);
			end = info->stub_off;
		}
		lkm_memset(m->rgn_write[r] + cur[r], 0, end - cur[r]);
	}
}

static int region_alloc(struct load_info *info, int r)
{
	struct lkm_module *m = info->mod;
	int err;

	m->rgn_alloc[r] = (size_t)m->rgn_size[r];
	err = lkm_region_alloc(info->k, region_kind(r), &m->rgn_alloc[r],
			       info->rgn_align[r], &m->rgn_exec[r],
			       &m->rgn_write[r]);
	if (err) {
		m->rgn_alloc[r] = 0;
		lkm_err(info->k, "%s: out of module memory (%lu bytes of %s)",
			info->who, (unsigned long)m->rgn_size[r],
			region_is_init(r) ? "init memory" : "memory");
		return err;
	}
	if (region_is_init(r))
		m->init_size += m->rgn_alloc[r];
	else
		m->core_size += m->rgn_alloc[r];
	return 0;
}

int layout_alloc(struct load_info *info)
{
	struct lkm_module *m = info->mod;

	for (int r = 0; r < RGN_COUNT; r++) {
		int err = m->rgn_size[r] ? region_alloc(info, r) : 0;

		if (err)
			return err;
	}
	m->handle = (const void *)(m->rgn_exec[RGN_RODATA] + info->handle_off);
	return 0;
}

void layout_copy(struct load_info *info)
{
	struct lkm_module *m = info->mod;
	struct this_module *h;

	copy_sections(info);
	h = (struct this_module *)(m->rgn_write[RGN_RODATA] + info->handle_off);
	h->mod = m;
}

int layout_alloc_got(struct load_info *info, size_t nslots)
{
	struct lkm_module *m = info->mod;
	int err;

	m->rgn_size[RGN_GOT] = nslots * 8;
	info->rgn_align[RGN_GOT] = 8;
	err = region_alloc(info, RGN_GOT);
	if (!err)
		lkm_memset(m->rgn_write[RGN_GOT], 0, m->rgn_alloc[RGN_GOT]);
	return err;
}

int layout_protect(struct load_info *info)
{
	struct lkm_module *m = info->mod;

	for (int r = 0; r < RGN_COUNT; r++) {
		int err;

		if (!m->rgn_exec[r])
			continue;
		err = lkm_region_seal(info->k, region_kind(r), m->rgn_exec[r],
				      m->rgn_alloc[r]);
		if (err) {
			lkm_err(info->k,
				"%s: could not set module memory permissions (err %d)",
				info->who, err);
			return err < 0 ? err : -LKM_EINVAL;
		}
		m->rgn_write[r] = NULL; /* the alias is gone */
	}
	return 0;
}

void layout_free_regions(struct lkm_module *m, bool init_only)
{
	for (int r = 0; r < RGN_COUNT; r++) {
		if (init_only && !region_is_init(r))
			continue;
		lkm_region_free(m->k, region_kind(r), m->rgn_exec[r],
				m->rgn_alloc[r]);
		if (region_is_init(r))
			m->init_size -= m->rgn_alloc[r];
		else
			m->core_size -= m->rgn_alloc[r];
		m->rgn_exec[r] = m->rgn_write[r] = NULL;
		m->rgn_alloc[r] = 0;
		m->rgn_size[r] = 0;
	}
}

int lkm_module_for_each_region(const struct lkm_module *m,
			       int (*fn)(uintptr_t addr, size_t size,
					 enum lkm_mem_kind kind, bool init,
					 void *arg),
			       void *arg)
{
	int ret = 0;

	for (int r = 0; r < RGN_COUNT && !ret; r++)
		if (m->rgn_exec[r])
			ret = fn((uintptr_t)m->rgn_exec[r], m->rgn_alloc[r],
				 region_kind(r), region_is_init(r), arg);
	return ret;
}
