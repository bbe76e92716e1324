#!/usr/bin/env bash
# references.sh - dependencies and references: a used module is refused
# unload (EBUSY) and lists its user; a module holding a runtime reference
# (try_module_get) fails to unload at once with EWOULDBLOCK; a module
# without exit is permanent; rmmod -f works only with lkm.force_unload=1
# and taints R; loading twice (EEXIST) and unknown symbols (ENOENT).
source "$(dirname "$0")/lib.sh"

EXTRA=/lib/modules/$RELEASE/extra
CTL=$BUILD/kernel/tests/ctl-client
mod refhold refhold.c --export-symvers "$S/refhold.symvers"
mod refdrop refdrop.c --symvers "$S/refhold.symvers"
mod permanent permanent.c
mod unknownsym unknownsym.c
mod verprov verprov.c
mod dupexport verprov.c

# ---- users: EBUSY, "Used by" --------------------------------------------------
session "insmod $EXTRA/mathsvc.ko" "insmod $EXTRA/mathuser.ko" "lsmod" \
	"cat /sys/module/mathsvc/refcnt" "ls /sys/module/mathsvc/holders" \
	"rmmod mathsvc" "rmmod mathuser" "rmmod mathsvc" "lsmod" dmesg
expect_re "used-by-shows-user" "mathsvc +[0-9]+  1 mathuser"
expect "sysfs-holders" "mathuser"
expect "rmmod-used-module-ebusy" "rmmod: ERROR: Module mathsvc is in use by: mathuser"
expect "rmmod-after-user-gone" "mathsvc: served 2 calls" "mathsvc: unloaded"

# The kernel's own answer, without the tool's check first: EBUSY.
sock=$S/ctl.sock
"$KERNEL" --modroot "$MODROOT" --socket "$sock" </dev/null >"$S/sock.log" 2>&1 &
kpid=$!
for _ in $(seq 100); do [[ -S $sock ]] && break; sleep 0.05; done
ctl() { "$CTL" "$sock" "$@" 2>&1; }
out=$(ctl init_module 0 "@$MODROOT/$RELEASE/extra/mathsvc.ko"
	ctl init_module 0 "@$MODROOT/$RELEASE/extra/mathuser.ko"
	ctl delete_module 0 mathsvc)
if [[ $out == $'mathsvc\nmathuser\nerror -16' ]]; then
	ok "delete-module-used-ebusy"
else
	fail "delete-module-used-ebusy" "$out"
fi

# ---- runtime references: EWOULDBLOCK --------------------------------------------
out=$(ctl init_module 0 "@$S/refhold.ko"; ctl delete_module 0 refhold
	ctl read 0 /sys/module/refhold/refcnt)
if [[ $out == $'refhold\nerror -11\n1' ]]; then
	ok "delete-module-referenced-ewouldblock"
else
	fail "delete-module-referenced-ewouldblock" "$out"
fi
out=$(ctl init_module 0 "@$S/refdrop.ko"; ctl delete_module 0 refhold
	ctl delete_module 0 refdrop; ctl delete_module 0 refhold
	ctl delete_module 0 refhold)
if [[ $out == $'refdrop\nerror -16\nerror -2' ]]; then
	ok "reference-released-then-unloads"
else
	fail "reference-released-then-unloads" "$out"
fi
ctl poweroff >/dev/null
wait "$kpid"
OUT=$(sed 's/^\[ *[0-9]*\.[0-9]*\] //' "$S/sock.log")
session "insmod refhold.ko" "lsmod" "rmmod refhold" "rmmod -f refhold" dmesg
expect "referenced-module-in-use" "rmmod: ERROR: Module refhold is in use" \
	"refhold: holding a reference: yes"
expect_re "referenced-module-refcount" "refhold +[0-9]+  1"
expect "force-unload-refused-without-option" \
	"rmmod: ERROR: could not remove module refhold: Operation not permitted" \
	"refhold: forced unloading is not allowed in this kernel"

# ---- permanent modules, rmmod -f ---------------------------------------------------
session "insmod permanent.ko" "rmmod permanent" "echo tainted:" \
	"cat /proc/sys/kernel/tainted" dmesg
expect "permanent-module-refused" \
	"rmmod: ERROR: could not remove module permanent: Device or resource busy" \
	"permanent: has no exit function, it is permanent"
taint_lacks "no-forced-unload-no-R" "$(tainted)" 3
session -c lkm.force_unload=1 "insmod permanent.ko" "insmod refhold.ko" \
	"rmmod -f permanent" "rmmod -f refhold" "lsmod" "echo tainted:" \
	"cat /proc/sys/kernel/tainted" dmesg
expect "force-unload-permanent" "permanent: forced unload, tainting kernel" \
	"permanent: unloaded"
expect "force-unload-referenced" "refhold: forced unload, tainting kernel" \
	"refhold: exit" "refhold: unloaded"
taint_has "forced-unload-taints-R" "$(tainted)" 3

# ---- EEXIST, ENOENT ------------------------------------------------------------------
session "insmod $EXTRA/hello.ko" "insmod $EXTRA/hello.ko" "insmod unknownsym.ko" \
	"insmod verprov.ko" "insmod dupexport.ko" "insmod nosuch.ko" dmesg
expect "load-twice-eexist" \
	"insmod: ERROR: could not insert module $EXTRA/hello.ko: File exists" \
	"hello: module is already loaded"
expect "unknown-symbol-enoent" \
	"insmod: ERROR: could not insert module unknownsym.ko: Unknown symbol in module" \
	"unknownsym: Unknown symbol lkm_no_such_function (err -2)"
expect "duplicate-export-eexist" \
	"insmod: ERROR: could not insert module dupexport.ko: File exists"
expect_re "duplicate-export-named" \
	"dupexport: exports duplicate symbol verprov_[a-z]+ \(already exported by verprov\)"
expect "missing-file" \
	"insmod: ERROR: could not load module nosuch.ko: No such file or directory"
