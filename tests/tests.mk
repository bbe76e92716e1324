# tests/tests.mk - `make check`: the core's unit tests, their fixture
# modules, and one runner (tests/run.sh) that aggregates every test program.
#
# Unit tests: each tests/unit/<name>.c is a program $(BUILD)/tests/<name>
# linked with the test framework and platform (tests/lib) and liblkm.  They
# are linked -no-pie, so that the test kernel's exports sit below the module
# area (tests/lib/testplat.h) and modules reach them directly, while the C
# library stays far away and is reached through stubs.
#
# Fixture modules: tests/modules/*.{c,S} are built straight with cc and
# ld -r (not lkm-build, which the fixtures must not depend on: some are
# deliberately broken) into $(BUILD)/tests/modules/<name>.ko.  C fixtures get
# name= and vermagic= from tests/modules/modinfo.h; assembly ones from
# MODULE_HEADER in tests/modules/asm.h.  Per fixture <f>:
#     <f>-src      source in tests/modules (default <f>.c, else <f>.S)
#     <f>-flags    extra compiler flags
#     <f>-modname  module name (default <f>)
# matrix.c is built 12 ways: {gcc, clang} x {-O0, -O2} x {non-PIC, -fpic,
# -fpie}, as matrix_<cc>_<opt>_<pic>.ko, by lkm-build (with
# tests/modules/testkernel.symvers, the test kernel's exports) if the tree
# has it.
#
# Other test programs join the same count: any executable (or .sh script)
# in CHECK_SCRIPTS that prints "ok NAME" / "FAIL NAME: why" lines.
# tests/integration/*.sh are picked up automatically; other fragments may
# add programs to CHECK_SCRIPTS and what they need to CHECK_DEPS.

TEST_OUT := $(BUILD)/tests
TEST_MOD_OUT := $(TEST_OUT)/modules

# ---- the unit-test programs ----------------------------------------------------

TEST_LIB_SRCS := $(wildcard tests/lib/*.c)
TEST_LIB_OBJS := $(TEST_LIB_SRCS:%.c=$(BUILD)/%.o)
TEST_UNIT_SRCS := $(wildcard tests/unit/*.c)
TEST_UNIT_OBJS := $(TEST_UNIT_SRCS:%.c=$(BUILD)/%.o)
TEST_PROGS := $(TEST_UNIT_SRCS:tests/unit/%.c=$(TEST_OUT)/%)

TEST_CFLAGS := $(HOST_CFLAGS) -Itests/lib -Itests/modules -MMD -MP \
	-DTEST_MODULE_DIR='"$(TEST_MOD_OUT)"'
TEST_LDFLAGS := $(HOST_LDFLAGS) -no-pie

$(TEST_LIB_OBJS) $(TEST_UNIT_OBJS): $(BUILD)/tests/%.o: tests/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -c $< -o $@

$(TEST_PROGS): $(TEST_OUT)/%: $(BUILD)/tests/unit/%.o $(TEST_LIB_OBJS) $(LIBLKM)
	$(CC) $(TEST_LDFLAGS) -o $@ $< $(TEST_LIB_OBJS) $(LIBLKM)

-include $(TEST_LIB_OBJS:.o=.d) $(TEST_UNIT_OBJS:.o=.d)

# ---- fixture modules --------------------------------------------------------------

TEST_FIXTURES_C := elfbase initfail unknown exporter importer importer2 \
	dup_kernel dup_module gpl_user nongpl_user ns_import ns_noimport \
	weak common initmem permanent noinit tls nultrick maxname longname
TEST_FIXTURES_S := reloc tls_ie align

importer2-src := importer.c
dup_kernel-src := dupexport.c
dup_kernel-flags := -DDUP_NAME=test_add
dup_module-src := dupexport.c
dup_module-flags := -DDUP_NAME=exp_value
gpl_user-src := gplonly.c
gpl_user-flags := -DLICENSE='"GPL"'
nongpl_user-src := gplonly.c
nongpl_user-flags := -DLICENSE='"Proprietary"'
ns_import-src := nsuse.c
ns_import-flags := -DIMPORT
ns_noimport-src := nsuse.c
common-flags := -fcommon
maxname-src := noinit.c
# 55 characters: the longest name (LKM_MODULE_NAME_LEN - 1); longname has 56.
maxname-modname := m234567890123456789012345678901234567890123456789012345
longname-src := noinit.c
longname-modname := l2345678901234567890123456789012345678901234567890123456

# What lkm-build passes (tools/lkm-build.c), plus the generated modinfo.
# GCC's -Wmissing-attributes objects to init_module aliasing a cold __init
# function; module.h does not copy the attributes yet.
TEST_MOD_WARN := $(WARN) $(shell $(CC) -Werror -Wno-missing-attributes -x c \
	-c /dev/null -o /dev/null 2>/dev/null && echo -Wno-missing-attributes)
TEST_MOD_BASE := -std=gnu11 -fno-common -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-exceptions -Iinclude -Itests/modules
TEST_MOD_CFLAGS := $(TEST_MOD_BASE) -O2 -fno-pic -fno-pie -mcmodel=small \
	$(TEST_MOD_WARN) -include tests/modules/modinfo.h
TEST_MOD_ASFLAGS := -Iinclude -Itests/modules
TEST_MOD_HDRS := $(wildcard tests/modules/*.h) $(wildcard include/lkm/*.h)

test_mod_src = tests/modules/$(or $($(1)-src),$(1)$(2))

define test_fixture_rules
$(TEST_MOD_OUT)/$(1).o: $(call test_mod_src,$(1),$(2)) $(TEST_MOD_HDRS) \
		| $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(CC) $(3) -DTEST_MODNAME=$(or $($(1)-modname),$(1)) $($(1)-flags) \
		-c $$< -o $$@
endef
$(foreach f,$(TEST_FIXTURES_C),$(eval $(call test_fixture_rules,$(f),.c,$(TEST_MOD_CFLAGS))))
$(foreach f,$(TEST_FIXTURES_S),$(eval $(call test_fixture_rules,$(f),.S,$(TEST_MOD_ASFLAGS))))

# The matrix: compiler x optimisation x code model.
MATRIX_CCS := gcc clang
MATRIX_OPTS := O0 O2
MATRIX_PICS := nopic pic pie
matrix-nopic := -fno-pic -fno-pie -mcmodel=small
matrix-pic := -fpic
matrix-pie := -fpie
# clang does not know GCC's -Wmissing-attributes.
matrix-warn-gcc := $(WARN) -Wno-missing-attributes
matrix-warn-clang := $(WARN)

# Built by lkm-build when the tree has it (the matrix is then also a test
# of lkm-build's compile and modpost steps), else by cc and ld -r.
ifneq ($(wildcard tools/lkm-build.c),)
define test_matrix_rules
TEST_FIXTURES_MATRIX += matrix_$(1)_$(2)_$(3)
$(TEST_MOD_OUT)/matrix_$(1)_$(2)_$(3).ko: tests/modules/matrix.c $(TEST_MOD_HDRS) \
		tests/modules/testkernel.symvers $(BIN)/lkm-build | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(BIN)/lkm-build -o $$@ --tree . --symvers tests/modules/testkernel.symvers \
		--cc $(1) -$(2) $(matrix-$(3)) $(matrix-warn-$(1)) -Itests/modules $$<
endef
else
define test_matrix_rules
TEST_FIXTURES_MATRIX += matrix_$(1)_$(2)_$(3)
$(TEST_MOD_OUT)/matrix_$(1)_$(2)_$(3).o: tests/modules/matrix.c $(TEST_MOD_HDRS) \
		| $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(1) $(TEST_MOD_BASE) -$(2) $(matrix-$(3)) $(matrix-warn-$(1)) \
		-include tests/modules/modinfo.h \
		-DTEST_MODNAME=matrix_$(1)_$(2)_$(3) -c $$< -o $$@
endef
endif
$(foreach c,$(MATRIX_CCS),$(foreach o,$(MATRIX_OPTS),$(foreach p,$(MATRIX_PICS),\
	$(eval $(call test_matrix_rules,$(c),$(o),$(p))))))

TEST_FIXTURES := $(TEST_FIXTURES_C) $(TEST_FIXTURES_S) $(TEST_FIXTURES_MATRIX)
TEST_FIXTURE_KOS := $(TEST_FIXTURES:%=$(TEST_MOD_OUT)/%.ko)

$(TEST_MOD_OUT)/%.ko: $(TEST_MOD_OUT)/%.o
	$(LD) -r -o $@ $<

# ---- make check ---------------------------------------------------------------------

CHECK_SCRIPTS += $(TEST_PROGS) $(wildcard tests/integration/*.sh)

check: $(TEST_PROGS) $(TEST_FIXTURE_KOS) $(CHECK_DEPS)
	@BUILD=$(BUILD) BIN=$(BIN) bash tests/run.sh $(CHECK_SCRIPTS)

# Only the core's unit tests (a second).  One program, some of its tests:
# $(BUILD)/tests/reloc got_slots far_branch (CHECK_NOFORK=1 for gdb).
.PHONY: check-core
check-core: $(TEST_PROGS) $(TEST_FIXTURE_KOS)
	@bash tests/run.sh $(TEST_PROGS)

ALL_TARGETS += $(TEST_PROGS) $(TEST_FIXTURE_KOS)
