# core/core.mk - liblkm, the freestanding loader core.
#
# Built with -ffreestanding -nostdinc against the compiler's own headers only,
# so a libc header cannot sneak in; then linked alone (ld -r) and refused if
# any symbol is left undefined: the core reaches the world through struct
# lkm_ops and nothing else.

ARCH ?= x86_64
CORE_SRCS := $(wildcard core/*.c) $(wildcard core/arch/$(ARCH)/*.c)
CORE_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(CORE_SRCS))
LIBLKM := $(BUILD)/lib/liblkm.a
CORE_CHECK := $(BUILD)/core/freestanding.ok

# A flag if the compiler takes it (GCC's loop-to-memset pass has no clang twin).
cc-option = $(shell $(CC) -Werror $(1) -x c -c /dev/null -o /dev/null 2>/dev/null && echo $(1))
CC_INCLUDE := $(shell $(CC) -print-file-name=include)
CORE_CFLAGS := -std=c11 $(OPT) $(WARN) -ffreestanding -fno-builtin -nostdinc \
	-isystem $(CC_INCLUDE) -Iinclude -Icore/arch/$(ARCH) -fno-stack-protector -fno-common \
	$(call cc-option,-fno-tree-loop-distribute-patterns) -fno-pie \
	-fno-asynchronous-unwind-tables \
	-MMD -MP $(SAN)

$(BUILD)/core/%.o: core/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -c $< -o $@

$(LIBLKM): $(CORE_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

# Proof of freestanding-ness: nothing undefined once the core is linked alone.
$(CORE_CHECK): $(CORE_OBJS)
	$(LD) -r -o $(BUILD)/core/liblkm-linked.o $^
	@undef=$$(nm -u $(BUILD)/core/liblkm-linked.o | grep -v -E '__(a|ub|t)san|__sanitizer|__gcov|__llvm' || true); \
	if [ -n "$$undef" ]; then \
		echo "core is not freestanding; undefined symbols:" >&2; echo "$$undef" >&2; exit 1; \
	fi
	@touch $@

ALL_TARGETS += $(LIBLKM) $(CORE_CHECK)
-include $(CORE_OBJS:.o=.d)
