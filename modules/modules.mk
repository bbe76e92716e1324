# modules/modules.mk - the in-tree modules.
#
# Each module <name> is built by lkm-build from modules/<name>/ into
# $(BUILD)/modules/<name>.ko, together with <name>.symvers (its exports, in
# Module.symvers format), and installed into the module tree the hosted
# kernel serves as /lib/modules: $(BUILD)/lib/modules/<release>/extra/.
# Imports are resolved against the kernel's exports ($(BUILD)/Module.symvers,
# generated from the kernel executable) and the symvers of the in-tree
# modules listed in <name>-uses, which is where depends= comes from.
#
# Installing signs: the copy in the module tree carries a signature made
# with the build's key (certs/certs.mk), as Linux's modules_install signs
# what it installs; $(MOD_OUT) keeps the unsigned build output.
#
# Per module:  <name>-src   sources and objects passed to lkm-build
#              <name>-libs  static libraries, found on the compiler's path
#              <name>-uses  in-tree modules whose exports it imports

LKM_RELEASE ?= $(shell sed -n 's/^.define LKM_RELEASE "\(.*\)"$$/\1/p' include/lkm/version.h)
MOD_OUT := $(BUILD)/modules
MOD_TREE := $(BUILD)/lib/modules/$(LKM_RELEASE)
KERNEL_SYMVERS := $(BUILD)/Module.symvers

LKM_MODULES := hello mathsvc mathuser zlib_selftest params sysinfo_call ramfs cpiofs mem virtio_rng

hello-src := modules/hello/hello.c
mathsvc-src := modules/mathsvc/mathsvc.c
mathuser-src := modules/mathuser/mathuser.c
mathuser-uses := mathsvc
zlib_selftest-src := modules/zlib_selftest/zlib_selftest.c
zlib_selftest-libs := libz.a
params-src := modules/params/params.c
# What modules extend (issue 5): a system call, filesystems, devices.
sysinfo_call-src := modules/sysinfo_call/sysinfo_call.c
ramfs-src := modules/ramfs/ramfs.c
cpiofs-src := modules/cpiofs/cpiofs.c
mem-src := modules/mem/mem.c
virtio_rng-src := modules/virtio_rng/virtio_rng.c

# In-tree modules are held to the developer profile too.
MODULE_CFLAGS := $(WARN)
MODULE_HEADERS := $(wildcard include/lkm/*.h)

# The kernel's exports, as modpost's input.
$(KERNEL_SYMVERS): $(BIN)/lkm-kernel $(BIN)/lkm-build
	$(BIN)/lkm-build --kernel-symvers $< -o $@

define lkm_module_rules
$(MOD_OUT)/$(1).ko $(MOD_OUT)/$(1).symvers &: $$($(1)-src) \
		$$(wildcard modules/$(1)/*.h) $(MODULE_HEADERS) \
		$(BIN)/lkm-build $(KERNEL_SYMVERS) \
		$$($(1)-uses:%=$(MOD_OUT)/%.symvers) | $(MOD_OUT)/.dir $(DEPS_STAMP)
	$(BIN)/lkm-build -o $(MOD_OUT)/$(1).ko --intree --tree . --modpath modules/$(1) \
		--cc "$(CC)" --symvers $(KERNEL_SYMVERS) \
		$$($(1)-uses:%=--symvers $(MOD_OUT)/%.symvers) \
		--export-symvers $(MOD_OUT)/$(1).symvers $(MODULE_CFLAGS) \
		$$($(1)-src) \
		$$(foreach l,$$($(1)-libs),"$$$$($(CC) -print-file-name=$$(l))")

$(MOD_TREE)/extra/$(1).ko: $(MOD_OUT)/$(1).ko $(SIGNING_KEY) $(SIGNING_CERT) \
		| $(MOD_TREE)/extra/.dir
	$(BIN)/lkm-build --sign $$< --sign-key $(SIGNING_KEY) \
		--sign-cert $(SIGNING_CERT) --sign-hash $(SIGNING_HASH) -o $$@
endef
$(foreach m,$(LKM_MODULES),$(eval $(call lkm_module_rules,$(m))))

LKM_MODULE_FILES := $(LKM_MODULES:%=$(MOD_OUT)/%.ko) \
		    $(LKM_MODULES:%=$(MOD_TREE)/extra/%.ko)
ALL_TARGETS += $(LKM_MODULE_FILES)

# The tree's index files (modules.dep, modules.alias ...), by the tree's own
# depmod, so that modprobe, and the kernel's request_module() when a device
# appears, find modules by name and by their device tables' aliases.
MOD_TREE_INDEX := $(MOD_TREE)/modules.dep
# modules.order lists them as Kbuild would; nothing is built in.  kernel/
# and updates/ complete Linux's layout (depmod prefers updates/, where a
# fixed module can override one of extra/).
$(MOD_TREE_INDEX): $(LKM_MODULES:%=$(MOD_TREE)/extra/%.ko) $(BIN)/lkm $(BIN)/depmod
	@mkdir -p $(MOD_TREE)/kernel $(MOD_TREE)/updates
	printf 'extra/%s.ko\n' $(LKM_MODULES) > $(MOD_TREE)/modules.order
	: > $(MOD_TREE)/modules.builtin
	: > $(MOD_TREE)/modules.builtin.modinfo
	$(BIN)/depmod -b $(BUILD) $(LKM_RELEASE)

# cpiofs's demo archive (cpio newc), made from modules/cpiofs/demo/ by a
# host tool and shipped in the tree: lib/modules/<release>/data/demo.cpio.
MKCPIO := $(BUILD)/modules/cpiofs/mkcpio
MOD_TREE_DATA := $(MOD_TREE)/data/demo.cpio
$(MKCPIO): modules/cpiofs/mkcpio.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $<
$(MOD_TREE_DATA): $(MKCPIO) $(shell find modules/cpiofs/demo)
	@mkdir -p $(@D)
	$(MKCPIO) $@ modules/cpiofs/demo
ALL_TARGETS += $(MOD_TREE_INDEX) $(MOD_TREE_DATA)

ifeq ($(M),)
.PHONY: modules
modules: $(LKM_MODULE_FILES)
endif
