/* SPDX-License-Identifier: MIT */
/*
 * fixture.h - fixture module images and helpers shared by the unit tests.
 *
 * Fixture modules are built by tests/tests.mk into $(BUILD)/tests/modules
 * (the directory is compiled in, and LKM_TEST_MODULES overrides it).  A
 * test reads one into a private, writable, 8-byte-aligned copy, may mutate
 * it with the ELF helpers below (which use the C library's <elf.h>, not the
 * core's), and loads it.
 */
#ifndef LKM_TESTS_FIXTURE_H
#define LKM_TESTS_FIXTURE_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lkm/lkm.h>

#include "check.h"

struct image {
	uint8_t *data;
	size_t size;
};

/* Read fixture module @name (without ".ko"); fails the test if absent. */
struct image image_read(const char *name);
/* A private copy of @img, @size bytes long (truncated or zero-extended). */
struct image image_dup(struct image img, size_t size);
void image_free(struct image img);

static inline Elf64_Ehdr *img_ehdr(struct image img)
{
	return (Elf64_Ehdr *)img.data;
}

static inline Elf64_Shdr *img_shdrs(struct image img)
{
	return (Elf64_Shdr *)(img.data + img_ehdr(img)->e_shoff);
}

/* Section called @name (the test fails if there is none), and its index. */
Elf64_Shdr *img_section(struct image img, const char *name);
unsigned img_section_index(struct image img, const char *name);
const char *img_section_name(struct image img, unsigned idx);
/* The symbol table, its size in entries, and its string table. */
Elf64_Sym *img_symtab(struct image img, unsigned *n);
char *img_strtab(struct image img);
/* Symbol called @name (fails the test if none), and its index. */
Elf64_Sym *img_symbol(struct image img, const char *name);
unsigned img_symbol_index(struct image img, const char *name);
/* The relocation applying to @offset of section @target, or NULL. */
Elf64_Rela *img_rela_at(struct image img, const char *target, uint64_t offset);
/* The first relocation of type @type in a loaded (SHF_ALLOC) section, or
 * NULL; *@relsec is its relocation section. */
Elf64_Rela *img_rela_of_type(struct image img, uint32_t type,
			     unsigned *relsec);

static inline void rela_set_type(Elf64_Rela *r, uint32_t type)
{
	r->r_info = ELF64_R_INFO(ELF64_R_SYM(r->r_info), type);
}

static inline void rela_set_sym(Elf64_Rela *r, uint32_t sym)
{
	r->r_info = ELF64_R_INFO(sym, ELF64_R_TYPE(r->r_info));
}

/* Load @img without parameters or flags. */
int image_load(struct lkm_kernel *k, struct image img);
/* Read fixture @name, load it (it must succeed), free the image. */
void fixture_load(struct lkm_kernel *k, const char *name);
/* Unload @name; it must succeed. */
void fixture_unload(struct lkm_kernel *k, const char *name);

/* Address of an exported symbol; fails the test if not exported. */
uintptr_t ksym(struct lkm_kernel *k, const char *name);
#define KSYM_FN(k, type, name) ((type)(void (*)(void))ksym(k, name))

/* What lkm_kernel_for_each_module() shows of one module. */
struct mod_view {
	bool found;
	char name[LKM_MODULE_NAME_LEN];
	enum lkm_module_state state;
	size_t size;
	uintptr_t base;
	unsigned refcount;
	bool permanent;
	unsigned nusers;
	char users[4][LKM_MODULE_NAME_LEN];
	unsigned position; /* 0 = newest */
};

struct mod_view mod_view(struct lkm_kernel *k, const char *name);
/* Number of modules listed (not UNFORMED). */
unsigned mod_count(struct lkm_kernel *k);

struct lkm_stats stats_get(struct lkm_kernel *k);

/* The resource counters equal @base: what a failed load or unload must leave. */
#define CHECK_BASELINE(k, base)                                             \
	do {                                                                \
		struct lkm_stats now_ = stats_get(k);                       \
		CHECK_EQ(now_.modules, (base).modules);                     \
		CHECK_EQ(now_.module_bytes, (base).module_bytes);           \
		CHECK_EQ(now_.module_allocs, (base).module_allocs);         \
		CHECK_EQ(now_.heap_bytes, (base).heap_bytes);               \
		CHECK_EQ(now_.heap_allocs, (base).heap_allocs);             \
		CHECK_EQ(now_.symbols, (base).symbols);                     \
	} while (0)

#endif /* LKM_TESTS_FIXTURE_H */
