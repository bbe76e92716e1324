# kernel/kernel.mk - the hosted base kernel, $(BIN)/lkm-kernel.
#
# kernel/*.c are the services every port shares, kernel/hosted/*.c the POSIX
# port.  The kernel is linked non-PIE (image at 0x400000) so that modules in
# its module area, [1 GiB, 2 GiB), reach its exports with 32-bit branches and
# may be non-PIC; its exports are the __ksymtab sections the linker gathers.

KERNEL_SRCS := $(wildcard kernel/*.c) $(wildcard kernel/hosted/*.c)
KERNEL_OBJS := $(KERNEL_SRCS:%.c=$(BUILD)/%.o)
# -g whatever OPT says: the symbol versions are computed from the DWARF.
KERNEL_CFLAGS := $(HOST_CFLAGS) -fno-pie -g
KERNEL_LDFLAGS := $(HOST_LDFLAGS) -no-pie
# libcrypto verifies module signatures (hosted/crypto.c).  request_module()
# resolves names and aliases with the modprobe tool's own library
# (hosted/modprobe.c).
KERNEL_MODPROBE_OBJS := $(patsubst %,$(BUILD)/tools/kmod/%.o,modprobe-lib modtree index util log)
KERNEL_LIBS := $(KERNEL_MODPROBE_OBJS) $(LIBLKM) -lpthread -ldl -lcrypto
$(BIN)/lkm-kernel $(BIN)/lkm-kernel-branch: $(KERNEL_MODPROBE_OBJS)

# Arguments for `make run`, e.g. make run KERNEL_ARGS="--cmdline loglevel=7"
KERNEL_ARGS ?=

ALL_TARGETS += $(BIN)/lkm-kernel $(BIN)/lkm-kernel-branch

# Symbol versions (modversions): lkm-build computes the CRC of every export
# from the objects' DWARF into kcrctab.c, a __kcrctab section that ksyms.c
# registers at boot and `lkm-build --kernel-symvers` reads back into
# Module.symvers, so modules record exactly what this kernel checks.
KERNEL_CRCTAB_OBJ := $(BUILD)/kernel/kcrctab.o

$(BUILD)/kernel/kcrctab.c: $(KERNEL_OBJS) $(BIN)/lkm-build
	$(BIN)/lkm-build --kernel-crctab -o $@ $(KERNEL_OBJS)

$(KERNEL_CRCTAB_OBJ): $(BUILD)/kernel/kcrctab.c
	$(CC) $(KERNEL_CFLAGS) -c -o $@ $<

# The certificates trusted for module signatures: the build's own
# (certs/certs.mk), linked in as DER (hosted/system_certs.S).
KERNEL_CERTS_OBJ := $(BUILD)/kernel/hosted/system_certs.o

$(KERNEL_CERTS_OBJ): kernel/hosted/system_certs.S $(SIGNING_CERT) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) -c -DSYSTEM_CERTS='"$(SIGNING_CERT)"' -o $@ $<

$(BIN)/lkm-kernel: $(KERNEL_OBJS) $(KERNEL_CRCTAB_OBJ) $(KERNEL_CERTS_OBJ) $(LIBLKM) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS) $(KERNEL_CRCTAB_OBJ) $(KERNEL_CERTS_OBJ) \
		$(KERNEL_LIBS)

# The same kernel under FreeBSD's version policy (LKM_ABI_BRANCH: a module
# built for an older release of the same major branch loads).  The policy is
# a promise made by whoever builds the kernel, so it is chosen here, at build
# time, never on the command line; only modules.c differs.
KERNEL_BRANCH_OBJS := $(filter-out $(BUILD)/kernel/modules.o,$(KERNEL_OBJS)) \
	$(BUILD)/kernel-branch/modules.o $(KERNEL_CRCTAB_OBJ) $(KERNEL_CERTS_OBJ)

$(BUILD)/kernel-branch/modules.o: kernel/modules.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(KERNEL_CFLAGS) -Ikernel -DLKM_ABI_POLICY=LKM_ABI_BRANCH -MMD -MP -c -o $@ $<

$(BIN)/lkm-kernel-branch: $(KERNEL_BRANCH_OBJS) $(LIBLKM) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(KERNEL_LDFLAGS) -o $@ $(KERNEL_BRANCH_OBJS) $(KERNEL_LIBS)

-include $(BUILD)/kernel-branch/modules.d

$(BUILD)/kernel/%.o: kernel/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(KERNEL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(KERNEL_OBJS:.o=.d)

run: all
	$(BIN)/lkm-kernel $(KERNEL_ARGS)

# ---- tests: `make check-kernel` (part of `make check`) ------------------------
# Unit tests of the allocator and the log against fake port hooks, then an
# end-to-end session test of the kernel with the in-tree modules and the
# fixture modules of kernel/tests/fixtures/.

KERNEL_RELEASE := $(shell sed -n 's/^.define LKM_RELEASE "\(.*\)"$$/\1/p' include/lkm/version.h)
KERNEL_TEST_MODULES := $(patsubst %,$(BUILD)/lib/modules/$(KERNEL_RELEASE)/extra/%.ko,\
	hello mathsvc mathuser)
KERNEL_UNIT_TESTS := $(BUILD)/kernel/tests/modmem-test \
	$(BUILD)/kernel/tests/modpool-test $(BUILD)/kernel/tests/printk-test
KERNEL_CTL_CLIENT := $(BUILD)/kernel/tests/ctl-client
KERNEL_FIXTURES := $(BUILD)/kernel/tests/sysfs_params.ko

$(BUILD)/kernel/tests/modmem-test: $(BUILD)/kernel/tests/modmem_test.o \
		$(BUILD)/kernel/modmem.o
	$(CC) $(KERNEL_LDFLAGS) -o $@ $^

$(BUILD)/kernel/tests/modpool-test: $(BUILD)/kernel/tests/modpool_test.o \
		$(BUILD)/kernel/modpool.o $(BUILD)/kernel/modmem.o
	$(CC) $(KERNEL_LDFLAGS) -o $@ $^

$(BUILD)/kernel/tests/printk-test: $(BUILD)/kernel/tests/printk_test.o \
		$(BUILD)/kernel/printk.o $(BUILD)/kernel/console.o \
		$(BUILD)/kernel/seqbuf.o
	$(CC) $(KERNEL_LDFLAGS) -o $@ $^

$(KERNEL_CTL_CLIENT): $(BUILD)/kernel/tests/ctl_client.o
	$(CC) $(KERNEL_LDFLAGS) -o $@ $^

-include $(patsubst %,$(BUILD)/kernel/tests/%.d,modmem_test modpool_test \
	printk_test ctl_client)

# Fixture modules, built out of tree against the kernel's exports.
$(BUILD)/kernel/tests/%.ko: kernel/tests/fixtures/%.c $(BIN)/lkm-build \
		$(BUILD)/Module.symvers $(wildcard include/lkm/*.h) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(BIN)/lkm-build -o $@ --tree . --cc "$(CC)" \
		--symvers $(BUILD)/Module.symvers $(WARN) $<

.PHONY: check-kernel
check-kernel: $(KERNEL_UNIT_TESTS) $(BIN)/lkm-kernel $(KERNEL_TEST_MODULES) \
		$(KERNEL_FIXTURES) $(KERNEL_CTL_CLIENT)
	@set -e; for t in $(KERNEL_UNIT_TESTS); do $$t; done
	@bash kernel/tests/kernel-test.sh $(BIN)/lkm-kernel $(BUILD)/lib/modules \
		$(BUILD)/kernel/tests

check: check-kernel
