#!/usr/bin/env bash
# versions.sh - binary compatibility.  Version magic must match exactly
# (Linux's policy, lkm-kernel) or be an older release of the same major
# branch (FreeBSD's, lkm-kernel-branch); forcing (insmod -f) works only
# where the kernel allows it (lkm.force_load=1) and taints F.  Symbol
# versions: a struct change reaching an export through pointers changes
# its CRC, and a module built against stale symvers is refused.
source "$(dirname "$0")/lib.sh"

hello=$TOP/modules/hello/hello.c
rel() { printf -- '-DLKM_RELEASE="%s"' "$1"; }
major=${RELEASE%%.*}
rest=${RELEASE#*.}
minor=${rest%%.*}
suffix=${RELEASE#*-}
older="$major.$minor.0-$suffix"
((minor > 0)) && older="$major.$((minor - 1)).9-$suffix"
newer="$major.$((minor + 1)).0-$suffix"
other="$((major + 1)).0.0-$suffix"
mod vm_same "$hello"
mod vm_older "$hello" "$(rel "$older")"
mod vm_newer "$hello" "$(rel "$newer")"
mod vm_other "$hello" "$(rel "$other")"

# ---- version magic, Linux's policy ----------------------------------------
session "insmod vm_older.ko" "insmod -f vm_older.ko" "insmod vm_same.ko" \
	"echo tainted:" "cat /proc/sys/kernel/tainted" dmesg
expect "vermagic-mismatch-refused" \
	"insmod: ERROR: could not insert module vm_older.ko: Invalid module format" \
	"vm_older: version magic '$older SMP mod_unload x86_64' should be '$VERMAGIC'"
expect "vermagic-force-refused-without-force-load" \
	"vm_older: bad vermagic, and this kernel does not allow forced loads"
expect "vermagic-match-loads" "vm_same: Hello, world"
taint_lacks "no-force-no-F" "$(tainted)" 1

session -c lkm.force_load=1 "insmod -f vm_older.ko" "echo tainted:" \
	"cat /proc/sys/kernel/tainted" "cat /proc/modules" dmesg
expect "vermagic-forced-load-taints" "vm_older: bad vermagic: kernel tainted." \
	"vm_older: Hello, world"
taint_has "forced-load-taints-F" "$(tainted)" 1
expect_re "forced-module-proc-modules-F" \
	"vm_older [0-9]+ 0 - Live 0x[0-9a-f]+ \(FOE?\)"

# ---- version magic, FreeBSD's policy (lkm-kernel-branch) ----------------------
session -b "insmod vm_older.ko" "insmod vm_same.ko" "insmod vm_newer.ko" \
	"insmod vm_other.ko" "lsmod" dmesg
expect "branch-older-release-loads" "vm_older: Hello, world"
expect "branch-same-release-loads" "vm_same: Hello, world"
expect "branch-newer-release-refused" \
	"insmod: ERROR: could not insert module vm_newer.ko: Invalid module format" \
	"vm_newer: built for release ${newer%-*}, newer than this kernel's ${RELEASE%-*}"
expect "branch-other-major-refused" \
	"insmod: ERROR: could not insert module vm_other.ko: Invalid module format" \
	"vm_other: built for the $((major + 1)).x branch; this kernel is $major.x, and modules never load across branches"

# ---- symbol versions: the CRCs -------------------------------------------------
mod v1/verprov verprov.c --modpath verprov --export-symvers "$S/v1.symvers"
mod v2/verprov verprov.c -DV2 --modpath verprov --export-symvers "$S/v2.symvers"
CC=clang mod clang/verprov verprov.c --modpath verprov \
	--export-symvers "$S/clang.symvers"
crc() { sed -n "s/^\(0x[0-9a-f]*\)	$2	.*/\1/p" "$1"; }
if [[ $(crc "$S/v1.symvers" verprov_get) != "$(crc "$S/v2.symvers" verprov_get)" &&
	$(crc "$S/v1.symvers" verprov_get) != 0x00000000 ]]; then
	ok "crc-changes-with-struct-behind-pointer"
else
	fail "crc-changes-with-struct-behind-pointer" "$(cat "$S/v1.symvers" "$S/v2.symvers")"
fi
if [[ $(crc "$S/v1.symvers" verprov_deep) != "$(crc "$S/v2.symvers" verprov_deep)" ]]; then
	ok "crc-changes-through-two-pointers-and-a-typedef"
else
	fail "crc-changes-through-two-pointers-and-a-typedef" "$(cat "$S/v1.symvers" "$S/v2.symvers")"
fi
if [[ $(crc "$S/v1.symvers" verprov_plain) == "$(crc "$S/v2.symvers" verprov_plain)" ]]; then
	ok "crc-unchanged-for-unrelated-symbol"
else
	fail "crc-unchanged-for-unrelated-symbol" "$(cat "$S/v1.symvers" "$S/v2.symvers")"
fi
if cmp -s "$S/v1.symvers" "$S/clang.symvers"; then
	ok "crc-same-with-gcc-and-clang"
else
	fail "crc-same-with-gcc-and-clang" "$(diff "$S/v1.symvers" "$S/clang.symvers")"
fi
decl=$("$LKM_BUILD" --symbol-crcs "$S/v2/verprov.ko" | grep '	verprov_get:')
if [[ $decl == *"struct verobj{size=24;id@0:int;generation@8:long;name@16:ptr(const(char))}"* ]]; then
	ok "symbol-crcs-shows-the-declaration"
else
	fail "symbol-crcs-shows-the-declaration" "$decl"
fi
# The kernel's: every export versioned, the same as the table it checks.
if ! grep -q '^0x00000000' "$KSYMVERS" &&
	[[ $(wc -l <"$KSYMVERS") -eq $(grep -c '^	{ "' "$BUILD/kernel/kcrctab.c") ]]; then
	ok "kernel-symvers-all-versioned"
else
	fail "kernel-symvers-all-versioned" "$(grep '^0x00000000' "$KSYMVERS")"
fi

# ---- symbol versions: the kernel's checks -----------------------------------------
mod vercons vercons.c --symvers "$S/v1.symvers"
sed 's/^0x[0-9a-f]*\(	printk	\)/0x12345678\1/' "$KSYMVERS" >"$S/stale.symvers"
mod -n stale "$hello" --symvers "$S/stale.symvers"
mod -n nover "$hello" --symvers /dev/null
session "insmod v2/verprov.ko" "insmod vercons.ko" "rmmod verprov" \
	"insmod v1/verprov.ko" "insmod vercons.ko" "insmod stale.ko" \
	"insmod nover.ko" dmesg
expect "stale-module-symvers-refused" \
	"insmod: ERROR: could not insert module vercons.ko: Invalid parameters" \
	"vercons: disagrees about version of symbol verprov_get"
expect "matching-module-symvers-loads" "vercons: verprov_get() = 7"
expect "stale-kernel-symvers-refused" \
	"insmod: ERROR: could not insert module stale.ko: Invalid parameters" \
	"stale: disagrees about version of symbol printk"
expect "missing-symbol-version-refused" \
	"insmod: ERROR: could not insert module nover.ko: Invalid parameters" \
	"nover: no symbol version for printk"

session "insmod -f stale.ko" dmesg
expect "stale-force-refused-without-force-load" \
	"insmod: ERROR: could not insert module stale.ko: Invalid module format" \
	"stale: bad vermagic, and this kernel does not allow forced loads"
session -c lkm.force_load=1 "insmod -f stale.ko" "echo tainted:" \
	"cat /proc/sys/kernel/tainted" dmesg
expect "stale-forced-loads" "stale: symbol versions ignored: kernel tainted." \
	"stale: Hello, world"
taint_has "stale-forced-taints-F" "$(tainted)" 1
session -c lkm.modversions=0 "insmod stale.ko" dmesg
expect "modversions-off-skips-check" "stale: Hello, world"

# A module without __versions at all (not built by lkm-build).
printf '#include <lkm/module.h>\nint init_module(void);\nint init_module(void) { printk("raw\\n"); return 0; }\nMODULE_LICENSE("GPL");\nMODULE_INFO(name, "raw");\nMODULE_INFO(vermagic, "%s");\n' \
	"$VERMAGIC" >"$S/raw.c"
if "$CC" -c -O2 -I"$TOP/include" -o "$S/raw.ko" "$S/raw.c"; then
	session "insmod raw.ko" dmesg
	expect "no-versions-section-refused" \
		"insmod: ERROR: could not insert module raw.ko: Invalid module format" \
		"raw: no versions for imported symbols, and this kernel does not allow forced loads"
else
	fail "no-versions-section-refused" "cannot build raw.ko"
fi
