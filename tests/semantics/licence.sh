#!/usr/bin/env bash
# licence.sh - licences and taint: the GPL-compatible set, the "GPL\0..."
# trick (refused, or loaded as proprietary with lkm.modinfo_lenient=1),
# GPL-only symbols, proprietary taint inherited by importers, and the taint
# mask in /proc/sys/kernel/tainted and /proc/modules.
source "$(dirname "$0")/lib.sh"

mod nultrick nultrick.c
mod proprietary proprietary.c --export-symvers "$S/prop.symvers"
mod propuser propuser.c --symvers "$S/prop.symvers"
mod propuser_gpl propuser.c -DUSE_GPL_ONLY --symvers "$S/prop.symvers"
mod gplmod "$TOP/modules/hello/hello.c"
for lic in "GPL" "GPL v2" "GPL and additional rights" "Dual BSD/GPL" \
	"Dual MIT/GPL" "Dual MPL/GPL"; do
	n=lic_$(tr -c 'a-zA-Z0-9\n' _ <<<"$lic")
	printf '#include <lkm/module.h>\nMODULE_LICENSE("%s");\n' "$lic" >"$S/$n.c"
	mod "$n" "$S/$n.c"
	gpl_mods+=("$n")
	gpl_cmds+=("insmod $n.ko")
done
# The kernel's own check: modpost would already refuse to build this, so
# it is built against symvers that do not mark ktime_get_ns GPL-only.
grep -v '	ktime_get_ns	' "$KSYMVERS" >"$S/nogpl.symvers"
mod -n prop_gplonly proprietary.c -DUSE_GPL_ONLY --symvers "$S/nogpl.symvers"

frag='for files in the "GPL" directory; for others, only LICENSE file applies'

# The fragment after the NUL is quoted, the module refused: ENOEXEC.
session "insmod nultrick.ko" "echo tainted:" "cat /proc/sys/kernel/tainted" dmesg
expect "nul-trick-refused" \
	"insmod: ERROR: could not insert module nultrick.ko: Invalid module format"
expect_re "nul-trick-fragment-quoted" \
	"[a-z_]+: malformed \.modinfo entry \"for files in the \"GPL\" directory; for others, only LICENSE file applies\" after \"license=GPL\": every entry must be key=value \(a NUL inside a MODULE_\*\(\) string\?\)"
expect "nul-trick-not-loaded" "tainted:" "0"

# The build tool says nothing about it (modpost reads license=GPL), so
# the kernel is where it is caught: the entry really is in the .ko.
if readelf -p .modinfo "$S/nultrick.ko" | grep -qF "$frag"; then
	ok "nul-trick-module-built-as-linux-builds-it"
else
	fail "nul-trick-module-built-as-linux-builds-it" "fragment not in .modinfo"
fi

# With lkm.modinfo_lenient=1 it loads, as proprietary: taint P.
session -c lkm.modinfo_lenient=1 "insmod nultrick.ko" "echo tainted:" \
	"cat /proc/sys/kernel/tainted" "cat /proc/modules" dmesg
expect "nul-trick-lenient-loads" \
	"nultrick: malformed .modinfo: loading it as proprietary, tainting kernel." \
	"nultrick: loaded"
taint_has "nul-trick-lenient-taints-P" "$(tainted)" 0
expect_re "nul-trick-lenient-proc-modules-P" \
	"nultrick [0-9]+ 0 - Live 0x[0-9a-f]+ \(PO?E?\)"

# Every GPL-compatible licence loads without P; a proprietary one taints.
session "${gpl_cmds[@]}" "echo tainted:" "cat /proc/sys/kernel/tainted" \
	"cat /proc/modules"
expect_re "gpl-compatible-licences-load" "${gpl_mods[@]/%/ [0-9]+ 0 - Live .*}"
taint_lacks "gpl-compatible-licences-do-not-taint-P" "$(tainted)" 0
session "insmod gplmod.ko" "echo tainted:" "cat /proc/sys/kernel/tainted" \
	"cat /proc/modules"
taint_lacks "gpl-module-no-P" "$(tainted)" 0
taint_has "out-of-tree-module-taints-O" "$(tainted)" 12
expect_re "gpl-module-proc-modules-flags" \
	"gplmod [0-9]+ 0 - Live 0x[0-9a-f]+ \(OE?\)"

session "insmod proprietary.ko" "echo tainted:" "cat /proc/sys/kernel/tainted" \
	"cat /proc/modules" dmesg
expect "proprietary-licence-message" \
	"proprietary: module license 'Proprietary' taints kernel."
taint_has "proprietary-taints-P-and-O" "$(tainted)" 0 12
expect_re "proprietary-proc-modules-POE" \
	"proprietary [0-9]+ 0 - Live 0x[0-9a-f]+ \(POE?\)"
mask=$(tainted)
if [[ $mask == 4097 || $mask == 12289 ]]; then
	ok "tainted-is-decimal-P+O(+E)"
else
	fail "tainted-is-decimal-P+O(+E)" "got '$mask'"
fi

# A proprietary module cannot link a GPL-only symbol: ENOENT, named.
session "insmod prop_gplonly.ko" dmesg
expect "gpl-only-symbol-refused" \
	"insmod: ERROR: could not insert module prop_gplonly.ko: Unknown symbol in module" \
	"prop_gplonly: cannot use GPL-only symbol ktime_get_ns: module licence is not GPL-compatible"
if grep -qxF "ERROR: GPL-incompatible module $S/prop_gplonly2.ko uses GPL-only symbol 'ktime_get_ns'" \
	<(mod prop_gplonly2 proprietary.c -DUSE_GPL_ONLY; cat "$S/prop_gplonly2.log"); then
	ok "gpl-only-symbol-refused-at-build"
else
	fail "gpl-only-symbol-refused-at-build" "$(cat "$S/prop_gplonly2.log")"
fi

# Importing from a proprietary module makes a GPL module proprietary too;
# using GPL-only symbols as well is refused (EPERM).
session "insmod proprietary.ko" "insmod propuser.ko" "insmod propuser_gpl.ko" \
	"cat /proc/modules" dmesg
expect "import-from-proprietary-inherits-P" \
	"propuser: module uses symbols prop_value from proprietary module proprietary, inheriting taint." \
	"propuser: prop_value() = 42"
expect_re "inherited-P-in-proc-modules" \
	"propuser [0-9]+ 0 - Live 0x[0-9a-f]+ \(POE?\)" \
	"proprietary [0-9]+ 1 propuser, Live 0x[0-9a-f]+ \(POE?\)"
expect "gpl-only-user-importing-proprietary-refused" \
	"insmod: ERROR: could not insert module propuser_gpl.ko: Operation not permitted" \
	"propuser_gpl: module using GPL-only symbols uses symbols prop_value from proprietary module proprietary."
