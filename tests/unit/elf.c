// SPDX-License-Identifier: MIT
/*
 * elf.c - validation of untrusted images.
 *
 * Each test starts from elfbase.ko, a valid module, mutates one thing and
 * loads the result.  The load must fail with the expected errno, log a
 * message that names the problem, and leave every resource counter
 * (modules, module memory, heap, symbols) exactly at its baseline.  Errors
 * found by the ELF checks must also come back from
 * lkm_image_for_each_modinfo(), which validates the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "testplat.h"

struct elf_case {
	struct lkm_kernel *k;
	struct lkm_stats base;
	struct image orig;
};

static void begin(struct elf_case *c)
{
	c->k = testplat_new();
	c->base = stats_get(c->k);
	c->orig = image_read("elfbase");
}

static void end(struct elf_case *c)
{
	image_free(c->orig);
	testplat_free(c->k);
}

static struct image fresh(const struct elf_case *c)
{
	return image_dup(c->orig, c->orig.size);
}

static int count_entry(const char *key, size_t key_len, const char *value,
		       void *arg)
{
	(*(unsigned *)arg)++;
	return 0;
}

/* Failure site, for messages: the caller's line. */
#define refused(c, img, want, msg) refused_at(c, img, want, msg, true, __LINE__)
#define refused_late(c, img, want, msg)                                     \
	refused_at(c, img, want, msg, false, __LINE__)

/*
 * Load @img (and free it): expect @want, @msg in the log and the
 * baseline.  @elf_level: the ELF checks themselves catch it, so
 * lkm_image_for_each_modinfo() must refuse it too.
 */
static void refused_at(struct elf_case *c, struct image img, int want,
		       const char *msg, bool elf_level, int line)
{
	unsigned n = 0;
	int err;

	testplat_log_clear();
	err = image_load(c->k, img);
	if (err != want)
		FAILF("(line %d) load gave %d, expected %d; log:\n%s", line,
		      err, want, testplat_log());
	if (!strstr(testplat_log(), msg))
		FAILF("(line %d) log lacks \"%s\"; log was:\n%s", line, msg,
		      testplat_log());
	if (err == 0)
		fixture_unload(c->k, "elfbase");
	CHECK_BASELINE(c->k, c->base);
	if (elf_level) {
		err = lkm_image_for_each_modinfo(img.data, img.size,
						 count_entry, &n);
		if (err != want)
			FAILF("(line %d) lkm_image_for_each_modinfo gave %d, expected %d",
			      line, err, want);
		CHECK_EQ(n, 0);
	}
	image_free(img);
}

static Elf64_Shdr *sec(struct image img, const char *name)
{
	return img_section(img, name);
}

/* ---- the base image ----------------------------------------------------------------- */

TEST(elf_base_image_is_valid)
{
	struct elf_case c;
	unsigned n = 0;

	begin(&c);
	CHECK_EQ(lkm_image_for_each_modinfo(c.orig.data, c.orig.size,
					    count_entry, &n),
		 0);
	CHECK_EQ(n, 3); /* name, vermagic, license */
	CHECK_EQ(image_load(c.k, c.orig), 0);
	/* init computed 42 once; bss kept its sum */
	CHECK_EQ(KSYM_FN(c.k, long (*)(void), "elfbase_value")(), 45);
	CHECK_EQ(KSYM_FN(c.k, long (*)(void), "elfbase_bump")(), 4);
	fixture_unload(c.k, "elfbase");
	CHECK_BASELINE(c.k, c.base);
	end(&c);
}

/* ---- the file and its header ---------------------------------------------------------- */

TEST(elf_truncated)
{
	struct elf_case c;
	Elf64_Ehdr *eh;
	size_t cut[] = { 0, 1, 4, 16, 63 };

	begin(&c);
	eh = img_ehdr(c.orig);
	for (size_t i = 0; i < sizeof(cut) / sizeof(cut[0]); i++)
		refused(&c, image_dup(c.orig, cut[i]), -LKM_ENOEXEC,
			"too short for an ELF header");
	/* The section header table is at the end: any cut loses part of it. */
	size_t cut2[] = { 64, 65, eh->e_shoff, eh->e_shoff + 1,
			  eh->e_shoff + sizeof(Elf64_Shdr) * 3,
			  c.orig.size - 1 };
	for (size_t i = 0; i < sizeof(cut2) / sizeof(cut2[0]); i++)
		refused(&c, image_dup(c.orig, cut2[i]), -LKM_ENOEXEC,
			"section header table");
	end(&c);
}

TEST(elf_bad_magic)
{
	struct elf_case c;

	begin(&c);
	for (int i = 0; i < 4; i++) {
		struct image img = fresh(&c);

		img.data[i] ^= 0x20;
		refused(&c, img, -LKM_ENOEXEC, "bad magic");
	}
	end(&c);
}

TEST(elf_foreign_class_data_version)
{
	struct elf_case c;
	struct image img;

	begin(&c);
	img = fresh(&c);
	img.data[EI_CLASS] = ELFCLASS32;
	refused(&c, img, -LKM_ENOEXEC, "ELF class 1 is not ELFCLASS64");
	img = fresh(&c);
	img.data[EI_CLASS] = ELFCLASSNONE;
	refused(&c, img, -LKM_ENOEXEC, "is not ELFCLASS64");
	img = fresh(&c);
	img.data[EI_DATA] = ELFDATA2MSB;
	refused(&c, img, -LKM_ENOEXEC, "not little-endian");
	img = fresh(&c);
	img.data[EI_VERSION] = 2;
	refused(&c, img, -LKM_ENOEXEC, "unknown ELF version");
	img = fresh(&c);
	img_ehdr(img)->e_version = 0;
	refused(&c, img, -LKM_ENOEXEC, "unknown ELF version");
	end(&c);
}

TEST(elf_wrong_machine)
{
	struct elf_case c;
	static const uint16_t machines[] = { EM_386, EM_AARCH64, EM_RISCV, 0 };

	begin(&c);
	for (size_t i = 0; i < sizeof(machines) / sizeof(machines[0]); i++) {
		struct image img = fresh(&c);
		char msg[64];

		img_ehdr(img)->e_machine = machines[i];
		snprintf(msg, sizeof(msg), "ELF machine %u does not match",
			 machines[i]);
		refused(&c, img, -LKM_ENOEXEC, msg);
	}
	end(&c);
}

TEST(elf_wrong_type)
{
	struct elf_case c;
	static const uint16_t types[] = { ET_EXEC, ET_DYN, ET_CORE, ET_NONE,
					  0xfe00 };

	begin(&c);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct image img = fresh(&c);
		char msg[64];

		img_ehdr(img)->e_type = types[i];
		snprintf(msg, sizeof(msg), "ELF type %u is not ET_REL", types[i]);
		refused(&c, img, -LKM_ENOEXEC, msg);
	}
	end(&c);
}

TEST(elf_section_header_table)
{
	struct elf_case c;
	struct image img;

	begin(&c);
	img = fresh(&c);
	img_ehdr(img)->e_shentsize = 32;
	refused(&c, img, -LKM_ENOEXEC, "section header size 32");
	img = fresh(&c);
	img_ehdr(img)->e_shoff = c.orig.size;
	refused(&c, img, -LKM_ENOEXEC, "section header table");
	img = fresh(&c);
	img_ehdr(img)->e_shoff = c.orig.size + 4096;
	refused(&c, img, -LKM_ENOEXEC, "section header table");
	img = fresh(&c);
	img_ehdr(img)->e_shoff += 4; /* misaligned */
	refused(&c, img, -LKM_ENOEXEC, "section header table");
	img = fresh(&c);
	img_ehdr(img)->e_shoff = UINT64_MAX - 63; /* offset + size wraps */
	refused(&c, img, -LKM_ENOEXEC, "section header table");
	img = fresh(&c);
	img_ehdr(img)->e_shnum += 1; /* one entry past the end of the file */
	refused(&c, img, -LKM_ENOEXEC, "section header table");
	end(&c);
}

TEST(elf_section_count)
{
	struct elf_case c;
	static const uint16_t counts[] = { 0, 0xff00, 0xff01, 0xffff };

	begin(&c);
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		struct image img = fresh(&c);
		char msg[64];

		img_ehdr(img)->e_shnum = counts[i];
		snprintf(msg, sizeof(msg), "unsupported section count %u",
			 counts[i]);
		refused(&c, img, -LKM_ENOEXEC, msg);
	}
	end(&c);
}

TEST(elf_section_name_table_index)
{
	struct elf_case c;
	struct image img;

	begin(&c);
	img = fresh(&c);
	img_ehdr(img)->e_shstrndx = 0;
	refused(&c, img, -LKM_ENOEXEC, "section name table index 0");
	img = fresh(&c);
	img_ehdr(img)->e_shstrndx = img_ehdr(img)->e_shnum;
	refused(&c, img, -LKM_ENOEXEC, "section name table index");
	img = fresh(&c);
	img_ehdr(img)->e_shstrndx = SHN_XINDEX;
	refused(&c, img, -LKM_ENOEXEC, "section name table index 65535");
	/* in range, but not a string table */
	img = fresh(&c);
	img_ehdr(img)->e_shstrndx = (uint16_t)img_section_index(img, ".symtab");
	refused(&c, img, -LKM_ENOEXEC, "not a NUL-terminated string table");
	end(&c);
}

/* ---- sections ------------------------------------------------------------------------- */

TEST(elf_section_outside_file)
{
	struct elf_case c;
	struct image img;
	unsigned t;
	char msg[64];

	begin(&c);
	t = img_section_index(c.orig, ".text");
	snprintf(msg, sizeof(msg), "section %u (offset", t);
	img = fresh(&c);
	sec(img, ".text")->sh_offset = c.orig.size;
	refused(&c, img, -LKM_ENOEXEC, msg);
	img = fresh(&c);
	sec(img, ".text")->sh_size = c.orig.size;
	refused(&c, img, -LKM_ENOEXEC, "lies outside the file");
	/* offset + size wraps around 2^64 to a small number */
	img = fresh(&c);
	sec(img, ".text")->sh_offset = 0x40;
	sec(img, ".text")->sh_size = UINT64_MAX - 0x20;
	refused(&c, img, -LKM_ENOEXEC, "lies outside the file");
	img = fresh(&c);
	sec(img, ".text")->sh_offset = UINT64_MAX;
	sec(img, ".text")->sh_size = 2;
	refused(&c, img, -LKM_ENOEXEC, "lies outside the file");
	/* a section the loader does not even load is still checked */
	img = fresh(&c);
	sec(img, ".comment")->sh_offset = UINT64_MAX - 8;
	refused(&c, img, -LKM_ENOEXEC, "lies outside the file");
	/* and so are the symbol, string and relocation tables */
	img = fresh(&c);
	sec(img, ".strtab")->sh_size += c.orig.size;
	refused(&c, img, -LKM_ENOEXEC, "lies outside the file");
	img = fresh(&c);
	sec(img, ".rela.text")->sh_offset = c.orig.size - 8;
	refused(&c, img, -LKM_ENOEXEC, "lies outside the file");
	end(&c);
}

/* NOBITS sections have no file contents; a huge one is refused at layout. */
TEST(elf_huge_nobits_refused)
{
	struct elf_case c;
	struct image img;

	begin(&c);
	img = fresh(&c);
	sec(img, ".bss")->sh_offset = UINT64_MAX; /* irrelevant for NOBITS */
	CHECK_EQ(image_load(c.k, img), 0);
	fixture_unload(c.k, "elfbase");
	image_free(img);
	img = fresh(&c);
	sec(img, ".bss")->sh_size = 1ull << 40;
	refused_late(&c, img, -LKM_ENOEXEC, "module too large");
	img = fresh(&c);
	sec(img, ".bss")->sh_size = UINT64_MAX - 16;
	refused_late(&c, img, -LKM_ENOEXEC, "module too large");
	end(&c);
}

TEST(elf_alignment)
{
	struct elf_case c;
	static const uint64_t bad[] = { 3, 24, 1ull << 17, 1ull << 20,
					1ull << 63, UINT64_MAX };
	struct image img;

	begin(&c);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		img = fresh(&c);
		sec(img, ".data")->sh_addralign = bad[i];
		refused(&c, img, -LKM_ENOEXEC, "unsupported alignment");
	}
	/* over a page: the ELF is fine but the loader cannot honour it */
	static const uint64_t too_big[] = { 8192, 1u << 16 };
	for (size_t i = 0; i < sizeof(too_big) / sizeof(too_big[0]); i++) {
		img = fresh(&c);
		sec(img, ".data")->sh_addralign = too_big[i];
		refused_late(&c, img, -LKM_ENOEXEC, "more than the page size");
	}
	/* 0 and 1 both mean none; up to a page is accepted */
	static const uint64_t good[] = { 0, 1, 64, 4096 };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		img = fresh(&c);
		sec(img, ".data")->sh_addralign = good[i];
		CHECK_EQ(image_load(c.k, img), 0);
		fixture_unload(c.k, "elfbase");
		CHECK_BASELINE(c.k, c.base);
		image_free(img);
	}
	end(&c);
}

TEST(elf_section_names)
{
	struct elf_case c;
	struct image img;
	Elf64_Shdr *ss;
	char msg[64];

	begin(&c);
	/* name offset out of range */
	img = fresh(&c);
	ss = &img_shdrs(img)[img_ehdr(img)->e_shstrndx];
	sec(img, ".data")->sh_name = (uint32_t)ss->sh_size;
	snprintf(msg, sizeof(msg), "section %u name offset out of range",
		 img_section_index(c.orig, ".data"));
	refused(&c, img, -LKM_ENOEXEC, msg);
	/* unterminated section name table */
	img = fresh(&c);
	ss = &img_shdrs(img)[img_ehdr(img)->e_shstrndx];
	img.data[ss->sh_offset + ss->sh_size - 1] = 'x';
	refused(&c, img, -LKM_ENOEXEC, "not a NUL-terminated string table");
	/* empty, or not a string table */
	img = fresh(&c);
	img_shdrs(img)[img_ehdr(img)->e_shstrndx].sh_size = 0;
	refused(&c, img, -LKM_ENOEXEC, "not a NUL-terminated string table");
	img = fresh(&c);
	img_shdrs(img)[img_ehdr(img)->e_shstrndx].sh_type = SHT_PROGBITS;
	refused(&c, img, -LKM_ENOEXEC, "not a NUL-terminated string table");
	end(&c);
}

/* ---- the symbol table --------------------------------------------------------------------- */

TEST(elf_symbol_table_shape)
{
	struct elf_case c;
	struct image img;

	begin(&c);
	img = fresh(&c);
	sec(img, ".symtab")->sh_entsize = 16;
	refused(&c, img, -LKM_ENOEXEC, "malformed symbol table");
	img = fresh(&c);
	sec(img, ".symtab")->sh_entsize = 0;
	refused(&c, img, -LKM_ENOEXEC, "malformed symbol table");
	img = fresh(&c);
	sec(img, ".symtab")->sh_size -= 1;
	refused(&c, img, -LKM_ENOEXEC, "malformed symbol table");
	img = fresh(&c);
	sec(img, ".symtab")->sh_offset += 4; /* misaligned */
	refused(&c, img, -LKM_ENOEXEC, "malformed symbol table");
	/* none, or two */
	img = fresh(&c);
	sec(img, ".symtab")->sh_type = SHT_PROGBITS;
	refused(&c, img, -LKM_ENOEXEC, "expected one symbol table, found 0");
	img = fresh(&c);
	sec(img, ".comment")->sh_type = SHT_SYMTAB;
	refused(&c, img, -LKM_ENOEXEC, "expected one symbol table, found 2");
	end(&c);
}

TEST(elf_symbol_string_table)
{
	struct elf_case c;
	struct image img;
	Elf64_Shdr *st;

	begin(&c);
	img = fresh(&c);
	sec(img, ".symtab")->sh_link = 0;
	refused(&c, img, -LKM_ENOEXEC, "symbol table has no valid string table");
	img = fresh(&c);
	sec(img, ".symtab")->sh_link = img_ehdr(img)->e_shnum;
	refused(&c, img, -LKM_ENOEXEC, "symbol table has no valid string table");
	img = fresh(&c);
	sec(img, ".symtab")->sh_link = img_section_index(img, ".text");
	refused(&c, img, -LKM_ENOEXEC, "symbol table has no valid string table");
	/* unterminated: the last name would run off the table */
	img = fresh(&c);
	st = sec(img, ".strtab");
	img.data[st->sh_offset + st->sh_size - 1] = 'z';
	refused(&c, img, -LKM_ENOEXEC, "not a NUL-terminated string table");
	end(&c);
}

TEST(elf_symbol_name_out_of_range)
{
	struct elf_case c;
	struct image img;
	unsigned idx;
	char msg[64];

	begin(&c);
	idx = img_symbol_index(c.orig, "elfbase_value");
	snprintf(msg, sizeof(msg), "symbol %u name offset out of range", idx);
	img = fresh(&c);
	img_symtab(img, NULL)[idx].st_name = (uint32_t)sec(img, ".strtab")->sh_size;
	refused(&c, img, -LKM_ENOEXEC, msg);
	img = fresh(&c);
	img_symtab(img, NULL)[idx].st_name = UINT32_MAX;
	refused(&c, img, -LKM_ENOEXEC, msg);
	end(&c);
}

TEST(elf_symbol_section_index_out_of_range)
{
	struct elf_case c;
	static const uint16_t bad[] = { 0, 0xff00, 0xff1f, 0xfff0, SHN_XINDEX };
	struct image img;

	begin(&c);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char msg[96];
		uint16_t shndx = bad[i] ? bad[i] : img_ehdr(c.orig)->e_shnum;

		img = fresh(&c);
		img_symbol(img, "elfbase_value")->st_shndx = shndx;
		snprintf(msg, sizeof(msg),
			 "symbol 'elfbase_value' has section index %u out of range",
			 shndx);
		refused(&c, img, -LKM_ENOEXEC, msg);
	}
	end(&c);
}

TEST(elf_symbol_tls_and_common)
{
	struct elf_case c;
	struct image img;
	Elf64_Sym *s;

	begin(&c);
	img = fresh(&c);
	s = img_symbol(img, "elfbase_name");
	s->st_info = ELF64_ST_INFO(ELF64_ST_BIND(s->st_info), STT_TLS);
	refused(&c, img, -LKM_ENOEXEC, "'elfbase_name' is thread-local");
	/* COMMON: st_value is the alignment, a power of two up to 64 KiB */
	img = fresh(&c);
	s = img_symbol(img, "elfbase_name");
	s->st_shndx = SHN_COMMON;
	s->st_value = 3;
	refused(&c, img, -LKM_ENOEXEC, "COMMON symbol 'elfbase_name' has bad size or alignment");
	img = fresh(&c);
	s = img_symbol(img, "elfbase_name");
	s->st_shndx = SHN_COMMON;
	s->st_value = 1u << 17;
	refused(&c, img, -LKM_ENOEXEC, "COMMON symbol 'elfbase_name'");
	img = fresh(&c);
	s = img_symbol(img, "elfbase_name");
	s->st_shndx = SHN_COMMON;
	s->st_value = 8;
	s->st_size = 1ull << 40;
	refused(&c, img, -LKM_ENOEXEC, "COMMON symbol 'elfbase_name'");
	end(&c);
}

/* ---- relocation sections ------------------------------------------------------------------------ */

TEST(elf_rel_section_refused)
{
	struct elf_case c;
	struct image img;

	begin(&c);
	img = fresh(&c);
	sec(img, ".rela.text")->sh_type = SHT_REL;
	refused(&c, img, -LKM_ENOEXEC, "section .rela.text uses SHT_REL");
	end(&c);
}

TEST(elf_rela_section_shape)
{
	struct elf_case c;
	struct image img;

	begin(&c);
	img = fresh(&c);
	sec(img, ".rela.text")->sh_entsize = 16;
	refused(&c, img, -LKM_ENOEXEC, "malformed relocation section .rela.text");
	img = fresh(&c);
	sec(img, ".rela.text")->sh_size -= 8;
	refused(&c, img, -LKM_ENOEXEC, "malformed relocation section .rela.text");
	img = fresh(&c);
	sec(img, ".rela.text")->sh_offset += 4;
	refused(&c, img, -LKM_ENOEXEC, "malformed relocation section .rela.text");
	img = fresh(&c);
	sec(img, ".rela.text")->sh_link = img_section_index(img, ".strtab");
	refused(&c, img, -LKM_ENOEXEC,
		"relocation section .rela.text does not use the symbol table");
	img = fresh(&c);
	sec(img, ".rela.text")->sh_info = 0;
	refused(&c, img, -LKM_ENOEXEC,
		"relocation section .rela.text targets section 0, out of range");
	img = fresh(&c);
	sec(img, ".rela.text")->sh_info = img_ehdr(img)->e_shnum;
	refused(&c, img, -LKM_ENOEXEC, "targets section");
	end(&c);
}

TEST(elf_relocation_offset_past_section)
{
	struct elf_case c;
	struct image img;
	Elf64_Rela *r;
	char msg[96];

	begin(&c);
	img = fresh(&c);
	r = (Elf64_Rela *)(img.data + sec(img, ".rela.text")->sh_offset);
	r[1].r_offset = sec(img, ".text")->sh_size;
	snprintf(msg, sizeof(msg),
		 "relocation 1 in .rela.text at offset %lu lies past its section",
		 (unsigned long)r[1].r_offset);
	refused_late(&c, img, -LKM_ENOEXEC, msg);
	img = fresh(&c);
	r = (Elf64_Rela *)(img.data + sec(img, ".rela.data")->sh_offset);
	r[0].r_offset = UINT64_MAX;
	refused_late(&c, img, -LKM_ENOEXEC, "lies past its section");
	end(&c);
}

TEST(elf_relocation_symbol_out_of_range)
{
	struct elf_case c;
	struct image img;
	Elf64_Rela *r;
	unsigned nsyms;
	char msg[96];

	begin(&c);
	img_symtab(c.orig, &nsyms);
	img = fresh(&c);
	r = (Elf64_Rela *)(img.data + sec(img, ".rela.text")->sh_offset);
	rela_set_sym(&r[0], nsyms);
	snprintf(msg, sizeof(msg),
		 "relocation 0 in .rela.text uses symbol index %u, out of range",
		 nsyms);
	refused_late(&c, img, -LKM_ENOEXEC, msg);
	img = fresh(&c);
	r = (Elf64_Rela *)(img.data + sec(img, ".rela__ksymtab")->sh_offset);
	rela_set_sym(&r[1], UINT32_MAX);
	refused_late(&c, img, -LKM_ENOEXEC, "out of range");
	end(&c);
}

/* Relocations that apply to a section without contents (.bss). */
TEST(elf_relocation_against_nobits_section)
{
	struct elf_case c;
	struct image img;
	Elf64_Shdr *rs;
	Elf64_Rela *r;

	begin(&c);
	img = fresh(&c);
	rs = sec(img, ".rela.data");
	rs->sh_info = img_section_index(img, ".bss");
	r = (Elf64_Rela *)(img.data + rs->sh_offset);
	r[0].r_offset = 0;
	refused_late(&c, img, -LKM_ENOEXEC, "which has no file contents");
	end(&c);
}

/* ---- the image buffer --------------------------------------------------------------------------- */

TEST(elf_image_misaligned)
{
	struct elf_case c;
	uint8_t *buf;
	int err;

	begin(&c);
	buf = malloc(c.orig.size + 8);
	CHECK(buf);
	memcpy(buf + 4, c.orig.data, c.orig.size);
	err = lkm_module_load(c.k, buf + 4, c.orig.size, NULL, 0, NULL);
	CHECK_EQ(err, -LKM_EINVAL);
	CHECK_LOG("8-byte aligned");
	CHECK_BASELINE(c.k, c.base);
	CHECK_EQ(lkm_image_for_each_modinfo(buf + 4, c.orig.size, count_entry,
					    &(unsigned){ 0 }),
		 -LKM_EINVAL);
	free(buf);
	end(&c);
}

/* elf_check() refuses a null image with -EINVAL; nothing before it may
 * dereference it. */
TEST(elf_image_null)
{
	struct elf_case c;

	begin(&c);
	CHECK_EQ(lkm_module_load(c.k, NULL, 100, NULL, 0, NULL), -LKM_EINVAL);
	CHECK_BASELINE(c.k, c.base);
	CHECK_EQ(lkm_module_load(c.k, NULL, 0, NULL, 0, NULL), -LKM_EINVAL);
	CHECK_EQ(lkm_image_for_each_modinfo(NULL, 100, count_entry,
					    &(unsigned){ 0 }),
		 -LKM_EINVAL);
	CHECK_BASELINE(c.k, c.base);
	end(&c);
}

/*
 * Every byte of the ELF header set to 0x00, 0xff and flipped in its low
 * bit: whatever the result, no crash, 0 or a negative errno, and on
 * failure the baseline.
 */
TEST(elf_header_byte_sweep)
{
	struct elf_case c;
	static const int mode_count = 3;
	unsigned loaded = 0, refused_n = 0;

	begin(&c);
	for (unsigned off = 0; off < sizeof(Elf64_Ehdr); off++) {
		for (int mode = 0; mode < mode_count; mode++) {
			struct image img = fresh(&c);
			uint8_t *b = &img.data[off];
			int err;

			*b = mode == 0 ? 0 : mode == 1 ? 0xff : *b ^ 1;
			if (*b == c.orig.data[off]) {
				image_free(img);
				continue;
			}
			err = image_load(c.k, img);
			if (err > 0)
				FAILF("byte %u mode %d: positive return %d", off,
				      mode, err);
			if (!err) {
				loaded++;
				fixture_unload(c.k, "elfbase");
			} else {
				refused_n++;
			}
			CHECK_BASELINE(c.k, c.base);
			image_free(img);
		}
	}
	/* Only padding, entry, flags and the program header fields are free. */
	CHECK(refused_n > 60);
	CHECK(loaded > 30);
	end(&c);
}
