# tools/kbuild.mk - Kbuild-style builds of out-of-tree modules:
#
#   make -C <lkm tree> M=<dir> [modules]   build <dir>/<name>.ko
#   make -C <lkm tree> M=<dir> modules_install
#   make -C <lkm tree> M=<dir> clean
#
# Included by tools/tools.mk when M is set.  This half makes sure the tools
# and the kernel's Module.symvers exist, then runs a separate make over
# tools/kbuild-dir.mk, which reads <dir>/Kbuild (or <dir>/Makefile) so that
# the directory's variables cannot collide with the tree's.  A relative M
# is taken relative to the tree.

KBUILD_EXT := $(abspath $(M))
KBUILD_OUT := $(abspath $(BUILD))

KBUILD_SUBMAKE = $(MAKE) --no-print-directory -f $(TOP)/tools/kbuild-dir.mk \
	M=$(KBUILD_EXT) LKM_TOP=$(TOP) LKM_BUILD=$(KBUILD_OUT)/bin/lkm-build \
	LKM_KERNEL_SYMVERS=$(KBUILD_OUT)/Module.symvers \
	KERNELRELEASE=$(LKM_RELEASE) CC="$(CC)"

.DEFAULT_GOAL := modules
.PHONY: modules modules_install kbuild-clean

modules: $(BIN)/lkm-build $(BUILD)/Module.symvers
	+@$(KBUILD_SUBMAKE) lkm-kbuild-modules

# Into the module tree the hosted kernel serves; INSTALL_MOD_DIR as Linux;
# then depmod, as Linux's modules_install, so that modprobe finds them.
modules_install: modules $(BIN)/depmod
	+@$(KBUILD_SUBMAKE) lkm-kbuild-install \
		INSTALL_DIR=$(KBUILD_OUT)/lib/modules/$(LKM_RELEASE)/$(or $(INSTALL_MOD_DIR),extra)
	@echo "  DEPMOD  $(LKM_RELEASE)"
	@$(BIN)/depmod -b $(KBUILD_OUT) $(LKM_RELEASE)

# With M set, clean means the module directory only.  The tree's own clean
# recipe ("rm -rf $(BUILD)") cannot be removed from here, so it is defused
# by emptying BUILD for this target alone.
clean: override BUILD :=
clean: kbuild-clean
kbuild-clean:
	+@$(KBUILD_SUBMAKE) lkm-kbuild-clean
