# lib.sh - what the semantics tests share (sourced, not run).
#
# The tests drive the hosted kernel the way a person does: build modules
# with lkm-build, boot build/bin/lkm-kernel (or lkm-kernel-branch) with a
# command line, type commands at its console (stdin), and read what it
# prints and what dmesg shows.  Each check prints "ok NAME" or
# "FAIL NAME: why" (tests/run.sh counts them).  Everything built goes to a
# scratch directory removed at exit.
#
#   mod [-n] NAME SRC... [ARGS]        build $S/NAME.ko from
#                                      tests/semantics/modules sources
#                                      (-n: without the kernel's symvers)
#   session [-b] [-c CMDLINE] CMD...   boot (-b: the branch-policy kernel),
#                                      run CMDs, power off; the output,
#                                      with dmesg's timestamps removed, is
#                                      in $OUT
#   expect NAME LINE...                every LINE is a whole line of $OUT
#   expect_no NAME LINE...             no LINE is
#   expect_re NAME REGEX...            every REGEX matches a whole line
#   tainted                            the number /proc/sys/kernel/tainted
#                                      showed in $OUT (after a "tainted:"
#                                      echo)
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-build}
[[ $BUILD == /* ]] || BUILD=$TOP/$BUILD
BIN=${BIN:-$BUILD/bin}
[[ $BIN == /* ]] || BIN=$TOP/$BIN
KERNEL=$BIN/lkm-kernel
KERNEL_BRANCH=$BIN/lkm-kernel-branch
LKM_BUILD=$BIN/lkm-build
KSYMVERS=$BUILD/Module.symvers
MODROOT=$BUILD/lib/modules
MODSRC=$TOP/tests/semantics/modules
RELEASE=$(sed -n 's/^.define LKM_RELEASE "\(.*\)"$/\1/p' "$TOP/include/lkm/version.h")
VERMAGIC="$RELEASE SMP mod_unload x86_64"
CC=${CC:-gcc}

S=$(mktemp -d "${TMPDIR:-/tmp}/lkm-semantics.XXXXXX")
trap 'rm -rf "$S"' EXIT
mkdir "$S/tmp"
export TMPDIR=$S/tmp

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }

for f in "$KERNEL" "$KERNEL_BRANCH" "$LKM_BUILD" "$KSYMVERS"; do
	[[ -e $f ]] || { fail "setup" "$f is missing (run make)"; exit 1; }
done

mod() {
	local name a args=() symvers=(--symvers "$KSYMVERS")
	if [[ $1 == -n ]]; then # without the kernel's symvers
		symvers=()
		shift
	fi
	name=$1
	shift
	mkdir -p "$(dirname "$S/$name")"
	for a; do
		[[ $a == *.c && $a != */* ]] && a=$MODSRC/$a
		args+=("$a")
	done
	if ! "$LKM_BUILD" --cc "$CC" "${symvers[@]}" -o "$S/$name.ko" \
		-I"$MODSRC" "${args[@]}" >"$S/$name.log" 2>&1; then
		fail "build $name" "$(cat "$S/$name.log")"
		return 1
	fi
}

session() {
	local k=$KERNEL cmdline=""
	while [[ $# -gt 0 ]]; do
		case $1 in
		-b) k=$KERNEL_BRANCH; shift ;;
		-c) cmdline=$2; shift 2 ;;
		*) break ;;
		esac
	done
	OUT=$(printf '%s\n' "$@" | (cd "$S" && "$k" --modroot "$MODROOT" \
		--cmdline "$cmdline" 2>&1) | sed 's/^\[ *[0-9]*\.[0-9]*\] //')
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

expect_no() {
	local name=$1 l
	shift
	for l; do
		if grep -qxF -- "$l" <<<"$OUT"; then
			fail "$name" "unexpected line \"$l\" in:
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

# The taint mask a session printed with: echo tainted: ; cat /proc/sys/kernel/tainted
tainted() {
	sed -n '/^tainted:$/{n;p;q}' <<<"$OUT"
}

# taint_has NAME MASK BIT... / taint_lacks NAME MASK BIT...: Linux's bits
# (P 0, F 1, R 3, O 12, E 13).
taint_has() {
	local name=$1 mask=$2 b
	shift 2
	[[ $mask =~ ^[0-9]+$ ]] || { fail "$name" "no taint mask in: $OUT"; return 1; }
	for b; do
		((mask >> b & 1)) || { fail "$name" "bit $b clear in $mask"; return 1; }
	done
	ok "$name"
}

taint_lacks() {
	local name=$1 mask=$2 b
	shift 2
	[[ $mask =~ ^[0-9]+$ ]] || { fail "$name" "no taint mask in: $OUT"; return 1; }
	for b; do
		((mask >> b & 1)) && { fail "$name" "bit $b set in $mask"; return 1; }
	done
	ok "$name"
}
