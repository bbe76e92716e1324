# tests/semantics/semantics.mk - `make check`: the Linux module semantics
# of issue 3, tested end to end through the hosted kernel's console.
#
# Each tests/semantics/*.sh builds its modules (tests/semantics/modules,
# tests/semantics/lkmpg) with lkm-build into a scratch directory, boots
# build/bin/lkm-kernel or lkm-kernel-branch with a command line, types
# commands, and checks the exact messages and errnos a user sees; it
# prints "ok NAME" / "FAIL NAME: why" lines for tests/run.sh.

SEMANTICS_TESTS := $(wildcard tests/semantics/*.sh)
SEMANTICS_DEPS := $(BIN)/lkm-kernel $(BIN)/lkm-kernel-branch $(BIN)/lkm-build \
	$(BUILD)/Module.symvers $(LKM_MODULE_FILES) $(KERNEL_CTL_CLIENT)

CHECK_SCRIPTS += $(filter-out tests/semantics/lib.sh,$(SEMANTICS_TESTS))
check: $(SEMANTICS_DEPS)

.PHONY: check-semantics
check-semantics: $(SEMANTICS_DEPS)
	@BUILD=$(BUILD) BIN=$(BIN) bash tests/run.sh \
		$(filter-out tests/semantics/lib.sh,$(SEMANTICS_TESTS))
