# kernel/kernel.mk - the hosted base kernel, $(BIN)/lkm-kernel.
#
# kernel/*.c are the services every port shares, kernel/hosted/*.c the POSIX
# port.  The kernel is linked non-PIE (image at 0x400000) so that modules in
# its module area, [1 GiB, 2 GiB), reach its exports with 32-bit branches and
# may be non-PIC; its exports are the __ksymtab sections the linker gathers.

KERNEL_SRCS := $(wildcard kernel/*.c) $(wildcard kernel/hosted/*.c)
KERNEL_OBJS := $(KERNEL_SRCS:%.c=$(BUILD)/%.o)
KERNEL_CFLAGS := $(HOST_CFLAGS) -fno-pie
KERNEL_LDFLAGS := $(HOST_LDFLAGS) -no-pie
KERNEL_LIBS := $(LIBLKM) -lpthread -ldl

# Arguments for `make run`, e.g. make run KERNEL_ARGS="--cmdline loglevel=7"
KERNEL_ARGS ?=

ALL_TARGETS += $(BIN)/lkm-kernel

$(BIN)/lkm-kernel: $(KERNEL_OBJS) $(LIBLKM) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS) $(KERNEL_LIBS)

$(BUILD)/kernel/%.o: kernel/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(KERNEL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(KERNEL_OBJS:.o=.d)

run: all
	$(BIN)/lkm-kernel $(KERNEL_ARGS)
