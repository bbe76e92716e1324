# Debian packages the build and tests need.  A missing one is installed when
# we are root (as on CI), otherwise the exact apt-get line is printed.
DEB_PACKAGES := gcc make binutils clang zlib1g-dev libdw-dev liblzma-dev libzstd-dev libssl-dev kmod xz-utils zstd libsqlite3-dev libtcc-dev tcc valgrind libclang-rt-14-dev
DEPS_STAMP := $(BUILD)/.deps-ok

$(DEPS_STAMP): mk/deps.mk mk/ensure-packages.sh
	@mkdir -p $(@D)
	@bash mk/ensure-packages.sh $(DEB_PACKAGES)
	@touch $@

.PHONY: deps
deps: $(DEPS_STAMP)
