#!/usr/bin/env bash
# devices.sh - hardware appears and its driver loads by itself: a PCI
# device plugged into the simulated hotplug bus has no driver, so the
# kernel asks modprobe for its modalias, modules.alias (written by depmod
# from virtio_rng's MODULE_DEVICE_TABLE) names virtio_rng, which loads,
# binds and serves reads from /dev/hwrng; the driver cannot be unloaded
# while that is open; unplugging unbinds it.  Also the character devices
# of the mem module (/dev/null, zero, full), /proc/devices, /proc/misc and
# /sys/bus in their Linux forms, and devices given on the command line.
. "$(dirname "$0")/lib.sh"

DEV=/sys/bus/pci/devices/0000:00:03.0

# ---- the build: device table -> .modinfo -> modules.alias ---------------------------
got=$("$BIN/modinfo" -F alias "$MODROOT/$REL/extra/virtio_rng.ko" 2>&1)
expect "modpost turned the id table into an alias" \
	'pci:v00001AF4d00001005sv*sd*bc*sc*i*' "$got"
has "depmod put it in modules.alias" \
	'^alias pci:v00001AF4d00001005sv\*sd\*bc\*sc\*i\* virtio_rng$' \
	"$(cat "$MODROOT/$REL/modules.alias")"
got=$("$BIN/modprobe" -d "$BUILD" -S "$REL" --show-depends \
	pci:v00001AF4d00001005sv00001AF4sd00001005bc00sc00i00 2>&1)
has "modprobe resolves the device's modalias" 'insmod .*/extra/virtio_rng\.ko' "$got"

# ---- plug in, load, bind, read, unplug ---------------------------------------------------
session "echo == before; cat /proc/lkm/registries; echo ==; lsmod;
	 hotplug add pci 1af4:1005; lsmod; hotplug;
	 cat $DEV/modalias $DEV/vendor $DEV/device $DEV/driver;
	 ls /sys/bus/pci/drivers/virtio_rng; cat /sys/bus/pci/drivers/virtio_rng/module;
	 ls -l /dev; cat /proc/misc; hexdump -n 32 /dev/hwrng;
	 cat /proc/driver/virtio_rng;
	 open /dev/hwrng; rmmod virtio_rng; close 3;
	 hotplug remove pci 0000:00:03.0; hotplug; ls /dev; lsmod; ls /sys/bus/pci/devices;
	 rmmod virtio_rng; dmesg; echo == after; cat /proc/lkm/registries; echo =="
has "the device appears with its name" '^0000:00:03\.0$' "$out"
has "the driver loaded by itself" '^virtio_rng +[0-9]+  0$' "$out"
has "modprobe was asked for the modalias" \
	'request_module: pci:v00001AF4d00001005sv00001AF4sd00001005bc00sc00i00: loading virtio_rng$' "$out"
has "bound" '^0000:00:03\.0 1af4:1005 virtio_rng$' "$out"
has "sysfs: the device's modalias" '^pci:v00001AF4d00001005sv00001AF4sd00001005bc00sc00i00$' "$out"
has "sysfs: vendor" '^0x1af4$' "$out"
has "sysfs: the driver lists its device" '^0000:00:03\.0$' "$out"
has "sysfs: the driver's module" '^virtio_rng$' "$out"
has "/dev/hwrng appeared (misc 10, 183)" '^cr--r--r-- 1  10, 183 hwrng$' "$out"
has "/proc/misc" '^183 hwrng$' "$out"
has "random bytes served from /dev/hwrng" '^00000010  ([0-9a-f]{2} ){8} ([0-9a-f]{2} ){8} \|.{16}\|$' "$out"
has "... 32 of them" '^00000020$' "$out"
has "the driver's /proc view" '^bytes 32$' "$out"
has "cannot unload while /dev/hwrng is open" '^rmmod: ERROR: Module virtio_rng is in use$' "$out"
has "unplugging unbinds" 'pci 0000:00:03\.0: unbound from driver virtio_rng$' "$out"
has "remove ran" 'virtio_rng 0000:00:03\.0: entropy source gone$' "$out"
hasnt "/dev/hwrng went with the device" '^hwrng$' "$(sed -n '/unbound\|^0000:00:03.0 1af4:1005 virtio_rng$/,$p' <<<"$out" | sed -n '/^== after/q;p' | grep -v '^\[')"
expect "registries back to their state" "$(registries before)" "$(registries after)"

# ---- unplugging an open device --------------------------------------------------------------
session "hotplug add pci 1af4:1005; open /dev/hwrng; hotplug remove pci 1af4:1005;
	 cat /proc/driver/virtio_rng; close 3; rmmod virtio_rng; lsmod"
has "a device pulled out while open" '^device none$' "$out"
expect "the driver unloads after" "Module                  Size  Used by" "$(tail -n 1 <<<"$out")"

# ---- a device no module drives; a driver loaded first ------------------------------------------
session "hotplug add pci 8086:100e:8086:001e:020000; hotplug; cat /sys/bus/pci/devices/0000:00:03.0/class;
	 insmod $EXTRA/virtio_rng.ko; hotplug add pci 1af4:1005; hotplug; dmesg"
has "no driver for an unknown device" '^0000:00:03\.0 8086:100e -$' "$out"
has "its class" '^0x020000$' "$out"
has "modprobe found nothing" 'request_module: pci:v00008086d0000100Esv00008086sd0000001Ebc02sc00i00: no module$' "$out"
has "a loaded driver binds at once" '^0000:00:04\.0 1af4:1005 virtio_rng$' "$out"

# ---- devices present at boot ---------------------------------------------------------------------
session "hotplug; lsmod; hexdump -n 4 /dev/hwrng" \
	--cmdline "hotplug.devices=pci:1af4:1005,pci:8086:100e"
has "boot devices: the rng is driven" '^0000:00:03\.0 1af4:1005 virtio_rng$' "$out"
has "boot devices: the other is not" '^0000:00:04\.0 8086:100e -$' "$out"
has "boot devices: /dev/hwrng works" '^00000004$' "$out"

# ---- the memory devices ----------------------------------------------------------------------------
session "echo == before; cat /proc/lkm/registries; echo ==;
	 insmod $EXTRA/mem.ko; cat /proc/devices; ls -l /dev;
	 hexdump -n 8 /dev/zero; cat /dev/null; echo gone > /dev/null;
	 echo full > /dev/full; hexdump -n 4 /dev/full; cat /dev/zero;
	 rmmod mem; ls /dev; echo == after; cat /proc/lkm/registries; echo =="
expect "/proc/devices, Linux's format" "Character devices:
  1 mem
 10 misc

Block devices:" "$(sed -n '/^Character devices:$/,/^Block devices:$/p' <<<"$out")"
has "/dev/null" '^crw-rw-rw- 1     1, 3 null$' "$out"
has "/dev/zero" '^crw-rw-rw- 1     1, 5 zero$' "$out"
has "/dev/full" '^crw-rw-rw- 1     1, 7 full$' "$out"
has "zero reads zeros" '^00000000  00 00 00 00 00 00 00 00 +\|\.\.\.\.\.\.\.\.\|$' "$out"
has "full refuses writes" '^lkm: /dev/full: No space left on device$' "$out"
has "a device that never ends is cut" '^cat: /dev/zero: File too large$' "$out"
expect "registries back to their state" "$(registries before)" "$(registries after)"
