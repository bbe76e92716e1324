# lib.sh - what the security tests share (sourced, not run).
#
# The tests drive build/bin/lkm-kernel as a person does: boot it with a
# command line and options, type commands, read what it prints and what
# dmesg shows.  Each check prints "ok NAME" or "FAIL NAME: why" for
# tests/run.sh.  Scratch files go to $S, removed at exit.
#
#   session [-c CMDLINE] [-o KERNEL-OPTION]... CMD...
#                          boot, run CMDs (one a line), power off; the
#                          output, dmesg timestamps removed, is in $OUT
#   expect NAME LINE...    every LINE is a whole line of $OUT
#   expect_re NAME RE...   every extended RE matches a whole line of $OUT
#   expect_no NAME RE...   no RE matches a whole line of $OUT
#   tainted                the mask printed after an "echo tainted:" line
#   sign KEY OUT IN [HASH] sign IN into OUT with KEY (a certs directory)
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-build}
[[ $BUILD == /* ]] || BUILD=$TOP/$BUILD
BIN=${BIN:-$BUILD/bin}
[[ $BIN == /* ]] || BIN=$TOP/$BIN
KERNEL=$BIN/lkm-kernel
LKM=$BIN/lkm
LKM_BUILD=$BIN/lkm-build
MODROOT=$BUILD/lib/modules
CERTS=$BUILD/certs
OTHER_CERTS=$BUILD/tests/security/other-key
SECMOD=$BUILD/tests/security/modules
RELEASE=$(sed -n 's/^.define LKM_RELEASE "\(.*\)"$/\1/p' "$TOP/include/lkm/version.h")
EXTRA=/lib/modules/$RELEASE/extra

S=$(mktemp -d "${TMPDIR:-/tmp}/lkm-security.XXXXXX")
trap 'rm -rf "$S"' EXIT

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }

for f in "$KERNEL" "$LKM" "$LKM_BUILD" "$CERTS/signing_key.pem" \
	"$OTHER_CERTS/signing_key.pem"; do
	[[ -e $f ]] || { fail "setup" "$f is missing (run make)"; exit 1; }
done

session() {
	local cmdline="" opts=()
	while [[ $# -gt 0 ]]; do
		case $1 in
		-c) cmdline=$2; shift 2 ;;
		-o) opts+=("$2"); shift 2 ;;
		*) break ;;
		esac
	done
	OUT=$(printf '%s\n' "$@" | (cd "$S" && "$KERNEL" --modroot "$MODROOT" \
		--cmdline "$cmdline" "${opts[@]}" 2>&1) |
		sed 's/^\[ *[0-9]*\.[0-9]*\] //')
}

expect() {
	local name=$1 l
	shift
	for l; do
		if ! grep -qxF -- "$l" <<<"$OUT"; then
			fail "$name" "no line \"$l\" in:
$OUT"
			return 1
		fi
	done
	ok "$name"
}

expect_re() {
	local name=$1 l
	shift
	for l; do
		if ! grep -qxE -- "$l" <<<"$OUT"; then
			fail "$name" "no line matching /$l/ in:
$OUT"
			return 1
		fi
	done
	ok "$name"
}

expect_no() {
	local name=$1 l
	shift
	for l; do
		if grep -qxE -- "$l" <<<"$OUT"; then
			fail "$name" "unexpected line matching /$l/ in:
$OUT"
			return 1
		fi
	done
	ok "$name"
}

tainted() {
	sed -n '/^tainted:$/{n;p;q}' <<<"$OUT"
}

sign() {
	"$LKM" sign -a "${4:-sha256}" "$1/signing_key.pem" \
		"$1/signing_key.x509" "$3" "$2" >"$S/sign.log" 2>&1 ||
		fail "sign $2" "$(cat "$S/sign.log")"
}

# ---- a kernel serving its control socket -------------------------------------------
# boot_socket [CMDLINE]: a kernel serving $SOCK in the background, log in
# $S/klog; ctl CALL ...: a request as root; halt_socket: power it off.
CTL_CLIENT=$BUILD/kernel/tests/ctl-client
SOCK=$S/ctl.sock
kpid=
boot_socket() {
	"$KERNEL" --modroot "$MODROOT" --socket "$SOCK" --cmdline "${1:-}" \
		</dev/null >"$S/klog" 2>&1 &
	kpid=$!
	for _ in $(seq 100); do [[ -S $SOCK ]] && return 0; sleep 0.05; done
	fail "boot-socket" "no socket at $SOCK: $(cat "$S/klog")"
	return 1
}
ctl() { "$CTL_CLIENT" "$SOCK" "$@" 2>&1; }
halt_socket() {
	[[ -n $kpid ]] || return 0
	ctl poweroff >/dev/null
	wait "$kpid"
	kpid=
}
trap 'halt_socket; rm -rf "$S"' EXIT
