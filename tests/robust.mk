# tests/robust.mk - robustness: fuzz targets (tests/fuzz), the hostile
# module corpus and the allocation-failure sweep (tests/hostile), and the
# control-socket stress test (tests/stress).  See docs/RELIABILITY.md.
#
#   make check                 replays every fuzz target's regression inputs
#                              and seeds, runs the hostile corpus, the sweep
#                              and the stress test (with the other tests)
#   make fuzz [FUZZ_SECONDS=N] [FUZZ_TARGETS="load ..."]
#                              builds the libFuzzer targets with clang and
#                              runs each for N seconds (default 60)
#   make check CHECK_FUZZ_SECONDS=N
#                              also fuzzes each target for N seconds, as
#                              part of the counted results (what CI does)
#   make check SAN="-fsanitize=address,undefined -fno-omit-frame-pointer" \
#        BUILD=build-asan      the whole suite under ASan+UBSan
#   make check-valgrind        the kernel scenario under valgrind memcheck
#                              (part of make check in the plain build)
#
# The fuzz targets are compiled twice: with $(CC) into replay programs that
# `make check` runs (no libFuzzer needed), and with clang and
# -fsanitize=fuzzer,address,undefined into $(BUILD)/fuzz/bin/<target>.

FUZZ_TARGETS ?= load modinfo signature modprobe_conf depmod_conf kmod_index kmod_elf
FUZZ_SECONDS ?= 60
FUZZ_OUT := $(BUILD)/fuzz
FUZZ_SEEDS := $(FUZZ_OUT)/seeds
FUZZ_REPLAY_OUT := $(BUILD)/tests/fuzz
# The kmod tools' objects, as an archive: only what a target uses is linked.
FUZZ_KMOD_OBJS := $(filter-out %/kmod.o,$(KMOD_OBJS))
FUZZ_KMOD_LIB := $(FUZZ_REPLAY_OUT)/libkmodtools.a
FUZZ_LIBS := $(KMOD_LIBS) -ldl
FUZZ_ALL_TARGETS := load modinfo signature modprobe_conf depmod_conf kmod_index kmod_elf

# ---- the hostile corpus (tests/hostile) -------------------------------------------------

HOSTILE_OUT := $(BUILD)/tests/hostile
HOSTILE := $(HOSTILE_OUT)/hostile
SWEEP := $(HOSTILE_OUT)/sweep
HOSTILE_STAMP := $(HOSTILE_OUT)/corpus/.stamp
ROBUST_MODULES := $(LKM_MODULES:%=$(MOD_OUT)/%.ko)

$(HOSTILE_OUT)/%.o: tests/hostile/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -DLKM_MODULE_DIR='"$(MOD_OUT)"' -c $< -o $@

$(HOSTILE_OUT)/%: $(HOSTILE_OUT)/%.o $(TEST_LIB_OBJS) $(LIBLKM)
	$(CC) $(TEST_LDFLAGS) -o $@ $^ -ldl

# One case in 16 of each kind written to disk, as seeds for the fuzzers.
$(HOSTILE_STAMP): $(HOSTILE) $(TEST_FIXTURE_KOS) $(ROBUST_MODULES)
	rm -rf $(@D) && mkdir -p $(@D)
	LKM_HOSTILE_CORPUS=$(@D) LKM_HOSTILE_CORPUS_EVERY=16 $(HOSTILE) >/dev/null 2>&1
	@touch $@

-include $(wildcard $(HOSTILE_OUT)/*.d)

# ---- the control-socket stress test (tests/stress) --------------------------------------

STRESS := $(BUILD)/tests/stress/stress
STRESS_CLIENTS ?= 16
STRESS_OPS ?= 1000

$(STRESS): tests/stress/stress.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -MMD -MP -DLKM_KERNEL='"$(BIN)/lkm-kernel"' \
		-DLKM_MODULE_DIR='"$(MOD_OUT)"' -o $@ $< $(HOST_LDFLAGS) -lpthread

-include $(STRESS).d

.PHONY: check-valgrind check-stress
check-valgrind: $(BIN)/lkm-kernel $(ROBUST_MODULES) $(LKM_MODULE_FILES)
	@BUILD=$(BUILD) BIN=$(BIN) bash tests/run.sh tests/stress/valgrind.sh
check-stress: $(STRESS) $(BIN)/lkm-kernel $(ROBUST_MODULES)
	$(STRESS) $(STRESS_CLIENTS) $(STRESS_OPS)

# ---- seeds ------------------------------------------------------------------------

FUZZ_SEED_STAMP := $(FUZZ_SEEDS)/.stamp
$(FUZZ_SEED_STAMP): tests/fuzz/seeds.sh $(wildcard tests/fuzz/seeds/*/*) \
		$(TEST_FIXTURE_KOS) $(LKM_MODULES:%=$(MOD_OUT)/%.ko) $(BIN)/lkm \
		$(BIN)/depmod $(HOSTILE_STAMP)
	bash tests/fuzz/seeds.sh $(FUZZ_SEEDS) $(BUILD) $(BIN)
	@touch $@

# ---- replay programs (make check) ----------------------------------------------

FUZZ_REPLAYS := $(FUZZ_ALL_TARGETS:%=$(FUZZ_REPLAY_OUT)/replay-%)

$(FUZZ_REPLAY_OUT)/%.o: tests/fuzz/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -c $< -o $@

$(FUZZ_REPLAY_OUT)/replay-%.o: tests/fuzz/replay.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -DFUZZ_TARGET='"$*"' \
		-DFUZZ_SEEDS='"$(FUZZ_SEEDS)/$*"' -c $< -o $@

$(FUZZ_KMOD_LIB): $(FUZZ_KMOD_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(FUZZ_REPLAY_OUT)/replay-%: $(FUZZ_REPLAY_OUT)/replay-%.o $(FUZZ_REPLAY_OUT)/%.o \
		$(FUZZ_REPLAY_OUT)/common.o $(BUILD)/tests/lib/testplat.o \
		$(LIBLKM) $(FUZZ_KMOD_LIB)
	$(CC) $(TEST_LDFLAGS) -o $@ $^ $(FUZZ_LIBS)

-include $(wildcard $(FUZZ_REPLAY_OUT)/*.d)

# (Intermediate objects are kept: the top Makefile's .SECONDARY.)

# ---- libFuzzer builds (clang) -------------------------------------------------------

FUZZ_CC ?= clang
FUZZ_BIN := $(FUZZ_OUT)/bin
FUZZ_OBJ := $(FUZZ_OUT)/obj
FUZZ_SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_WARN := $(filter-out -Werror,$(WARN))
FUZZ_CFLAGS := -g -O1 $(FUZZ_WARN) $(FUZZ_SANFLAGS) -fsanitize=fuzzer-no-link -MMD -MP
# The core's own flags (core/core.mk), less what belongs to $(CC) and the
# developer profile, plus clang's headers and the fuzzing instrumentation.
FUZZ_CORE_CFLAGS := $(filter-out -isystem $(CC_INCLUDE) -Werror $(OPT) $(SAN) \
		-fno-tree-loop-distribute-patterns,$(CORE_CFLAGS)) \
	-isystem $(shell $(FUZZ_CC) -print-file-name=include 2>/dev/null) $(FUZZ_CFLAGS)
FUZZ_HOST_CFLAGS := -std=gnu11 $(FUZZ_CFLAGS) -Iinclude -D_GNU_SOURCE \
	-Itests/lib -Itests/modules -fno-pie
FUZZ_CORE_OBJS := $(CORE_SRCS:%.c=$(FUZZ_OBJ)/%.o)
FUZZ_LIB_OBJS := $(patsubst %.c,$(FUZZ_OBJ)/%.o,tests/lib/testplat.c tests/fuzz/common.c)
FUZZ_CORE_LIB := $(FUZZ_OBJ)/liblkm.a
FUZZ_KMOD_FUZZLIB := $(FUZZ_OBJ)/libkmodtools.a
FUZZERS := $(FUZZ_ALL_TARGETS:%=$(FUZZ_BIN)/%)

$(FUZZ_OBJ)/core/%.o: core/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CORE_CFLAGS) -c $< -o $@

$(FUZZ_OBJ)/tools/%.o: tools/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_HOST_CFLAGS) -c $< -o $@

$(FUZZ_OBJ)/tests/%.o: tests/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_HOST_CFLAGS) -c $< -o $@

$(FUZZ_CORE_LIB): $(FUZZ_CORE_OBJS)
	rm -f $@ && ar rcs $@ $^

$(FUZZ_KMOD_FUZZLIB): $(patsubst %.c,$(FUZZ_OBJ)/%.o,$(filter-out %/kmod.c,$(KMOD_SRCS)))
	rm -f $@ && ar rcs $@ $^

$(FUZZ_BIN)/%: $(FUZZ_OBJ)/tests/fuzz/%.o $(FUZZ_LIB_OBJS) $(FUZZ_CORE_LIB) \
		$(FUZZ_KMOD_FUZZLIB)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_SANFLAGS) -fsanitize=fuzzer -no-pie -o $@ $^ $(FUZZ_LIBS)

-include $(wildcard $(FUZZ_OBJ)/*/*.d $(FUZZ_OBJ)/*/*/*.d $(FUZZ_OBJ)/*/*/*/*.d)

.PHONY: fuzz fuzzers
fuzzers: $(FUZZERS)

# Each target for FUZZ_SECONDS; the corpus grows in $(BUILD)/fuzz/corpus,
# crashes land in $(BUILD)/fuzz/crashes/<target>/ (copy them into
# tests/fuzz/regressions/<target>/ once fixed), the figures in
# $(BUILD)/fuzz/stats.
fuzz: $(FUZZERS) $(FUZZ_SEED_STAMP)
	@FUZZ_OUT=$(FUZZ_OUT) FUZZ_SECONDS=$(FUZZ_SECONDS) \
		bash tests/fuzz/fuzz.sh $(FUZZ_TARGETS)

# ---- make check ------------------------------------------------------------------------

CHECK_SCRIPTS += $(HOSTILE) $(SWEEP) $(FUZZ_REPLAYS) $(STRESS)
# valgrind cannot run a sanitized program: only in the plain build.
ifeq ($(SAN),)
CHECK_SCRIPTS += tests/stress/valgrind.sh
endif
check: $(HOSTILE) $(SWEEP) $(FUZZ_REPLAYS) $(FUZZ_SEED_STAMP) $(ROBUST_MODULES) \
	$(STRESS) $(BIN)/lkm-kernel $(LKM_MODULE_FILES)

# CI fuzzes each target briefly as part of the counted results.
ifneq ($(CHECK_FUZZ_SECONDS),)
export FUZZ_OUT
export FUZZ_SECONDS := $(CHECK_FUZZ_SECONDS)
CHECK_SCRIPTS += tests/fuzz/fuzz.sh
check: $(FUZZERS) $(FUZZ_SEED_STAMP)
endif

ALL_TARGETS += $(HOSTILE) $(SWEEP) $(FUZZ_REPLAYS) $(STRESS)

# ---- the suite under sanitizers -----------------------------------------------------
# Everything rebuilt in $(ASAN_BUILD) with ASan+UBSan (UB is fatal, so a
# test that triggers it fails); leaks are errors too, but for the
# suppressions listed, with reasons, in tests/lsan.supp (matched against
# full stacks: the C library has no frame pointers to unwind).  GCC's
# -Wformat-truncation misfires on UBSan's instrumentation, hence its -Wno-.

ASAN_BUILD ?= $(BUILD)-asan
ASAN_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Wno-format-truncation
.PHONY: check-asan
check-asan:
	LSAN_OPTIONS=suppressions=$(TOP)/tests/lsan.supp:print_suppressions=0:fast_unwind_on_malloc=0 \
	UBSAN_OPTIONS=print_stacktrace=1 \
		$(MAKE) check BUILD=$(ASAN_BUILD) SAN="$(ASAN_SAN)"
