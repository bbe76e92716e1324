// SPDX-License-Identifier: MIT
/*
 * elf.c - reading what the tools need from an ELF module: sections by name,
 * the .modinfo strings, the symbols a module exports (for depmod's
 * modules.symbols) and the symbols it needs (for modules.dep).
 *
 * It reads any class and byte order (depmod runs on a build host for other
 * machines) and trusts nothing: every offset and size is checked against
 * the image before use.  What counts as an export or an import follows
 * kmod exactly, since depmod's outputs must be byte-identical: exports are
 * the __crc_<name> symbols when the module has any (a modversions build),
 * else the strings of __ksymtab_strings; imports are the undefined symbols
 * of .symtab followed by the __versions entries no symbol referred to.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kmod.h"

static uint64_t rd(const struct kmod_elf *elf, uint64_t off, unsigned int size)
{
	const uint8_t *p = elf->mem + off;
	uint64_t v = 0;
	unsigned int i;

	if (elf->msb) {
		for (i = 0; i < size; i++)
			v = (v << 8) | p[i];
	} else {
		for (i = size; i > 0; i--)
			v = (v << 8) | p[i - 1];
	}
	return v;
}

/* Whether [off, off + len) lies inside the image. */
static bool in_image(const struct kmod_elf *elf, uint64_t off, uint64_t len)
{
	return off <= elf->size && len <= elf->size - off;
}

struct shdr {
	uint32_t name;
	uint32_t type;
	uint64_t offset;
	uint64_t size;
};

static int section_header(const struct kmod_elf *elf, unsigned int idx, struct shdr *sh)
{
	uint64_t off;

	if (idx == SHN_UNDEF || idx >= elf->shnum)
		return -EINVAL;
	off = elf->shoff + (uint64_t)idx * elf->shentsize;
	if (elf->is32) {
		sh->name = (uint32_t)rd(elf, off + offsetof(Elf32_Shdr, sh_name), 4);
		sh->type = (uint32_t)rd(elf, off + offsetof(Elf32_Shdr, sh_type), 4);
		sh->offset = rd(elf, off + offsetof(Elf32_Shdr, sh_offset), 4);
		sh->size = rd(elf, off + offsetof(Elf32_Shdr, sh_size), 4);
	} else {
		sh->name = (uint32_t)rd(elf, off + offsetof(Elf64_Shdr, sh_name), 4);
		sh->type = (uint32_t)rd(elf, off + offsetof(Elf64_Shdr, sh_type), 4);
		sh->offset = rd(elf, off + offsetof(Elf64_Shdr, sh_offset), 8);
		sh->size = rd(elf, off + offsetof(Elf64_Shdr, sh_size), 8);
	}
	/* Like kmod, even SHT_NOBITS sections must fit in the file. */
	if (!in_image(elf, sh->offset, sh->size))
		return -EINVAL;
	return 0;
}

int kmod_elf_init(struct kmod_elf *elf, const void *mem, size_t size)
{
	const uint8_t *p = mem;
	struct shdr sh;
	uint16_t shstrndx;
	size_t shdr_size;

	memset(elf, 0, sizeof(*elf));
	if (size <= EI_NIDENT || memcmp(p, ELFMAG, SELFMAG) != 0)
		return -ENOEXEC;
	switch (p[EI_CLASS]) {
	case ELFCLASS32:
		if (size <= sizeof(Elf32_Ehdr))
			return -EINVAL;
		elf->is32 = true;
		break;
	case ELFCLASS64:
		if (size <= sizeof(Elf64_Ehdr))
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	switch (p[EI_DATA]) {
	case ELFDATA2LSB:
		break;
	case ELFDATA2MSB:
		elf->msb = true;
		break;
	default:
		return -EINVAL;
	}
	elf->mem = p;
	elf->size = size;
	if (elf->is32) {
		elf->shoff = rd(elf, offsetof(Elf32_Ehdr, e_shoff), 4);
		elf->shnum = (uint16_t)rd(elf, offsetof(Elf32_Ehdr, e_shnum), 2);
		elf->shentsize = (uint16_t)rd(elf, offsetof(Elf32_Ehdr, e_shentsize), 2);
		shstrndx = (uint16_t)rd(elf, offsetof(Elf32_Ehdr, e_shstrndx), 2);
		elf->machine = (uint16_t)rd(elf, offsetof(Elf32_Ehdr, e_machine), 2);
		shdr_size = sizeof(Elf32_Shdr);
	} else {
		elf->shoff = rd(elf, offsetof(Elf64_Ehdr, e_shoff), 8);
		elf->shnum = (uint16_t)rd(elf, offsetof(Elf64_Ehdr, e_shnum), 2);
		elf->shentsize = (uint16_t)rd(elf, offsetof(Elf64_Ehdr, e_shentsize), 2);
		shstrndx = (uint16_t)rd(elf, offsetof(Elf64_Ehdr, e_shstrndx), 2);
		elf->machine = (uint16_t)rd(elf, offsetof(Elf64_Ehdr, e_machine), 2);
		shdr_size = sizeof(Elf64_Shdr);
	}
	if (elf->shentsize != shdr_size ||
	    !in_image(elf, elf->shoff, (uint64_t)shdr_size * elf->shnum))
		return -EINVAL;
	if (section_header(elf, shstrndx, &sh) < 0 || sh.size == 0 ||
	    p[sh.offset + sh.size - 1] != '\0')
		return -EINVAL;
	elf->shstr = (const char *)p + sh.offset;
	elf->shstr_size = sh.size;
	return 0;
}

int kmod_elf_get_section(const struct kmod_elf *elf, const char *name,
			 const void **buf, uint64_t *size)
{
	unsigned int i;

	*buf = NULL;
	*size = 0;
	for (i = 1; i < elf->shnum; i++) {
		struct shdr sh;

		if (section_header(elf, i, &sh) < 0 || sh.name >= elf->shstr_size)
			continue;
		if (strcmp(elf->shstr + sh.name, name) != 0)
			continue;
		*buf = elf->mem + sh.offset;
		*size = sh.size;
		return 0;
	}
	return -ENOENT;
}

int kmod_elf_get_strings(const struct kmod_elf *elf, const char *name, char ***strv)
{
	const void *buf;
	const char *s;
	uint64_t size, i;
	size_t len;
	char *copy, **v;
	int count = 0, j;

	*strv = NULL;
	if (kmod_elf_get_section(elf, name, &buf, &size) < 0)
		return -ENOENT;
	s = buf;
	while (size > 1 && s[0] == '\0') {
		s++;
		size--;
	}
	if (size <= 1)
		return 0;
	/* Count the runs of non-NUL bytes (strnlen: a word at a time, not a byte). */
	for (i = 0; i < size; i += len + 1) {
		len = strnlen(s + i, size - i);
		if (len)
			count++;
	}
	v = xmalloc(sizeof(char *) * ((size_t)count + 1) + size + 1);
	copy = (char *)(v + count + 1);
	memcpy(copy, s, size);
	copy[size] = '\0';
	for (i = 0, j = 0; i < size; i += len + 1) {
		len = strlen(copy + i);
		if (len)
			v[j++] = copy + i;
	}
	v[count] = NULL;
	*strv = v;
	return count;
}

/* The symbol table and its strings, checked. */
struct symtab {
	uint64_t off;       /* of the first entry */
	uint64_t count;
	unsigned int entsize;
	const char *str;
	uint64_t str_size;
};

static int symtab_get(const struct kmod_elf *elf, struct symtab *st)
{
	const void *sym, *str;
	uint64_t symsize, strsize;

	if (kmod_elf_get_section(elf, ".strtab", &str, &strsize) < 0 ||
	    kmod_elf_get_section(elf, ".symtab", &sym, &symsize) < 0)
		return -EINVAL;
	st->entsize = elf->is32 ? sizeof(Elf32_Sym) : sizeof(Elf64_Sym);
	if (symsize % st->entsize != 0)
		return -EINVAL;
	st->off = (uint64_t)((const uint8_t *)sym - elf->mem);
	st->count = symsize / st->entsize;
	st->str = str;
	st->str_size = strsize;
	return 0;
}

struct sym {
	uint32_t name;
	uint8_t info;
	uint16_t shndx;
	uint64_t value;
};

static void sym_read(const struct kmod_elf *elf, const struct symtab *st, uint64_t i,
		     struct sym *s)
{
	uint64_t off = st->off + i * st->entsize;

	if (elf->is32) {
		s->name = (uint32_t)rd(elf, off + offsetof(Elf32_Sym, st_name), 4);
		s->value = rd(elf, off + offsetof(Elf32_Sym, st_value), 4);
		s->info = (uint8_t)rd(elf, off + offsetof(Elf32_Sym, st_info), 1);
		s->shndx = (uint16_t)rd(elf, off + offsetof(Elf32_Sym, st_shndx), 2);
	} else {
		s->name = (uint32_t)rd(elf, off + offsetof(Elf64_Sym, st_name), 4);
		s->value = rd(elf, off + offsetof(Elf64_Sym, st_value), 8);
		s->info = (uint8_t)rd(elf, off + offsetof(Elf64_Sym, st_info), 1);
		s->shndx = (uint16_t)rd(elf, off + offsetof(Elf64_Sym, st_shndx), 2);
	}
}

/* The symbol's name, or NULL when it does not lie NUL-terminated in .strtab. */
static const char *sym_name(const struct symtab *st, uint32_t name)
{
	if (name >= st->str_size ||
	    !memchr(st->str + name, '\0', st->str_size - name))
		return NULL;
	return st->str + name;
}

/* A __crc_ symbol's value: absolute, or the offset of a u32 in its section. */
static uint64_t resolve_crc(const struct kmod_elf *elf, uint64_t value, uint16_t shndx)
{
	struct shdr sh;

	if (shndx == SHN_ABS || shndx == SHN_UNDEF)
		return value;
	if (section_header(elf, shndx, &sh) < 0 || sh.size < 4 || value > sh.size - 4)
		return (uint64_t)-1;
	return rd(elf, sh.offset + value, 4);
}

static int exports_from_ksymtab_strings(const struct kmod_elf *elf, struct kmod_sym **syms)
{
	const void *buf;
	const char *s;
	uint64_t size, i, last;
	struct kmod_sym *v;
	int count = 0;

	*syms = NULL;
	if (kmod_elf_get_section(elf, "__ksymtab_strings", &buf, &size) < 0)
		return -ENOENT;
	s = buf;
	while (size > 1 && s[0] == '\0') {
		s++;
		size--;
	}
	if (size <= 1)
		return 0;
	/* The names must be NUL-terminated where we hand them out. */
	if (s[size - 1] != '\0')
		return -EINVAL;
	for (i = 0; i < size; i++)
		if (s[i] != '\0' && (i == 0 || s[i - 1] == '\0'))
			count++;
	v = xcalloc((size_t)count, sizeof(*v));
	count = 0;
	for (i = 0, last = 0; i < size; i++) {
		if (s[i] != '\0')
			continue;
		if (i != last)
			v[count++].name = s + last;
		last = i + 1;
	}
	*syms = v;
	return count;
}

int kmod_elf_get_exports(const struct kmod_elf *elf, struct kmod_sym **syms)
{
	static const char crc[] = "__crc_";
	struct symtab st;
	struct kmod_sym *v = NULL;
	uint64_t i;
	int count = 0, cap = 0;

	*syms = NULL;
	if (symtab_get(elf, &st) < 0)
		return exports_from_ksymtab_strings(elf, syms);
	for (i = 1; i < st.count; i++) {
		struct sym s;
		const char *name;

		sym_read(elf, &st, i, &s);
		if (s.name >= st.str_size)
			goto fallback;
		name = sym_name(&st, s.name);
		if (!name || strncmp(name, crc, sizeof(crc) - 1) != 0)
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, sizeof(*v) * (size_t)cap);
		}
		v[count].name = name + sizeof(crc) - 1;
		v[count].crc = resolve_crc(elf, s.value, s.shndx);
		v[count].weak = ELF64_ST_BIND(s.info) == STB_WEAK;
		count++;
	}
	if (count == 0)
		goto fallback;
	*syms = v;
	return count;
fallback:
	free(v);
	return exports_from_ksymtab_strings(elf, syms);
}

/* __versions: one { crc; char name[64 - sizeof(crc)]; } per imported symbol. */
struct versions {
	const uint8_t *base;
	uint64_t count;
	unsigned int crclen;
	uint32_t *table;       /* open-addressing hash of entry index + 1 */
	uint32_t mask;
};

static uint32_t name_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

static const char *version_name(const struct versions *vs, uint64_t i, size_t *len)
{
	const char *name = (const char *)vs->base + i * 64 + vs->crclen;
	size_t max = 64 - vs->crclen;
	const char *nul = memchr(name, '\0', max);

	*len = nul ? (size_t)(nul - name) : max;
	return name;
}

static void versions_index(struct versions *vs)
{
	uint64_t i;
	uint32_t size = 16;

	while (size < vs->count * 2)
		size *= 2;
	vs->table = xcalloc(size, sizeof(uint32_t));
	vs->mask = size - 1;
	/* Insert in reverse so that the first of equal names wins the slot chain. */
	for (i = 0; i < vs->count; i++) {
		size_t len;
		const char *name = version_name(vs, i, &len);
		uint32_t h = name_hash(name, len) & vs->mask;

		while (vs->table[h])
			h = (h + 1) & vs->mask;
		vs->table[h] = (uint32_t)i + 1;
	}
}

/* Index of the first __versions entry named @name, or -1. */
static int64_t versions_find(const struct versions *vs, const char *name)
{
	size_t len = strlen(name);
	uint32_t h = name_hash(name, len) & vs->mask;
	int64_t best = -1;

	if (!vs->table)
		return -1;
	for (; vs->table[h]; h = (h + 1) & vs->mask) {
		uint64_t i = vs->table[h] - 1;
		size_t vlen;
		const char *vname = version_name(vs, i, &vlen);

		if (vlen == len && memcmp(vname, name, len) == 0 &&
		    (best < 0 || (int64_t)i < best))
			best = (int64_t)i;
	}
	return best;
}

int kmod_elf_get_imports(const struct kmod_elf *elf, struct kmod_sym **syms)
{
	struct versions vs = { 0 };
	struct symtab st;
	struct kmod_sym *v;
	uint8_t *visited = NULL;
	const void *buf;
	uint64_t size, i;
	int count = 0;
	bool sparc = elf->machine == EM_SPARC || elf->machine == EM_SPARCV9;

	*syms = NULL;
	if (kmod_elf_get_section(elf, "__versions", &buf, &size) == 0 &&
	    size % 64 == 0 && size > 0) {
		vs.base = buf;
		vs.count = size / 64;
		vs.crclen = elf->is32 ? 4 : 8;
		versions_index(&vs);
		visited = xcalloc(vs.count, 1);
	}
	if (symtab_get(elf, &st) < 0) {
		free(vs.table);
		free(visited);
		return -EINVAL;
	}
	v = xmalloc(sizeof(*v) * (st.count + vs.count + 1));
	for (i = 1; i < st.count; i++) {
		struct sym s;
		const char *name;
		int64_t vi;

		sym_read(elf, &st, i, &s);
		if (s.shndx != SHN_UNDEF)
			continue;
		if (sparc && ELF64_ST_TYPE(s.info) == 13 /* STT_REGISTER */)
			continue;
		if (s.name >= st.str_size) {
			free(v);
			free(vs.table);
			free(visited);
			return -EINVAL;
		}
		name = sym_name(&st, s.name);
		if (!name || name[0] == '\0')
			continue;
		v[count].name = name;
		v[count].weak = ELF64_ST_BIND(s.info) == STB_WEAK;
		v[count].crc = 0;
		vi = versions_find(&vs, name);
		if (vi >= 0) {
			visited[vi] = 1;
			v[count].crc = rd(elf, (uint64_t)(vs.base - elf->mem) + (uint64_t)vi * 64,
					  vs.crclen);
		}
		count++;
	}
	/* Entries no symbol named (module_layout ...) are needed too. */
	for (i = 0; i < vs.count; i++) {
		size_t len;
		const char *name;

		if (visited[i])
			continue;
		name = version_name(&vs, i, &len);
		if (len == 64 - vs.crclen)
			continue;  /* not terminated: unusable */
		v[count].name = name;
		v[count].weak = false;
		v[count].crc = rd(elf, (uint64_t)(vs.base - elf->mem) + i * 64, vs.crclen);
		count++;
	}
	free(vs.table);
	free(visited);
	*syms = v;
	return count;
}
