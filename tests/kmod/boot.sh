#!/usr/bin/env bash
# boot.sh - boot-time control of modules, for emergencies, on every load
# path (the console's insmod, the tools through the control socket, the
# kernel's own request_module()):
#   module_blacklist=a,b   the kernel refuses those modules (EPERM, "Module
#                          X is blacklisted" in the log);
#   modprobe.blacklist=a,b modprobe (the tool, request_module()) does not
#                          choose them for an alias; the kernel would load
#                          them if asked by file; request_module() reads
#                          modprobe.d inside the system root;
#   modules_load=a,b and <root>/etc/modules-load.d/*.conf   loaded at boot;
#   /proc/sys/kernel/modules_disabled   one-way: nothing loads or unloads
#                          any more, whichever way it is asked.
# The kernel serves a private copy of the build's module tree, with its
# configuration beside it (<root>/etc/modules-load.d).
set -uo pipefail

BUILD=${BUILD:-build}
BIN=${BIN:-$BUILD/bin}
BIN=$(cd "$BIN" && pwd)
BUILD=$(cd "$BUILD" && pwd)
REL=$(sed -n 's/^.define LKM_RELEASE "\(.*\)"$/\1/p' "$(dirname "$0")/../../include/lkm/version.h")
KERNEL=$BIN/lkm-kernel

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }

W=$(mktemp -d "${TMPDIR:-/tmp}/lkm-boot.XXXXXX")
KPID=
cleanup() {
	[[ -n $KPID ]] && kill "$KPID" 2>/dev/null && wait "$KPID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
R=$W/root
T=$R/lib/modules/$REL
mkdir -p "$T/extra" "$R/etc/modules-load.d" "$R/usr/lib/modules-load.d"
for m in hello mathsvc mathuser params virtio_rng; do
	cp "$BUILD/lib/modules/$REL/extra/$m.ko" "$T/extra/" 2>/dev/null ||
		{ fail boot-setup "$m.ko missing from the build's module tree (make)"; exit 1; }
done
"$BIN/depmod" -b "$R" "$REL" 2>/dev/null || { fail boot-setup "depmod failed"; exit 1; }
E=/lib/modules/$REL/extra

# session CMDLINE COMMANDS: a console session; its output and dmesg (without
# timestamps) in $OUT.
session() {
	OUT=$("$KERNEL" --modroot "$R/lib/modules" --cmdline "$1" -c "$2; echo ==dmesg; dmesg" 2>&1 |
		sed -E 's/^\[ *[0-9]+\.[0-9]+\] //')
}
# has NAME LINE...: every LINE is a whole line of $OUT.
has() {
	local name=$1 l
	shift
	for l; do
		if ! grep -qxF -- "$l" <<<"$OUT"; then
			fail "$name" "no line '$l' in: $(tr '\n' '|' <<<"$OUT" | cut -c1-600)"
			return
		fi
	done
	ok "$name"
}
hasnt() {
	local name=$1 l
	shift
	for l; do
		if grep -qxF -- "$l" <<<"$OUT"; then
			fail "$name" "line '$l' should not be there"
			return
		fi
	done
	ok "$name"
}
lsmod_names() { sed -n '/^Module  /,/^==/p' <<<"$OUT" | sed '1d;$d' | cut -d' ' -f1 | tr '\n' ' '; }

# ---- module_blacklist=: the kernel refuses, on every path ---------------------
session "module_blacklist=hello,mathsvc" \
	"insmod $E/hello.ko; insmod $E/params.ko; lsmod"
has blacklist-console-insmod \
	"insmod: ERROR: could not insert module $E/hello.ko: Operation not permitted" \
	"Module hello is blacklisted"
has blacklist-others-load "params: init: verbose=N quiet=Y level=3 offset=-1 port=8080 count=1 mask=0xff"

S=$W/ctl.sock
kboot() {
	"$KERNEL" --modroot "$R/lib/modules" --socket "$S" --cmdline "loglevel=4 $1" \
		</dev/null >"$W/log" 2>&1 &
	KPID=$!
	for _ in $(seq 100); do [[ -S $S ]] && return; sleep 0.05; done
	fail boot-socket "no socket: $(cat "$W/log")"
	exit 1
}
khalt() {
	"$BUILD/kernel/tests/ctl-client" "$S" poweroff >/dev/null 2>&1 || kill "$KPID"
	wait "$KPID"
	KPID=
}
export LKM_SOCKET=$S
MP=("$BIN/modprobe" -d "$R")
kboot "module_blacklist=mathsvc,virtio_rng"
OUT=$("$BIN/insmod" "$T/extra/mathsvc.ko" 2>&1; echo "exit $?"
	"${MP[@]}" mathuser 2>&1; echo "exit $?"
	"${MP[@]}" hello 2>&1; echo "exit $?"
	"$BIN/lsmod" | cut -d' ' -f1)
has blacklist-socket-insmod \
	"insmod: ERROR: could not insert module $T/extra/mathsvc.ko: Operation not permitted" "exit 1"
has blacklist-socket-modprobe-dependency \
	"modprobe: ERROR: could not insert 'mathuser': Operation not permitted" "hello"
hasnt blacklist-socket-nothing-else "mathuser" "mathsvc"
khalt
OUT=$(sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' "$W/log")
has blacklist-socket-logged "Module mathsvc is blacklisted"
# request_module(): a device's driver, asked for by the kernel itself.
session "module_blacklist=virtio_rng loglevel=4" "hotplug add pci 1af4:1005; lsmod"
has blacklist-request-module "Module virtio_rng is blacklisted"
hasnt blacklist-request-module-not-loaded "virtio_rng"
session "module_blacklist=hello" "insmod $E/params.ko; insmod $E/hello.ko"
has blacklist-exact-names "Module hello is blacklisted"

# ---- modprobe.blacklist=: modprobe's, not the kernel's -------------------------
session "modprobe.blacklist=virtio_rng" "hotplug add pci 1af4:1005; lsmod; insmod $E/virtio_rng.ko; lsmod"
first=$(sed -n '/^Module  /,/^Module  /p' <<<"$OUT" | grep -c '^virtio_rng ')
[[ $first == 0 ]] && ok modprobe-blacklist-alias-skipped ||
	fail modprobe-blacklist-alias-skipped "the driver loaded for the alias: $OUT"
hasnt modprobe-blacklist-kernel-loads-by-file "Module virtio_rng is blacklisted"
grep -q '^virtio_rng ' <<<"$OUT" && ok modprobe-blacklist-insmod-loads ||
	fail modprobe-blacklist-insmod-loads "$OUT"

# request_module() reads modprobe.d inside the system root, as modprobe -d does.
mkdir -p "$R/etc/modprobe.d"
printf 'blacklist virtio_rng\noptions params level=9\n' >"$R/etc/modprobe.d/boot-test.conf"
session "modules_load=params" "hotplug add pci 1af4:1005; lsmod"
grep -q '^params: init: .* level=9 ' <<<"$OUT" && ok request-module-modprobe-d-options ||
	fail request-module-modprobe-d-options "$(grep 'params: init' <<<"$OUT")"
grep -q '^virtio_rng ' <<<"$OUT" && fail request-module-modprobe-d-blacklist "virtio_rng loaded" ||
	ok request-module-modprobe-d-blacklist
rm -f "$R/etc/modprobe.d/boot-test.conf"

# ---- modules_load= and modules-load.d: loaded at boot ---------------------------
session "modules_load=mathuser modules-load=nosuch" "lsmod"
has modules-load-cmdline "modules-load: Inserted module 'mathuser'" \
	"modules-load: Failed to find module 'nosuch'"
[[ $(lsmod_names) == "mathuser mathsvc " ]] && ok modules-load-cmdline-with-deps ||
	fail modules-load-cmdline-with-deps "lsmod shows: $(lsmod_names)"
cat >"$R/etc/modules-load.d/b.conf" <<'EOF'
# loaded at boot
  hello  
; a comment too

EOF
printf 'params\n' >"$R/usr/lib/modules-load.d/a.conf"
printf 'mathuser\n' >"$R/usr/lib/modules-load.d/b.conf" # hidden by etc/'s b.conf
session "" "lsmod"
has modules-load-d "modules-load: Inserted module 'params'" "modules-load: Inserted module 'hello'"
[[ $(lsmod_names) == "hello params " ]] && ok modules-load-d-order-and-override ||
	fail modules-load-d-order-and-override "lsmod shows: $(lsmod_names)"
session "module_blacklist=hello" "lsmod"
has modules-load-blacklisted "Module hello is blacklisted" \
	"modules-load: Failed to insert module 'hello': Operation not permitted"
rm -f "$R"/etc/modules-load.d/*.conf "$R"/usr/lib/modules-load.d/*.conf

# ---- modules_disabled: one way, on every path --------------------------------------
session "" "insmod $E/hello.ko; echo 1 > /proc/sys/kernel/modules_disabled;
	cat /proc/sys/kernel/modules_disabled; echo 0 > /proc/sys/kernel/modules_disabled;
	insmod $E/params.ko; rmmod hello; hotplug add pci 1af4:1005; lsmod"
has modules-disabled-console \
	"insmod: ERROR: could not insert module $E/params.ko: Operation not permitted" \
	"rmmod: ERROR: could not remove module hello: Operation not permitted" "1"
grep -q "modules_disabled: Invalid argument\|Invalid argument" <<<"$OUT" &&
	ok modules-disabled-one-way || fail modules-disabled-one-way "writing 0 was accepted: $OUT"
[[ $(lsmod_names) == "hello " ]] && ok modules-disabled-request-module ||
	fail modules-disabled-request-module "lsmod shows: $(lsmod_names)"
kboot ""
OUT=$("$BIN/insmod" "$T/extra/hello.ko" 2>&1
	"$BUILD/kernel/tests/ctl-client" "$S" write 0 /proc/sys/kernel/modules_disabled 1 2>&1
	"$BIN/insmod" "$T/extra/params.ko" 2>&1; echo "exit $?"
	"${MP[@]}" mathuser 2>&1; echo "exit $?"
	"$BIN/rmmod" hello 2>&1; echo "exit $?"
	"${MP[@]}" -r hello 2>&1; echo "exit $?"
	"$BUILD/kernel/tests/ctl-client" "$S" write 0 /proc/sys/kernel/modules_disabled 0 2>&1
	"$BUILD/kernel/tests/ctl-client" "$S" read 0 /proc/sys/kernel/modules_disabled 2>&1
	"$BIN/lsmod" | cut -d' ' -f1)
has modules-disabled-socket \
	"insmod: ERROR: could not insert module $T/extra/params.ko: Operation not permitted" \
	"modprobe: ERROR: could not insert 'mathuser': Operation not permitted" \
	"rmmod: ERROR: could not remove module hello: Operation not permitted" \
	"error -22" "1" "hello"
khalt
exit 0
