#!/usr/bin/env bash
# lib.sh - shared by the tests of tests/extend: where things are, and how
# to drive the hosted kernel's console.
#
#   ok NAME / fail NAME WHY       report, as tests/run.sh counts
#   session 'cmd; cmd' [ARGS...]  run a console session: $out (stdout and
#                                 stderr) and $rc; ARGS go to lkm-kernel
#   expect NAME WANT GOT          ok if equal, else fail with a diff
#   has NAME REGEX TEXT           ok if some line matches (extended regex)
#   hasnt NAME REGEX TEXT         ok if no line matches
set -uo pipefail

BUILD=${BUILD:-build}
BIN=${BIN:-$BUILD/bin}
BIN=$(cd "$BIN" && pwd)
BUILD=$(cd "$BUILD" && pwd)
REL=$(sed -n 's/^.define LKM_RELEASE "\(.*\)"$/\1/p' \
	"$(dirname "${BASH_SOURCE[0]}")/../../include/lkm/version.h")
KERNEL=$BIN/lkm-kernel
MODROOT=$BUILD/lib/modules
EXTRA=/lib/modules/$REL/extra
FIXTURES=$BUILD/kernel/tests

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }

session() {
	local cmds=$1
	shift
	out=$("$KERNEL" --modroot "$MODROOT" "$@" -c "$cmds" 2>&1)
	rc=$?
}

expect() {
	if [[ $2 == "$3" ]]; then
		ok "$1"
	else
		fail "$1" "expected [$2], got [$3]"
		diff -u <(printf '%s\n' "$2") <(printf '%s\n' "$3") | sed 's/^/    /'
	fi
}

has() {
	if grep -Eq -- "$2" <<<"$3"; then
		ok "$1"
	else
		fail "$1" "no line matches /$2/"
		sed 's/^/    /' <<<"$3" | head -40
	fi
}

hasnt() {
	if grep -Eq -- "$2" <<<"$3"; then
		fail "$1" "a line matches /$2/"
		sed 's/^/    /' <<<"$3" | head -40
	else
		ok "$1"
	fi
}

# The counters of /proc/lkm/registries between two markers in $out.
registries() {
	sed -n "/^== $1$/,/^==$/p" <<<"$out" | grep -v '^=='
}
