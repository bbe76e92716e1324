# mk/install.mk - make install [DESTDIR=dir] [PREFIX=/usr/local]: what it
# takes to run the hosted kernel and to build modules out of tree against
# an installed lkm, laid out as the tools look for it:
#
#   $(PREFIX)/bin/          lkm-build, lkm-kernel, lkm-kernel-branch
#   $(PREFIX)/include/      lkm/*.h and linux/*.h (lkm-build: <bin>/../include)
#   $(PREFIX)/lib/lkm/Module.symvers   the kernel's exports and their
#                           symbol versions (lkm-build reads it by default)
#   $(PREFIX)/lib/modules/<release>/extra/   the in-tree modules (the
#                           kernel's default /lib/modules: <bin>/../lib/modules)

PREFIX ?= /usr/local
INSTALL_ROOT := $(DESTDIR)$(PREFIX)

install: $(BIN)/lkm-build $(BIN)/lkm-kernel $(BIN)/lkm-kernel-branch \
		$(BUILD)/Module.symvers $(LKM_MODULE_FILES)
	install -d $(INSTALL_ROOT)/bin $(INSTALL_ROOT)/include/lkm \
		$(INSTALL_ROOT)/include/linux $(INSTALL_ROOT)/lib/lkm \
		$(INSTALL_ROOT)/lib/modules/$(LKM_RELEASE)/extra
	install -m 755 $(BIN)/lkm-build $(BIN)/lkm-kernel \
		$(BIN)/lkm-kernel-branch $(INSTALL_ROOT)/bin/
	install -m 644 include/lkm/*.h $(INSTALL_ROOT)/include/lkm/
	install -m 644 include/linux/*.h $(INSTALL_ROOT)/include/linux/
	install -m 644 $(BUILD)/Module.symvers $(INSTALL_ROOT)/lib/lkm/
	install -m 644 $(LKM_MODULES:%=$(MOD_OUT)/%.ko) \
		$(INSTALL_ROOT)/lib/modules/$(LKM_RELEASE)/extra/
