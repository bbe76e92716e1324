/* SPDX-License-Identifier: MIT */
/*
 * arch_reloc.h - x86-64 relocation types and formulas, inline.
 *
 * Types and formulas are those of the System V x86-64 psABI: S symbol
 * value, A addend, P place, G the symbol's GOT slot address (the psABI's
 * G + GOT), GOT the GOT base, Z the symbol size.  The generic code supplies
 * them; these functions check that the result fits the field and write it.
 * They are inline because they run once per relocation -- tens of thousands
 * of times for a large module -- and the build picks this header by the
 * include path (core/arch/<isa>/), so generic code has no #ifdef.
 * GOTPCRELX/REX_GOTPCRELX are not relaxed: the module's own GOT serves them
 * as plain GOTPCREL, which is always correct.  TLS types are refused.
 */
#ifndef LKM_CORE_ARCH_RELOC_H
#define LKM_CORE_ARCH_RELOC_H

enum {
	R_NONE = 0,
	R_64 = 1,
	R_PC32 = 2,
	R_GOT32 = 3,
	R_PLT32 = 4,
	R_GOTPCREL = 9,
	R_32 = 10,
	R_32S = 11,
	R_16 = 12,
	R_PC16 = 13,
	R_8 = 14,
	R_PC8 = 15,
	R_DTPMOD64 = 16,
	R_DTPOFF64 = 17,
	R_TPOFF64 = 18,
	R_TLSGD = 19,
	R_TLSLD = 20,
	R_DTPOFF32 = 21,
	R_GOTTPOFF = 22,
	R_TPOFF32 = 23,
	R_PC64 = 24,
	R_GOTOFF64 = 25,
	R_GOTPC32 = 26,
	R_GOT64 = 27,
	R_GOTPCREL64 = 28,
	R_GOTPC64 = 29,
	R_GOTPLT64 = 30,
	R_PLTOFF64 = 31,
	R_SIZE32 = 32,
	R_SIZE64 = 33,
	R_GOTPC32_TLSDESC = 34,
	R_TLSDESC_CALL = 35,
	R_TLSDESC = 36,
	R_GOTPCRELX = 41,
	R_REX_GOTPCRELX = 42,
	R_TYPE_COUNT
};

struct reloc_type {
	const char *name;
	enum arch_reloc_kind kind;
	unsigned width; /* bytes of the field it writes */
};

#define T(n, k, w) [R_##n] = { "R_X86_64_" #n, ARCH_RELOC_##k, w }
static const struct reloc_type arch_reloc_types[R_TYPE_COUNT] = {
	T(NONE, PLAIN, 0),
	T(64, PLAIN, 8),
	T(PC32, PLAIN, 4),
	T(GOT32, GOT, 4),
	T(PLT32, BRANCH, 4),
	T(GOTPCREL, GOT, 4),
	T(32, PLAIN, 4),
	T(32S, PLAIN, 4),
	T(16, PLAIN, 2),
	T(PC16, PLAIN, 2),
	T(8, PLAIN, 1),
	T(PC8, PLAIN, 1),
	T(DTPMOD64, TLS, 8),
	T(DTPOFF64, TLS, 8),
	T(TPOFF64, TLS, 8),
	T(TLSGD, TLS, 4),
	T(TLSLD, TLS, 4),
	T(DTPOFF32, TLS, 4),
	T(GOTTPOFF, TLS, 4),
	T(TPOFF32, TLS, 4),
	T(PC64, PLAIN, 8),
	T(GOTOFF64, GOTBASE, 8),
	T(GOTPC32, GOTBASE, 4),
	T(GOT64, GOT, 8),
	T(GOTPCREL64, GOT, 8),
	T(GOTPC64, GOTBASE, 8),
	T(GOTPLT64, GOT, 8),
	T(PLTOFF64, UNKNOWN, 8),
	T(SIZE32, SIZE, 4),
	T(SIZE64, SIZE, 8),
	T(GOTPC32_TLSDESC, TLS, 4),
	T(TLSDESC_CALL, TLS, 0),
	T(TLSDESC, TLS, 16),
	T(GOTPCRELX, GOT, 4),
	T(REX_GOTPCRELX, GOT, 4),
};
#undef T

static inline enum arch_reloc_kind arch_reloc_kind(uint32_t type)
{
	if (type >= R_TYPE_COUNT || !arch_reloc_types[type].name)
		return ARCH_RELOC_UNKNOWN;
	return arch_reloc_types[type].kind;
}

/* Bytes of the field a relocation of @type writes (known types only). */
static inline unsigned arch_reloc_width(uint32_t type)
{
	return type < R_TYPE_COUNT ? arch_reloc_types[type].width : 0;
}

static inline bool fits_s32(int64_t v)
{
	return v >= INT32_MIN && v <= INT32_MAX;
}

static inline int put(const struct arch_reloc *r, uint64_t v, unsigned width,
	       const char **why)
{
	if (r->room < width) {
		*why = "field runs past the end of its section";
		return -LKM_ENOEXEC;
	}
	/* one store of the field's width (x86-64 is little-endian) */
	switch (width) {
	case 1: {
		uint8_t x = (uint8_t)v;

		__builtin_memcpy(r->loc, &x, 1);
		break;
	}
	case 2: {
		uint16_t x = (uint16_t)v;

		__builtin_memcpy(r->loc, &x, 2);
		break;
	}
	case 4: {
		uint32_t x = (uint32_t)v;

		__builtin_memcpy(r->loc, &x, 4);
		break;
	}
	default:
		__builtin_memcpy(r->loc, &v, 8);
		break;
	}
	return 0;
}

static inline int put_signed(const struct arch_reloc *r, int64_t v, unsigned width,
		      const char **why)
{
	int64_t lim = (int64_t)1 << (8 * width - 1);

	if (v < -lim || v >= lim) {
		*why = "value out of range (target too far away)";
		return -LKM_ENOEXEC;
	}
	return put(r, (uint64_t)v, width, why);
}

static inline int put_unsigned(const struct arch_reloc *r, uint64_t v,
			unsigned width, const char **why)
{
	if (width < 8 && v >> (8 * width)) {
		*why = "value out of range (does not fit zero-extended)";
		return -LKM_ENOEXEC;
	}
	return put(r, v, width, why);
}

/*
 * Apply one relocation.  Returns 0, or -ENOEXEC with *why set to a short
 * reason ("out of range", "past the end of its section").
 */
static inline int arch_reloc_apply(const struct arch_reloc *r,
				   const char **why)
{
	uint64_t SA = r->S + (uint64_t)r->A;
	int64_t pcrel = (int64_t)(SA - r->P);

	switch (r->type) {
	case R_NONE:
		return 0;
	case R_64:
		return put(r, SA, 8, why);
	case R_PC64:
		return put(r, (uint64_t)pcrel, 8, why);
	case R_PC32:
	case R_PLT32:
		return put_signed(r, pcrel, 4, why);
	case R_PC16:
		return put_signed(r, pcrel, 2, why);
	case R_PC8:
		return put_signed(r, pcrel, 1, why);
	case R_32:
		return put_unsigned(r, SA, 4, why);
	case R_32S:
		return put_signed(r, (int64_t)SA, 4, why);
	case R_16:
		return put_unsigned(r, SA, 2, why);
	case R_8:
		return put_unsigned(r, SA, 1, why);
	case R_SIZE32:
		return put_unsigned(r, r->Z + (uint64_t)r->A, 4, why);
	case R_SIZE64:
		return put(r, r->Z + (uint64_t)r->A, 8, why);
	case R_GOTPCREL:
	case R_GOTPCRELX:
	case R_REX_GOTPCRELX:
		return put_signed(r, (int64_t)(r->G + (uint64_t)r->A - r->P), 4,
				  why);
	case R_GOTPCREL64:
		return put(r, r->G + (uint64_t)r->A - r->P, 8, why);
	case R_GOT32:
		return put_signed(r, (int64_t)(r->G - r->GOT + (uint64_t)r->A),
				  4, why);
	case R_GOT64:
	case R_GOTPLT64:
		return put(r, r->G - r->GOT + (uint64_t)r->A, 8, why);
	case R_GOTOFF64:
		return put(r, SA - r->GOT, 8, why);
	case R_GOTPC32:
		return put_signed(r, (int64_t)(r->GOT + (uint64_t)r->A - r->P),
				  4, why);
	case R_GOTPC64:
		return put(r, r->GOT + (uint64_t)r->A - r->P, 8, why);
	default:
		*why = "relocation type not supported";
		return -LKM_ENOEXEC;
	}
}

/*
 * The three types that are nearly all of real modules' relocations
 * (calls, PC-relative data references, absolute pointers), for the apply
 * loop to try first, for any type: S + A is final (no stub, no GOT) and
 * 8 bytes from @loc lie inside the section (the caller checked).  Returns
 * true if it wrote the field; false -- another type, or a value out of
 * range -- sends the relocation the general way, through
 * arch_reloc_apply(), which also words the refusal.
 */
static inline bool arch_reloc_fast(uint32_t type, uint64_t SA, uint64_t P,
				   uint8_t *loc)
{
	if (type == R_PC32 || type == R_PLT32) {
		int64_t v = (int64_t)(SA - P);
		int32_t x = (int32_t)v;

		if (v != x)
			return false;
		__builtin_memcpy(loc, &x, 4);
		return true;
	}
	if (type == R_64) {
		__builtin_memcpy(loc, &SA, 8);
		return true;
	}
	return false;
}

#endif /* LKM_CORE_ARCH_RELOC_H */
