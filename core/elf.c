// SPDX-License-Identifier: MIT
/*
 * elf.c - validation of an untrusted ELF64 relocatable image.
 *
 * Nothing else in the core looks at the image before elf_check() has
 * accepted it, and after that every offset, size and index the rest of the
 * pipeline uses is one that was checked here: section contents lie inside
 * the file, string tables are terminated, symbol names and section indexes
 * are in range, relocation sections point at a real symbol table and target
 * section.  The relocation entries are checked where they are first read,
 * by relocs_check() (relocate.c).  All arithmetic is overflow-safe.  Each
 * refusal names the offending section or index.
 */
#include "internal.h"

#define ELF_MAX_ALIGN (1u << 16) /* larger alignments are refused */

/* Log why the image is refused and return -ENOEXEC from the caller. */
#define elf_fail(k, who, ...)                                               \
	do {                                                                \
		lkm_err(k, __VA_ARGS__);                                    \
		return -LKM_ENOEXEC;                                        \
	} while (0)

const char *elf_section_name(const struct elf_view *v, unsigned idx)
{
	if (!v->secstrings || idx >= v->nsec ||
	    v->sh[idx].sh_name >= v->secstrings_size)
		return "?";
	return v->secstrings + v->sh[idx].sh_name;
}

const char *elf_symbol_name(const struct elf_view *v, const Elf64_Sym *s)
{
	if (ELF64_ST_TYPE(s->st_info) == STT_SECTION)
		return elf_section_name(v, s->st_shndx);
	return v->strtab + s->st_name;
}

/*
 * The sections the load looks up by name, found in the one pass
 * check_sections() makes over the names (a load asks for them a dozen
 * times, each a walk of the section table otherwise).
 */
static const char *const elf_named_sections[] = {
	".modinfo", "__param", "__ksymtab", "__ksymtab_gpl", "__versions",
	"__export_versions",
};

_Static_assert(sizeof(elf_named_sections) / sizeof(elf_named_sections[0]) ==
		       sizeof(((struct elf_view *)0)->named) /
			       sizeof(unsigned),
	       "one slot in struct elf_view for each named section");

static void note_named(struct elf_view *v, unsigned idx)
{
	const char *name = v->secstrings + v->sh[idx].sh_name;

	if (name[0] != '.' && name[0] != '_')
		return;
	for (unsigned n = 0; n < ARRAY_SIZE(elf_named_sections); n++)
		if (!v->named[n] && !lkm_strcmp(name, elf_named_sections[n]))
			v->named[n] = idx;
}

unsigned elf_find_section(const struct elf_view *v, const char *name)
{
	for (unsigned n = 0; n < ARRAY_SIZE(elf_named_sections); n++)
		if (!lkm_strcmp(name, elf_named_sections[n]))
			return v->named[n];
	for (unsigned i = 1; i < v->nsec; i++)
		if (!lkm_strcmp(elf_section_name(v, i), name))
			return i;
	return 0;
}

const void *elf_section_data(const struct elf_view *v, unsigned idx)
{
	if (v->sh[idx].sh_type == SHT_NOBITS)
		return NULL;
	return v->image + v->sh[idx].sh_offset;
}

static int check_header(struct lkm_kernel *k, const char *who,
			struct elf_view *v)
{
	const Elf64_Ehdr *eh = v->eh;

	if (v->size < sizeof(*eh))
		elf_fail(k, who, "%s: file too short for an ELF header (%zu bytes)",
			 who, v->size);
	if (lkm_memcmp(eh->e_ident, "\177ELF", 4))
		elf_fail(k, who, "%s: not an ELF file (bad magic)", who);
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		elf_fail(k, who, "%s: ELF class %u is not ELFCLASS64", who,
			 eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		elf_fail(k, who, "%s: ELF data encoding %u is not little-endian",
			 who, eh->e_ident[EI_DATA]);
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		elf_fail(k, who, "%s: unknown ELF version %u", who,
			 eh->e_version);
	if (eh->e_type != ET_REL)
		elf_fail(k, who,
			 "%s: ELF type %u is not ET_REL (a module is a relocatable object, not an executable or shared library)",
			 who, eh->e_type);
	if (eh->e_machine != arch_elf_machine())
		elf_fail(k, who,
			 "%s: ELF machine %u does not match this kernel's (%u)",
			 who, eh->e_machine, arch_elf_machine());
	if (eh->e_shentsize != sizeof(Elf64_Shdr))
		elf_fail(k, who, "%s: section header size %u, expected %zu",
			 who, eh->e_shentsize, sizeof(Elf64_Shdr));
	if (eh->e_shnum == 0 || eh->e_shnum >= SHN_LORESERVE)
		elf_fail(k, who, "%s: unsupported section count %u", who,
			 eh->e_shnum);
	if (eh->e_shoff < sizeof(*eh) || eh->e_shoff % 8 ||
	    !lkm_range_ok(eh->e_shoff,
			  (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), v->size))
		elf_fail(k, who,
			 "%s: section header table (offset %lu, %u entries) lies outside the file or over the ELF header",
			 who, (unsigned long)eh->e_shoff, eh->e_shnum);
	if (eh->e_shstrndx == 0 || eh->e_shstrndx >= eh->e_shnum)
		elf_fail(k, who, "%s: section name table index %u out of range",
			 who, eh->e_shstrndx);
	v->sh = (const Elf64_Shdr *)(v->image + eh->e_shoff);
	v->nsec = eh->e_shnum;
	return 0;
}

/* A string table must lie in the file and end with a NUL. */
static int check_strtab(struct lkm_kernel *k, const char *who,
			const struct elf_view *v, unsigned idx)
{
	const Elf64_Shdr *s = &v->sh[idx];

	if (s->sh_type != SHT_STRTAB || s->sh_size == 0 ||
	    v->image[s->sh_offset + s->sh_size - 1] != '\0')
		elf_fail(k, who,
			 "%s: section %u is not a NUL-terminated string table",
			 who, idx);
	return 0;
}

static int check_sections(struct lkm_kernel *k, const char *who,
			  struct elf_view *v)
{
	const Elf64_Shdr *ss;
	unsigned nsymtab = 0;

	for (unsigned i = 0; i < v->nsec; i++) {
		const Elf64_Shdr *s = &v->sh[i];

		/* SHT_NULL too: a section is found by name whatever its type */
		if (s->sh_type != SHT_NOBITS &&
		    !lkm_range_ok(s->sh_offset, s->sh_size, v->size))
			elf_fail(k, who,
				 "%s: section %u (offset %lu, size %lu) lies outside the file (%zu bytes)",
				 who, i, (unsigned long)s->sh_offset,
				 (unsigned long)s->sh_size, v->size);
		if (s->sh_addralign > ELF_MAX_ALIGN ||
		    (s->sh_addralign > 1 && !lkm_is_pow2(s->sh_addralign)))
			elf_fail(k, who,
				 "%s: section %u has unsupported alignment %lu",
				 who, i, (unsigned long)s->sh_addralign);
		if (s->sh_type == SHT_SYMTAB) {
			nsymtab++;
			v->symtab_idx = i;
		}
	}
	if (check_strtab(k, who, v, v->eh->e_shstrndx))
		return -LKM_ENOEXEC;
	ss = &v->sh[v->eh->e_shstrndx];
	v->secstrings = (const char *)v->image + ss->sh_offset;
	v->secstrings_size = ss->sh_size;
	for (unsigned i = 0; i < v->nsec; i++) {
		if (v->sh[i].sh_name >= v->secstrings_size)
			elf_fail(k, who, "%s: section %u name offset out of range",
				 who, i);
		if (i)
			note_named(v, i);
	}
	if (nsymtab != 1)
		elf_fail(k, who, "%s: expected one symbol table, found %u",
			 who, nsymtab);
	return 0;
}

static int check_symbols(struct lkm_kernel *k, const char *who,
			 struct elf_view *v)
{
	const Elf64_Shdr *st = &v->sh[v->symtab_idx];
	const Elf64_Shdr *str;

	if (st->sh_entsize != sizeof(Elf64_Sym) || st->sh_size % sizeof(Elf64_Sym) ||
	    st->sh_offset % 8 || st->sh_size / sizeof(Elf64_Sym) > UINT32_MAX)
		elf_fail(k, who, "%s: malformed symbol table (section %u)", who,
			 v->symtab_idx);
	if (st->sh_link == 0 || st->sh_link >= v->nsec ||
	    check_strtab(k, who, v, st->sh_link))
		elf_fail(k, who, "%s: symbol table has no valid string table",
			 who);
	str = &v->sh[st->sh_link];
	v->syms = (const Elf64_Sym *)(v->image + st->sh_offset);
	v->nsyms = (unsigned)(st->sh_size / sizeof(Elf64_Sym));
	v->strtab = (const char *)v->image + str->sh_offset;
	v->strtab_size = str->sh_size;
	for (unsigned i = 1; i < v->nsyms; i++) {
		const Elf64_Sym *s = &v->syms[i];
		unsigned shndx = s->st_shndx;

		if (s->st_name >= v->strtab_size)
			elf_fail(k, who, "%s: symbol %u name offset out of range",
				 who, i);
		if (shndx == SHN_XINDEX ||
		    (shndx >= v->nsec && shndx < SHN_LORESERVE) ||
		    (shndx >= SHN_LORESERVE && shndx != SHN_ABS &&
		     shndx != SHN_COMMON))
			elf_fail(k, who,
				 "%s: symbol '%s' has section index %u out of range",
				 who, v->strtab + s->st_name, shndx);
		if (ELF64_ST_TYPE(s->st_info) == STT_TLS && shndx &&
		    (shndx >= SHN_LORESERVE ||
		     !(v->sh[shndx].sh_flags & SHF_TLS)))
			elf_fail(k, who,
				 "%s: symbol '%s' is thread-local but lies in %s, not in a TLS section",
				 who, v->strtab + s->st_name,
				 shndx >= SHN_LORESERVE ? "no section"
							: elf_section_name(v, shndx));
		if (shndx == SHN_COMMON &&
		    (!lkm_is_pow2(s->st_value ? s->st_value : 1) ||
		     s->st_value > ELF_MAX_ALIGN || s->st_size > (1u << 30)))
			elf_fail(k, who,
				 "%s: COMMON symbol '%s' has bad size or alignment",
				 who, v->strtab + s->st_name);
	}
	return 0;
}

/*
 * Relocation section headers.  The entries themselves are checked by
 * relocs_check() in the same pass that reads them for the load, and only
 * for sections that are loaded: relocations of debug sections are never
 * applied, so they are never read.
 */
static int check_relocs(struct lkm_kernel *k, const char *who,
			const struct elf_view *v)
{
	for (unsigned i = 1; i < v->nsec; i++) {
		const Elf64_Shdr *s = &v->sh[i];

		if (s->sh_type == SHT_REL)
			elf_fail(k, who,
				 "%s: section %s uses SHT_REL relocations; x86-64 modules use SHT_RELA",
				 who, elf_section_name(v, i));
		if (s->sh_type != SHT_RELA)
			continue;
		if (s->sh_entsize != sizeof(Elf64_Rela) ||
		    s->sh_size % sizeof(Elf64_Rela) || s->sh_offset % 8)
			elf_fail(k, who, "%s: malformed relocation section %s",
				 who, elf_section_name(v, i));
		if (s->sh_link != v->symtab_idx)
			elf_fail(k, who,
				 "%s: relocation section %s does not use the symbol table",
				 who, elf_section_name(v, i));
		if (s->sh_info == 0 || s->sh_info >= v->nsec)
			elf_fail(k, who,
				 "%s: relocation section %s targets section %u, out of range",
				 who, elf_section_name(v, i), s->sh_info);
	}
	return 0;
}

int elf_check(struct lkm_kernel *k, const char *who, const void *image,
	      size_t size, struct elf_view *v)
{
	int err;

	lkm_memset(v, 0, sizeof(*v));
	if (!image || (uintptr_t)image % 8) {
		lkm_err(k, "%s: image buffer must be 8-byte aligned", who);
		return -LKM_EINVAL;
	}
	v->image = image;
	v->size = size;
	v->eh = image;
	err = check_header(k, who, v);
	if (!err)
		err = check_sections(k, who, v);
	if (!err)
		err = check_symbols(k, who, v);
	if (!err)
		err = check_relocs(k, who, v);
	return err;
}
