// SPDX-License-Identifier: MIT
/*
 * relocate.c - the generic half of relocation.
 *
 * Two passes over the relocations of the loaded sections, and one over the
 * symbols between them.  relocs_check(), before symbols are resolved,
 * refuses what can never be honoured (unknown and TLS types, references to
 * TLS symbols or to sections that are not loaded, relocations of sections
 * without contents), gives every symbol a GOT-type relocation names a GOT
 * slot, and marks branch targets.  relocs_plan_stubs(), once symbols are
 * resolved, gives a stub to each external branch target out of reach of the
 * module area.  relocs_apply() fills the GOT and the stubs and computes S,
 * A, P, G and GOT for each relocation; the arch formulas (arch_reloc.h,
 * inline: they run once per relocation) own the type switch and the range
 * checks.  Every refusal names the type, the symbol, the section and the
 * offset.
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

/* Is the symbol defined in a section that is not loaded? */
static bool in_unloaded_section(const struct load_info *info,
				const Elf64_Sym *s)
{
	return s->st_shndx != SHN_UNDEF && s->st_shndx < SHN_LORESERVE &&
	       info->place[s->st_shndx].region == SEC_NOT_LOADED;
}

static int check_one(struct load_info *info, unsigned relsec,
		     const Elf64_Rela *r)
{
	uint32_t sym = ELF64_R_SYM(r->r_info);

	switch (arch_reloc_kind(ELF64_R_TYPE(r->r_info))) {
	case ARCH_RELOC_UNKNOWN:
		reloc_error(info, relsec, r, "relocation type not supported");
		return -LKM_ENOEXEC;
	case ARCH_RELOC_TLS:
		reloc_error(info, relsec, r,
			    "thread-local storage (TLS) is not supported in modules");
		return -LKM_ENOEXEC;
	case ARCH_RELOC_GOT: /* symbol 0 gets a slot too: it holds 0 */
		if (!info->sym[sym].got)
			info->sym[sym].got = (uint32_t)++info->ngot;
		break;
	case ARCH_RELOC_BRANCH:
		info->sym[sym].flags |= SYM_BRANCHED;
		break;
	default:
		break;
	}
	if (info->sym[sym].flags & SYM_BAD_TARGET) {
		reloc_error(info, relsec, r,
			    ELF64_ST_TYPE(info->elf.syms[sym].st_info) == STT_TLS
				    ? "the symbol is thread-local (TLS), which modules cannot have"
				    : "the symbol lies in a section that is not loaded");
		return -LKM_ENOEXEC;
	}
	return 0;
}

int relocs_check(struct load_info *info)
{
	const struct elf_view *v = &info->elf;

	/* per symbol once, so the per-relocation check stays small */
	for (unsigned i = 1; i < v->nsyms; i++)
		if (ELF64_ST_TYPE(v->syms[i].st_info) == STT_TLS ||
		    in_unloaded_section(info, &v->syms[i]))
			info->sym[i].flags |= SYM_BAD_TARGET;
	for_each_rela_section(info, i) {
		uint64_t n;
		const Elf64_Rela *r = rela_table(v, i, &n);

		if (v->sh[v->sh[i].sh_info].sh_type == SHT_NOBITS) {
			lkm_err(info->k,
				"%s: relocation section %s applies to %s, which has no file contents",
				info->who, elf_section_name(v, i),
				elf_section_name(v, v->sh[i].sh_info));
			return -LKM_ENOEXEC;
		}
		for (uint64_t j = 0; j < n; j++) {
			int err = check_one(info, i, &r[j]);

			if (err)
				return err;
		}
	}
	return 0;
}

void relocs_plan_stubs(struct load_info *info)
{
	const struct lkm_ops *ops = info->k->ops;

	for (unsigned i = 1; i < info->elf.nsyms; i++)
		if ((info->sym[i].flags &
		     (SYM_BRANCHED | SYM_EXTERNAL | SYM_GOT_BASE)) ==
			    (SYM_BRANCHED | SYM_EXTERNAL) &&
		    !arch_branch_reaches(ops->area_lo, ops->area_hi,
					 info->sym[i].value))
			info->sym[i].stub = (uint32_t)++info->nstubs;
}

static uint64_t stub_offset(const struct load_info *info, uint32_t slot)
{
	return info->stub_off + (slot - 1) * arch_stub_size();
}

/* GOT and stubs are written through the write aliases. */
static void fill_got_and_stubs(struct load_info *info)
{
	const struct lkm_module *m = info->mod;
	uint8_t *got = m->rgn_write[RGN_RODATA] + info->got_off;

	for (unsigned i = 1; i < info->elf.nsyms; i++) {
		if (info->sym[i].got)
			lkm_memcpy(got + (info->sym[i].got - 1) * 8ull,
				   &info->sym[i].value, 8);
		if (info->sym[i].stub)
			arch_stub_write(m->rgn_write[RGN_TEXT] +
						stub_offset(info,
							    info->sym[i].stub),
					info->sym[i].value);
	}
}

/* Apply the relocations of RELA section @relsec: the hot loop. */
static int apply_section(struct load_info *info, unsigned relsec)
{
	const struct elf_view *v = &info->elf;
	unsigned target = v->sh[relsec].sh_info;
	uint64_t sec_addr = layout_section_addr(info, target), n;
	uint8_t *sec_write = layout_section_write(info, target);
	uint64_t sec_size = v->sh[target].sh_size;
	uint64_t got = (uintptr_t)info->mod->rgn_exec[RGN_RODATA] + info->got_off;
	uint64_t text = (uintptr_t)info->mod->rgn_exec[RGN_TEXT];
	const Elf64_Rela *r = rela_table(v, relsec, &n);

	for (uint64_t j = 0; j < n; j++) {
		const struct sym_state *ss = &info->sym[ELF64_R_SYM(r[j].r_info)];
		struct arch_reloc ar = {
			.type = ELF64_R_TYPE(r[j].r_info),
			.S = ss->value,
			.A = r[j].r_addend,
			.P = sec_addr + r[j].r_offset,
			.GOT = got,
			.loc = sec_write + r[j].r_offset,
			.room = sec_size - r[j].r_offset,
		};
		enum arch_reloc_kind kind = arch_reloc_kind(ar.type);
		const char *why = "";

		if (ss->got)
			ar.G = got + (ss->got - 1) * 8ull;
		if (ss->stub && kind == ARCH_RELOC_BRANCH)
			ar.S = text + stub_offset(info, ss->stub);
		if (kind == ARCH_RELOC_SIZE)
			ar.Z = v->syms[ELF64_R_SYM(r[j].r_info)].st_size;
		if (arch_reloc_apply(&ar, &why)) {
			reloc_error(info, relsec, &r[j], why);
			return -LKM_ENOEXEC;
		}
	}
	return 0;
}

int relocs_apply(struct load_info *info)
{
	fill_got_and_stubs(info);
	for_each_rela_section(info, i) {
		int err = apply_section(info, i);

		if (err)
			return err;
	}
	return 0;
}
