// SPDX-License-Identifier: MIT
/*
 * hostile.c - the hostile module corpus: systematic malformations of valid
 * modules, each loaded through the real core on the test platform.
 *
 * tests/unit/elf.c tries one mutation of each kind on one fixture; this
 * program generates every instance of each kind, over every fixture and
 * in-tree module where the kind applies: truncation at every section
 * boundary, each section moved or grown past the end of the file, offset +
 * size wrapping at 32 and 64 bits, every pair of sections made to overlap,
 * zero and wrong entry sizes, every symbol, string, section and relocation
 * index pushed out of range, unterminated string tables, every relocation
 * moved past its section, relocations against SHN_UNDEF, SHN_ABS and
 * SHN_COMMON oddities, foreign class, byte order, machine and type, 65,279
 * and 65,535 sections, huge and non-power-of-two alignments.
 *
 * A case is either refused - then with the errno and the message the core
 * documents for that malformation, both asserted - or, where the bytes
 * stay meaningful (overlaps, relocations against odd but valid symbols),
 * allowed to load; then it must unload.  Relocations of sections that are
 * not loaded (debug information) are never read, so moving those past
 * their section must not stop the load.  Either way nothing crashes and
 * every counter (modules, module memory, heap, symbols) and the platform's
 * contract checks are back at their baseline after the case.
 *
 * LKM_HOSTILE_CORPUS=DIR writes every case's image to DIR (the fuzzers
 * start from them), or with LKM_HOSTILE_CORPUS_EVERY=N every N-th of each
 * kind; each test prints its number of cases on stderr.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "fixture.h"
#include "testplat.h"

#ifndef LKM_MODULE_DIR
#define LKM_MODULE_DIR "build/modules"
#endif

struct corpus {
	const char *category;
	struct lkm_kernel *k;
	struct lkm_stats base;
	unsigned cases, refused, loaded;
};

static void begin(struct corpus *c, const char *category)
{
	c->category = category;
	c->k = testplat_new();
	c->base = stats_get(c->k);
	c->cases = c->refused = c->loaded = 0;
}

static void end(struct corpus *c)
{
	fprintf(stderr, "hostile %s: %u cases, %u refused, %u loaded\n",
		c->category, c->cases, c->refused, c->loaded);
	testplat_free(c->k);
}

static void save(const struct corpus *c, struct image img, const char *name)
{
	const char *dir = getenv("LKM_HOSTILE_CORPUS");
	const char *every = getenv("LKM_HOSTILE_CORPUS_EVERY");
	char path[4096];
	FILE *f;

	if (!dir || !*dir || (every && atoi(every) > 1 &&
			      c->cases % (unsigned)atoi(every)))
		return;
	snprintf(path, sizeof(path), "%s/%s-%s", dir, c->category, name);
	f = fopen(path, "wb");
	if (!f || fwrite(img.data, 1, img.size, f) != img.size || fclose(f))
		FAILF("cannot write %s: %s", path, strerror(errno));
}

/* Deface every occurrence of @word: no symbol can have that name then. */
static void deface(struct image img, const char *word)
{
	size_t n = strlen(word);
	uint8_t *p = img.data, *end = img.data + img.size, *hit;

	while ((hit = memmem(p, (size_t)(end - p), word, n)) != NULL) {
		hit[0] = 'X';
		p = hit + 1;
	}
}

/*
 * Load @img (and free it).  @want < 0: it must be refused with @want and a
 * log containing @msg.  @want == 0: it may load (then it must unload) or be
 * refused with a negative errno; its code is not to be trusted, so its
 * entry points are defaced first (the core finds them by name): it never
 * runs.  Both: the baseline afterwards.
 */
/* want: a negative errno, 0 (refused or loaded, either), or LOADS */
#define LOADS 1

static void run_case(struct corpus *c, struct image img, int want,
		     const char *msg, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void run_case(struct corpus *c, struct image img, int want,
		     const char *msg, const char *fmt, ...)
{
	char name[256], modname[LKM_MODULE_NAME_LEN] = "";
	va_list ap;
	int err;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	save(c, img, name);
	if (getenv("LKM_HOSTILE_VERBOSE"))
		fprintf(stderr, "case %s-%s\n", c->category, name);
	if (want >= 0) {
		deface(img, "init_module");
		deface(img, "cleanup_module");
	}
	testplat_log_clear();
	err = lkm_module_load(c->k, img.data, img.size, NULL, 0, modname);
	c->cases++;
	if (err > 0)
		FAILF("%s: positive return %d", name, err);
	if (want < 0 && err != want)
		FAILF("%s: load gave %d, expected %d; log:\n%s", name, err,
		      want, testplat_log());
	if (want == LOADS && err)
		FAILF("%s: refused (%d), expected to load; log:\n%s", name,
		      err, testplat_log());
	if (want < 0 && !strstr(testplat_log(), msg))
		FAILF("%s: log lacks \"%s\"; log was:\n%s", name, msg,
		      testplat_log());
	if (err == 0) {
		c->loaded++;
		if (!*modname)
			FAILF("%s: loaded without a name", name);
		err = lkm_module_unload(c->k, modname, 0);
		if (err)
			FAILF("%s: loaded, but unload gave %d", name, err);
	} else {
		c->refused++;
	}
	CHECK_BASELINE(c->k, c->base);
	image_free(img);
}

/* ---- images --------------------------------------------------------------------------- */

static struct image read_path(const char *path)
{
	struct image img = { 0 };
	FILE *f = fopen(path, "rb");
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET))
		FAILF("%s: cannot read it", path);
	img.size = (size_t)n;
	img.data = malloc(img.size);
	if (!img.data || fread(img.data, 1, img.size, f) != img.size)
		FAILF("%s: read failed", path);
	fclose(f);
	return img;
}

/* Every fixture module and in-tree module, for the generic kinds. */
struct module_set {
	unsigned n;
	char names[128][64];
	struct image img[128];
};

static void add_dir(struct module_set *s, const char *dir, const char *tag)
{
	char cmd[4200];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "ls %s/*.ko 2>/dev/null", dir);
	p = popen(cmd, "r");
	if (!p)
		FAILF("popen: %s", strerror(errno));
	while (s->n < 128 && fgets(cmd, sizeof(cmd), p)) {
		const char *base;

		cmd[strcspn(cmd, "\n")] = '\0';
		base = strrchr(cmd, '/') ? strrchr(cmd, '/') + 1 : cmd;
		snprintf(s->names[s->n], sizeof(s->names[0]), "%s-%.*s", tag,
			 (int)(strlen(base) - 3), base);
		s->img[s->n++] = read_path(cmd);
	}
	pclose(p);
}

static void modules_all(struct module_set *s)
{
	const char *fixtures = getenv("LKM_TEST_MODULES");

	s->n = 0;
	add_dir(s, fixtures && *fixtures ? fixtures : TEST_MODULE_DIR, "fixture");
	add_dir(s, LKM_MODULE_DIR, "intree");
	if (s->n < 10)
		FAILF("only %u modules found (fixtures in %s, in-tree in %s)",
		      s->n, TEST_MODULE_DIR, LKM_MODULE_DIR);
}

static void modules_free(struct module_set *s)
{
	for (unsigned i = 0; i < s->n; i++)
		image_free(s->img[i]);
}

static unsigned nsec(struct image img)
{
	return img_ehdr(img)->e_shnum;
}

static Elf64_Shdr *shdr(struct image img, unsigned i)
{
	return &img_shdrs(img)[i];
}

/*
 * The same module with its section header table moved to the front (just
 * after the ELF header), so that truncating the file cuts sections, not
 * the table.  Offsets move by the table's size, a multiple of 64.
 */
static struct image table_first(struct image img)
{
	size_t tsize = (size_t)nsec(img) * sizeof(Elf64_Shdr);
	Elf64_Ehdr *eh = img_ehdr(img);
	struct image out;

	if (eh->e_shoff + tsize != img.size)
		FAILF("section header table is not at the end of the file");
	out = image_dup(img, img.size);
	memcpy(out.data + sizeof(*eh), img.data + eh->e_shoff, tsize);
	memcpy(out.data + sizeof(*eh) + tsize, img.data + sizeof(*eh),
	       eh->e_shoff - sizeof(*eh));
	img_ehdr(out)->e_shoff = sizeof(*eh);
	for (unsigned i = 1; i < nsec(out); i++)
		if (shdr(out, i)->sh_type != SHT_NULL)
			shdr(out, i)->sh_offset += tsize;
	return out;
}

static bool has_contents(const Elf64_Shdr *s)
{
	return s->sh_type != SHT_NULL && s->sh_type != SHT_NOBITS;
}

/* ---- the ELF header ------------------------------------------------------------------- */

struct header_case {
	const char *name;
	unsigned off, width;
	uint64_t value;
	const char *msg;
};

TEST(hostile_header)
{
	static const struct header_case cases[] = {
		{ "magic0", 0, 1, 0x7e, "not an ELF file (bad magic)" },
		{ "magic3", 3, 1, 'f', "not an ELF file (bad magic)" },
		{ "class-none", EI_CLASS, 1, ELFCLASSNONE, "ELF class 0 is not ELFCLASS64" },
		{ "class-32", EI_CLASS, 1, ELFCLASS32, "ELF class 1 is not ELFCLASS64" },
		{ "class-3", EI_CLASS, 1, 3, "ELF class 3 is not ELFCLASS64" },
		{ "data-none", EI_DATA, 1, ELFDATANONE, "ELF data encoding 0 is not little-endian" },
		{ "data-msb", EI_DATA, 1, ELFDATA2MSB, "ELF data encoding 2 is not little-endian" },
		{ "ident-version", EI_VERSION, 1, 2, "unknown ELF version" },
		{ "version", offsetof(Elf64_Ehdr, e_version), 4, 0, "unknown ELF version 0" },
		{ "type-none", offsetof(Elf64_Ehdr, e_type), 2, ET_NONE, "ELF type 0 is not ET_REL" },
		{ "type-exec", offsetof(Elf64_Ehdr, e_type), 2, ET_EXEC, "ELF type 2 is not ET_REL" },
		{ "type-dyn", offsetof(Elf64_Ehdr, e_type), 2, ET_DYN, "ELF type 3 is not ET_REL" },
		{ "type-core", offsetof(Elf64_Ehdr, e_type), 2, ET_CORE, "ELF type 4 is not ET_REL" },
		{ "type-ffff", offsetof(Elf64_Ehdr, e_type), 2, 0xffff, "ELF type 65535 is not ET_REL" },
		{ "machine-none", offsetof(Elf64_Ehdr, e_machine), 2, EM_NONE, "ELF machine 0 does not match this kernel's (62)" },
		{ "machine-386", offsetof(Elf64_Ehdr, e_machine), 2, EM_386, "ELF machine 3 does not match this kernel's (62)" },
		{ "machine-aarch64", offsetof(Elf64_Ehdr, e_machine), 2, EM_AARCH64, "ELF machine 183 does not match" },
		{ "machine-riscv", offsetof(Elf64_Ehdr, e_machine), 2, EM_RISCV, "ELF machine 243 does not match" },
		{ "shentsize-0", offsetof(Elf64_Ehdr, e_shentsize), 2, 0, "section header size 0, expected 64" },
		{ "shentsize-40", offsetof(Elf64_Ehdr, e_shentsize), 2, 40, "section header size 40, expected 64" },
		{ "shentsize-128", offsetof(Elf64_Ehdr, e_shentsize), 2, 128, "section header size 128, expected 64" },
		{ "shnum-0-extended", offsetof(Elf64_Ehdr, e_shnum), 2, 0, "unsupported section count 0" },
		{ "shnum-ff00", offsetof(Elf64_Ehdr, e_shnum), 2, 0xff00, "unsupported section count 65280" },
		{ "shnum-ffff", offsetof(Elf64_Ehdr, e_shnum), 2, 0xffff, "unsupported section count 65535" },
		/* a section table over the ELF header is refused as such */
		{ "shoff-0", offsetof(Elf64_Ehdr, e_shoff), 8, 0, "lies outside the file or over the ELF header" },
		{ "shoff-unaligned", offsetof(Elf64_Ehdr, e_shoff), 8, 1, "section header table (offset 1," },
		{ "shoff-huge", offsetof(Elf64_Ehdr, e_shoff), 8, 0x7ffffffffffffff8ull, "section header table (offset 9223372036854775800," },
		{ "shoff-wrap64", offsetof(Elf64_Ehdr, e_shoff), 8, 0xfffffffffffffc00ull, "lies outside the file" },
		{ "shoff-wrap32", offsetof(Elf64_Ehdr, e_shoff), 8, 0xfffffc00ull, "section header table (offset 4294966272," },
		{ "shstrndx-0", offsetof(Elf64_Ehdr, e_shstrndx), 2, 0, "section name table index 0 out of range" },
		{ "shstrndx-xindex", offsetof(Elf64_Ehdr, e_shstrndx), 2, 0xffff, "section name table index 65535 out of range" },
	};
	struct image orig = image_read("elfbase");
	struct corpus c;

	begin(&c, "header");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct image img = image_dup(orig, orig.size);
		uint64_t v = cases[i].value;

		memcpy(img.data + cases[i].off, &v, cases[i].width);
		run_case(&c, img, -LKM_ENOEXEC, cases[i].msg, "%s", cases[i].name);
	}
	/* e_shstrndx one past the table, and the whole header byte-swapped */
	{
		struct image img = image_dup(orig, orig.size);
		char msg[80];

		img_ehdr(img)->e_shstrndx = img_ehdr(img)->e_shnum;
		snprintf(msg, sizeof(msg), "section name table index %u out of range",
			 img_ehdr(img)->e_shnum);
		run_case(&c, img, -LKM_ENOEXEC, msg, "shstrndx-shnum");
	}
	{
		struct image img = image_dup(orig, orig.size);
		Elf64_Ehdr *eh = img_ehdr(img);

		eh->e_ident[EI_DATA] = ELFDATA2MSB;
		eh->e_type = __builtin_bswap16(eh->e_type);
		eh->e_machine = __builtin_bswap16(eh->e_machine);
		eh->e_version = __builtin_bswap32(eh->e_version);
		eh->e_shoff = __builtin_bswap64(eh->e_shoff);
		eh->e_shentsize = __builtin_bswap16(eh->e_shentsize);
		eh->e_shnum = __builtin_bswap16(eh->e_shnum);
		eh->e_shstrndx = __builtin_bswap16(eh->e_shstrndx);
		run_case(&c, img, -LKM_ENOEXEC,
			 "ELF data encoding 2 is not little-endian", "big-endian");
	}
	/* The first bytes of a file: every length below a whole header. */
	for (size_t n = 0; n < sizeof(Elf64_Ehdr); n++) {
		char msg[80];

		snprintf(msg, sizeof(msg), "file too short for an ELF header (%zu bytes)", n);
		run_case(&c, image_dup(orig, n), -LKM_ENOEXEC, msg, "short-%zu", n);
	}
	image_free(orig);
	end(&c);
}

/* ---- truncation ----------------------------------------------------------------------- */

/* What the core says of @img cut to @size (table first): the first section,
 * in index order, that no longer fits. */
static void expect_cut(struct corpus *c, struct image front, size_t size,
		       const char *mod, const char *why)
{
	size_t tend = sizeof(Elf64_Ehdr) + nsec(front) * sizeof(Elf64_Shdr);
	char msg[160];

	if (size < sizeof(Elf64_Ehdr)) {
		snprintf(msg, sizeof(msg), "file too short for an ELF header (%zu bytes)", size);
	} else if (size < tend) {
		snprintf(msg, sizeof(msg),
			 "section header table (offset 64, %u entries) lies outside the file",
			 nsec(front));
	} else {
		unsigned i;

		for (i = 1; i < nsec(front); i++) {
			const Elf64_Shdr *s = shdr(front, i);

			if (has_contents(s) && s->sh_offset + s->sh_size > size)
				break;
		}
		if (i == nsec(front))
			return; /* nothing cut: not a truncation */
		snprintf(msg, sizeof(msg),
			 "section %u (offset %lu, size %lu) lies outside the file (%zu bytes)",
			 i, (unsigned long)shdr(front, i)->sh_offset,
			 (unsigned long)shdr(front, i)->sh_size, size);
	}
	run_case(c, image_dup(front, size), -LKM_ENOEXEC, msg, "%s-%s-%zu", mod,
		 why, size);
}

TEST(hostile_truncation)
{
	static struct module_set set;
	struct corpus c;

	modules_all(&set);
	begin(&c, "truncated");
	for (unsigned m = 0; m < set.n; m++) {
		struct image orig = set.img[m], front = table_first(orig);
		Elf64_Ehdr *eh = img_ehdr(orig);
		char msg[160];

		/* As built: the table is last, so any cut reaches it first. */
		for (unsigned i = 1; i < nsec(orig); i++) {
			size_t cut = shdr(orig, i)->sh_offset;

			if (!has_contents(shdr(orig, i)) || cut < sizeof(*eh))
				continue;
			snprintf(msg, sizeof(msg),
				 "section header table (offset %lu, %u entries) lies outside the file",
				 (unsigned long)eh->e_shoff, nsec(orig));
			run_case(&c, image_dup(orig, cut), -LKM_ENOEXEC, msg,
				 "%s-asbuilt-%zu", set.names[m], cut);
		}
		/* Table first: every section boundary cuts a section. */
		for (unsigned i = 1; i < nsec(front); i++) {
			const Elf64_Shdr *s = shdr(front, i);

			if (!has_contents(s) || !s->sh_size)
				continue;
			expect_cut(&c, front, s->sh_offset, set.names[m], "start");
			expect_cut(&c, front, s->sh_offset + s->sh_size - 1,
				   set.names[m], "end");
		}
		/* and inside the table, and inside the header */
		expect_cut(&c, front, sizeof(*eh) + sizeof(Elf64_Shdr) + 1,
			   set.names[m], "table");
		expect_cut(&c, front, sizeof(*eh) - 1, set.names[m], "header");
		image_free(front);
	}
	modules_free(&set);
	end(&c);
}

/* ---- offsets and sizes past the file, and wrapping ---------------------------------- */

TEST(hostile_ranges)
{
	static struct module_set set;
	struct corpus c;

	modules_all(&set);
	begin(&c, "ranges");
	for (unsigned m = 0; m < set.n; m++) {
		struct image orig = set.img[m];

		for (unsigned i = 1; i < nsec(orig); i++) {
			const struct {
				const char *name;
				bool set_off, set_size;
				uint64_t off, size;
			} kinds[] = {
				{ "offset-at-end", true, false, orig.size, 0 },
				{ "offset-past-end", true, false, orig.size + 4096, 0 },
				{ "size-one-more", false, true, 0,
				  orig.size - shdr(orig, i)->sh_offset + 1 },
				{ "size-max", false, true, 0, UINT64_MAX },
				{ "wrap64", true, true, UINT64_MAX - 15, 0x40 },
				{ "wrap64-page", true, true, 0xfffffffffffff000ull, 0x1010 },
				{ "wrap32", true, true, 0xffffff00ull, 0x140 },
				{ "wrap32-size", false, true, 0, 0x100000000ull - shdr(orig, i)->sh_offset + 0x10 },
				/* inactive (SHT_NULL) but still found by name */
				{ "null-type-past-end", true, false, 0x150000000c000000ull, 0 },
			};
			if (!has_contents(shdr(orig, i)))
				continue;
			for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
				struct image img = image_dup(orig, orig.size);
				Elf64_Shdr *s = shdr(img, i);
				char msg[64];

				if (kinds[k].set_off)
					s->sh_offset = kinds[k].off;
				if (kinds[k].set_size)
					s->sh_size = kinds[k].size;
				if (!strncmp(kinds[k].name, "null-type", 9))
					s->sh_type = SHT_NULL;
				if (!s->sh_size && kinds[k].set_off)
					s->sh_size = 1; /* an empty range fits anywhere */
				snprintf(msg, sizeof(msg), "section %u (offset %lu, size %lu)",
					 i, (unsigned long)s->sh_offset,
					 (unsigned long)s->sh_size);
				run_case(&c, img, -LKM_ENOEXEC, msg, "%s-%u-%s",
					 set.names[m], i, kinds[k].name);
			}
		}
	}
	modules_free(&set);
	end(&c);
}

/* ---- overlapping sections ------------------------------------------------------------- */

/*
 * Section i given section j's bytes, for every pair: the file is only
 * read, so overlap itself is no error, but what the bytes then mean often
 * is (a symbol table read from code).  Loaded or refused, the baseline.
 */
TEST(hostile_overlap)
{
	static const char *const mods[] = { "elfbase", "reloc", "exporter",
					    "common", "initmem" };
	struct corpus c;

	begin(&c, "overlap");
	for (size_t m = 0; m < sizeof(mods) / sizeof(mods[0]); m++) {
		struct image orig = image_read(mods[m]);

		for (unsigned i = 1; i < nsec(orig); i++) {
			for (unsigned j = 1; j < nsec(orig); j++) {
				struct image img;

				if (i == j || !has_contents(shdr(orig, i)) ||
				    !has_contents(shdr(orig, j)))
					continue;
				img = image_dup(orig, orig.size);
				shdr(img, i)->sh_offset = shdr(orig, j)->sh_offset;
				shdr(img, i)->sh_size = shdr(orig, j)->sh_size;
				run_case(&c, img, 0, NULL, "%s-%u-over-%u", mods[m], i, j);
				/* half over the other: the tail of j and beyond */
				img = image_dup(orig, orig.size);
				shdr(img, i)->sh_offset = shdr(orig, j)->sh_offset +
							  shdr(orig, j)->sh_size / 2;
				run_case(&c, img, 0, NULL, "%s-%u-half-over-%u", mods[m],
					 i, j);
			}
		}
		image_free(orig);
	}
	end(&c);
}

/* ---- entry sizes ---------------------------------------------------------------------- */

TEST(hostile_entsize)
{
	static const uint64_t bad[] = { 0, 1, 8, 23, 25, 48, UINT64_MAX };
	static const char *const mods[] = { "elfbase", "reloc", "common" };
	struct corpus c;

	begin(&c, "entsize");
	for (size_t m = 0; m < sizeof(mods) / sizeof(mods[0]); m++) {
		struct image orig = image_read(mods[m]);

		for (unsigned i = 1; i < nsec(orig); i++) {
			unsigned type = shdr(orig, i)->sh_type;
			char msg[128];

			if (type == SHT_SYMTAB)
				snprintf(msg, sizeof(msg), "malformed symbol table (section %u)", i);
			else if (type == SHT_RELA)
				snprintf(msg, sizeof(msg), "malformed relocation section %s",
					 img_section_name(orig, i));
			else
				continue;
			for (size_t b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
				struct image img = image_dup(orig, orig.size);

				shdr(img, i)->sh_entsize = bad[b];
				run_case(&c, img, -LKM_ENOEXEC, msg, "%s-%u-entsize-%lu",
					 mods[m], i, (unsigned long)bad[b]);
			}
			/* a size that is not a whole number of entries */
			for (uint64_t d = 1; d < 24; d += 7) {
				struct image img = image_dup(orig, orig.size);

				shdr(img, i)->sh_size -= d;
				run_case(&c, img, -LKM_ENOEXEC, msg, "%s-%u-size-minus-%lu",
					 mods[m], i, (unsigned long)d);
			}
			/* a misaligned table */
			{
				struct image img = image_dup(orig, orig.size);

				shdr(img, i)->sh_offset += 4;
				shdr(img, i)->sh_size -= 24;
				run_case(&c, img, -LKM_ENOEXEC, msg, "%s-%u-misaligned",
					 mods[m], i);
			}
		}
		image_free(orig);
	}
	end(&c);
}

/* ---- indexes ---------------------------------------------------------------------------- */

TEST(hostile_indexes)
{
	static const char *const mods[] = { "elfbase", "reloc", "exporter" };
	struct corpus c;

	begin(&c, "index");
	for (size_t m = 0; m < sizeof(mods) / sizeof(mods[0]); m++) {
		struct image orig = image_read(mods[m]);
		unsigned nsyms, n = nsec(orig);
		Elf64_Shdr *strsec = shdr(orig, shdr(orig, img_section_index(orig, ".symtab"))->sh_link);
		uint32_t strsize = (uint32_t)strsec->sh_size;
		uint32_t shstrsize = (uint32_t)shdr(orig, img_ehdr(orig)->e_shstrndx)->sh_size;
		char msg[160];

		img_symtab(orig, &nsyms);
		/* every symbol: name past its string table, section out of range */
		for (unsigned s = 1; s < nsyms; s++) {
			static const uint16_t shndx[] = { 0, 0xff00, 0xff1f, 0xfff0, 0xffff };
			const uint32_t names[] = { strsize, strsize + 1, UINT32_MAX };

			for (size_t k = 0; k < 3; k++) {
				struct image img = image_dup(orig, orig.size);
				unsigned cnt;

				img_symtab(img, &cnt)[s].st_name = names[k];
				snprintf(msg, sizeof(msg), "symbol %u name offset out of range", s);
				run_case(&c, img, -LKM_ENOEXEC, msg, "%s-sym%u-name-%u",
					 mods[m], s, names[k]);
			}
			for (size_t k = 0; k < sizeof(shndx) / sizeof(shndx[0]); k++) {
				struct image img = image_dup(orig, orig.size);
				unsigned cnt, v = k ? shndx[k] : n;
				Elf64_Sym *sym = &img_symtab(img, &cnt)[s];

				sym->st_shndx = (uint16_t)v;
				snprintf(msg, sizeof(msg), "has section index %u out of range", v);
				run_case(&c, img, -LKM_ENOEXEC, msg, "%s-sym%u-shndx-%u",
					 mods[m], s, v);
			}
		}
		/* every section: name past the section name table */
		for (unsigned i = 0; i < n; i++) {
			struct image img = image_dup(orig, orig.size);

			shdr(img, i)->sh_name = shstrsize + (i & 1 ? 0 : 1000);
			snprintf(msg, sizeof(msg), "section %u name offset out of range", i);
			run_case(&c, img, -LKM_ENOEXEC, msg, "%s-sec%u-name", mods[m], i);
		}
		/* the symbol table's string table link */
		{
			unsigned st = img_section_index(orig, ".symtab");
			const unsigned links[] = { 0, n, n + 100, st, 1 };

			for (size_t k = 0; k < sizeof(links) / sizeof(links[0]); k++) {
				struct image img = image_dup(orig, orig.size);

				shdr(img, st)->sh_link = links[k];
				run_case(&c, img, -LKM_ENOEXEC,
					 "symbol table has no valid string table",
					 "%s-symtab-link-%u", mods[m], links[k]);
			}
		}
		/* relocation sections: links, targets, and every entry */
		for (unsigned i = 1; i < n; i++) {
			const Elf64_Shdr *rs = shdr(orig, i);
			const char *rname = img_section_name(orig, i);
			uint64_t nrel = rs->sh_size / sizeof(Elf64_Rela);

			if (rs->sh_type != SHT_RELA)
				continue;
			for (unsigned link = 0; link < 3; link++) {
				struct image img = image_dup(orig, orig.size);
				unsigned v = link == 0 ? 0 : link == 1 ? n : i;

				shdr(img, i)->sh_link = v;
				snprintf(msg, sizeof(msg),
					 "relocation section %s does not use the symbol table", rname);
				run_case(&c, img, -LKM_ENOEXEC, msg, "%s-%s-link-%u", mods[m],
					 rname, v);
			}
			for (unsigned t = 0; t < 3; t++) {
				struct image img = image_dup(orig, orig.size);
				unsigned v = t == 0 ? 0 : t == 1 ? n : 0xffffffffu;

				shdr(img, i)->sh_info = v;
				snprintf(msg, sizeof(msg),
					 "relocation section %s targets section %u, out of range",
					 rname, v);
				run_case(&c, img, -LKM_ENOEXEC, msg, "%s-%s-info-%u", mods[m],
					 rname, v);
			}
			for (uint64_t j = 0; j < nrel; j++) {
				const uint32_t syms[] = { nsyms, nsyms + 1, UINT32_MAX };

				for (size_t k = 0; k < 3; k++) {
					struct image img = image_dup(orig, orig.size);
					Elf64_Rela *r = (Elf64_Rela *)(img.data + rs->sh_offset) + j;

					rela_set_sym(r, syms[k]);
					snprintf(msg, sizeof(msg),
						 "relocation %lu in %s uses symbol index %u, out of range",
						 (unsigned long)j, rname, syms[k]);
					run_case(&c, img, -LKM_ENOEXEC, msg, "%s-%s-%lu-sym-%u",
						 mods[m], rname, (unsigned long)j, syms[k]);
				}
			}
		}
		image_free(orig);
	}
	end(&c);
}

/* ---- string tables -------------------------------------------------------------------- */

TEST(hostile_strings)
{
	static const char *const mods[] = { "elfbase", "reloc", "exporter", "common" };
	struct corpus c;

	begin(&c, "strings");
	for (size_t m = 0; m < sizeof(mods) / sizeof(mods[0]); m++) {
		struct image orig = image_read(mods[m]);

		for (unsigned i = 1; i < nsec(orig); i++) {
			const Elf64_Shdr *s = shdr(orig, i);
			char msg[128];

			if (s->sh_type != SHT_STRTAB)
				continue;
			snprintf(msg, sizeof(msg),
				 "section %u is not a NUL-terminated string table", i);
			for (unsigned k = 0; k < 4; k++) {
				struct image img = image_dup(orig, orig.size);
				Elf64_Shdr *t = shdr(img, i);

				if (k == 0)
					img.data[t->sh_offset + t->sh_size - 1] = 'x';
				else if (k == 1)
					t->sh_size = 0;
				else if (k == 2)
					t->sh_type = SHT_PROGBITS;
				else
					t->sh_type = SHT_NOBITS;
				/* a symbol table's strings are checked after the
				 * section names: the message is the symbol table's */
				if (i != img_ehdr(orig)->e_shstrndx) {
					if (k == 3) {
						image_free(img);
						continue;
					}
					run_case(&c, img, -LKM_ENOEXEC,
						 "symbol table has no valid string table",
						 "%s-strtab%u-%u", mods[m], i, k);
				} else {
					run_case(&c, img, -LKM_ENOEXEC, msg,
						 "%s-shstrtab%u-%u", mods[m], i, k);
				}
			}
		}
		/* .modinfo: its last entry unterminated */
		{
			struct image img = image_dup(orig, orig.size);
			Elf64_Shdr *mi = img_section(img, ".modinfo");

			img.data[mi->sh_offset + mi->sh_size - 1] = 'x';
			run_case(&c, img, -LKM_ENOEXEC, "unterminated .modinfo entry",
				 "%s-modinfo-unterminated", mods[m]);
		}
		image_free(orig);
	}
	end(&c);
}

/* ---- relocations past their section --------------------------------------------------- */

/* Does the core load section @i?  (core/layout.c's rule, restated.) */
static bool section_loaded(struct image img, unsigned i)
{
	static const char *const never[] = { ".modinfo", "__versions",
					     "__export_versions", ".eh_frame" };
	const Elf64_Shdr *s = shdr(img, i);

	if (!(s->sh_flags & SHF_ALLOC) || (s->sh_flags & SHF_TLS) ||
	    s->sh_type == SHT_NOTE || s->sh_type == SHT_GROUP)
		return false;
	for (size_t k = 0; k < sizeof(never) / sizeof(never[0]); k++)
		if (!strcmp(img_section_name(img, i), never[k]))
			return false;
	return true;
}

TEST(hostile_reloc_offsets)
{
	static const char *const mods[] = { "elfbase", "reloc", "exporter",
					    "initmem", "matrix_gcc_O2_pic" };
	struct corpus c;

	begin(&c, "reloc-offset");
	for (size_t m = 0; m < sizeof(mods) / sizeof(mods[0]); m++) {
		struct image orig = image_read(mods[m]);

		for (unsigned i = 1; i < nsec(orig); i++) {
			const Elf64_Shdr *rs = shdr(orig, i);
			uint64_t nrel = rs->sh_size / sizeof(Elf64_Rela), tsize;

			if (rs->sh_type != SHT_RELA)
				continue;
			tsize = shdr(orig, rs->sh_info)->sh_size;
			for (uint64_t j = 0; j < nrel; j++) {
				const uint64_t offs[] = { tsize, tsize + 7, UINT64_MAX,
							  UINT64_MAX - 3, 0x100000000ull };

				for (size_t k = 0; k < sizeof(offs) / sizeof(offs[0]); k++) {
					struct image img = image_dup(orig, orig.size);
					Elf64_Rela *r = (Elf64_Rela *)(img.data + rs->sh_offset) + j;
					char msg[160];

					r->r_offset = offs[k];
					snprintf(msg, sizeof(msg),
						 "relocation %lu in %s at offset %lu lies past its section (%lu bytes)",
						 (unsigned long)j, img_section_name(orig, i),
						 (unsigned long)offs[k], (unsigned long)tsize);
					run_case(&c, img,
						 section_loaded(orig, rs->sh_info)
							 ? -LKM_ENOEXEC
							 : LOADS,
						 msg, "%s-%u-%lu-%zu", mods[m], i,
						 (unsigned long)j, k);
				}
				/* the field starts inside but runs past the end */
				{
					struct image img = image_dup(orig, orig.size);
					Elf64_Rela *r = (Elf64_Rela *)(img.data + rs->sh_offset) + j;

					r->r_offset = tsize - 1;
					run_case(&c, img, 0, NULL, "%s-%u-%lu-lastbyte",
						 mods[m], i, (unsigned long)j);
				}
			}
		}
		image_free(orig);
	}
	end(&c);
}

/* ---- relocations against odd symbols -------------------------------------------------- */

TEST(hostile_reloc_symbols)
{
	static const char *const mods[] = { "elfbase", "reloc", "common" };
	struct corpus c;

	begin(&c, "reloc-symbol");
	for (size_t m = 0; m < sizeof(mods) / sizeof(mods[0]); m++) {
		struct image orig = image_read(mods[m]);
		unsigned nsyms;

		img_symtab(orig, &nsyms);
		for (unsigned i = 1; i < nsec(orig); i++) {
			const Elf64_Shdr *rs = shdr(orig, i);
			uint64_t nrel = rs->sh_size / sizeof(Elf64_Rela);

			if (rs->sh_type != SHT_RELA)
				continue;
			for (uint64_t j = 0; j < nrel; j++) {
				/* the symbol the relocation names, made odd */
				for (unsigned k = 0; k < 7; k++) {
					struct image img = image_dup(orig, orig.size);
					Elf64_Rela *r = (Elf64_Rela *)(img.data + rs->sh_offset) + j;
					unsigned cnt, si = ELF64_R_SYM(r->r_info);
					Elf64_Sym *s = &img_symtab(img, &cnt)[si];

					switch (k) {
					case 0: /* STN_UNDEF */
						rela_set_sym(r, 0);
						break;
					case 1: /* absolute, far from everything */
						s->st_shndx = SHN_ABS;
						s->st_value = 0x7fffffffffff0000ull;
						break;
					case 2: /* absolute zero */
						s->st_shndx = SHN_ABS;
						s->st_value = 0;
						break;
					case 3: /* COMMON, 16 bytes aligned 8 */
						s->st_shndx = SHN_COMMON;
						s->st_value = 8;
						s->st_size = 16;
						s->st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT);
						break;
					case 4: /* COMMON with a huge size */
						s->st_shndx = SHN_COMMON;
						s->st_value = 8;
						s->st_size = 1ull << 40;
						s->st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT);
						break;
					case 5: /* undefined, unnamed */
						s->st_shndx = SHN_UNDEF;
						s->st_name = 0;
						s->st_info = ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE);
						break;
					case 6: /* undefined, unknown name, weak */
						s->st_shndx = SHN_UNDEF;
						s->st_info = ELF64_ST_INFO(STB_WEAK, STT_NOTYPE);
						break;
					}
					if (k == 4 && si) {
						char msg[128];

						snprintf(msg, sizeof(msg), "COMMON symbol '%s' has bad size or alignment",
							 img_strtab(img) + s->st_name);
						run_case(&c, img, -LKM_ENOEXEC, msg, "%s-%u-%lu-%u",
							 mods[m], i, (unsigned long)j, k);
					} else if (k == 5 && si) {
						run_case(&c, img, -LKM_ENOENT, "Unknown symbol",
							 "%s-%u-%lu-%u", mods[m], i,
							 (unsigned long)j, k);
					} else {
						run_case(&c, img, 0, NULL, "%s-%u-%lu-%u", mods[m], i,
							 (unsigned long)j, k);
					}
				}
			}
		}
		image_free(orig);
	}
	end(&c);
}

/* ---- section counts -------------------------------------------------------------------- */

/* @img with its section table grown to @count entries (empty, nameless,
 * non-allocated PROGBITS sections), still at the end of the file. */
static struct image grow_table(struct image img, unsigned count)
{
	unsigned n = nsec(img);
	size_t tsize = (size_t)count * sizeof(Elf64_Shdr);
	struct image out = image_dup(img, img.size + tsize - n * sizeof(Elf64_Shdr));

	for (unsigned i = n; i < count; i++) {
		Elf64_Shdr *s = (Elf64_Shdr *)(out.data + img_ehdr(img)->e_shoff) + i;

		memset(s, 0, sizeof(*s));
		s->sh_type = SHT_PROGBITS;
		s->sh_offset = img_ehdr(img)->e_shoff;
		s->sh_addralign = 1;
	}
	img_ehdr(out)->e_shnum = (uint16_t)count;
	return out;
}

TEST(hostile_section_count)
{
	struct image orig = image_read("elfbase");
	struct corpus c;

	begin(&c, "sections");
	/* the most sections a module may have: loads, unloads */
	run_case(&c, grow_table(orig, 0xfeff), 0, NULL, "65279");
	if (c.loaded != 1)
		FAILF("a module with 65,279 sections did not load");
	run_case(&c, grow_table(orig, 0xff00), -LKM_ENOEXEC,
		 "unsupported section count 65280", "65280");
	run_case(&c, grow_table(orig, 0xffff), -LKM_ENOEXEC,
		 "unsupported section count 65535", "65535");
	/* 65,535 counted in section 0 (extended numbering): not supported */
	{
		struct image img = grow_table(orig, 0xffff);

		img_ehdr(img)->e_shnum = 0;
		img_shdrs(img)[0].sh_size = 0xffff;
		run_case(&c, img, -LKM_ENOEXEC, "unsupported section count 0",
			 "65535-extended");
	}
	/* more symbol tables than one */
	{
		struct image img = grow_table(orig, nsec(orig) + 1);
		unsigned st = img_section_index(orig, ".symtab");

		img_shdrs(img)[nsec(orig)] = img_shdrs(img)[st];
		run_case(&c, img, -LKM_ENOEXEC,
			 "expected one symbol table, found 2", "two-symtabs");
	}
	image_free(orig);
	end(&c);
}

/* ---- alignment ---------------------------------------------------------------------------- */

TEST(hostile_alignment)
{
	static const uint64_t bad[] = { 3, 6, 12, 0x30000, 1ull << 17, 1ull << 32,
					1ull << 63, UINT64_MAX };
	static const char *const mods[] = { "elfbase", "reloc" };
	struct corpus c;

	begin(&c, "align");
	for (size_t m = 0; m < sizeof(mods) / sizeof(mods[0]); m++) {
		struct image orig = image_read(mods[m]);

		for (unsigned i = 1; i < nsec(orig); i++) {
			char msg[128];

			for (size_t b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
				struct image img = image_dup(orig, orig.size);

				shdr(img, i)->sh_addralign = bad[b];
				snprintf(msg, sizeof(msg), "section %u has unsupported alignment %lu",
					 i, (unsigned long)bad[b]);
				run_case(&c, img, -LKM_ENOEXEC, msg, "%s-%u-%lu", mods[m], i,
					 (unsigned long)bad[b]);
			}
			/* over a page but supported by the format: allocated
			 * sections are refused, others do not matter */
			for (uint64_t a = 8192; a <= 65536; a *= 2) {
				struct image img = image_dup(orig, orig.size);
				const char *sn = img_section_name(orig, i);
				bool loaded = (shdr(orig, i)->sh_flags & SHF_ALLOC) &&
					      (!strncmp(sn, ".text", 5) ||
					       !strncmp(sn, ".data", 5) ||
					       !strncmp(sn, ".rodata", 7) ||
					       !strncmp(sn, ".bss", 4) ||
					       !strncmp(sn, "__ksymtab", 9));

				shdr(img, i)->sh_addralign = a;
				snprintf(msg, sizeof(msg),
					 "section %s asks for alignment %lu, more than the page size",
					 img_section_name(orig, i), (unsigned long)a);
				if (loaded)
					run_case(&c, img, -LKM_ENOEXEC, msg, "%s-%u-%lu",
						 mods[m], i, (unsigned long)a);
				else
					run_case(&c, img, 0, NULL, "%s-%u-%lu", mods[m], i,
						 (unsigned long)a);
			}
		}
		image_free(orig);
	}
	/* COMMON symbols: alignment is their st_value */
	{
		struct image orig = image_read("common");
		unsigned n;
		Elf64_Sym *syms = img_symtab(orig, &n);

		for (unsigned s = 1; s < n; s++) {
			const uint64_t aligns[] = { 3, 1ull << 17, 1ull << 40, 8192 };

			if (syms[s].st_shndx != SHN_COMMON)
				continue;
			for (size_t k = 0; k < sizeof(aligns) / sizeof(aligns[0]); k++) {
				struct image img = image_dup(orig, orig.size);
				unsigned cnt;
				const char *name = img_strtab(img) + syms[s].st_name;
				char msg[128];

				img_symtab(img, &cnt)[s].st_value = aligns[k];
				if (aligns[k] == 8192)
					snprintf(msg, sizeof(msg),
						 "COMMON symbol %s asks for alignment 8192, more than the page size",
						 name);
				else
					snprintf(msg, sizeof(msg),
						 "COMMON symbol '%s' has bad size or alignment", name);
				run_case(&c, img, -LKM_ENOEXEC, msg, "common-%u-%lu", s,
					 (unsigned long)aligns[k]);
			}
		}
		image_free(orig);
	}
	end(&c);
}
