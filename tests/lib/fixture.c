// SPDX-License-Identifier: MIT
/*
 * fixture.c - reading, inspecting and mutating fixture module images, and
 * small wrappers around the embedder API that fail the test on error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "testplat.h"

#ifndef TEST_MODULE_DIR
#define TEST_MODULE_DIR "build/tests/modules"
#endif

struct image image_read(const char *name)
{
	const char *dir = getenv("LKM_TEST_MODULES");
	struct image img = { 0 };
	char path[4096];
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s.ko", dir && *dir ? dir : TEST_MODULE_DIR,
		 name);
	f = fopen(path, "rb");
	if (!f)
		FAILF("fixture %s: %s", path, strerror(errno));
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET))
		FAILF("fixture %s: cannot size it", path);
	img.size = (size_t)n;
	img.data = malloc(img.size);
	if (!img.data || fread(img.data, 1, img.size, f) != img.size)
		FAILF("fixture %s: read failed", path);
	fclose(f);
	return img;
}

struct image image_dup(struct image img, size_t size)
{
	struct image c = { malloc(size ? size : 1), size };

	if (!c.data)
		FAILF("out of memory");
	memset(c.data, 0, size);
	memcpy(c.data, img.data, size < img.size ? size : img.size);
	return c;
}

void image_free(struct image img)
{
	free(img.data);
}

const char *img_section_name(struct image img, unsigned idx)
{
	Elf64_Ehdr *eh = img_ehdr(img);
	Elf64_Shdr *sh = img_shdrs(img);

	return (const char *)img.data + sh[eh->e_shstrndx].sh_offset +
	       sh[idx].sh_name;
}

unsigned img_section_index(struct image img, const char *name)
{
	for (unsigned i = 1; i < img_ehdr(img)->e_shnum; i++)
		if (!strcmp(img_section_name(img, i), name))
			return i;
	FAILF("fixture has no section %s", name);
}

Elf64_Shdr *img_section(struct image img, const char *name)
{
	return &img_shdrs(img)[img_section_index(img, name)];
}

Elf64_Sym *img_symtab(struct image img, unsigned *n)
{
	Elf64_Shdr *sh = img_shdrs(img);

	for (unsigned i = 1; i < img_ehdr(img)->e_shnum; i++) {
		if (sh[i].sh_type != SHT_SYMTAB)
			continue;
		if (n)
			*n = (unsigned)(sh[i].sh_size / sizeof(Elf64_Sym));
		return (Elf64_Sym *)(img.data + sh[i].sh_offset);
	}
	FAILF("fixture has no symbol table");
}

char *img_strtab(struct image img)
{
	Elf64_Shdr *sh = img_shdrs(img);

	for (unsigned i = 1; i < img_ehdr(img)->e_shnum; i++)
		if (sh[i].sh_type == SHT_SYMTAB)
			return (char *)img.data + sh[sh[i].sh_link].sh_offset;
	FAILF("fixture has no symbol table");
}

unsigned img_symbol_index(struct image img, const char *name)
{
	unsigned n;
	Elf64_Sym *s = img_symtab(img, &n);
	char *str = img_strtab(img);

	for (unsigned i = 1; i < n; i++)
		if (ELF64_ST_TYPE(s[i].st_info) != STT_SECTION &&
		    !strcmp(str + s[i].st_name, name))
			return i;
	FAILF("fixture has no symbol %s", name);
}

Elf64_Sym *img_symbol(struct image img, const char *name)
{
	return &img_symtab(img, NULL)[img_symbol_index(img, name)];
}

Elf64_Rela *img_rela_at(struct image img, const char *target, uint64_t offset)
{
	unsigned t = img_section_index(img, target);
	Elf64_Shdr *sh = img_shdrs(img);

	for (unsigned i = 1; i < img_ehdr(img)->e_shnum; i++) {
		Elf64_Rela *r = (Elf64_Rela *)(img.data + sh[i].sh_offset);

		if (sh[i].sh_type != SHT_RELA || sh[i].sh_info != t)
			continue;
		for (size_t j = 0; j < sh[i].sh_size / sizeof(*r); j++)
			if (r[j].r_offset == offset)
				return &r[j];
	}
	return NULL;
}

Elf64_Rela *img_rela_of_type(struct image img, uint32_t type,
			     unsigned *relsec)
{
	Elf64_Shdr *sh = img_shdrs(img);

	for (unsigned i = 1; i < img_ehdr(img)->e_shnum; i++) {
		Elf64_Rela *r = (Elf64_Rela *)(img.data + sh[i].sh_offset);

		if (sh[i].sh_type != SHT_RELA || sh[i].sh_info >= img_ehdr(img)->e_shnum ||
		    !(sh[sh[i].sh_info].sh_flags & SHF_ALLOC))
			continue;
		for (size_t j = 0; j < sh[i].sh_size / sizeof(*r); j++) {
			if (ELF64_R_TYPE(r[j].r_info) == type) {
				if (relsec)
					*relsec = i;
				return &r[j];
			}
		}
	}
	return NULL;
}

int image_load(struct lkm_kernel *k, struct image img)
{
	return lkm_module_load(k, img.data, img.size, NULL, 0, NULL);
}

void fixture_load(struct lkm_kernel *k, const char *name)
{
	struct image img = image_read(name);
	int err = image_load(k, img);

	image_free(img);
	if (err)
		FAILF("loading fixture %s: %d; log:\n%s", name, err,
		      testplat_log());
}

void fixture_unload(struct lkm_kernel *k, const char *name)
{
	int err = lkm_module_unload(k, name, 0);

	if (err)
		FAILF("unloading %s: %d; log:\n%s", name, err, testplat_log());
}

uintptr_t ksym(struct lkm_kernel *k, const char *name)
{
	uintptr_t v = 0;
	int err = lkm_symbol_find(k, name, &v);

	if (err)
		FAILF("symbol %s is not exported: %d", name, err);
	return v;
}

struct view_arg {
	const char *name;
	struct mod_view *v;
	unsigned pos;
};

static int add_user(const struct lkm_module *user, void *arg)
{
	struct mod_view *v = arg;

	if (v->nusers < 4)
		snprintf(v->users[v->nusers], LKM_MODULE_NAME_LEN, "%s",
			 lkm_module_get_name(user));
	v->nusers++;
	return 0;
}

static int view_one(const struct lkm_module *m, void *arg)
{
	struct view_arg *a = arg;
	struct mod_view *v = a->v;

	if (strcmp(lkm_module_get_name(m), a->name)) {
		a->pos++;
		return 0;
	}
	v->found = true;
	snprintf(v->name, sizeof(v->name), "%s", lkm_module_get_name(m));
	v->state = lkm_module_get_state(m);
	v->size = lkm_module_get_size(m);
	v->base = lkm_module_get_base(m);
	v->refcount = lkm_module_get_refcount(m);
	v->permanent = lkm_module_is_permanent(m);
	v->position = a->pos;
	lkm_module_for_each_user(m, add_user, v);
	return 1;
}

struct mod_view mod_view(struct lkm_kernel *k, const char *name)
{
	struct mod_view v = { 0 };
	struct view_arg a = { name, &v, 0 };

	lkm_kernel_for_each_module(k, view_one, &a);
	return v;
}

static int count_one(const struct lkm_module *m, void *arg)
{
	(*(unsigned *)arg)++;
	return 0;
}

unsigned mod_count(struct lkm_kernel *k)
{
	unsigned n = 0;

	lkm_kernel_for_each_module(k, count_one, &n);
	return n;
}

struct lkm_stats stats_get(struct lkm_kernel *k)
{
	struct lkm_stats s;

	lkm_kernel_get_stats(k, &s);
	return s;
}
