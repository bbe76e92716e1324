# tools/tools.mk - the build-side tools (lkm-build) and, with M=<dir>, the
# Kbuild-style build of out-of-tree modules (tools/kbuild.mk).

LKM_BUILD_SRCS := tools/lkm-build.c tools/elf.c tools/modpost.c tools/symvers.c \
	tools/ksymcrc.c tools/modsign.c tools/file2alias.c
LKM_BUILD_OBJS := $(LKM_BUILD_SRCS:%.c=$(BUILD)/%.o)
# Symbol versions are read from DWARF with elfutils (libdw-dev).
# Signatures are made with OpenSSL's libcrypto (libssl-dev).
LKM_BUILD_LIBS := -ldw -lelf -lcrypto

$(LKM_BUILD_OBJS): $(BUILD)/tools/%.o: tools/%.c | $(BUILD)/tools/.dir $(DEPS_STAMP)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c -o $@ $<

$(BIN)/lkm-build: $(LKM_BUILD_OBJS) | $(BIN)/.dir
	$(CC) $(HOST_LDFLAGS) -o $@ $^ $(LKM_BUILD_LIBS)

ALL_TARGETS += $(BIN)/lkm-build
-include $(LKM_BUILD_OBJS:.o=.d)

ifneq ($(M),)
include tools/kbuild.mk
endif

# Golden-output tests of lkm-build and the M= directory build.
.PHONY: check-lkm-build
check-lkm-build: $(BIN)/lkm-build
	tools/tests/test-lkm-build.sh $(BIN)/lkm-build . "$(CC)"
check: check-lkm-build
