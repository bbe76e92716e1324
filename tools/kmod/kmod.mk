# tools/kmod/kmod.mk - the kmod-compatible multi-call binary build/bin/lkm and
# its links insmod, rmmod, lsmod, modinfo, modprobe, depmod (in build/bin).
# Included by the top Makefile.

KMOD_SRCS := $(wildcard tools/kmod/*.c)
KMOD_OBJS := $(KMOD_SRCS:%.c=$(BUILD)/%.o)
KMOD_LIBS := -lcrypto -llzma -lzstd -lz -lpthread
KMOD_LINKS := insmod rmmod lsmod modinfo modprobe depmod

$(KMOD_OBJS): $(BUILD)/tools/kmod/%.o: tools/kmod/%.c | $(BUILD)/tools/kmod/.dir $(DEPS_STAMP)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c -o $@ $<

# `lkm sign` shares lkm-build's signing code (tools/modsign.c).
$(BIN)/lkm: $(KMOD_OBJS) $(BUILD)/tools/modsign.o | $(BIN)/.dir
	$(CC) $(HOST_LDFLAGS) -o $@ $^ $(KMOD_LIBS)

$(KMOD_LINKS:%=$(BIN)/%): | $(BIN)/lkm
	ln -sf lkm $@

ALL_TARGETS += $(BIN)/lkm $(KMOD_LINKS:%=$(BIN)/%)
-include $(KMOD_OBJS:.o=.d)

# Tests (tests/kmod): golden outputs against a small fake module tree, the
# compatibility test against Debian's kmod on Debian's kernel modules, the
# tools against a running kernel through its control socket (golden.sh,
# socket.sh), boot-time control of modules (boot.sh), and the module tree
# as built and as installed (install.sh).
CHECK_SCRIPTS += $(sort $(wildcard tests/kmod/*.sh))
CHECK_DEPS += $(BIN)/lkm $(KMOD_LINKS:%=$(BIN)/%) $(KMOD_GOLDEN_MODULES) \
	$(BIN)/lkm-kernel $(KERNEL_CTL_CLIENT) $(KERNEL_TEST_MODULES)
# lkm's own modules join the golden tree (expanded once modules.mk is read).
KMOD_GOLDEN_MODULES = $(patsubst %,$(MOD_OUT)/%.ko,hello mathsvc mathuser params) \
	$(BIN)/lkm-build $(KERNEL_SYMVERS) $(LKM_MODULE_FILES) $(MOD_TREE_INDEX)
