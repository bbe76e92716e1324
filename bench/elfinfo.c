// SPDX-License-Identifier: MIT
/*
 * elfinfo.c - the few facts about a module file the harness needs: its
 * relocation count, the bytes of the sections the core loads, its name.
 *
 * The inputs are our own build outputs, trusted; the checks here only keep
 * a broken input from crashing the harness.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static const Elf64_Shdr *sections(const void *image, unsigned *n)
{
	const Elf64_Ehdr *eh = image;

	*n = eh->e_shnum;
	return (const Elf64_Shdr *)((const uint8_t *)image + eh->e_shoff);
}

static const char *section_name(const void *image, unsigned idx)
{
	const Elf64_Ehdr *eh = image;
	unsigned n;
	const Elf64_Shdr *sh = sections(image, &n);

	return (const char *)image + sh[eh->e_shstrndx].sh_offset +
	       sh[idx].sh_name;
}

static bool has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

/* The rule of core/layout.c: allocated, not a note or group, not metadata. */
bool ko_section_is_loaded(const void *image, unsigned idx)
{
	static const char *const skipped[] = { ".modinfo", "__versions",
					       "__export_versions",
					       ".eh_frame" };
	unsigned n;
	const Elf64_Shdr *s = &sections(image, &n)[idx];
	const char *name = section_name(image, idx);

	if (!(s->sh_flags & SHF_ALLOC) || s->sh_type == SHT_NOTE ||
	    s->sh_type == SHT_GROUP || s->sh_type == SHT_NULL)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(skipped); i++)
		if (!strcmp(name, skipped[i]))
			return false;
	return !has_prefix(name, ".discard");
}

static char *modinfo_name(void *image, size_t *len)
{
	unsigned n;
	const Elf64_Shdr *sh = sections(image, &n);

	for (unsigned i = 1; i < n; i++) {
		char *p, *end;

		if (strcmp(section_name(image, i), ".modinfo"))
			continue;
		p = (char *)image + sh[i].sh_offset;
		end = p + sh[i].sh_size;
		for (; p < end; p += strlen(p) + 1)
			if (!strncmp(p, "name=", 5)) {
				*len = strlen(p + 5);
				return p + 5;
			}
	}
	return NULL;
}

int ko_inspect(const void *image, size_t size, struct ko_info *out)
{
	const Elf64_Ehdr *eh = image;
	const Elf64_Shdr *sh;
	/* text, rodata (THIS_MODULE: never empty), data, init text and data */
	bool regions[5] = { false, true };
	unsigned n;
	size_t len;
	const char *name;

	memset(out, 0, sizeof(*out));
	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_type != ET_REL || eh->e_shoff + eh->e_shnum *
	    sizeof(Elf64_Shdr) > size)
		return -ENOEXEC;
	sh = sections(image, &n);
	for (unsigned i = 1; i < n; i++) {
		bool init, exec, write;

		if (sh[i].sh_type == SHT_RELA && sh[i].sh_info < n &&
		    ko_section_is_loaded(image, sh[i].sh_info))
			out->relocs += sh[i].sh_size / sizeof(Elf64_Rela);
		if (sh[i].sh_type == SHT_SYMTAB)
			out->nsyms = sh[i].sh_size / sizeof(Elf64_Sym);
		if (!ko_section_is_loaded(image, i))
			continue;
		out->alloc_bytes += sh[i].sh_size;
		init = has_prefix(section_name(image, i), ".init.");
		exec = sh[i].sh_flags & SHF_EXECINSTR;
		write = sh[i].sh_flags & SHF_WRITE;
		if (sh[i].sh_size)
			regions[exec ? (init ? 3 : 0)
				     : init ? 4 : write ? 2 : 1] = true;
		if (!init)
			out->core_bytes += sh[i].sh_size;
		else if (sh[i].sh_flags & SHF_EXECINSTR)
			out->init_text += sh[i].sh_size;
		else
			out->init_data += sh[i].sh_size;
	}
	for (unsigned r = 0; r < 5; r++)
		out->regions += regions[r];
	name = modinfo_name((void *)image, &len);
	if (!name)
		return -ENOEXEC;
	snprintf(out->name, sizeof(out->name), "%s", name);
	return 0;
}

int ko_undefined(const void *image, const char ***names, size_t *n)
{
	unsigned nsec;
	const Elf64_Shdr *sh = sections(image, &nsec);

	*names = NULL;
	*n = 0;
	for (unsigned i = 1; i < nsec; i++) {
		const Elf64_Sym *sym;
		const char *str;
		size_t count;

		if (sh[i].sh_type != SHT_SYMTAB)
			continue;
		sym = (const Elf64_Sym *)((const uint8_t *)image +
					  sh[i].sh_offset);
		str = (const char *)image + sh[sh[i].sh_link].sh_offset;
		count = sh[i].sh_size / sizeof(*sym);
		*names = calloc(count ? count : 1, sizeof(**names));
		if (!*names)
			return -ENOMEM;
		for (size_t j = 1; j < count; j++)
			if (sym[j].st_shndx == SHN_UNDEF && sym[j].st_name &&
			    str[sym[j].st_name])
				(*names)[(*n)++] = str + sym[j].st_name;
	}
	return 0;
}

int ko_rename(void *image, size_t size, unsigned n)
{
	size_t len;
	char *name = modinfo_name(image, &len);

	if (!name || len < 3 || n > 99)
		return -EINVAL;
	name[len - 2] = (char)('0' + n / 10);
	name[len - 1] = (char)('0' + n % 10);
	return 0;
}
