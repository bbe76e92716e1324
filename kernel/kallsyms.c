// SPDX-License-Identifier: MIT
/*
 * kallsyms.c - /proc/kallsyms: the base kernel's symbols and the loaded
 * modules', in Linux's format.
 *
 *   0000000000401a30 T printk
 *   0000000040002010 T mathsvc_gcd	[mathsvc]
 *
 * The base kernel's come from the port (the hosted kernel reads its own
 * executable's symbol table), sorted by address.  A module's are taken
 * when it loads (modload.c hands over its image): each global function or
 * object the image defines whose address the kernel's symbol table knows -
 * its exports - with the letter nm would give it.  (Linux lists a module's
 * static symbols too; liblkm keeps no module symbol table for that yet.)
 * A module's list goes when the module does.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>

#include "internal.h"

struct modsym {
	uintptr_t addr;
	char type;
	char *name;
};

struct modsyms {
	struct modsyms *next;
	char module[LKM_MODULE_NAME_LEN];
	struct modsym *syms;
	size_t count;
};

static struct modsyms *modules_syms;

static void modsyms_free(struct modsyms *m)
{
	size_t i;

	for (i = 0; i < m->count; i++)
		free(m->syms[i].name);
	free(m->syms);
	free(m);
}

/* The image's section table and symbol table, or false if malformed. */
static bool image_tables(const unsigned char *img, size_t size,
			 const Elf64_Shdr **sh, unsigned *nsec,
			 const Elf64_Shdr **symtab, const Elf64_Shdr **strtab)
{
	const Elf64_Ehdr *eh = (const void *)img;
	unsigned i;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_shentsize != sizeof(**sh) || eh->e_shoff > size ||
	    eh->e_shoff % 8 || (size - eh->e_shoff) / sizeof(**sh) <
	    eh->e_shnum)
		return false;
	*sh = (const void *)(img + eh->e_shoff);
	*nsec = eh->e_shnum;
	*symtab = NULL;
	for (i = 0; i < *nsec; i++)
		if ((*sh)[i].sh_type == SHT_SYMTAB)
			*symtab = &(*sh)[i];
	if (*symtab == NULL || (*symtab)->sh_link >= *nsec ||
	    (*symtab)->sh_entsize != sizeof(Elf64_Sym) ||
	    (*symtab)->sh_offset % 8 || (*symtab)->sh_offset > size ||
	    (*symtab)->sh_size > size - (*symtab)->sh_offset)
		return false;
	*strtab = &(*sh)[(*symtab)->sh_link];
	return (*strtab)->sh_offset <= size &&
	       (*strtab)->sh_size <= size - (*strtab)->sh_offset &&
	       (*strtab)->sh_size > 0 &&
	       img[(*strtab)->sh_offset + (*strtab)->sh_size - 1] == '\0';
}

static char letter(const Elf64_Shdr *sec, unsigned type)
{
	if (type == STT_FUNC || (sec->sh_flags & SHF_EXECINSTR))
		return 'T';
	if (sec->sh_type == SHT_NOBITS)
		return 'B';
	return sec->sh_flags & SHF_WRITE ? 'D' : 'R';
}

static int add_sym(struct modsyms *m, uintptr_t addr, char type,
		   const char *name)
{
	struct modsym *grown;

	grown = realloc(m->syms, (m->count + 1) * sizeof(*grown));
	if (grown == NULL)
		return -LKM_ENOMEM;
	m->syms = grown;
	m->syms[m->count].name = strdup(name);
	if (m->syms[m->count].name == NULL)
		return -LKM_ENOMEM;
	m->syms[m->count].addr = addr;
	m->syms[m->count++].type = type;
	return 0;
}

void kallsyms_module_loaded(const char *module, const void *image,
			    size_t size)
{
	const Elf64_Shdr *sh, *symtab, *strtab;
	const unsigned char *img = image;
	const Elf64_Sym *s;
	const char *name;
	char owner[LKM_MODULE_NAME_LEN];
	struct modsyms *m;
	uintptr_t addr;
	unsigned nsec, type;
	size_t i, n;

	if (!image_tables(img, size, &sh, &nsec, &symtab, &strtab))
		return;
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return;
	strncpy(m->module, module, sizeof(m->module) - 1);
	s = (const void *)(img + symtab->sh_offset);
	n = symtab->sh_size / sizeof(*s);
	for (i = 1; i < n; i++) {
		type = ELF64_ST_TYPE(s[i].st_info);
		if (ELF64_ST_BIND(s[i].st_info) != STB_GLOBAL ||
		    (type != STT_FUNC && type != STT_OBJECT) ||
		    s[i].st_shndx == SHN_UNDEF || s[i].st_shndx >= nsec ||
		    s[i].st_name >= strtab->sh_size)
			continue;
		name = (const char *)img + strtab->sh_offset + s[i].st_name;
		if (lkm_symbol_find(modules_kernel(), name, &addr) != 0 ||
		    module_name_of((const void *)addr, owner,
				   sizeof(owner)) != 0 ||
		    strcmp(owner, module) != 0)
			continue;
		if (add_sym(m, addr, letter(&sh[s[i].st_shndx], type), name))
			break;
	}
	m->next = modules_syms;
	modules_syms = m;
}

struct loaded_query {
	const char *name;
	bool found;
};

static int is_named(const struct lkm_module *lm, void *arg)
{
	struct loaded_query *q = arg;

	if (strcmp(lkm_module_get_name(lm), q->name) != 0)
		return 0;
	q->found = true;
	return 1;
}

void kallsyms_sweep(void)
{
	struct modsyms **p = &modules_syms, *m;
	struct loaded_query q;

	while ((m = *p) != NULL) {
		q = (struct loaded_query){ .name = m->module };
		lkm_kernel_for_each_module(modules_kernel(), is_named, &q);
		if (q.found) {
			p = &m->next;
			continue;
		}
		*p = m->next;
		modsyms_free(m);
	}
}

static int show_base(uintptr_t addr, char type, const char *name, void *arg)
{
	return seqbuf_printf(arg, "%016lx %c %s\n", (unsigned long)addr, type,
			     name);
}

static int by_addr(const void *a, const void *b)
{
	const struct modsym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int show_kallsyms(struct seqbuf *sb)
{
	struct modsyms *m;
	size_t i;
	int err;

	err = port_kallsyms(show_base, sb);
	if (err)
		return err;
	for (m = modules_syms; m != NULL; m = m->next) {
		if (m->count > 1)
			qsort(m->syms, m->count, sizeof(*m->syms), by_addr);
		for (i = 0; i < m->count; i++)
			seqbuf_printf(sb, "%016lx %c %s\t[%s]\n",
				      (unsigned long)m->syms[i].addr,
				      m->syms[i].type, m->syms[i].name,
				      m->module);
	}
	return sb->err;
}

int kallsyms_init(void)
{
	return proc_register("/proc/kallsyms", show_kallsyms);
}
