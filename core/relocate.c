// SPDX-License-Identifier: MIT
/*
 * relocate.c - the generic half of relocation.
 *
 * One pass over the relocations of the loaded sections, once memory is
 * placed and every symbol's value known: each entry is checked (symbol
 * index, place and field width inside its section, type, target) and
 * applied in the same step, so the entries -- most of a large module's
 * bytes -- are read once.  The three common types go through the arch's
 * fast path; the rest through the arch formulas (arch_reloc.h, inline),
 * which own the type switch and the range checks.  The GOT is the one
 * thing whose size only this pass can tell, so relocations that need it
 * (GOT slots, the GOT base) are set aside, the GOT gets memory of its own
 * once the pass is over, and they are applied then -- a handful in the
 * compiler output of PIC code, none in kernel-model code.  Stubs for far
 * branches are planned when imports are resolved, one per import out of a
 * rel32's reach.  Every refusal names the type, the symbol, the section
 * and the offset; a module refused here has its memory freed by the
 * caller, as for any other late refusal.
 */
#include "internal.h"

#include "arch_reloc.h"

/* Iterate the RELA sections whose target section is loaded. */
#define for_each_rela_section(info, i)                                      \
	for (unsigned i = 1; i < (info)->elf.nsec; i++)                     \
		if ((info)->elf.sh[i].sh_type == SHT_RELA &&                \
		    (info)->place[(info)->elf.sh[i].sh_info].region !=      \
			    SEC_NOT_LOADED)

static const Elf64_Rela *rela_table(const struct elf_view *v, unsigned i,
				    uint64_t *n)
{
	*n = v->sh[i].sh_size / sizeof(Elf64_Rela);
	return (const Elf64_Rela *)elf_section_data(v, i);
}

static void reloc_error(const struct load_info *info, unsigned relsec,
			const Elf64_Rela *r, const char *why)
{
	const struct elf_view *v = &info->elf;
	uint32_t type = ELF64_R_TYPE(r->r_info);
	const Elf64_Sym *s = &v->syms[ELF64_R_SYM(r->r_info)];

	lkm_err(info->k,
		"%s: relocation %s (type %u) against symbol '%s' in section %s at offset 0x%lx: %s",
		info->who, arch_reloc_name(type), type,
		ELF64_R_SYM(r->r_info) ? elf_symbol_name(v, s) : "",
		elf_section_name(v, v->sh[relsec].sh_info),
		(unsigned long)r->r_offset, why);
}

/* What the check makes of each kind of relocation; 0: refused. */
#define RK_OK 0x01      /* a kind the core applies */
#define RK_NEEDS_GOT 0x02 /* needs a GOT slot or the GOT's address */

static const uint8_t kind_props[ARCH_RELOC_KIND_COUNT] = {
	[ARCH_RELOC_PLAIN] = RK_OK,
	[ARCH_RELOC_BRANCH] = RK_OK,
	[ARCH_RELOC_GOT] = RK_OK | RK_NEEDS_GOT,
	[ARCH_RELOC_GOTBASE] = RK_OK | RK_NEEDS_GOT,
	[ARCH_RELOC_SIZE] = RK_OK,
};

/*
 * Word the refusal of relocation @j of @relsec, which the pass found
 * wanting in some way; the checks are repeated here, in the order their
 * messages have priority, so the loop itself stays one test.
 */
static __attribute__((noinline)) int refuse(const struct load_info *info,
					    unsigned relsec, uint64_t j)
{
	const struct elf_view *v = &info->elf;
	const Elf64_Rela *r = &rela_table(v, relsec, &(uint64_t){ 0 })[j];
	unsigned target = v->sh[relsec].sh_info;
	uint64_t tsize = v->sh[target].sh_size;
	uint32_t type = ELF64_R_TYPE(r->r_info);

	if (ELF64_R_SYM(r->r_info) >= v->nsyms)
		lkm_err(info->k,
			"%s: relocation %lu in %s uses symbol index %u, out of range",
			info->who, (unsigned long)j, elf_section_name(v, relsec),
			ELF64_R_SYM(r->r_info));
	else if (r->r_offset >= tsize)
		lkm_err(info->k,
			"%s: relocation %lu in %s at offset %lu lies past its section (%lu bytes)",
			info->who, (unsigned long)j, elf_section_name(v, relsec),
			(unsigned long)r->r_offset, (unsigned long)tsize);
	else if (arch_reloc_kind(type) == ARCH_RELOC_TLS)
		reloc_error(info, relsec, r,
			    "thread-local storage (TLS) is not supported in modules");
	else if (arch_reloc_kind(type) == ARCH_RELOC_UNKNOWN)
		reloc_error(info, relsec, r, "relocation type not supported");
	else
		reloc_error(info, relsec, r,
			    "field runs past the end of its section");
	return -LKM_ENOEXEC;
}

/* Sections without file contents cannot be relocated. */
int relocs_check(struct load_info *info)
{
	const struct elf_view *v = &info->elf;

	for_each_rela_section(info, i) {
		if (v->sh[v->sh[i].sh_info].sh_type == SHT_NOBITS) {
			lkm_err(info->k,
				"%s: relocation section %s applies to %s, which has no file contents",
				info->who, elf_section_name(v, i),
				elf_section_name(v, v->sh[i].sh_info));
			return -LKM_ENOEXEC;
		}
	}
	return 0;
}

static uint64_t stub_offset(const struct load_info *info, uint32_t slot)
{
	return info->stub_off + (slot - 1) * arch_stub_size();
}

/* Symbol @i's stub, written through the text region's write alias. */
void relocs_fill_stub(struct load_info *info, unsigned i)
{
	const struct lkm_module *m = info->mod;

	arch_stub_write(m->rgn_write[RGN_TEXT] +
				stub_offset(info, info->sym[i].stub),
			info->sym[i].value);
}

/*
 * The general case: any type, stubs, GOT slots, sizes; the refusals.  Out
 * of line, so the hot loop keeps its few values in registers.
 */
static __attribute__((noinline)) int apply_one(const struct load_info *info,
					       unsigned relsec,
					       const Elf64_Rela *r)
{
	const struct elf_view *v = &info->elf;
	const struct lkm_module *m = info->mod;
	unsigned target = v->sh[relsec].sh_info;
	const struct sym_state *ss = &info->sym[ELF64_R_SYM(r->r_info)];
	uint64_t got = (uintptr_t)m->rgn_exec[RGN_GOT];
	struct arch_reloc ar = {
		.type = ELF64_R_TYPE(r->r_info),
		.S = ss->value,
		.A = r->r_addend,
		.P = layout_section_addr(info, target) + r->r_offset,
		.GOT = got,
		.loc = layout_section_write(info, target) + r->r_offset,
		.room = v->sh[target].sh_size - r->r_offset,
	};
	enum arch_reloc_kind kind = arch_reloc_kind(ar.type);
	const char *why = "";

	if (ss->got)
		ar.G = got + (ss->got - 1) * 8ull;
	if (ss->stub && kind == ARCH_RELOC_BRANCH)
		ar.S = (uintptr_t)m->rgn_exec[RGN_TEXT] +
		       stub_offset(info, ss->stub);
	if (kind == ARCH_RELOC_SIZE)
		ar.Z = v->syms[ELF64_R_SYM(r->r_info)].st_size;
	if (arch_reloc_apply(&ar, &why)) {
		reloc_error(info, relsec, r, why);
		return -LKM_ENOEXEC;
	}
	return 0;
}

/* Set relocation @r of @relsec aside until the GOT has its memory. */
static __attribute__((noinline)) int defer(struct load_info *info,
					   unsigned relsec,
					   const Elf64_Rela *r)
{
	struct sym_state *ss = &info->sym[ELF64_R_SYM(r->r_info)];

	if (arch_reloc_kind(ELF64_R_TYPE(r->r_info)) == ARCH_RELOC_GOT &&
	    !ss->got)
		ss->got = (uint32_t)++info->ngot; /* symbol 0's holds 0 */
	if (info->ndeferred == info->deferred_cap) {
		size_t cap = info->deferred_cap ? 2 * info->deferred_cap : 16;
		struct deferred_reloc *d =
			lkm_heap_alloc(info->k, cap * sizeof(*d));

		if (!d)
			return -LKM_ENOMEM;
		if (info->ndeferred)
			lkm_memcpy(d, info->deferred,
				   info->ndeferred * sizeof(*d));
		lkm_heap_free(info->k, info->deferred,
			      info->deferred_cap * sizeof(*d));
		info->deferred = d;
		info->deferred_cap = cap;
	}
	info->deferred[info->ndeferred++] =
		(struct deferred_reloc){ r, relsec };
	return 0;
}

/*
 * Relocation @j of @relsec, checked in full and applied the general way
 * (or set aside for the GOT): what the fast path did not take.
 */
static __attribute__((noinline)) int apply_general(struct load_info *info,
						   unsigned relsec, uint64_t j)
{
	const struct elf_view *v = &info->elf;
	const Elf64_Rela *r = &rela_table(v, relsec, &(uint64_t){ 0 })[j];
	uint64_t tsize = v->sh[v->sh[relsec].sh_info].sh_size;
	uint32_t type = ELF64_R_TYPE(r->r_info), s = ELF64_R_SYM(r->r_info);
	uint8_t props = kind_props[arch_reloc_kind(type)];
	const struct sym_state *ss;

	if (s >= v->nsyms || !props || r->r_offset >= tsize ||
	    arch_reloc_width(type) > tsize - r->r_offset)
		return refuse(info, relsec, j);
	ss = &info->sym[s];
	if (ss->flags & SYM_BAD_TARGET) {
		reloc_error(info, relsec, r,
			    ELF64_ST_TYPE(v->syms[s].st_info) == STT_TLS
				    ? "the symbol is thread-local (TLS), which modules cannot have"
				    : "the symbol lies in a section that is not loaded");
		return -LKM_ENOEXEC;
	}
	if ((props & RK_NEEDS_GOT) || (ss->flags & SYM_GOT_BASE))
		return defer(info, relsec, r);
	return apply_one(info, relsec, r);
}

/*
 * One relocation section, checked and applied in one loop.  The fast path
 * takes what nearly every entry is: a symbol in range with nothing
 * special about it (a call to a far import is sent to its stub), a field
 * of up to 8 bytes well inside the section, and a type the arch's fast
 * path knows (PC32, PLT32, 64 on x86-64) with a value in range -- two
 * compares, one look at the symbol, the formula.
 * Anything else, including every refusal, goes the general way, which
 * checks everything again and words the message.
 */
static int apply_section(struct load_info *info, unsigned relsec)
{
	const struct elf_view *v = &info->elf;
	unsigned target = v->sh[relsec].sh_info;
	uint64_t sec_addr = layout_section_addr(info, target), n;
	uint8_t *sec_write = layout_section_write(info, target);
	uint64_t tsize = v->sh[target].sh_size;
	/* offsets below this leave room for an 8-byte field */
	uint64_t fast_end = tsize >= 8 ? tsize - 7 : 0;
	const struct sym_state *sym = info->sym;
	const Elf64_Rela *r = rela_table(v, relsec, &n);
	uint32_t nsyms = v->nsyms;
	/* stub k (from 1) is at stubs + k * stub_size */
	uint64_t stub_size = arch_stub_size();
	uint64_t stubs = (uintptr_t)info->mod->rgn_exec[RGN_TEXT] +
			 info->stub_off - stub_size;

	for (uint64_t j = 0; j < n; j++) {
		uint64_t ri = r[j].r_info, off = r[j].r_offset, S;
		uint32_t s = ELF64_R_SYM(ri), type = ELF64_R_TYPE(ri);
		int err;

		if (s < nsyms && off < fast_end &&
		    !(sym[s].flags & SYM_SPECIAL)) {
			S = sym[s].value;
			/* a call to a far import goes through its stub */
			if (sym[s].stub &&
			    arch_reloc_kind(type) == ARCH_RELOC_BRANCH)
				S = stubs + sym[s].stub * stub_size;
			if (arch_reloc_fast(type, S + (uint64_t)r[j].r_addend,
					    sec_addr + off, sec_write + off))
				continue;
		}
		err = apply_general(info, relsec, j);
		if (err)
			return err;
	}
	return 0;
}

/*
 * The relocations set aside: give the GOT its memory (a region of its
 * own, read-only once sealed; at least one slot, so the GOT base has an
 * address even when only GOT-relative relocations were seen), fill the
 * slots and apply them.
 */
static int apply_deferred(struct load_info *info)
{
	struct lkm_module *m = info->mod;
	int err;

	if (!info->ndeferred)
		return 0;
	err = layout_alloc_got(info, info->ngot ? info->ngot : 1);
	if (err)
		return err;
	for (size_t d = 0; d < info->ndeferred; d++) {
		const Elf64_Rela *r = info->deferred[d].r;
		struct sym_state *ss = &info->sym[ELF64_R_SYM(r->r_info)];

		if (ss->flags & SYM_GOT_BASE)
			ss->value = (uintptr_t)m->rgn_exec[RGN_GOT];
		if (ss->got) /* (again for each use: the same bytes) */
			lkm_memcpy(m->rgn_write[RGN_GOT] + (ss->got - 1) * 8ull,
				   &ss->value, 8);
		err = apply_one(info, info->deferred[d].relsec, r);
		if (err)
			return err;
	}
	return 0;
}

int relocs_apply(struct load_info *info)
{
	for_each_rela_section(info, i) {
		int err = apply_section(info, i);

		if (err)
			return err;
	}
	return apply_deferred(info);
}
