// SPDX-License-Identifier: MIT
/*
 * relocate.c - the generic half of relocation.
 *
 * Two passes over the relocations of the loaded sections (their entries
 * are read nowhere else).  relocs_check(), before symbols are resolved,
 * checks each entry -- symbol index, place inside its section, type --
 * refusing unknown and TLS types and relocations of sections without
 * contents, and marks each symbol with what the relocations need of it
 * (a GOT slot, a possible stub, to exist at all).  The symbol passes of
 * load.c and symbols.c act on the marks: refuse references to TLS symbols
 * or unloaded sections, give GOT slots and stubs, fill them
 * (relocs_fill_slots()).  relocs_apply() is the hot loop: the three common
 * types go through the arch's fast path, the rest through the arch
 * formulas (arch_reloc.h, inline), which own the type switch and the range
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

/* What a relocation of each kind needs of its symbol; 0: refused. */
static const uint8_t kind_needs[ARCH_RELOC_KIND_COUNT] = {
	[ARCH_RELOC_PLAIN] = SYM_USED,
	[ARCH_RELOC_BRANCH] = SYM_USED | SYM_BRANCHED,
	[ARCH_RELOC_GOT] = SYM_USED | SYM_WANTS_GOT,
	[ARCH_RELOC_GOTBASE] = SYM_USED,
	[ARCH_RELOC_SIZE] = SYM_USED,
};

/*
 * Word the refusal of relocation @j of @relsec, which the check loop found
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

/* The first relocation, in file order, whose symbol is a bad target. */
int relocs_refuse_bad_target(const struct load_info *info)
{
	const struct elf_view *v = &info->elf;

	for_each_rela_section(info, i) {
		uint64_t n;
		const Elf64_Rela *r = rela_table(v, i, &n);

		for (uint64_t j = 0; j < n; j++) {
			const Elf64_Sym *s = &v->syms[ELF64_R_SYM(r[j].r_info)];

			if (!ELF64_R_SYM(r[j].r_info) || !sym_bad_target(info, s))
				continue;
			reloc_error(info, i, &r[j],
				    ELF64_ST_TYPE(s->st_info) == STT_TLS
					    ? "the symbol is thread-local (TLS), which modules cannot have"
					    : "the symbol lies in a section that is not loaded");
			return -LKM_ENOEXEC;
		}
	}
	return -LKM_ENOEXEC; /* not reached: the caller saw one */
}

/*
 * One relocation section: every entry's symbol index, place and type are
 * checked (r_offset + the field's width inside the section, so the apply
 * loop need not check), and its symbol is marked with what the
 * relocation needs of it.  One table lookup and one test an entry.
 */
static int check_section(struct load_info *info, unsigned relsec)
{
	const struct elf_view *v = &info->elf;
	struct sym_state *sym = info->sym;
	uint64_t n, tsize = v->sh[v->sh[relsec].sh_info].sh_size;
	const Elf64_Rela *r = rela_table(v, relsec, &n);
	uint32_t nsyms = v->nsyms;

	for (uint64_t j = 0; j < n; j++) {
		uint32_t type = ELF64_R_TYPE(r[j].r_info);
		uint32_t s = ELF64_R_SYM(r[j].r_info);
		uint8_t needs = kind_needs[arch_reloc_kind(type)];

		if (s >= nsyms || !needs || r[j].r_offset >= tsize ||
		    arch_reloc_width(type) > tsize - r[j].r_offset)
			return refuse(info, relsec, j);
		sym[s].flags |= needs;
	}
	return 0;
}

int relocs_check(struct load_info *info)
{
	const struct elf_view *v = &info->elf;

	for_each_rela_section(info, i) {
		int err;

		if (v->sh[v->sh[i].sh_info].sh_type == SHT_NOBITS) {
			lkm_err(info->k,
				"%s: relocation section %s applies to %s, which has no file contents",
				info->who, elf_section_name(v, i),
				elf_section_name(v, v->sh[i].sh_info));
			return -LKM_ENOEXEC;
		}
		err = check_section(info, i);
		if (err)
			return err;
	}
	return 0;
}

static uint64_t stub_offset(const struct load_info *info, uint32_t slot)
{
	return info->stub_off + (slot - 1) * arch_stub_size();
}

/* GOT slot and stub of symbol @i, written through the write aliases. */
void relocs_fill_slots(struct load_info *info, unsigned i)
{
	const struct lkm_module *m = info->mod;
	const struct sym_state *ss = &info->sym[i];

	if (ss->got)
		lkm_memcpy(m->rgn_write[RGN_RODATA] + info->got_off +
				   (ss->got - 1) * 8ull,
			   &ss->value, 8);
	if (ss->stub)
		arch_stub_write(m->rgn_write[RGN_TEXT] +
					stub_offset(info, ss->stub),
				ss->value);
}

/*
 * The general case: any type, stubs, GOT slots, sizes; the refusals.  Out
 * of line, so the hot loop keeps its few values in registers.
 */
static __attribute__((noinline)) int apply_one(const struct load_info *info, unsigned relsec,
		     const Elf64_Rela *r, uint64_t sec_addr, uint8_t *sec_write,
		     uint64_t sec_size)
{
	const struct sym_state *ss = &info->sym[ELF64_R_SYM(r->r_info)];
	uint64_t got = (uintptr_t)info->mod->rgn_exec[RGN_RODATA] + info->got_off;
	struct arch_reloc ar = {
		.type = ELF64_R_TYPE(r->r_info),
		.S = ss->value,
		.A = r->r_addend,
		.P = sec_addr + r->r_offset,
		.GOT = got,
		.loc = sec_write + r->r_offset,
		.room = sec_size - r->r_offset,
	};
	enum arch_reloc_kind kind = arch_reloc_kind(ar.type);
	const char *why = "";

	if (ss->got)
		ar.G = got + (ss->got - 1) * 8ull;
	if (ss->stub && kind == ARCH_RELOC_BRANCH)
		ar.S = (uintptr_t)info->mod->rgn_exec[RGN_TEXT] +
		       stub_offset(info, ss->stub);
	if (kind == ARCH_RELOC_SIZE)
		ar.Z = info->elf.syms[ELF64_R_SYM(r->r_info)].st_size;
	if (arch_reloc_apply(&ar, &why)) {
		reloc_error(info, relsec, r, why);
		return -LKM_ENOEXEC;
	}
	return 0;
}

/*
 * Apply the relocations of RELA section @relsec: the hot loop.  Entries
 * were checked by relocs_check(), so what is left per entry is the
 * formula; the arch's fast path takes the common types whose symbol has
 * no stub, and everything else goes the general way.
 */
static int apply_section(struct load_info *info, unsigned relsec)
{
	const struct elf_view *v = &info->elf;
	unsigned target = v->sh[relsec].sh_info;
	uint64_t sec_addr = layout_section_addr(info, target), n;
	uint8_t *sec_write = layout_section_write(info, target);
	uint64_t sec_size = v->sh[target].sh_size;
	const struct sym_state *sym = info->sym;
	const Elf64_Rela *r = rela_table(v, relsec, &n);

	for (uint64_t j = 0; j < n; j++) {
		uint64_t ri = r[j].r_info, off = r[j].r_offset;
		const struct sym_state *ss = &sym[ELF64_R_SYM(ri)];
		int err;

		if (!ss->stub &&
		    arch_reloc_fast(ELF64_R_TYPE(ri),
				    ss->value + (uint64_t)r[j].r_addend,
				    sec_addr + off, sec_write + off))
			continue;
		err = apply_one(info, relsec, &r[j], sec_addr, sec_write,
				sec_size);
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
	return 0;
}
