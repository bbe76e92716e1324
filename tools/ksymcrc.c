// SPDX-License-Identifier: MIT
/*
 * ksymcrc.c - symbol versions (modversions CRCs) from DWARF.
 *
 * The version of an exported symbol is the CRC32 of a canonical text of its
 * C declaration, with every type it reaches written out in full, through
 * pointers too: a change to the prototype, or to any struct, union, enum or
 * typedef it reaches however deeply, changes the CRC.  That is genksyms'
 * contract; the declaration is read differently.  Instead of parsing the
 * preprocessed source (a C parser that must keep up with every GNU
 * extension, attribute and macro trick), we read the DWARF description the
 * compiler itself wrote (-g), which already has every typedef resolved,
 * every member offset and size laid out as the ABI fixes them, and no
 * preprocessor left in it.  Linux's own gendwarfksyms made the same choice.
 *
 * The canonical text is a prefix notation that only holds what the C type
 * says, never where or how it was written (no file names, lines, parameter
 * names, producers), so it is the same for gcc and clang:
 *
 *   printk:func(int;ptr(const(char)),...)
 *   lst_len:func(unsigned long;ptr(struct lst{size=16;next@0:ptr(struct lst);
 *                                         val@8:int}))
 *
 * Base types are normalised ("long unsigned int" and "unsigned long" are one
 * type); top-level qualifiers of parameters and `restrict` are left out, as
 * they are not part of a function's type; struct and union members carry
 * their byte (and bit) offsets, so a packing or alignment change counts.  A
 * named struct, union, enum or typedef is written out at its first
 * reference in a symbol's text and by name after that, which is how
 * recursive types end.  A struct the defining file only declares is
 * "struct foo{?}", as genksyms writes "UNKNOWN".
 *
 * The DWARF is read with elfutils' libdwfl, which applies the relocations of
 * the debug sections of a relocatable object (.o, .ko) as well as reading a
 * linked executable.
 */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkm-build.h"

/* ---- CRC32 (IEEE 802.3, reflected, as zlib and genksyms use) ----------- */

static uint32_t crc_table[256];

static void crc_table_init(void)
{
	uint32_t i, j, c;

	if (crc_table[1])
		return;
	for (i = 0; i < 256; i++) {
		c = i;
		for (j = 0; j < 8; j++)
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

uint32_t ksymcrc_crc32(const char *s, size_t len)
{
	uint32_t c = 0xffffffffu;
	size_t i;

	crc_table_init();
	for (i = 0; i < len; i++)
		c = crc_table[(c ^ (unsigned char)s[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

/* ---- a growable string ---------------------------------------------------- */

struct text {
	char *s;
	size_t len, cap;
};

static void put(struct text *t, const char *s)
{
	size_t n = strlen(s);

	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = xrealloc(t->s, t->cap);
	}
	memcpy(t->s + t->len, s, n + 1);
	t->len += n;
}

static void putf(struct text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void putf(struct text *t, const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put(t, buf);
}

/* ---- the set of types already written out for one symbol ------------------ */

struct seen {
	char **key;
	size_t n, cap; /* cap is a power of two; n < cap / 2 */
};

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Add @key; false if it was there already. */
static bool seen_add(struct seen *st, const char *key)
{
	size_t i, mask;

	if (2 * (st->n + 1) > st->cap) {
		struct seen big = { .cap = st->cap ? 2 * st->cap : 64 };

		big.key = xmalloc(big.cap * sizeof(char *));
		memset(big.key, 0, big.cap * sizeof(char *));
		for (i = 0; i < st->cap; i++) {
			size_t j;

			if (!st->key[i])
				continue;
			j = hash_str(st->key[i]) & (big.cap - 1);
			while (big.key[j])
				j = (j + 1) & (big.cap - 1);
			big.key[j] = st->key[i];
		}
		free(st->key);
		big.n = st->n;
		*st = big;
	}
	mask = st->cap - 1;
	for (i = hash_str(key) & mask; st->key[i]; i = (i + 1) & mask)
		if (!strcmp(st->key[i], key))
			return false;
	st->key[i] = xstrdup(key);
	st->n++;
	return true;
}

static void seen_clear(struct seen *st)
{
	size_t i;

	for (i = 0; i < st->cap; i++)
		free(st->key[i]);
	free(st->key);
	memset(st, 0, sizeof(*st));
}

/* ---- reading DIEs ----------------------------------------------------------- */

/* What a failed walk reports: the first problem, as an errno. */
struct walk {
	struct text out;
	struct seen seen;
	int err;
	unsigned depth;
};

#define MAX_DEPTH 512 /* type nesting this deep is malformed */

static bool die_ref(Dwarf_Die *die, unsigned attr, Dwarf_Die *out)
{
	Dwarf_Attribute a;

	return dwarf_attr_integrate(die, attr, &a) && dwarf_formref_die(&a, out);
}

static bool die_udata(Dwarf_Die *die, unsigned attr, Dwarf_Word *v)
{
	Dwarf_Attribute a;

	return dwarf_attr_integrate(die, attr, &a) && !dwarf_formudata(&a, v);
}

static bool die_sdata(Dwarf_Die *die, unsigned attr, Dwarf_Sword *v)
{
	Dwarf_Attribute a;

	return dwarf_attr_integrate(die, attr, &a) && !dwarf_formsdata(&a, v);
}

static const char *die_name(Dwarf_Die *die)
{
	return dwarf_diename(die);
}

/*
 * "long unsigned int" (gcc) and "unsigned long" (clang) name one type:
 * write integer types as [unsigned ]char|short|int|long|long long|__int128,
 * and other base types with their words sorted.
 */
static void base_name(struct walk *w, const char *name)
{
	char buf[128], *word[8], *save = NULL, *p;
	int n = 0, longs = 0, i, j;
	bool is_unsigned = false, is_signed = false, other = false;
	const char *core = NULL;

	snprintf(buf, sizeof(buf), "%s", name ? name : "?");
	for (p = strtok_r(buf, " ", &save); p && n < 8;
	     p = strtok_r(NULL, " ", &save)) {
		word[n++] = p;
		if (!strcmp(p, "unsigned"))
			is_unsigned = true;
		else if (!strcmp(p, "signed"))
			is_signed = true;
		else if (!strcmp(p, "long"))
			longs++;
		else if (!strcmp(p, "char") || !strcmp(p, "short") ||
			 !strcmp(p, "__int128"))
			core = p;
		else if (strcmp(p, "int"))
			other = true;
	}
	if (!other && n) {
		if (core && !strcmp(core, "char")) /* three distinct types */
			put(&w->out, is_unsigned ? "unsigned char"
				     : is_signed ? "signed char" : "char");
		else
			putf(&w->out, "%s%s", is_unsigned ? "unsigned " : "",
			     core ? core : longs == 2 ? "long long"
				   : longs == 1 ? "long" : "int");
		return;
	}
	for (i = 1; i < n; i++) /* insertion sort of the words */
		for (j = i; j > 0 && strcmp(word[j - 1], word[j]) > 0; j--) {
			p = word[j];
			word[j] = word[j - 1];
			word[j - 1] = p;
		}
	for (i = 0; i < n; i++)
		putf(&w->out, "%s%s", i ? " " : "", word[i]);
}

static void emit_type(struct walk *w, Dwarf_Die *type, bool param);

/* The type a DIE refers to (DW_AT_type), or void. */
static void emit_type_of(struct walk *w, Dwarf_Die *die, bool param)
{
	Dwarf_Die t;

	if (die_ref(die, DW_AT_type, &t))
		emit_type(w, &t, param);
	else
		put(&w->out, "void");
}

/* Parameters and return type of a subprogram or subroutine type. */
static void emit_function(struct walk *w, Dwarf_Die *die)
{
	Dwarf_Die child;
	bool first = true, prototyped = dwarf_hasattr_integrate(die,
							DW_AT_prototyped);

	put(&w->out, "func(");
	emit_type_of(w, die, false);
	put(&w->out, ";");
	if (dwarf_child(die, &child) == 0) {
		do {
			int tag = dwarf_tag(&child);

			if (tag != DW_TAG_formal_parameter &&
			    tag != DW_TAG_unspecified_parameters)
				continue;
			if (!first)
				put(&w->out, ",");
			first = false;
			if (tag == DW_TAG_unspecified_parameters)
				put(&w->out, "...");
			else
				emit_type_of(w, &child, true);
		} while (dwarf_siblingof(&child, &child) == 0);
	}
	if (first && prototyped)
		put(&w->out, "void");
	put(&w->out, ")");
}

/* A member's position in bits from the start of its struct. */
static bool member_bit_pos(Dwarf_Die *m, Dwarf_Word *bits, Dwarf_Word *size)
{
	Dwarf_Word off = 0, bitoff, bytes;
	Dwarf_Attribute a;

	*size = 0;
	if (dwarf_attr(m, DW_AT_data_member_location, &a)) {
		if (dwarf_formudata(&a, &off)) {
			Dwarf_Op *ops;
			size_t nops;

			/* DWARF 2 style: DW_OP_plus_uconst N */
			if (dwarf_getlocation(&a, &ops, &nops) || nops != 1 ||
			    ops[0].atom != DW_OP_plus_uconst)
				return false;
			off = ops[0].number;
		}
	}
	*bits = off * 8;
	if (!die_udata(m, DW_AT_bit_size, size))
		return true;
	if (die_udata(m, DW_AT_data_bit_offset, &bitoff)) {
		*bits = bitoff;
	} else if (die_udata(m, DW_AT_bit_offset, &bitoff)) {
		/* DWARF 2-4: counted from the storage unit's high bit */
		if (!die_udata(m, DW_AT_byte_size, &bytes)) {
			Dwarf_Die t;

			if (!die_ref(m, DW_AT_type, &t) ||
			    !die_udata(&t, DW_AT_byte_size, &bytes))
				return false;
		}
		*bits += bytes * 8 - bitoff - *size;
	}
	return true;
}

static void emit_members(struct walk *w, Dwarf_Die *die)
{
	Dwarf_Die m;
	bool first = true;

	if (dwarf_child(die, &m) != 0)
		return;
	do {
		Dwarf_Word bits, size, align;
		const char *name;

		if (dwarf_tag(&m) != DW_TAG_member)
			continue;
		name = die_name(&m);
		if (!member_bit_pos(&m, &bits, &size)) {
			w->err = -ENOEXEC;
			return;
		}
		putf(&w->out, "%s%s@%" PRIu64, first ? "" : ";",
		     name ? name : "", (uint64_t)(bits / 8));
		if (size || bits % 8)
			putf(&w->out, ".%" PRIu64 ":%" PRIu64,
			     (uint64_t)(bits % 8), (uint64_t)size);
		if (die_udata(&m, DW_AT_alignment, &align))
			putf(&w->out, "/align=%" PRIu64, (uint64_t)align);
		put(&w->out, ":");
		emit_type_of(w, &m, false);
		first = false;
	} while (dwarf_siblingof(&m, &m) == 0 && !w->err);
}

static void emit_enumerators(struct walk *w, Dwarf_Die *die)
{
	Dwarf_Die e;
	bool first = true;

	if (dwarf_child(die, &e) != 0)
		return;
	do {
		Dwarf_Sword sv;
		Dwarf_Word uv;
		const char *name;

		if (dwarf_tag(&e) != DW_TAG_enumerator)
			continue;
		name = die_name(&e);
		put(&w->out, first ? "" : ",");
		put(&w->out, name ? name : "");
		/* the form says the signedness; print one way for both */
		if (die_sdata(&e, DW_AT_const_value, &sv) && sv < 0)
			putf(&w->out, "=%" PRId64, (int64_t)sv);
		else if (die_udata(&e, DW_AT_const_value, &uv))
			putf(&w->out, "=%" PRIu64, (uint64_t)uv);
		first = false;
	} while (dwarf_siblingof(&e, &e) == 0);
}

/* A struct, union or enum: by name if written out before, else in full. */
static void emit_aggregate(struct walk *w, Dwarf_Die *die, const char *kind)
{
	const char *name = die_name(die);
	Dwarf_Word size, align;
	char key[256];

	putf(&w->out, "%s %s", kind, name ? name : "");
	if (name) {
		snprintf(key, sizeof(key), "%s %s", kind, name);
		if (!seen_add(&w->seen, key))
			return;
	}
	if (dwarf_hasattr(die, DW_AT_declaration)) {
		put(&w->out, "{?}");
		return;
	}
	put(&w->out, "{");
	if (die_udata(die, DW_AT_byte_size, &size))
		putf(&w->out, "size=%" PRIu64, (uint64_t)size);
	if (die_udata(die, DW_AT_alignment, &align))
		putf(&w->out, ",align=%" PRIu64, (uint64_t)align);
	put(&w->out, ";");
	if (!strcmp(kind, "enum"))
		emit_enumerators(w, die);
	else
		emit_members(w, die);
	put(&w->out, "}");
}

/* Qualifiers, in the one order they are written: const(volatile(...)). */
enum qual { Q_CONST = 1, Q_VOLATILE = 2, Q_ATOMIC = 4 };

static void open_quals(struct walk *w, unsigned q)
{
	if (q & Q_CONST)
		put(&w->out, "const(");
	if (q & Q_VOLATILE)
		put(&w->out, "volatile(");
	if (q & Q_ATOMIC)
		put(&w->out, "atomic(");
}

static void close_quals(struct walk *w, unsigned q)
{
	for (; q; q &= q - 1)
		put(&w->out, ")");
}

static void emit_qualified(struct walk *w, Dwarf_Die *type, unsigned q,
			   bool param);

/* An array; @q qualifies its elements (C11 6.7.3: never the array). */
static void emit_array(struct walk *w, Dwarf_Die *die, unsigned q)
{
	Dwarf_Die sub, elem;

	put(&w->out, "array");
	if (dwarf_child(die, &sub) == 0) {
		do {
			Dwarf_Word n;
			Dwarf_Sword hi;

			if (dwarf_tag(&sub) != DW_TAG_subrange_type)
				continue;
			if (die_udata(&sub, DW_AT_count, &n))
				putf(&w->out, "[%" PRIu64 "]", (uint64_t)n);
			else if (die_sdata(&sub, DW_AT_upper_bound, &hi))
				putf(&w->out, "[%" PRId64 "]",
				     (int64_t)hi + 1);
			else
				put(&w->out, "[]");
		} while (dwarf_siblingof(&sub, &sub) == 0);
	}
	put(&w->out, "(");
	if (die_ref(die, DW_AT_type, &elem))
		emit_qualified(w, &elem, q, false);
	else
		put(&w->out, "void");
	put(&w->out, ")");
}

/*
 * A chain of qualifier DIEs down to the type they qualify, with @q more:
 * written in one canonical order whatever order the compiler chose, with
 * `restrict` dropped, and none at all at the top of a parameter's type.
 */
static void emit_qualified(struct walk *w, Dwarf_Die *type, unsigned q,
			   bool param)
{
	Dwarf_Die t = *type;
	int hops = 0;

	for (;;) {
		int tag = dwarf_tag(&t);

		if (tag == DW_TAG_const_type)
			q |= Q_CONST;
		else if (tag == DW_TAG_volatile_type)
			q |= Q_VOLATILE;
		else if (tag == DW_TAG_atomic_type)
			q |= Q_ATOMIC;
		else if (tag != DW_TAG_restrict_type)
			break;
		if (++hops > MAX_DEPTH) {
			w->err = -ELOOP;
			return;
		}
		if (!die_ref(&t, DW_AT_type, &t)) {
			if (!param)
				open_quals(w, q);
			put(&w->out, "void");
			if (!param)
				close_quals(w, q);
			return;
		}
	}
	if (param)
		q = 0;
	if (dwarf_tag(&t) == DW_TAG_array_type) {
		emit_array(w, &t, q);
		return;
	}
	open_quals(w, q);
	emit_type(w, &t, false);
	close_quals(w, q);
}

/*
 * Write type @type.  @param: it is a parameter's type, whose top-level
 * qualifiers are not part of the function's type.
 */
static void emit_type(struct walk *w, Dwarf_Die *type, bool param)
{
	const char *name;
	char key[256];
	int tag = dwarf_tag(type);

	if (++w->depth > MAX_DEPTH) {
		w->err = -ELOOP;
		w->depth--;
		return;
	}
	switch (tag) {
	case DW_TAG_base_type:
		base_name(w, die_name(type));
		break;
	case DW_TAG_unspecified_type:
		name = die_name(type);
		put(&w->out, name ? name : "?");
		break;
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
	case DW_TAG_rvalue_reference_type:
		put(&w->out, tag == DW_TAG_pointer_type ? "ptr(" : "ref(");
		emit_type_of(w, type, false);
		put(&w->out, ")");
		break;
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
	case DW_TAG_atomic_type:
	case DW_TAG_restrict_type:
		emit_qualified(w, type, 0, param);
		break;
	case DW_TAG_typedef:
		name = die_name(type);
		putf(&w->out, "typedef %s", name ? name : "");
		snprintf(key, sizeof(key), "typedef %s", name ? name : "");
		if (seen_add(&w->seen, key)) {
			put(&w->out, "=");
			emit_type_of(w, type, false);
		}
		break;
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
		emit_aggregate(w, type, "struct");
		break;
	case DW_TAG_union_type:
		emit_aggregate(w, type, "union");
		break;
	case DW_TAG_enumeration_type:
		emit_aggregate(w, type, "enum");
		break;
	case DW_TAG_array_type:
		emit_array(w, type, 0);
		break;
	case DW_TAG_subroutine_type:
		emit_function(w, type);
		break;
	default:
		putf(&w->out, "tag%#x", (unsigned)tag);
		break;
	}
	w->depth--;
}

/* ---- finding the exported symbols' declarations ------------------------------ */

/* The DIE that declares what @die defines (its abstract origin or spec). */
static void declaring_die(Dwarf_Die *die)
{
	Dwarf_Die next;
	int hops = 0;

	while (hops++ < 8 && (die_ref(die, DW_AT_abstract_origin, &next) ||
			      die_ref(die, DW_AT_specification, &next)))
		*die = next;
}

/* One candidate DIE per wanted name: a definition beats a declaration. */
struct wanted {
	const char *name;
	Dwarf_Die die;
	bool found;
	bool defined;
};

static int cmp_wanted(const void *a, const void *b)
{
	return strcmp(((const struct wanted *)a)->name,
		      ((const struct wanted *)b)->name);
}

static void scan_cu(Dwarf_Die *cu, struct wanted *want, size_t n)
{
	Dwarf_Die d;

	if (dwarf_child(cu, &d) != 0)
		return;
	do {
		int tag = dwarf_tag(&d);
		struct wanted key, *hit;
		bool defined;

		if (tag != DW_TAG_subprogram && tag != DW_TAG_variable)
			continue;
		key.name = die_name(&d);
		if (!key.name || !dwarf_hasattr_integrate(&d, DW_AT_external))
			continue;
		hit = bsearch(&key, want, n, sizeof(*want), cmp_wanted);
		if (!hit)
			continue;
		defined = !dwarf_hasattr(&d, DW_AT_declaration);
		if (hit->found && (hit->defined || !defined))
			continue;
		hit->die = d;
		hit->found = true;
		hit->defined = defined;
	} while (dwarf_siblingof(&d, &d) == 0);
}

/* The canonical text of the symbol declared by @die; NULL on error. */
static char *declaration(const char *name, Dwarf_Die *die, int *err)
{
	struct walk w = { 0 };
	Dwarf_Die decl = *die;

	declaring_die(&decl);
	putf(&w.out, "%s:", name);
	if (dwarf_tag(&decl) == DW_TAG_subprogram) {
		emit_function(&w, &decl);
	} else {
		put(&w.out, "var(");
		emit_type_of(&w, &decl, false);
		put(&w.out, ")");
	}
	seen_clear(&w.seen);
	*err = w.err;
	if (w.err) {
		free(w.out.s);
		return NULL;
	}
	return w.out.s;
}

static int no_separate_debuginfo(Dwfl_Module *mod, void **userdata,
				 const char *modname, Dwarf_Addr base,
				 const char *file_name,
				 const char *debuglink_file,
				 GElf_Word debuglink_crc, char **debuginfo_file)
{
	return -1; /* the DWARF is in the file itself or nowhere */
}

static const Dwfl_Callbacks offline_callbacks = {
	.find_debuginfo = no_separate_debuginfo,
	.section_address = dwfl_offline_section_address,
};

int ksymcrc_compute(const char *path, struct symvers *sv, size_t from,
		    FILE *dump)
{
	struct wanted *want;
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Dwarf *dw;
	Dwarf_Addr bias;
	Dwarf_CU *cu = NULL;
	Dwarf_Die cudie, subdie;
	uint8_t unit_type;
	size_t i, n = sv->n - from;
	int err = 0;

	if (!n)
		return 0;
	want = xmalloc(n * sizeof(*want));
	memset(want, 0, n * sizeof(*want));
	for (i = 0; i < n; i++)
		want[i].name = sv->e[from + i].name;
	qsort(want, n, sizeof(*want), cmp_wanted);

	dwfl = dwfl_begin(&offline_callbacks);
	mod = dwfl ? dwfl_report_offline(dwfl, path, path, -1) : NULL;
	if (!mod || dwfl_report_end(dwfl, NULL, NULL)) {
		msg("%s: cannot read: %s", path, dwfl_errmsg(-1));
		err = -ENOEXEC;
		goto out;
	}
	dw = dwfl_module_getdwarf(mod, &bias);
	while (dw && dwarf_get_units(dw, cu, &cu, NULL, &unit_type, &cudie,
				     &subdie) == 0) {
		/* -gsplit-dwarf: the DIEs are in the .dwo beside the object */
		if (unit_type == DW_UT_skeleton)
			scan_cu(&subdie, want, n);
		else
			scan_cu(&cudie, want, n);
	}
	for (i = 0; i < n; i++) {
		struct symvers_entry *e = &sv->e[from + i];
		struct wanted key = { .name = e->name }, *hit;
		char *text;
		int e2;

		hit = bsearch(&key, want, n, sizeof(*want), cmp_wanted);
		if (!hit || !hit->found) {
			report("WARNING: EXPORT symbol \"%s\" [%s] version "
			       "generation failed, symbol will not be "
			       "versioned.%s", e->name, e->module,
			       dw ? "" : " (no debugging information: "
					 "compile with -g)");
			continue;
		}
		text = declaration(e->name, &hit->die, &e2);
		if (!text) {
			msg("%s: malformed debugging information for %s",
			    path, e->name);
			err = e2;
			break;
		}
		e->crc = ksymcrc_crc32(text, strlen(text));
		e->has_crc = true;
		if (dump)
			fprintf(dump, "0x%08x\t%s\n", e->crc, text);
		free(text);
	}
out:
	if (dwfl)
		dwfl_end(dwfl);
	free(want);
	return err;
}
