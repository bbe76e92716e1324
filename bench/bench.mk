# bench/bench.mk - `make bench`: lkm against dlopen, libtcc, kmod and the
# copy-and-relocate floor, one table of medians (bench/main.c).  Separate
# from `make check`: nothing here asserts a timing.
#
#   make bench                     the full run (a few minutes on 2 cores)
#   make bench BENCH_ARGS=--quick  a fifth of the time budget per figure
#   make bench BENCH_ARGS="--only load"   one section: load symbols memory tools
#
# Inputs, all built into $(BUILD)/bench: Debian's libz.a and libsqlite3.a
# and generated relocation-heavy assembly turned into modules by lkm-build
# (with bench/modules/glue.c), the same code as shared objects for dlopen,
# a module importing 32 symbols, and Debian's linux-image-6.1 module tree
# (downloaded and unpacked, never installed: bench/prepare-tree.sh).  The
# table is also written to $(BUILD)/bench/results.md.

BENCH_DIR := $(BUILD)/bench
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_OBJS := $(BENCH_SRCS:%.c=$(BUILD)/%.o)
# Non-PIE like the hosted kernel: module areas below 2 GiB reach the
# harness's exports; -rdynamic lets hello.so find the harness's printk.
BENCH_CFLAGS := $(HOST_CFLAGS) -fno-pie
BENCH_LDFLAGS := $(HOST_LDFLAGS) -no-pie -rdynamic
# libm stays loaded, so dlopen of libsqlite3.so does not load it each time.
BENCH_LIBS := $(LIBLKM) -ltcc -ldl -lpthread -Wl,--no-as-needed -lm
BENCH_PACKAGES := libsqlite3-dev zlib1g-dev libtcc-dev tcc kmod xz-utils
BENCH_DEPS := $(BENCH_DIR)/.deps-ok
BENCH_ARGS ?=

BENCH_MODULES := $(patsubst %,$(BENCH_DIR)/bench_%.ko,zlib sqlite relocs imports)
BENCH_SHARED := $(BENCH_DIR)/hello.so $(BENCH_DIR)/libz.so \
	$(BENCH_DIR)/libsqlite3.so $(BENCH_DIR)/bench_relocs.so
BENCH_TREE := $(BENCH_DIR)/linux/.ready
BENCH_LKM_BUILD = $(BIN)/lkm-build -o $@ --cc "$(CC)" $(WARN)

$(BENCH_DEPS): bench/bench.mk mk/ensure-packages.sh
	@mkdir -p $(@D)
	@bash mk/ensure-packages.sh $(BENCH_PACKAGES)
	@touch $@

$(BUILD)/bench/%.o: bench/%.c | $(BENCH_DEPS)
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -MMD -MP -c -o $@ $<

# kernel/modmem.c and kernel/modpool.c, the hosted kernel's module-memory
# allocators, linked as they are.
BENCH_KERNEL_OBJS := $(BUILD)/kernel/modmem.o $(BUILD)/kernel/modpool.o \
	$(BUILD)/kernel/hosted/modarea.o

$(BENCH_DIR)/lkm-bench: $(BENCH_OBJS) $(BENCH_KERNEL_OBJS) $(LIBLKM)
	$(CC) $(BENCH_LDFLAGS) -o $@ $(BENCH_OBJS) $(BENCH_KERNEL_OBJS) \
		$(BENCH_LIBS)

-include $(BENCH_OBJS:.o=.d)

# ---- the modules ------------------------------------------------------------

BENCH_MOD_DEPS := bench/modules/glue.c $(BIN)/lkm-build \
	$(wildcard include/lkm/*.h) | $(BENCH_DEPS)

$(BENCH_DIR)/bench_zlib.ko: $(BENCH_MOD_DEPS)
	$(BENCH_LKM_BUILD) bench/modules/glue.c "$$($(CC) -print-file-name=libz.a)"

$(BENCH_DIR)/bench_sqlite.ko: $(BENCH_MOD_DEPS)
	$(BENCH_LKM_BUILD) bench/modules/glue.c \
		"$$($(CC) -print-file-name=libsqlite3.a)"

$(BENCH_DIR)/relocs.s: bench/gen-relocs.sh | $(BENCH_DEPS)
	bash $< > $@

$(BENCH_DIR)/bench_relocs.ko: $(BENCH_DIR)/relocs.s $(BENCH_MOD_DEPS)
	$(BENCH_LKM_BUILD) bench/modules/glue.c $(BENCH_DIR)/relocs.s

# The 32 symbols bench_imports.ko imports, for modpost.
$(BENCH_DIR)/imports.symvers: bench/bench.mk | $(BENCH_DEPS)
	for i in $$(seq -w 0 31); do \
		printf '0x00000000\tbimp_%s\tvmlinux\tEXPORT_SYMBOL\t\n' $$i; \
	done > $@

$(BENCH_DIR)/bench_imports.ko: bench/modules/imports.c \
		$(BENCH_DIR)/imports.symvers $(BENCH_MOD_DEPS)
	$(BENCH_LKM_BUILD) --symvers $(BENCH_DIR)/imports.symvers \
		bench/modules/imports.c

# ---- the same code as shared objects, for dlopen ----------------------------

$(BENCH_DIR)/hello.so: modules/hello/hello.c $(wildcard include/lkm/*.h) \
		| $(BENCH_DEPS)
	$(CC) -std=gnu11 -O2 -fPIC -shared -Iinclude -DKBUILD_MODNAME='"hello"' \
		-o $@ $<

# Its symbols are hidden: the shared object's best case (relative
# relocations only, no symbol lookups).
$(BENCH_DIR)/bench_relocs.so: $(BENCH_DIR)/relocs.s
	$(CC) -shared -o $@ $<

$(BENCH_DIR)/libz.so: | $(BENCH_DEPS)
	ln -sf "$$($(CC) -print-file-name=libz.so.1)" $@

$(BENCH_DIR)/libsqlite3.so: | $(BENCH_DEPS)
	ln -sf "$$($(CC) -print-file-name=libsqlite3.so.0)" $@

$(BENCH_TREE): bench/prepare-tree.sh | $(BENCH_DEPS)
	bash bench/prepare-tree.sh $(BENCH_DIR)

# ---- the run -------------------------------------------------------------------

# build/bin/lkm (depmod, modinfo) is another component's; its rows say n/a
# when it does not build.
bench: $(BENCH_DIR)/lkm-bench $(BENCH_MODULES) $(BENCH_SHARED) \
		$(MOD_OUT)/hello.ko $(BENCH_TREE)
	@$(if $(KMOD_OBJS),$(MAKE) --no-print-directory $(BIN)/lkm >/dev/null 2>&1 || \
		echo "bench: $(BIN)/lkm does not build; its rows will say n/a" >&2)
	set -o pipefail; \
	$(BENCH_DIR)/lkm-bench --dir $(BENCH_DIR) --hello $(MOD_OUT)/hello.ko \
		--hello-so $(BENCH_DIR)/hello.so --lkm $(BIN)/lkm $(BENCH_ARGS) \
		| tee $(BENCH_DIR)/results.md
