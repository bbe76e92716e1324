# tests/security/security.mk - `make check`: signatures, lockdown, audit,
# and the rootkit techniques (issue 8), end to end through the hosted
# kernel's console and control socket.
#
# Each tests/security/*.sh prints "ok NAME" / "FAIL NAME: why" lines for
# tests/run.sh.  They need a second signing key the kernel does not trust
# (made once, like the build's, by lkm-build --gen-key).

SECURITY_OUT := $(BUILD)/tests/security
SECURITY_TESTS := $(filter-out tests/security/lib.sh,$(wildcard tests/security/*.sh))
SECURITY_OTHER_KEY := $(SECURITY_OUT)/other-key/signing_key.pem

$(SECURITY_OUT)/other-key/signing_key.pem $(SECURITY_OUT)/other-key/signing_key.x509 &: \
		| $(BIN)/lkm-build
	$(BIN)/lkm-build --gen-key $(SECURITY_OUT)/other-key

# The rootkit test modules (tests/modules/rootkit): built here, for the
# tests only, never installed into a module tree.  Per module <m>:
# <m>-src (default <m>.c) and <m>-flags.
ROOTKIT_DIR := tests/modules/rootkit
ROOTKIT_MODULES := rk_hide rk_ops rk_text rk_textmp rk_policy rk_syscall rk_syscallmp rk_vfshide fault_call
rk_textmp-src := rk_text.c
rk_textmp-flags := -DRK_MPROTECT
rk_syscallmp-src := rk_syscall.c
rk_syscallmp-flags := -DRK_MPROTECT
ROOTKIT_KOS := $(ROOTKIT_MODULES:%=$(SECURITY_OUT)/modules/%.ko)

define rootkit_rules
$(SECURITY_OUT)/modules/$(1).ko: $(ROOTKIT_DIR)/$(or $($(1)-src),$(1).c) \
		$(wildcard $(ROOTKIT_DIR)/*.h) $(wildcard core/*.h) $(MODULE_HEADERS) \
		$(BIN)/lkm-build $(KERNEL_SYMVERS) | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$(BIN)/lkm-build -o $$@ --tree . --cc "$(CC)" --symvers $(KERNEL_SYMVERS) \
		$(WARN) $($(1)-flags) $$<
endef
$(foreach m,$(ROOTKIT_MODULES),$(eval $(call rootkit_rules,$(m))))

SECURITY_DEPS := $(BIN)/lkm-kernel $(BIN)/lkm $(BIN)/lkm-build \
	$(SIGNING_KEY) $(SECURITY_OTHER_KEY) $(LKM_MODULE_FILES) $(ROOTKIT_KOS) \
	$(KERNEL_CTL_CLIENT)

CHECK_SCRIPTS += $(SECURITY_TESTS)
# tests/tests.mk's check rule is read before this file: name the
# prerequisites here (CHECK_DEPS would be expanded too late).
check: $(SECURITY_DEPS)

.PHONY: check-security
check-security: $(SECURITY_DEPS)
	@BUILD=$(BUILD) BIN=$(BIN) bash tests/run.sh $(SECURITY_TESTS)
