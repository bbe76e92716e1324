# tools/kbuild-installed.mk - installed by `make install` as
# <prefix>/lib/modules/<release>/build/Makefile, next to kbuild-dir.mk: the
# build directory of an installed lkm, as Linux's /lib/modules/<release>/build,
# so that out-of-tree modules build without the source tree:
#
#   make -C <prefix>/lib/modules/<release>/build M=$PWD [modules]
#   make -C <prefix>/lib/modules/<release>/build M=$PWD modules_install
#   make -C <prefix>/lib/modules/<release>/build M=$PWD clean
#
# It finds everything relative to itself: lkm-build and depmod in
# <prefix>/bin, the headers in <prefix>/include, the kernel's exports in
# <prefix>/lib/lkm/Module.symvers.  modules_install copies into
# <prefix>/lib/modules/<release>/$(INSTALL_MOD_DIR) (default extra) and runs
# depmod on the tree, as Linux's does.  A relative M is taken relative to
# this directory, as Kbuild does; give an absolute one.

LKM_BUILD_DIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
LKM_PREFIX := $(abspath $(LKM_BUILD_DIR)/../../../..)
LKM_RELEASE := $(notdir $(abspath $(LKM_BUILD_DIR)/..))
CC ?= cc
ifeq ($(origin CC),default)
CC := gcc
endif

ifeq ($(M),)
$(error give the module directory: make -C $(LKM_BUILD_DIR) M=<dir>)
endif

KBUILD_SUBMAKE = $(MAKE) --no-print-directory -f $(LKM_BUILD_DIR)/kbuild-dir.mk \
	M=$(abspath $(M)) LKM_TOP=$(LKM_PREFIX) LKM_BUILD=$(LKM_PREFIX)/bin/lkm-build \
	LKM_KERNEL_SYMVERS=$(LKM_PREFIX)/lib/lkm/Module.symvers \
	KERNELRELEASE=$(LKM_RELEASE) CC="$(CC)"

.DEFAULT_GOAL := modules
.PHONY: modules modules_install clean

modules:
	+@$(KBUILD_SUBMAKE) lkm-kbuild-modules

modules_install: modules
	+@$(KBUILD_SUBMAKE) lkm-kbuild-install \
		INSTALL_DIR=$(LKM_PREFIX)/lib/modules/$(LKM_RELEASE)/$(or $(INSTALL_MOD_DIR),extra)
	@echo "  DEPMOD  $(LKM_RELEASE)"
	@$(LKM_PREFIX)/bin/lkm depmod -b $(LKM_PREFIX) $(LKM_RELEASE)

clean:
	+@$(KBUILD_SUBMAKE) lkm-kbuild-clean
