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

SECURITY_DEPS := $(BIN)/lkm-kernel $(BIN)/lkm $(BIN)/lkm-build \
	$(SIGNING_KEY) $(SECURITY_OTHER_KEY) $(LKM_MODULE_FILES)

CHECK_SCRIPTS += $(SECURITY_TESTS)
CHECK_DEPS += $(SECURITY_DEPS)

.PHONY: check-security
check-security: $(SECURITY_DEPS)
	@BUILD=$(BUILD) BIN=$(BIN) bash tests/run.sh $(SECURITY_TESTS)
