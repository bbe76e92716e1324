// SPDX-License-Identifier: MIT
/*
 * elf.c - read an ELF64 file for lkm-build, trusting none of its offsets.
 *
 * The file is read whole; the header, the section table, the section-name
 * table and the symbol table are bounds-checked once at open, and every
 * later access to a section or string goes through a checked helper, so a
 * truncated or hostile object is reported rather than crashing the tool.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lkm-build.h"

/* True if [off, off + len) lies inside a blob of @size bytes. */
static bool in_bounds(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static int read_whole(const char *path, unsigned char **data, size_t *size)
{
	struct stat st;
	unsigned char *buf;
	size_t done = 0;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		msg("%s: %s", path, strerror(errno));
		return err;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		msg("%s: not a regular file", path);
		close(fd);
		return -EINVAL;
	}
	buf = xmalloc(st.st_size ? (size_t)st.st_size : 1);
	while (done < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + done, (size_t)st.st_size - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			err = r < 0 ? -errno : -EIO;
			msg("%s: read failed", path);
			free(buf);
			close(fd);
			return err;
		}
		done += (size_t)r;
	}
	close(fd);
	*data = buf;
	*size = done;
	return 0;
}

static int bad(const struct elf_file *ef, const char *why)
{
	msg("%s: malformed ELF file: %s", ef->path, why);
	return -ENOEXEC;
}

static int check_header(struct elf_file *ef)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)ef->data;

	if (ef->size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return bad(ef, "not an ELF file");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_X86_64)
		return bad(ef, "not an ELF64 little-endian x86_64 file");
	if (eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shnum == 0 ||
	    !in_bounds(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr),
		       ef->size))
		return bad(ef, "section header table out of bounds");
	if (eh->e_shoff % 8)
		return bad(ef, "misaligned section header table");
	if (eh->e_shstrndx == SHN_UNDEF || eh->e_shstrndx >= eh->e_shnum)
		return bad(ef, "no section name table");
	ef->eh = eh;
	ef->sh = (const Elf64_Shdr *)(ef->data + eh->e_shoff);
	ef->shnum = eh->e_shnum;
	ef->shstr = &ef->sh[eh->e_shstrndx];
	return 0;
}

static int check_sections(struct elf_file *ef)
{
	size_t i;

	for (i = 0; i < ef->shnum; i++) {
		const Elf64_Shdr *s = &ef->sh[i];

		if (s->sh_type != SHT_NOBITS &&
		    !in_bounds(s->sh_offset, s->sh_size, ef->size))
			return bad(ef, "section contents out of bounds");
	}
	if (ef->shstr->sh_type != SHT_STRTAB || ef->shstr->sh_size == 0 ||
	    ef->data[ef->shstr->sh_offset + ef->shstr->sh_size - 1] != '\0')
		return bad(ef, "bad section name table");
	return 0;
}

static int find_symtab(struct elf_file *ef)
{
	size_t i;

	for (i = 0; i < ef->shnum; i++) {
		const Elf64_Shdr *s = &ef->sh[i], *str;

		if (s->sh_type != SHT_SYMTAB)
			continue;
		if (s->sh_entsize != sizeof(Elf64_Sym) ||
		    s->sh_size % sizeof(Elf64_Sym) || s->sh_offset % 8)
			return bad(ef, "bad symbol table");
		if (s->sh_link == 0 || s->sh_link >= ef->shnum)
			return bad(ef, "symbol table has no string table");
		str = &ef->sh[s->sh_link];
		if (str->sh_type != SHT_STRTAB || str->sh_size == 0 ||
		    ef->data[str->sh_offset + str->sh_size - 1] != '\0')
			return bad(ef, "bad symbol string table");
		ef->syms = (const Elf64_Sym *)(ef->data + s->sh_offset);
		ef->nsyms = s->sh_size / sizeof(Elf64_Sym);
		ef->strtab = str;
		return 0;
	}
	return 0;
}

int elf_file_open(struct elf_file *ef, const char *path)
{
	int err;

	memset(ef, 0, sizeof(*ef));
	ef->path = path;
	err = read_whole(path, &ef->data, &ef->size);
	if (err)
		return err;
	err = check_header(ef);
	if (!err)
		err = check_sections(ef);
	if (!err)
		err = find_symtab(ef);
	if (err)
		elf_file_close(ef);
	return err;
}

void elf_file_close(struct elf_file *ef)
{
	free(ef->data);
	memset(ef, 0, sizeof(*ef));
}

const char *elf_section_string(const struct elf_file *ef,
			       const Elf64_Shdr *sh, uint64_t off)
{
	const char *base;

	if (sh->sh_type == SHT_NOBITS || off >= sh->sh_size)
		return NULL;
	base = (const char *)ef->data + sh->sh_offset;
	if (!memchr(base + off, '\0', sh->sh_size - off))
		return NULL;
	return base + off;
}

const char *elf_section_name(const struct elf_file *ef, const Elf64_Shdr *sh)
{
	const char *s = elf_section_string(ef, ef->shstr, sh->sh_name);

	return s ? s : "";
}

const Elf64_Shdr *elf_section_find(const struct elf_file *ef,
				   const char *name)
{
	size_t i;

	for (i = 0; i < ef->shnum; i++)
		if (!strcmp(elf_section_name(ef, &ef->sh[i]), name))
			return &ef->sh[i];
	return NULL;
}

const unsigned char *elf_section_data(const struct elf_file *ef,
				      const Elf64_Shdr *sh)
{
	if (sh->sh_type == SHT_NOBITS)
		return NULL;
	return ef->data + sh->sh_offset;
}

const char *elf_symbol_name(const struct elf_file *ef, const Elf64_Sym *sym)
{
	const char *s;

	if (!ef->strtab)
		return "";
	s = elf_section_string(ef, ef->strtab, sym->st_name);
	return s ? s : "";
}
