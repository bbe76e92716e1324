# mk/install.mk - make install [DESTDIR=dir] [PREFIX=/usr/local]: what it
# takes to run the hosted kernel and to build modules out of tree against
# an installed lkm, laid out as the tools look for it:
#
#   $(PREFIX)/bin/          lkm-build, lkm-kernel, lkm-kernel-branch, lkm
#   $(PREFIX)/sbin/         insmod rmmod lsmod modinfo modprobe depmod, links
#                           to ../bin/lkm (where kmod puts its links)
#   $(PREFIX)/include/      lkm/*.h and linux/*.h (lkm-build: <bin>/../include)
#   $(PREFIX)/lib/lkm/Module.symvers   the kernel's exports and their
#                           symbol versions (lkm-build reads it by default)
#   $(PREFIX)/lib/modules/<release>/   the module tree (the kernel's default
#                           /lib/modules: <bin>/../lib/modules): extra/ the
#                           in-tree modules, kernel/ and updates/ (empty;
#                           depmod prefers updates/), modules.order,
#                           modules.builtin and depmod's indexes, made by the
#                           installed depmod; build/ for out-of-tree modules
#                           (make -C .../build M=DIR, tools/kbuild-installed.mk)

PREFIX ?= /usr/local
INSTALL_ROOT := $(DESTDIR)$(PREFIX)

INSTALL_TREE := $(INSTALL_ROOT)/lib/modules/$(LKM_RELEASE)

install: $(BIN)/lkm-build $(BIN)/lkm-kernel $(BIN)/lkm-kernel-branch \
		$(BUILD)/Module.symvers $(LKM_MODULE_FILES) $(BIN)/lkm \
		$(MOD_TREE_INDEX)
	install -d $(INSTALL_ROOT)/bin $(INSTALL_ROOT)/include/lkm \
		$(INSTALL_ROOT)/include/linux $(INSTALL_ROOT)/lib/lkm \
		$(INSTALL_ROOT)/lib/modules/$(LKM_RELEASE)/extra
	install -m 755 $(BIN)/lkm-build $(BIN)/lkm-kernel \
		$(BIN)/lkm-kernel-branch $(INSTALL_ROOT)/bin/
	install -m 644 include/lkm/*.h $(INSTALL_ROOT)/include/lkm/
	install -m 644 include/linux/*.h $(INSTALL_ROOT)/include/linux/
	install -m 644 $(BUILD)/Module.symvers $(INSTALL_ROOT)/lib/lkm/
	install -m 644 $(LKM_MODULES:%=$(MOD_TREE)/extra/%.ko) $(INSTALL_TREE)/extra/
	install -m 755 $(BIN)/lkm $(INSTALL_ROOT)/bin/
	install -d $(INSTALL_ROOT)/sbin $(INSTALL_TREE)/kernel $(INSTALL_TREE)/updates \
		$(INSTALL_TREE)/build
	for l in $(KMOD_LINKS); do ln -sf ../bin/lkm $(INSTALL_ROOT)/sbin/$$l; done
	install -m 644 $(MOD_TREE)/modules.order $(MOD_TREE)/modules.builtin \
		$(MOD_TREE)/modules.builtin.modinfo $(INSTALL_TREE)/
	$(INSTALL_ROOT)/bin/lkm depmod -b $(INSTALL_ROOT) $(LKM_RELEASE)
	install -m 644 tools/kbuild-installed.mk $(INSTALL_TREE)/build/Makefile
	install -m 644 tools/kbuild-dir.mk $(INSTALL_TREE)/build/
