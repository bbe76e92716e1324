# tools/kbuild-dir.mk - the inner make of `make -C <lkm tree> M=<dir>`.
#
# Reads <dir>/Kbuild, else <dir>/Makefile, with KERNELRELEASE set (as Linux
# does, so the usual "ifneq ($(KERNELRELEASE),)" Makefiles work) and builds
# each module named by obj-m:
#
#   obj-m := foo.o bar.o       modules foo.ko and bar.ko
#   foo-objs := a.o b.o        foo.ko made of a.c and b.c (foo-y alike);
#                              without it, foo.ko is made of foo.c
#   ccflags-y, EXTRA_CFLAGS    extra compiler flags for every source
#   KBUILD_EXTRA_SYMBOLS       symvers files of other out-of-tree modules
#
# A part x.o comes from <dir>/x.c or <dir>/x.S; a part that names an
# existing .o or .a file (relative to <dir>, or absolute) is linked as is.
# As Kbuild does, every module is first linked alone (<dir>/foo.o), the
# exports of all of them are gathered into <dir>/Module.symvers, and only
# then is each .ko made, so modules in one directory may use each other's
# exports in any order.  V=1 prints the commands.  Variables set on the
# command line: M, LKM_TOP, LKM_BUILD, LKM_KERNEL_SYMVERS, KERNELRELEASE, CC.

.SUFFIXES:
.DELETE_ON_ERROR:
SHELL := /bin/bash

obj-m :=
src := $(M)
obj := $(M)
kbuild-file := $(firstword $(wildcard $(M)/Kbuild $(M)/Makefile $(M)/makefile))
ifeq ($(kbuild-file),)
$(error $(M): no Kbuild or Makefile)
endif
include $(kbuild-file)

kbuild-mods := $(patsubst %.o,%,$(filter %.o,$(obj-m)))
ifeq ($(kbuild-mods),)
$(error $(kbuild-file): no modules listed in obj-m)
endif

# Parts of module $(1), and the lkm-build input for part $(1).
kbuild-parts = $(or $(strip $($(1)-objs) $($(1)-y)),$(1).o)
kbuild-input = $(or $(firstword $(wildcard $(M)/$(1:.o=.c) $(M)/$(1:.o=.S) \
	$(M)/$(1) $(filter /%,$(1)))),$(error $(kbuild-file): no source for $(1)))

Q := $(if $(filter 1,$(V)),,@)
kbuild-verbose := $(if $(filter 1,$(V)),-v)
kbuild-cflags := $(ccflags-y) $(subdir-ccflags-y) $(EXTRA_CFLAGS)
kbuild-symvers := $(KBUILD_EXTRA_SYMBOLS:%=--symvers %)
kbuild-headers := $(wildcard $(M)/*.h) $(wildcard $(LKM_TOP)/include/lkm/*.h)

# <dir>/foo.o: the module's parts linked into one object, and its exports.
define kbuild_module
$(M)/$(1).o $(M)/.$(1).symvers &: $(foreach p,$(call kbuild-parts,$(1)),$(call kbuild-input,$(p))) \
		$(kbuild-headers) $(LKM_BUILD)
	@echo "  LD [M]  $(M)/$(1).o"
	$(Q)$(LKM_BUILD) $(kbuild-verbose) --link-only --tree $(LKM_TOP) -o $(M)/$(1).o --modpath $(M)/$(1) \
		--export-symvers $(M)/.$(1).symvers --cc "$(CC)" $(kbuild-cflags) \
		$(foreach p,$(call kbuild-parts,$(1)),$(call kbuild-input,$(p)))

$(M)/$(1).ko: $(M)/$(1).o $(M)/Module.symvers $(LKM_KERNEL_SYMVERS) $(KBUILD_EXTRA_SYMBOLS)
	@echo "  LD [M]  $(M)/$(1).ko"
	$(Q)$(LKM_BUILD) $(kbuild-verbose) --tree $(LKM_TOP) -o $(M)/$(1).ko --modpath $(M)/$(1) --cc "$(CC)" \
		--symvers $(LKM_KERNEL_SYMVERS) --symvers $(M)/Module.symvers \
		$(kbuild-symvers) $(kbuild-cflags) $(M)/$(1).o
endef
$(foreach m,$(kbuild-mods),$(eval $(call kbuild_module,$(m))))

$(M)/Module.symvers: $(kbuild-mods:%=$(M)/.%.symvers)
	@cat $^ > $@

$(M)/modules.order: $(kbuild-file)
	@printf '%s\n' $(kbuild-mods:%=$(M)/%.ko) > $@

.PHONY: lkm-kbuild-modules lkm-kbuild-install lkm-kbuild-clean
lkm-kbuild-modules: $(kbuild-mods:%=$(M)/%.ko) $(M)/modules.order

lkm-kbuild-install: lkm-kbuild-modules
	@mkdir -p $(INSTALL_DIR)
	@for m in $(kbuild-mods); do \
		echo "  INSTALL $(INSTALL_DIR)/$$m.ko"; \
		cp $(M)/$$m.ko $(INSTALL_DIR)/$$m.ko || exit 1; \
	done

lkm-kbuild-clean:
	rm -f $(foreach m,$(kbuild-mods),$(M)/$(m).ko $(M)/$(m).o $(M)/.$(m).symvers) \
		$(M)/Module.symvers $(M)/modules.order
