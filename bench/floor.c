// SPDX-License-Identifier: MIT
/*
 * floor.c - the copy-and-relocate floor: the least work any loader must do
 * to make a relocatable object runnable, so we know how far from the limit
 * we are.
 *
 * Everything that can be decided before the load is decided here, once:
 * where each section goes, every symbol's value (imports already looked
 * up), which symbols need a GOT slot or a far-branch stub, and each
 * relocation reduced to "write this value, absolute or PC-relative, 32 or
 * 64 bits, at this offset".  floor_run() then does only the irreducible
 * part: copy the section bytes, zero the .bss, fill the GOT and stubs and
 * apply the pre-parsed list, straight-line, into a buffer that is already
 * mapped and faulted in (no allocation, no permissions, no validation).
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bench.h"

#define FLOOR_BYTES (64ul << 20)
#define STUB_BYTES 16

enum floor_op { F_ABS64, F_PC32, F_ABS32, F_STUB };

struct floor_reloc {
	uint32_t where; /* offset in the buffer */
	uint8_t op;     /* enum floor_op */
	uint8_t based;  /* value is an offset from the buffer's start */
	uint64_t value; /* S + A */
};

struct floor_copy {
	uint32_t dst;
	uint32_t size;
	const void *src; /* NULL: zero-fill */
};

struct floor_plan {
	uint8_t *buf;
	struct floor_copy *copies;
	size_t ncopies;
	struct floor_reloc *relocs;
	size_t nrelocs;
};

struct symval {
	uint64_t value;
	bool based;
	int32_t got;  /* slot, or -1 */
	int32_t stub; /* slot, or -1 */
};

static uint8_t *floor_buffer(void)
{
	static uint8_t *buf;

	if (!buf) {
		void *p = mmap((void *)BENCH_FLOOR_ADDR, FLOOR_BYTES,
			       PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS |
				       MAP_FIXED_NOREPLACE,
			       -1, 0);

		if (p == MAP_FAILED)
			return NULL;
		memset(p, 0, FLOOR_BYTES); /* fault every page in now */
		buf = p;
	}
	return buf;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return a > 1 ? (v + a - 1) & ~(a - 1) : v;
}

static bool reaches(uint64_t from, uint64_t to)
{
	int64_t d = (int64_t)(to - from);

	return d == (int32_t)d;
}

static int add_reloc(struct floor_plan *p, size_t cap, uint64_t where,
		     enum floor_op op, bool based, uint64_t value)
{
	if (p->nrelocs == cap || where >= FLOOR_BYTES)
		return -E2BIG;
	p->relocs[p->nrelocs++] = (struct floor_reloc){
		(uint32_t)where, (uint8_t)op, based, value };
	return 0;
}

int floor_plan_new(const void *image, size_t size, struct floor_plan **out)
{
	const uint8_t *img = image;
	const Elf64_Ehdr *eh = image;
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
	unsigned nsec = eh->e_shnum, symsec = 0;
	const Elf64_Sym *syms;
	const char *strtab;
	size_t nsyms, nrel = 0, cap, ngot = 0, nstubs = 0;
	uint64_t *secoff = calloc(nsec, sizeof(*secoff)), off = 0, got, stubs;
	struct floor_plan *p = calloc(1, sizeof(*p));
	struct symval *sv = NULL;
	int err = -ENOMEM;

	if (!secoff || !p)
		goto fail;
	p->buf = floor_buffer();
	if (!p->buf)
		goto fail;
	p->copies = calloc(nsec, sizeof(*p->copies));
	if (!p->copies)
		goto fail;
	/* Sections, packed; then the GOT and the stubs. */
	for (unsigned i = 1; i < nsec; i++) {
		if (sh[i].sh_type == SHT_SYMTAB)
			symsec = i;
		if (sh[i].sh_type == SHT_RELA && sh[i].sh_info < nsec &&
		    ko_section_is_loaded(image, sh[i].sh_info))
			nrel += sh[i].sh_size / sizeof(Elf64_Rela);
		if (!ko_section_is_loaded(image, i))
			continue;
		off = align_up(off, sh[i].sh_addralign);
		secoff[i] = off;
		p->copies[p->ncopies++] = (struct floor_copy){
			(uint32_t)off, (uint32_t)sh[i].sh_size,
			sh[i].sh_type == SHT_NOBITS ? NULL
						    : img + sh[i].sh_offset };
		off += sh[i].sh_size;
	}
	if (!symsec) {
		err = -ENOEXEC;
		goto fail;
	}
	syms = (const Elf64_Sym *)(img + sh[symsec].sh_offset);
	nsyms = sh[symsec].sh_size / sizeof(*syms);
	strtab = (const char *)img + sh[sh[symsec].sh_link].sh_offset;
	sv = calloc(nsyms, sizeof(*sv));
	if (!sv)
		goto fail;
	for (size_t i = 0; i < nsyms; i++)
		sv[i].got = sv[i].stub = -1;

	/* Which symbols need GOT slots and stubs. */
	for (unsigned i = 1; i < nsec; i++) {
		const Elf64_Rela *r = (const Elf64_Rela *)(img + sh[i].sh_offset);

		if (sh[i].sh_type != SHT_RELA ||
		    !ko_section_is_loaded(image, sh[i].sh_info))
			continue;
		for (size_t j = 0; j < sh[i].sh_size / sizeof(*r); j++) {
			uint32_t t = ELF64_R_TYPE(r[j].r_info);
			uint32_t s = ELF64_R_SYM(r[j].r_info);

			if ((t == R_X86_64_GOTPCREL || t == R_X86_64_GOTPCRELX ||
			     t == R_X86_64_REX_GOTPCRELX) && sv[s].got < 0)
				sv[s].got = (int32_t)ngot++;
		}
	}
	got = off = align_up(off, 8);
	off += ngot * 8;
	stubs = off = align_up(off, 16);

	/* Every symbol's value, imports looked up now. */
	for (size_t i = 1; i < nsyms; i++) {
		const Elf64_Sym *s = &syms[i];
		const char *name = strtab + s->st_name;

		if (s->st_shndx == SHN_UNDEF) {
			if (!strcmp(name, "_GLOBAL_OFFSET_TABLE_")) {
				sv[i] = (struct symval){ got, true, sv[i].got,
							 -1 };
			} else if (!strcmp(name, "__this_module")) {
				sv[i].based = true;
			} else if (*name) {
				sv[i].value = (uintptr_t)bench_resolve(name);
			}
		} else if (s->st_shndx == SHN_ABS) {
			sv[i].value = s->st_value;
		} else if (s->st_shndx < nsec) {
			sv[i].based = true;
			sv[i].value = secoff[s->st_shndx] + s->st_value;
		}
	}
	/* Far branch targets get stubs (as the core does). */
	for (unsigned i = 1; i < nsec; i++) {
		const Elf64_Rela *r = (const Elf64_Rela *)(img + sh[i].sh_offset);

		if (sh[i].sh_type != SHT_RELA ||
		    !ko_section_is_loaded(image, sh[i].sh_info))
			continue;
		for (size_t j = 0; j < sh[i].sh_size / sizeof(*r); j++) {
			uint32_t s = ELF64_R_SYM(r[j].r_info);

			if (ELF64_R_TYPE(r[j].r_info) == R_X86_64_PLT32 &&
			    !sv[s].based && sv[s].stub < 0 &&
			    !reaches((uintptr_t)p->buf, sv[s].value))
				sv[s].stub = (int32_t)nstubs++;
		}
	}
	off += nstubs * STUB_BYTES;
	if (off > FLOOR_BYTES) {
		err = -E2BIG;
		goto fail;
	}

	cap = nrel + ngot + nstubs;
	p->relocs = calloc(cap ? cap : 1, sizeof(*p->relocs));
	if (!p->relocs)
		goto fail;
	for (size_t i = 1; i < nsyms; i++) {
		if (sv[i].got >= 0)
			err = add_reloc(p, cap, got + 8 * (uint64_t)sv[i].got,
					F_ABS64, sv[i].based, sv[i].value);
		if (sv[i].stub >= 0)
			err = add_reloc(p, cap,
					stubs + STUB_BYTES * (uint64_t)sv[i].stub,
					F_STUB, false, sv[i].value);
	}
	for (unsigned i = 1; i < nsec; i++) {
		const Elf64_Rela *r = (const Elf64_Rela *)(img + sh[i].sh_offset);
		uint64_t base = secoff[sh[i].sh_info];

		if (sh[i].sh_type != SHT_RELA ||
		    !ko_section_is_loaded(image, sh[i].sh_info))
			continue;
		for (size_t j = 0; j < sh[i].sh_size / sizeof(*r); j++) {
			uint32_t t = ELF64_R_TYPE(r[j].r_info);
			struct symval *s = &sv[ELF64_R_SYM(r[j].r_info)];
			uint64_t where = base + r[j].r_offset;
			uint64_t v = s->value + (uint64_t)r[j].r_addend;

			switch (t) {
			case R_X86_64_64:
				err = add_reloc(p, cap, where, F_ABS64, s->based,
						v);
				break;
			case R_X86_64_32:
			case R_X86_64_32S:
				err = add_reloc(p, cap, where, F_ABS32, s->based,
						v);
				break;
			case R_X86_64_PLT32:
			case R_X86_64_PC32:
				if (s->stub >= 0)
					err = add_reloc(p, cap, where, F_PC32,
							true,
							stubs + STUB_BYTES *
							(uint64_t)s->stub +
							(uint64_t)r[j].r_addend);
				else
					err = add_reloc(p, cap, where, F_PC32,
							s->based, v);
				break;
			case R_X86_64_GOTPCREL:
			case R_X86_64_GOTPCRELX:
			case R_X86_64_REX_GOTPCRELX:
				err = add_reloc(p, cap, where, F_PC32, true,
						got + 8 * (uint64_t)s->got +
						(uint64_t)r[j].r_addend);
				break;
			case R_X86_64_GOTPC32:
				err = add_reloc(p, cap, where, F_PC32, true,
						got + (uint64_t)r[j].r_addend);
				break;
			default:
				err = -ENOTSUP;
			}
			if (err)
				goto fail;
		}
	}
	free(sv);
	free(secoff);
	(void)size;
	*out = p;
	return 0;
fail:
	free(sv);
	free(secoff);
	floor_plan_free(p);
	return err;
}

void floor_plan_free(struct floor_plan *p)
{
	if (!p)
		return;
	free(p->copies);
	free(p->relocs);
	free(p);
}

uint64_t floor_run(struct floor_plan *p)
{
	uint8_t *base = p->buf;
	uint64_t t0 = now_ns();

	for (size_t i = 0; i < p->ncopies; i++) {
		const struct floor_copy *c = &p->copies[i];

		if (c->src)
			memcpy(base + c->dst, c->src, c->size);
		else
			memset(base + c->dst, 0, c->size);
	}
	for (size_t i = 0; i < p->nrelocs; i++) {
		const struct floor_reloc *r = &p->relocs[i];
		uint8_t *at = base + r->where;
		uint64_t v = r->value + (r->based ? (uintptr_t)base : 0);
		uint32_t v32;

		switch (r->op) {
		case F_ABS64:
			memcpy(at, &v, 8);
			break;
		case F_PC32:
			v32 = (uint32_t)(v - (uintptr_t)at);
			memcpy(at, &v32, 4);
			break;
		case F_ABS32:
			v32 = (uint32_t)v;
			memcpy(at, &v32, 4);
			break;
		case F_STUB:
			/* jmp *0(%rip); .quad target */
			memcpy(at, "\xff\x25\x00\x00\x00\x00\x0f\x0b", 8);
			memcpy(at + 8, &v, 8);
			break;
		}
	}
	return now_ns() - t0;
}
