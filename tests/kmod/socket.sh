#!/usr/bin/env bash
# socket.sh - the control socket as a system-call boundary: who may do
# what.  Boots the hosted kernel with --socket and calls it as root and as
# an unprivileged user (nobody, through setpriv): reading and listing are
# open to everyone, loading, unloading, writing and powering off only to
# root or to the group named by lkm.ctl_group= (by name or number, as the
# caller's primary or a supplementary group); everyone else gets EPERM and
# the kernel logs the refusal.  Without root (to switch users) the
# unprivileged cases are skipped.
set -uo pipefail

BUILD=${BUILD:-build}
BIN=${BIN:-$BUILD/bin}
BIN=$(cd "$BIN" && pwd)
BUILD=$(cd "$BUILD" && pwd)
REL=$(sed -n 's/^.define LKM_RELEASE "\(.*\)"$/\1/p' "$(dirname "$0")/../../include/lkm/version.h")
KERNEL=$BIN/lkm-kernel
MODROOT=$BUILD/lib/modules

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }

# Everything an unprivileged caller touches lives here, open to all.
W=$(mktemp -d "${TMPDIR:-/tmp}/lkm-socket.XXXXXX")
kpid=
cleanup() {
	[[ -n $kpid ]] && kill "$kpid" 2>/dev/null && wait "$kpid" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
chmod 755 "$W"
cp "$BUILD/kernel/tests/ctl-client" "$MODROOT/$REL/extra/hello.ko" "$W/" ||
	{ fail socket-setup "ctl-client or hello.ko missing (make)"; exit 1; }
chmod 755 "$W/ctl-client"
chmod 644 "$W/hello.ko"
SOCK=$W/ctl.sock

# boot [CMDLINE]: a kernel serving $SOCK in the background, log in $W/log.
boot() {
	"$KERNEL" --modroot "$MODROOT" --socket "$SOCK" --cmdline "loglevel=5 ${1:-}" \
		</dev/null >"$W/log" 2>&1 &
	kpid=$!
	for _ in $(seq 100); do [[ -S $SOCK ]] && return; sleep 0.05; done
	fail socket-boot "no socket at $SOCK"
	exit 1
}
halt() {
	"$W/ctl-client" "$SOCK" poweroff >/dev/null 2>&1
	wait "$kpid"
	kpid=
}
# check NAME EXPECTED ACTUAL
check() {
	if [[ $2 == "$3" ]]; then ok "$1"; else fail "$1" "expected '$2', got '$3'"; fi
}
ctl() { "$W/ctl-client" "$SOCK" "$@" 2>&1; }
# as_user UID GID GROUPS CMD...: run CMD under other credentials.
as_user() {
	local uid=$1 gid=$2 groups=$3
	shift 3
	if [[ -n $groups ]]; then
		setpriv --reuid="$uid" --regid="$gid" --groups="$groups" "$@"
	else
		setpriv --reuid="$uid" --regid="$gid" --clear-groups "$@"
	fi
}
nobody_ctl() { as_user 65534 65534 "" "$W/ctl-client" "$SOCK" "$@" 2>&1; }

boot
mode=$(stat -c %a "$SOCK")
check socket-mode-0666 666 "$mode"
check socket-root-loads hello "$(ctl init_module 0 "@$W/hello.ko")"

if [[ $(id -u) != 0 ]] || ! command -v setpriv >/dev/null; then
	skip socket-unprivileged "needs root and setpriv to call as another user"
	halt
	exit 0
fi

# ---- an unprivileged caller ------------------------------------------------------
check socket-nobody-reads "hello" "$(nobody_ctl read 0 /proc/modules | cut -d' ' -f1)"
check socket-nobody-lists "yes" "$(nobody_ctl list 0 /sys/module | grep -qx 'hello/' && echo yes)"
check socket-nobody-unload-eperm "error -1" "$(nobody_ctl delete_module 0 hello)"
check socket-nobody-load-eperm "error -1" "$(nobody_ctl init_module 0 "@$W/hello.ko")"
check socket-nobody-write-eperm "error -1" \
	"$(nobody_ctl write 0 /proc/sys/kernel/modules_disabled 1)"
check socket-nobody-poweroff-eperm "error -1" "$(nobody_ctl poweroff)"
check socket-module-still-loaded "hello" "$(ctl read 0 /proc/modules | cut -d' ' -f1)"
n=$(grep -c 'lkm: .* refused to pid [0-9]* uid 65534 gid 65534: not permitted' "$W/log")
check socket-refusals-logged 4 "$n"
grep -q 'lkm: delete_module refused to pid [0-9]* uid 65534 gid 65534: not permitted' "$W/log" &&
	ok socket-refusal-names-call || fail socket-refusal-names-call "$(grep refused "$W/log")"
halt

# ---- the control group -------------------------------------------------------------
boot lkm.ctl_group=4242
check socket-group-supplementary-loads hello \
	"$(as_user 65534 65534 4242 "$W/ctl-client" "$SOCK" init_module 0 "@$W/hello.ko" 2>&1)"
check socket-group-primary-unloads "" \
	"$(as_user 65534 4242 "" "$W/ctl-client" "$SOCK" delete_module 0 hello 2>&1)"
check socket-group-others-eperm "error -1" "$(nobody_ctl init_module 0 "@$W/hello.ko")"
halt
group=$(getent group 65534 | cut -d: -f1)
if [[ -n $group ]]; then
	boot "lkm.ctl_group=$group"
	check socket-group-by-name hello "$(nobody_ctl init_module 0 "@$W/hello.ko")"
	halt
else
	skip socket-group-by-name "no host group with id 65534"
fi
boot lkm.ctl_group=no-such-group-here
grep -q "Malformed early option 'lkm.ctl_group'" "$W/log" &&
	ok socket-group-unknown-warned || fail socket-group-unknown-warned "$(head -5 "$W/log")"
check socket-group-unknown-eperm "error -1" "$(nobody_ctl init_module 0 "@$W/hello.ko")"
halt
exit 0
