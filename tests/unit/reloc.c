// SPDX-License-Identifier: MIT
/*
 * reloc.c - every relocation type the core supports, checked by value.
 *
 * tests/modules/reloc.S carries a table of fields, one relocation each
 * (tests/modules/reloc.h).  After loading it, each field is compared with
 * the psABI formula computed here from exported addresses, and the bytes
 * past each field must be untouched.  Then the natural instruction forms
 * are executed: calls through far-branch stubs into the provider's far
 * code and into the C library, loads and calls through the GOT, the GOT
 * base by GOTPC32 and by the large-model GOTPC64/GOTOFF64/GOT64 sequence.
 * The negative tests patch single relocations of the same image (type,
 * symbol, addend, offset) and check the refusal: -ENOEXEC, a message
 * naming the type, the symbol and the section, and resources at baseline.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "reloc.h"
#include "testplat.h"

/* ---- reading the loaded table ------------------------------------------------ */

struct loaded {
	struct lkm_kernel *k;
	uintptr_t table, obj, text_fn, ro, got;
	struct mod_view mod;
};

static uintptr_t slot_addr(const struct loaded *l, int i)
{
	return l->table + (uintptr_t)i * RF_SLOT;
}

static uint64_t field_u(const struct loaded *l, int i, unsigned width)
{
	uint64_t v = 0;

	memcpy(&v, (void *)slot_addr(l, i), width);
	return v;
}

static int64_t field_s(const struct loaded *l, int i, unsigned width)
{
	uint64_t v = field_u(l, i, width);
	unsigned shift = 64 - 8 * width;

	return (int64_t)(v << shift) >> shift;
}

static uint64_t read_u64(uintptr_t a)
{
	uint64_t v;

	memcpy(&v, (void *)a, 8);
	return v;
}

static void load_reloc(struct loaded *l)
{
	memset(l, 0, sizeof(*l));
	l->k = testplat_new();
	fixture_load(l->k, "reloc");
	l->table = ksym(l->k, "rl_table");
	l->obj = ksym(l->k, "rl_obj");
	l->text_fn = ksym(l->k, "rl_text_fn");
	l->ro = ksym(l->k, "rl_ro");
	l->got = (uintptr_t)field_u(l, RF_64_GOT, 8);
	l->mod = mod_view(l->k, "reloc");
	CHECK(l->mod.found);
}

static void unload_reloc(struct loaded *l)
{
	fixture_unload(l->k, "reloc");
	testplat_free(l->k);
}

static bool in_module(const struct loaded *l, uintptr_t a)
{
	return a >= l->mod.base && a < l->mod.base + l->mod.size;
}

static uintptr_t libc_sym(const char *name)
{
	void *h = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
	void *p = h ? dlsym(h, name) : NULL;

	if (!p)
		FAILF("cannot find %s in the C library", name);
	return (uintptr_t)p;
}

/* Where a `jmp rel32` (e9) or `call rel32` (e8) at @insn goes. */
static uintptr_t branch_target(uintptr_t insn)
{
	const uint8_t *p = (const uint8_t *)insn;
	int32_t rel;

	if (p[0] != 0xe8 && p[0] != 0xe9)
		FAILF("no call/jmp rel32 at %#lx (byte %#x)", insn, p[0]);
	memcpy(&rel, p + 1, 4);
	return insn + 5 + (intptr_t)rel;
}

/* The target of a far-branch stub (jmp *0(%rip); .quad target). */
static uintptr_t stub_target(uintptr_t stub)
{
	static const uint8_t jmp_ind[6] = { 0xff, 0x25, 0, 0, 0, 0 };

	if (memcmp((void *)stub, jmp_ind, 6))
		FAILF("no stub at %#lx", stub);
	return (uintptr_t)read_u64(stub + 6);
}

/* ---- the fixture itself -------------------------------------------------------- */

TEST(reloc_fixture_has_every_type)
{
	static const uint32_t want[] = {
		R_X86_64_NONE,	     R_X86_64_64,	  R_X86_64_PC32,
		R_X86_64_GOT32,	     R_X86_64_PLT32,	  R_X86_64_GOTPCREL,
		R_X86_64_32,	     R_X86_64_32S,	  R_X86_64_16,
		R_X86_64_PC16,	     R_X86_64_8,	  R_X86_64_PC8,
		R_X86_64_PC64,	     R_X86_64_GOTOFF64,	  R_X86_64_GOTPC32,
		R_X86_64_GOT64,	     R_X86_64_GOTPCREL64, R_X86_64_GOTPC64,
		R_X86_64_GOTPLT64,   R_X86_64_SIZE32,	  R_X86_64_SIZE64,
		R_X86_64_GOTPCRELX,  R_X86_64_REX_GOTPCRELX,
	};
	struct image img = image_read("reloc");
	unsigned sec;

	/* The assembler really emitted each type (so the test means it). */
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!img_rela_of_type(img, want[i], &sec))
			FAILF("reloc.ko has no relocation of type %u", want[i]);
	/* The table's slots carry the types reloc.h says, at the right place. */
	CHECK_EQ(ELF64_R_TYPE(img_rela_at(img, ".data", 8 * RF_PC8)->r_info),
		 R_X86_64_PC8);
	CHECK_EQ(ELF64_R_TYPE(img_rela_at(img, ".data", 8 * RF_GOTPC64)->r_info),
		 R_X86_64_GOTPC64);
	CHECK_EQ(ELF64_R_TYPE(img_rela_at(img, ".data", 8 * RF_PC32_SECTION)->r_info),
		 R_X86_64_PC32);
	CHECK_EQ(img_symbol(img, "rl_near")->st_value, RL_NEAR_OFF);
	image_free(img);
}

/* ---- every field, by value ------------------------------------------------------- */

struct expect {
	int slot;
	const char *what;
	unsigned width;
	bool is_signed;
	int64_t value;
};

TEST(reloc_every_type_by_value)
{
	struct loaded l;
	uintptr_t test_add_a = (uintptr_t)test_add;
	uintptr_t test_var_a = (uintptr_t)&test_var;
	uintptr_t far_data, near_label;

	load_reloc(&l);
	far_data = (uintptr_t)testplat_far_data();
	near_label = l.table + RL_NEAR_OFF;
#define P(i) ((int64_t)slot_addr(&l, i))
	const struct expect e[] = {
		{ RF_64_FN, "64 test_add+5", 8, 0, (int64_t)test_add_a + 5 },
		{ RF_64_FAR, "64 far_data", 8, 0, (int64_t)far_data },
		{ RF_PC32, "PC32 rl_obj+3", 4, 1, (int64_t)l.obj + 3 - P(RF_PC32) },
		{ RF_PC32_KERN, "PC32 test_var-4", 4, 1,
		  (int64_t)test_var_a - 4 - P(RF_PC32_KERN) },
		{ RF_PLT32_NEAR, "PLT32 test_add-4 (direct)", 4, 1,
		  (int64_t)test_add_a - 4 - P(RF_PLT32_NEAR) },
		{ RF_32, "32 rl_obj+1", 4, 0, (int64_t)l.obj + 1 },
		{ RF_32S, "32S rl_obj+2", 4, 1, (int64_t)l.obj + 2 },
		{ RF_16, "16 test_small_value+1", 2, 0, TESTPLAT_SMALL_VALUE + 1 },
		{ RF_8, "8 rl_abs+2", 1, 0, RL_ABS + 2 },
		{ RF_PC16, "PC16 rl_near", 2, 1, (int64_t)near_label - P(RF_PC16) },
		{ RF_PC8, "PC8 rl_near-3", 1, 1,
		  (int64_t)near_label - 3 - P(RF_PC8) },
		{ RF_PC64, "PC64 far_data+7", 8, 1,
		  (int64_t)far_data + 7 - P(RF_PC64) },
		{ RF_GOTOFF64, "GOTOFF64 rl_obj+8", 8, 1,
		  (int64_t)l.obj + 8 - (int64_t)l.got },
		{ RF_GOTPC32, "GOTPC32 +2", 4, 1,
		  (int64_t)l.got + 2 - P(RF_GOTPC32) },
		{ RF_GOTPC64, "GOTPC64 +9", 8, 1,
		  (int64_t)l.got + 9 - P(RF_GOTPC64) },
		{ RF_SIZE32, "SIZE32 rl_obj+1", 4, 0, RL_OBJ_SIZE + 1 },
		{ RF_SIZE64, "SIZE64 rl_obj+100", 8, 0, RL_OBJ_SIZE + 100 },
		{ RF_32S_WEAK, "32S weak-1", 4, 1, -1 },
		{ RF_64_WEAK, "64 weak", 8, 0, 0 },
		{ RF_PC32_TEXT, "PC32 rl_text_fn-4", 4, 1,
		  (int64_t)l.text_fn - 4 - P(RF_PC32_TEXT) },
		{ RF_64_LIBC, "64 labs", 8, 0, (int64_t)libc_sym("labs") },
		{ RF_8_MAX, "8 0xff", 1, 0, 0xff },
		{ RF_16_MAX, "16 0xffff", 2, 0, 0xffff },
		{ RF_PC32_SECTION, "PC32 .rodata+16", 4, 1,
		  (int64_t)l.ro + 16 - P(RF_PC32_SECTION) },
	};
#undef P

	for (size_t i = 0; i < sizeof(e) / sizeof(e[0]); i++) {
		int64_t got = e[i].is_signed ? field_s(&l, e[i].slot, e[i].width)
					     : (int64_t)field_u(&l, e[i].slot,
								e[i].width);
		const uint8_t *tail =
			(const uint8_t *)slot_addr(&l, e[i].slot) + e[i].width;

		if (got != e[i].value)
			FAILF("slot %d (%s): %#llx, expected %#llx", e[i].slot,
			      e[i].what, (unsigned long long)got,
			      (unsigned long long)e[i].value);
		for (unsigned b = 0; b < RF_SLOT - e[i].width; b++)
			if (tail[b] != RF_FILL)
				FAILF("slot %d (%s): byte %u past the field was overwritten",
				      e[i].slot, e[i].what, e[i].width + b);
	}
	/* R_X86_64_NONE writes nothing. */
	for (unsigned b = 0; b < RF_SLOT; b++)
		CHECK_HEX(((const uint8_t *)slot_addr(&l, RF_NONE))[b], RF_FILL);
	unload_reloc(&l);
}

/* GOT: one read-only slot per symbol, holding the symbol's address. */
TEST(reloc_got_slots)
{
	struct loaded l;
	uintptr_t g_test_var, g_far_add, g_obj, g_test_add, g_far_data, slots[5];
	char perms[5];

	load_reloc(&l);
	CHECK(in_module(&l, l.got));
	CHECK_EQ(l.got % 8, 0);
#define G32(i) (slot_addr(&l, i) + 4 + (uintptr_t)field_s(&l, i, 4))
	g_test_var = G32(RF_GOTPCREL);
	g_far_add = G32(RF_GOTPCRELX);
	g_obj = G32(RF_REX_GOTPCRELX);
	g_far_data = G32(RF_GOTPCREL_FAR);
#undef G32
	g_test_add = slot_addr(&l, RF_GOTPCREL64) +
		     (uintptr_t)field_s(&l, RF_GOTPCREL64, 8);
	CHECK_HEX(read_u64(g_test_var), (uintptr_t)&test_var);
	CHECK_HEX(read_u64(g_far_add), (uintptr_t)testplat_far_add());
	CHECK_HEX(read_u64(g_obj), l.obj);
	CHECK_HEX(read_u64(g_test_add), (uintptr_t)test_add);
	CHECK_HEX(read_u64(g_far_data), (uintptr_t)testplat_far_data());
	/* GOT64, GOTPLT64 and GOT32 give slot offsets from the GOT base. */
	CHECK_HEX(l.got + field_u(&l, RF_GOT64, 8), g_test_var);
	CHECK_HEX(l.got + field_u(&l, RF_GOTPLT64, 8), g_test_add);
	CHECK_HEX(l.got + (uintptr_t)field_s(&l, RF_GOT32, 4), g_far_data);
	/* Five symbols, five distinct slots right at the GOT. */
	slots[0] = g_test_var;
	slots[1] = g_far_add;
	slots[2] = g_obj;
	slots[3] = g_test_add;
	slots[4] = g_far_data;
	for (int i = 0; i < 5; i++) {
		CHECK(slots[i] >= l.got && slots[i] < l.got + 5 * 8);
		CHECK_EQ((slots[i] - l.got) % 8, 0);
		for (int j = 0; j < i; j++)
			CHECK_NE(slots[i], slots[j]);
	}
	/* Relocated, then made read-only. */
	CHECK(testplat_page_perms(l.got, perms));
	CHECK_STR(perms, "r--p");
	unload_reloc(&l);
}

/* A far branch goes through one stub per target; a near one does not. */
TEST(reloc_far_branch_stubs)
{
	struct loaded l;
	uintptr_t stub_far, stub_call, stub_jmp, stub_libc, direct;
	char perms[5];

	load_reloc(&l);
	stub_far = slot_addr(&l, RF_PLT32_FAR) + 4 +
		   (uintptr_t)field_s(&l, RF_PLT32_FAR, 4);
	CHECK(in_module(&l, stub_far));
	CHECK_HEX(stub_target(stub_far), (uintptr_t)testplat_far_add());
	CHECK(testplat_page_perms(stub_far, perms));
	CHECK_STR(perms, "r-xp");
	/* rl_call_far_add: sub $8,%rsp (4 bytes), then call. */
	stub_call = branch_target(ksym(l.k, "rl_call_far_add") + 4);
	stub_jmp = branch_target(ksym(l.k, "rl_jmp_far_add"));
	CHECK_HEX(stub_call, stub_far);
	CHECK_HEX(stub_jmp, stub_far);
	stub_libc = branch_target(ksym(l.k, "rl_labs"));
	CHECK(in_module(&l, stub_libc));
	CHECK_NE(stub_libc, stub_far);
	CHECK_HEX(stub_target(stub_libc), libc_sym("labs"));
	/* test_add is within reach: called directly. */
	direct = branch_target(ksym(l.k, "rl_call_test_add"));
	CHECK_HEX(direct, (uintptr_t)test_add);
	CHECK_HEX(slot_addr(&l, RF_PLT32_NEAR) + 4 +
			  (uintptr_t)field_s(&l, RF_PLT32_NEAR, 4),
		  (uintptr_t)test_add);
	/* The platform really put the C library out of direct reach. */
	CHECK((uintptr_t)test_add < TESTPLAT_AREA_BASE);
	CHECK(libc_sym("labs") > TESTPLAT_AREA_BASE + (4ul << 30));
	unload_reloc(&l);
}

/* Execute what was relocated. */
TEST(reloc_calls_through_stubs_and_got)
{
	struct loaded l;
	long saved = test_var;

	load_reloc(&l);
	CHECK_EQ(KSYM_FN(l.k, long (*)(long, long), "rl_call_far_add")(40, 2), 42);
	CHECK_EQ(KSYM_FN(l.k, long (*)(long, long), "rl_jmp_far_add")(-5, 3), -2);
	CHECK_EQ(KSYM_FN(l.k, long (*)(long), "rl_labs")(-1234567), 1234567);
	CHECK_EQ(KSYM_FN(l.k, long (*)(long, long), "rl_call_test_add")(1, 2), 3);
	CHECK_EQ(KSYM_FN(l.k, long (*)(long, long), "rl_got_far_add")(5, 6), 11);
	CHECK_EQ(KSYM_FN(l.k, long (*)(void), "rl_got_test_var")(), test_var);
	test_var = 77;
	CHECK_EQ(KSYM_FN(l.k, long (*)(void), "rl_got_test_var")(), 77);
	CHECK_EQ(KSYM_FN(l.k, long (*)(void), "rl_large_test_var")(), 77);
	test_var = saved;
	CHECK_EQ(KSYM_FN(l.k, long (*)(void), "rl_got_far_data")(),
		 TESTPLAT_FAR_DATA_VALUE);
	CHECK_HEX(KSYM_FN(l.k, uintptr_t (*)(void), "rl_got_base")(), l.got);
	CHECK_HEX(KSYM_FN(l.k, uintptr_t (*)(void), "rl_large_got_base")(), l.got);
	CHECK_HEX(KSYM_FN(l.k, uintptr_t (*)(void), "rl_large_obj")(), l.obj);
	CHECK_HEX(KSYM_FN(l.k, uintptr_t (*)(void), "rl_pc64_obj")(), l.obj);
	CHECK_EQ(KSYM_FN(l.k, long (*)(void), "rl_text_fn")(), 0x5a5a);
	unload_reloc(&l);
}

/* ---- refusals -------------------------------------------------------------------- */

struct refusal {
	struct lkm_kernel *k;
	struct lkm_stats base;
	struct image img;
};

static void refusal_begin(struct refusal *r)
{
	r->k = testplat_new();
	r->base = stats_get(r->k);
	r->img = image_read("reloc");
}

static void refusal_end(struct refusal *r)
{
	image_free(r->img);
	testplat_free(r->k);
}

static Elf64_Rela *slot_rela(struct image img, int slot)
{
	Elf64_Rela *r = img_rela_at(img, ".data", (uint64_t)slot * RF_SLOT);

	if (!r)
		FAILF("reloc.ko has no relocation for slot %d", slot);
	return r;
}

/*
 * Load a copy of @r->img with slot @slot's relocation changed; expect
 * @want and, on failure, each of the NULL-terminated @msgs in the log and
 * resources at baseline.
 */
static void try_patched(struct refusal *r, int slot, int64_t type,
			const char *sym, int64_t addend, bool set_addend,
			int want, const char *const *msgs)
{
	struct image c = image_dup(r->img, r->img.size);
	Elf64_Rela *rel = slot_rela(c, slot);
	int err;

	if (type >= 0)
		rela_set_type(rel, (uint32_t)type);
	if (sym)
		rela_set_sym(rel, img_symbol_index(c, sym));
	if (set_addend)
		rel->r_addend = addend;
	testplat_log_clear();
	err = image_load(r->k, c);
	image_free(c);
	if (err != want)
		FAILF("slot %d type %lld sym %s addend %lld: load gave %d, expected %d; log:\n%s",
		      slot, (long long)type, sym ? sym : "-", (long long)addend,
		      err, want, testplat_log());
	if (!err) {
		fixture_unload(r->k, "reloc");
	} else {
		for (; msgs && *msgs; msgs++)
			CHECK_LOG(*msgs);
	}
	CHECK_BASELINE(r->k, r->base);
}

#define MSGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

TEST(reloc_tls_types_refused)
{
	static const struct {
		uint32_t type;
		const char *name;
	} tls[] = {
		{ R_X86_64_DTPMOD64, "R_X86_64_DTPMOD64" },
		{ R_X86_64_DTPOFF64, "R_X86_64_DTPOFF64" },
		{ R_X86_64_TPOFF64, "R_X86_64_TPOFF64" },
		{ R_X86_64_TLSGD, "R_X86_64_TLSGD" },
		{ R_X86_64_TLSLD, "R_X86_64_TLSLD" },
		{ R_X86_64_DTPOFF32, "R_X86_64_DTPOFF32" },
		{ R_X86_64_GOTTPOFF, "R_X86_64_GOTTPOFF" },
		{ R_X86_64_TPOFF32, "R_X86_64_TPOFF32" },
		{ R_X86_64_GOTPC32_TLSDESC, "R_X86_64_GOTPC32_TLSDESC" },
		{ R_X86_64_TLSDESC_CALL, "R_X86_64_TLSDESC_CALL" },
		{ R_X86_64_TLSDESC, "R_X86_64_TLSDESC" },
	};
	struct refusal r;

	refusal_begin(&r);
	for (size_t i = 0; i < sizeof(tls) / sizeof(tls[0]); i++)
		try_patched(&r, RF_64_FN, tls[i].type, NULL, 0, false,
			    -LKM_ENOEXEC,
			    MSGS(tls[i].name, "'test_add'", "section .data",
				 "thread-local"));
	refusal_end(&r);
}

TEST(reloc_unknown_types_refused)
{
	static const uint32_t bad[] = { 200, R_X86_64_PLTOFF64, 37, 38, 39,
					40, 43, 0xffffffffu };
	struct refusal r;
	char typ[32];

	refusal_begin(&r);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(typ, sizeof(typ), "(type %u)", bad[i]);
		try_patched(&r, RF_64_FN, bad[i], NULL, 0, false, -LKM_ENOEXEC,
			    MSGS(typ, "'test_add'", "section .data",
				 "not supported"));
	}
	refusal_end(&r);
}

/* Data references cannot go through a stub: far ones are refused. */
TEST(reloc_far_data_references_refused)
{
	struct refusal r;

	refusal_begin(&r);
	try_patched(&r, RF_PC32_KERN, -1, "far_data", 0, false, -LKM_ENOEXEC,
		    MSGS("R_X86_64_PC32", "'far_data'", "section .data",
			 "out of range"));
	/* ... even to a function: PC32 takes its address, it is no branch */
	try_patched(&r, RF_PC32_KERN, -1, "far_add", 0, false, -LKM_ENOEXEC,
		    MSGS("R_X86_64_PC32", "'far_add'", "out of range"));
	try_patched(&r, RF_PC32_KERN, -1, "labs", 0, false, -LKM_ENOEXEC,
		    MSGS("R_X86_64_PC32", "'labs'", "out of range"));
	try_patched(&r, RF_32, -1, "far_data", 0, false, -LKM_ENOEXEC,
		    MSGS("R_X86_64_32 ", "'far_data'", "out of range"));
	try_patched(&r, RF_32S, -1, "far_data", 0, false, -LKM_ENOEXEC,
		    MSGS("R_X86_64_32S", "'far_data'", "out of range"));
	try_patched(&r, RF_PC16, -1, "far_data", 0, false, -LKM_ENOEXEC,
		    MSGS("R_X86_64_PC16", "'far_data'", "out of range"));
	/* A PLT32 to the same far target is fine: it gets a stub. */
	try_patched(&r, RF_PC32_KERN, R_X86_64_PLT32, "far_data", -4, true, 0,
		    NULL);
	refusal_end(&r);
}

/* The range checks sit exactly at each field's limits. */
TEST(reloc_range_limits)
{
	struct refusal r;
	int64_t obj_minus_p;

	refusal_begin(&r);
	/* R_X86_64_8 / 16 (zero-extended): S = 0 (ld folded rl_abs in). */
	try_patched(&r, RF_8_MAX, -1, NULL, 0xff, true, 0, NULL);
	try_patched(&r, RF_8_MAX, -1, NULL, 0x100, true, -LKM_ENOEXEC,
		    MSGS("R_X86_64_8 ", "out of range"));
	try_patched(&r, RF_16_MAX, -1, NULL, 0xffff, true, 0, NULL);
	try_patched(&r, RF_16_MAX, -1, NULL, 0x10000, true, -LKM_ENOEXEC,
		    MSGS("R_X86_64_16 ", "out of range"));
	/* R_X86_64_32 (zero-extended) and 32S (sign-extended), S = 0. */
	try_patched(&r, RF_32, -1, "rl_weak_missing", 0xffffffffll, true, 0,
		    NULL);
	try_patched(&r, RF_32, -1, "rl_weak_missing", 0x100000000ll, true,
		    -LKM_ENOEXEC, MSGS("R_X86_64_32 ", "out of range"));
	try_patched(&r, RF_32, -1, "rl_weak_missing", -1, true, -LKM_ENOEXEC,
		    MSGS("R_X86_64_32 ", "out of range"));
	try_patched(&r, RF_32S_WEAK, -1, NULL, 0x7fffffff, true, 0, NULL);
	try_patched(&r, RF_32S_WEAK, -1, NULL, -0x80000000ll, true, 0, NULL);
	try_patched(&r, RF_32S_WEAK, -1, NULL, 0x80000000ll, true,
		    -LKM_ENOEXEC, MSGS("R_X86_64_32S", "out of range"));
	try_patched(&r, RF_32S_WEAK, -1, NULL, -0x80000001ll, true,
		    -LKM_ENOEXEC, MSGS("R_X86_64_32S", "out of range"));
	/* PC8: rl_near - P = RL_NEAR_OFF - 8 * RF_PC8 */
	try_patched(&r, RF_PC8, -1, NULL, 127 - (RL_NEAR_OFF - 8 * RF_PC8),
		    true, 0, NULL);
	try_patched(&r, RF_PC8, -1, NULL, -128 - (RL_NEAR_OFF - 8 * RF_PC8),
		    true, 0, NULL);
	try_patched(&r, RF_PC8, -1, NULL, 128 - (RL_NEAR_OFF - 8 * RF_PC8),
		    true, -LKM_ENOEXEC, MSGS("R_X86_64_PC8", "out of range"));
	try_patched(&r, RF_PC8, -1, NULL, -129 - (RL_NEAR_OFF - 8 * RF_PC8),
		    true, -LKM_ENOEXEC, MSGS("R_X86_64_PC8", "out of range"));
	/* PC16 */
	try_patched(&r, RF_PC16, -1, NULL, 32767 - (RL_NEAR_OFF - 8 * RF_PC16),
		    true, 0, NULL);
	try_patched(&r, RF_PC16, -1, NULL, 32768 - (RL_NEAR_OFF - 8 * RF_PC16),
		    true, -LKM_ENOEXEC, MSGS("R_X86_64_PC16", "out of range"));
	/* PC32: rl_obj - P is fixed by the layout of .data */
	obj_minus_p = (int64_t)img_symbol(r.img, "rl_obj")->st_value -
		      8 * RF_PC32;
	try_patched(&r, RF_PC32, -1, NULL, 0x7fffffff - obj_minus_p, true, 0,
		    NULL);
	try_patched(&r, RF_PC32, -1, NULL, 0x80000000ll - obj_minus_p, true,
		    -LKM_ENOEXEC, MSGS("R_X86_64_PC32", "out of range"));
	try_patched(&r, RF_PC32, -1, NULL, -0x80000000ll - obj_minus_p, true,
		    0, NULL);
	try_patched(&r, RF_PC32, -1, NULL, -0x80000001ll - obj_minus_p, true,
		    -LKM_ENOEXEC, MSGS("R_X86_64_PC32", "out of range"));
	/* SIZE32 is zero-extended too */
	try_patched(&r, RF_SIZE32, -1, NULL, 0xffffffffll - RL_OBJ_SIZE, true,
		    0, NULL);
	try_patched(&r, RF_SIZE32, -1, NULL, 0x100000000ll - RL_OBJ_SIZE, true,
		    -LKM_ENOEXEC, MSGS("R_X86_64_SIZE32", "out of range"));
	refusal_end(&r);
}

/* A field that starts inside its section but runs past its end. */
TEST(reloc_field_past_section_end)
{
	struct refusal r;
	struct image c;
	Elf64_Rela *rel;
	uint64_t size;
	int err;

	refusal_begin(&r);
	c = image_dup(r.img, r.img.size);
	size = img_section(c, ".data")->sh_size;
	rel = slot_rela(c, RF_64_FN);
	rel->r_offset = size - 4; /* an 8-byte field with 4 bytes of room */
	err = image_load(r.k, c);
	CHECK_EQ(err, -LKM_ENOEXEC);
	CHECK_LOG("R_X86_64_64");
	CHECK_LOG("past the end");
	CHECK_BASELINE(r.k, r.base);
	/* The last 8 bytes exactly: fine. */
	rel->r_offset = size - 8;
	testplat_log_clear();
	err = image_load(r.k, c);
	CHECK_EQ(err, 0);
	fixture_unload(r.k, "reloc");
	CHECK_BASELINE(r.k, r.base);
	image_free(c);
	refusal_end(&r);
}

/* A reference to a section that is not loaded (.modinfo) is refused. */
TEST(reloc_against_unloaded_section_refused)
{
	struct refusal r;
	unsigned n, modinfo_sym = 0;
	Elf64_Sym *syms;
	unsigned modinfo;
	struct image c;
	int err;

	refusal_begin(&r);
	c = image_dup(r.img, r.img.size);
	syms = img_symtab(c, &n);
	modinfo = img_section_index(c, ".modinfo");
	for (unsigned i = 1; i < n; i++)
		if (ELF64_ST_TYPE(syms[i].st_info) == STT_SECTION &&
		    syms[i].st_shndx == modinfo)
			modinfo_sym = i;
	CHECK(modinfo_sym);
	rela_set_sym(slot_rela(c, RF_64_FN), modinfo_sym);
	err = image_load(r.k, c);
	CHECK_EQ(err, -LKM_ENOEXEC);
	CHECK_LOG("'.modinfo'");
	CHECK_LOG("not loaded");
	CHECK_BASELINE(r.k, r.base);
	image_free(c);
	refusal_end(&r);
}

/*
 * A GOT relocation without a symbol (r_sym 0) must not be left pointing at
 * a "slot" at address 0: either it is refused, or it gets a real slot in
 * the module's GOT (holding 0, the value of symbol 0).
 */
TEST(reloc_got_without_symbol)
{
	struct refusal r;
	struct image c;
	int err;

	refusal_begin(&r);
	c = image_dup(r.img, r.img.size);
	rela_set_sym(slot_rela(c, RF_GOTPCREL), 0);
	err = image_load(r.k, c);
	image_free(c);
	if (err) {
		CHECK_EQ(err, -LKM_ENOEXEC);
		CHECK_LOG("R_X86_64_GOTPCREL");
		CHECK_BASELINE(r.k, r.base);
	} else {
		struct loaded l = { .k = r.k };
		uintptr_t g;

		l.table = ksym(r.k, "rl_table");
		l.mod = mod_view(r.k, "reloc");
		l.got = (uintptr_t)field_u(&l, RF_64_GOT, 8);
		g = slot_addr(&l, RF_GOTPCREL) + 4 +
		    (uintptr_t)field_s(&l, RF_GOTPCREL, 4);
		if (!in_module(&l, g))
			FAILF("GOTPCREL with symbol 0 points at %#lx, outside the module (GOT at %#lx)",
			      (unsigned long)g, (unsigned long)l.got);
		CHECK_HEX(read_u64(g), 0);
		fixture_unload(r.k, "reloc");
	}
	refusal_end(&r);
}

/* Real thread-local code, as compilers and assemblers emit it. */
TEST(reloc_tls_modules_refused)
{
	struct lkm_kernel *k = testplat_new();
	struct lkm_stats base = stats_get(k);
	struct image img = image_read("tls");

	CHECK(img_rela_of_type(img, R_X86_64_TPOFF32, NULL));
	CHECK_EQ(image_load(k, img), -LKM_ENOEXEC);
	CHECK_LOG("tls_counter");
	CHECK_LOG("thread-local");
	CHECK_BASELINE(k, base);
	image_free(img);

	testplat_log_clear();
	img = image_read("tls_ie");
	CHECK(img_rela_of_type(img, R_X86_64_GOTTPOFF, NULL));
	CHECK_EQ(image_load(k, img), -LKM_ENOEXEC);
	CHECK_LOG("ext_tls");
	CHECK_LOG("thread-local");
	CHECK_BASELINE(k, base);
	image_free(img);
	testplat_free(k);
}
