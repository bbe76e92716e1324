// SPDX-License-Identifier: MIT
/*
 * kallsyms.c - the hosted kernel's own symbols, for /proc/kallsyms: the
 * symbol table of the executable (/proc/self/exe), read once.
 *
 * Functions and data objects with an address, sorted by address; each gets
 * nm's letter from its section (t text, r read-only data, d data, b bss),
 * upper case if global.  Linux builds this table into the image at link
 * time; an executable that carries its symbol table needs no such step.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../internal.h"
#include "hosted.h"

struct ksym {
	uintptr_t addr;
	char type;
	const char *name;
};

static struct ksym *syms;
static size_t nsyms;
static char *names; /* a copy of the string table */

static char letter(const Elf64_Shdr *sec, const Elf64_Sym *s)
{
	char c;

	if (sec->sh_flags & SHF_EXECINSTR)
		c = 't';
	else if (sec->sh_type == SHT_NOBITS)
		c = 'b';
	else if (sec->sh_flags & SHF_WRITE)
		c = 'd';
	else
		c = 'r';
	return ELF64_ST_BIND(s->st_info) == STB_LOCAL ? c : (char)(c - 32);
}

static int by_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Fill syms from the ELF image @img of @size bytes; -ENOEXEC if odd. */
static int load_table(const unsigned char *img, size_t size)
{
	const Elf64_Ehdr *eh = (const void *)img;
	const Elf64_Shdr *sh, *symtab = NULL, *strtab;
	const Elf64_Sym *s;
	size_t i, n;
	unsigned type;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_shentsize != sizeof(*sh) || eh->e_shoff > size ||
	    (size - eh->e_shoff) / sizeof(*sh) < eh->e_shnum)
		return -ENOEXEC;
	sh = (const void *)(img + eh->e_shoff);
	for (i = 0; i < eh->e_shnum; i++)
		if (sh[i].sh_type == SHT_SYMTAB)
			symtab = &sh[i];
	if (symtab == NULL || symtab->sh_link >= eh->e_shnum ||
	    symtab->sh_offset > size || symtab->sh_size > size -
	    symtab->sh_offset || symtab->sh_entsize != sizeof(*s))
		return -ENOEXEC;
	strtab = &sh[symtab->sh_link];
	if (strtab->sh_offset > size || strtab->sh_size > size -
	    strtab->sh_offset || strtab->sh_size == 0)
		return -ENOEXEC;
	names = malloc(strtab->sh_size + 1);
	n = symtab->sh_size / sizeof(*s);
	syms = calloc(n ? n : 1, sizeof(*syms));
	if (names == NULL || syms == NULL)
		return -ENOMEM;
	memcpy(names, img + strtab->sh_offset, strtab->sh_size);
	names[strtab->sh_size] = '\0';
	s = (const void *)(img + symtab->sh_offset);
	for (i = 1; i < n; i++) {
		type = ELF64_ST_TYPE(s[i].st_info);
		if ((type != STT_FUNC && type != STT_OBJECT) ||
		    s[i].st_value == 0 || s[i].st_shndx == SHN_UNDEF ||
		    s[i].st_shndx >= eh->e_shnum ||
		    s[i].st_name >= strtab->sh_size ||
		    names[s[i].st_name] == '\0')
			continue;
		syms[nsyms++] = (struct ksym){
			.addr = (uintptr_t)s[i].st_value,
			.type = letter(&sh[s[i].st_shndx], &s[i]),
			.name = names + s[i].st_name,
		};
	}
	qsort(syms, nsyms, sizeof(*syms), by_addr);
	return 0;
}

static int read_table(void)
{
	struct stat st;
	void *img;
	int fd, err;

	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	img = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (img == MAP_FAILED)
		return -errno;
	err = load_table(img, (size_t)st.st_size);
	munmap(img, (size_t)st.st_size);
	return err;
}

int port_kallsyms(int (*fn)(uintptr_t addr, char type, const char *name,
			    void *arg),
		  void *arg)
{
	size_t i;
	int err;

	if (syms == NULL) {
		err = read_table();
		if (err)
			return err;
	}
	for (i = 0; i < nsyms; i++) {
		err = fn(syms[i].addr, syms[i].type, syms[i].name, arg);
		if (err)
			return err;
	}
	return 0;
}
