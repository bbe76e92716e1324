#!/usr/bin/env bash
# undo.sh - everything a module registers is undone when it goes, even if
# the module itself forgets: kernel/tests/fixtures/undo_leak.c registers a
# system call, a filesystem type, a character device, a /dev node, a misc
# device, a bus with a device, a PCI driver (bound to a device) and a /proc
# view, then fails its init (or, loaded, forgets them all at exit); every
# registry must be back where it was.  Also the in-tree modules' own error
# paths, and the views that follow modules: /proc/kallsyms, /sys/module.
. "$(dirname "$0")/lib.sh"

LEAK=$FIXTURES/undo_leak.ko

# ---- an init that fails halfway ------------------------------------------------------
session "hotplug add pci 1234:5678; echo == before; cat /proc/lkm/registries; echo ==;
	 insmod $LEAK; echo == after; cat /proc/lkm/registries; echo ==;
	 syscall leaky; cat /proc/filesystems; cat /proc/devices; ls /dev;
	 cat /proc/leak; ls /sys/bus; hotplug; dmesg"
has "the init failed" "^insmod: ERROR: could not insert module $LEAK: No such device\$" "$out"
has "it had registered everything (and bound the device)" \
	'pci 0000:00:03\.0: bound to driver leakdrv$' "$out"
expect "registries back to their state" "$(registries before)" "$(registries after)"
has "its call is gone" '^syscall: leaky: Function not implemented$' "$out"
hasnt "its filesystem is gone" 'leakfs' "$(grep -v '^\[' <<<"$out")"
hasnt "its devices are gone" '^( *[0-9]+ leak|leak0|leakmisc)$' "$out"
has "its view is gone" '^cat: /proc/leak: No such file or directory$' "$out"
has "its bus is gone" '^pci$' "$out"
has "the device it had bound is free again" '^0000:00:03\.0 1234:5678 -$' "$out"
for what in 'syscall: 450 leaky' 'vfs: filesystem leakfs' 'chrdev: [0-9]+ leak ' \
	'/dev/leak0' 'misc: leakmisc' 'bus leakbus' 'driver leakdrv' 'proc: /proc/leak'; do
	has "the kernel says it removed: $what" "$what" "$out"
done

# ---- an exit that forgets -------------------------------------------------------------------
session "echo == before; cat /proc/lkm/registries; echo ==; insmod $LEAK fail=0;
	 syscall leaky; cat /proc/leak; rmmod undo_leak; syscall leaky;
	 echo == after; cat /proc/lkm/registries; echo =="
has "loaded, its call works" '^still here$' "$out"
has "loaded, its view works" '^leak$' "$out"
has "unloaded, its call is gone" '^syscall: leaky: Function not implemented$' "$out"
expect "registries back to their state" "$(registries before)" "$(registries after)"

# ---- in-tree modules undo their own work -----------------------------------------------------------
session "echo == before; cat /proc/lkm/registries; echo ==;
	 insmod $EXTRA/sysinfo_call.ko nr=511; insmod $EXTRA/mem.ko;
	 insmod $EXTRA/mem.ko; insmod $EXTRA/ramfs.ko; insmod $EXTRA/cpiofs.ko;
	 insmod $EXTRA/virtio_rng.ko; rmmod virtio_rng cpiofs ramfs mem;
	 echo == after; cat /proc/lkm/registries; echo =="
expect "loads and unloads leave nothing behind" "$(registries before)" "$(registries after)"

# ---- the views that follow modules ---------------------------------------------------------------
session "insmod $EXTRA/mathsvc.ko; cat /proc/kallsyms; ls /sys/module /sys/module/mathsvc;
	 rmmod mathsvc; echo == gone; cat /proc/kallsyms; ls /sys/module"
has "kallsyms: the base kernel" '^[0-9a-f]{16} T printk$' "$out"
has "kallsyms: a module's symbol, bracketed" "$(printf '^[0-9a-f]{16} T mathsvc_gcd\t\\[mathsvc\\]$')" "$out"
has "kallsyms: a module's data" "$(printf '^[0-9a-f]{16} B mathsvc_calls\t\\[mathsvc\\]$')" "$out"
hasnt "kallsyms: gone with the module" 'mathsvc' "$(sed -n '/^== gone$/,$p' <<<"$out")"
has "/sys/module/<name> exists" '^refcnt$' "$out"
