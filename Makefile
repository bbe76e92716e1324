# lkm - top-level build.  One non-recursive GNU make: each component owns a
# fragment (core/core.mk, kernel/kernel.mk, tools/tools.mk, modules/modules.mk,
# tests/tests.mk) that adds its targets; everything lands in $(BUILD).
#
#   make            build the core, the hosted kernel, the tools and modules
#   make run        boot the hosted base kernel to its console
#   make check      build and run every test
#   make bench      run the benchmarks
#   make install DESTDIR=...   install binaries and the module tree

.DEFAULT_GOAL := all
SHELL := /bin/bash
.DELETE_ON_ERROR:
# Keep intermediate files: rebuilds stay incremental, and make prints no
# "rm ..." after the test runner's closing "N passed, N failed" line.
.SECONDARY:
.SUFFIXES:

TOP := $(CURDIR)
BUILD ?= build
BIN := $(BUILD)/bin
CC ?= cc
ifeq ($(origin CC),default)
CC := gcc
endif
LD := ld
OBJCOPY := objcopy

# The developer profile: strict warnings as errors everywhere.
WARN := -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wno-missing-field-initializers
OPT ?= -O2 -g
SAN ?=
HOST_CFLAGS := -std=gnu11 $(OPT) $(WARN) -Iinclude -D_GNU_SOURCE $(SAN)
HOST_LDFLAGS := $(SAN)

include mk/deps.mk
include $(wildcard certs/certs.mk core/core.mk kernel/kernel.mk tools/tools.mk tools/kmod/kmod.mk modules/modules.mk tests/tests.mk \
	tests/semantics/semantics.mk tests/security/security.mk tests/extend/extend.mk tests/robust.mk bench/bench.mk mk/install.mk)

.PHONY: all run check bench clean install
all: $(ALL_TARGETS)

# With M=dir, clean belongs to the out-of-tree build (tools/kbuild.mk).
ifeq ($(M),)
clean:
	rm -rf $(BUILD)
endif

$(BUILD)/%/.dir:
	@mkdir -p $(@D) && touch $@
