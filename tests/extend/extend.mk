# tests/extend/extend.mk - what modules extend (issue 5): system calls,
# filesystems, devices with automatic driver loading, and the kernel's
# clean undo of everything a module registers.  Console- and socket-driven
# end-to-end tests of the hosted kernel with the in-tree modules and two
# fixture modules of kernel/tests/fixtures/ (undo_leak, syscall_poke).

EXTEND_TESTS := $(sort $(filter-out tests/extend/lib.sh,$(wildcard tests/extend/*.sh)))
EXTEND_FIXTURES := $(patsubst %,$(BUILD)/kernel/tests/%.ko,undo_leak syscall_poke)
EXTEND_DEPS := $(BIN)/lkm-kernel $(BIN)/lkm $(BIN)/modinfo $(BIN)/modprobe \
	$(LKM_MODULE_FILES) $(MOD_TREE_INDEX) $(MOD_TREE_DATA) \
	$(EXTEND_FIXTURES) $(BUILD)/kernel/tests/ctl-client

CHECK_SCRIPTS += $(EXTEND_TESTS)
# (check's own prerequisites were read before this fragment.)
check: $(EXTEND_DEPS)

.PHONY: check-extend
check-extend: $(EXTEND_DEPS)
	@BUILD=$(BUILD) BIN=$(BIN) bash tests/run.sh $(EXTEND_TESTS)
