#!/usr/bin/env bash
# valgrind.sh - one integration scenario of the hosted kernel under valgrind
# memcheck: boot, load every in-tree module (mathuser linking against
# mathsvc, params with a parameter, zlib_selftest running Debian's zlib),
# read the views, unload everything, and shut down.  It passes with zero
# memcheck errors and zero definitely lost bytes (still-reachable memory of
# the C library is not a leak), and only if every module really loaded and
# unloaded.  The kernel runs from a copy without debug information: the
# DWARF 5 that GCC 12 writes is more than Debian 12's valgrind 3.19 reads.
#
# Environment: BUILD, BIN (as tests/run.sh passes them).  Prints one line,
# "ok valgrind_kernel_scenario" or "FAIL ...", or "SKIP ..." without valgrind.
set -uo pipefail
BUILD=${BUILD:-build}
BIN=${BIN:-$BUILD/bin}
name=valgrind_kernel_scenario
if ! command -v valgrind >/dev/null; then
	echo "SKIP $name: valgrind is not installed"
	exit 0
fi
REL=$(sed -n 's/^.define LKM_RELEASE "\(.*\)"$/\1/p' include/lkm/version.h)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
objcopy --strip-debug "$BIN/lkm-kernel" "$W/lkm-kernel" || { echo "FAIL $name: objcopy"; exit 1; }
M=/lib/modules/$REL/extra
script="insmod $M/hello.ko; insmod $M/mathsvc.ko; insmod $M/mathuser.ko"
script+="; insmod $M/params.ko count=3 greeting=valgrind; insmod $M/zlib_selftest.ko"
script+="; lsmod; cat /proc/modules; cat /proc/lkm/stats; cat /proc/lkm/modmem"
script+="; cat /sys/module/params/parameters/count; cat /sys/module/params/parameters/greeting"
script+="; ls /sys/module/mathsvc/holders; cat /proc/sys/kernel/tainted"
nmod=5
# a module's system calls, where the tree has them
if [[ -f $BUILD/lib/modules/$REL/extra/sysinfo_call.ko ]]; then
	script+="; insmod $M/sysinfo_call.ko; syscall crc32 123456789; syscall sysinfo"
	script+="; rmmod sysinfo_call"
	nmod=6
fi
script+="; rmmod mathuser; rmmod mathsvc; rmmod hello; rmmod params; rmmod zlib_selftest"
script+="; echo MODULES-AFTER; cat /proc/modules; echo END"
valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	--show-leak-kinds=definite --smc-check=all --log-file="$W/vg.log" \
	"$W/lkm-kernel" --modroot "$BUILD/lib/modules" -c "$script" >"$W/out" 2>&1
status=$?
why=
if ((status != 0)); then
	why="exit status $status"
elif ! grep -q "ERROR SUMMARY: 0 errors" "$W/vg.log"; then
	why="memcheck errors: $(grep 'ERROR SUMMARY' "$W/vg.log")"
elif grep -q "definitely lost: [1-9]" "$W/vg.log"; then
	why="$(grep 'definitely lost' "$W/vg.log")"
elif [[ $(grep -c -E '^(hello|mathsvc|mathuser|params|zlib_selftest) ' "$W/out") -lt 10 ]]; then
	why="not every module was listed (lsmod and /proc/modules)"
elif ((nmod == 6)) && ! grep -q 'cbf43926' "$W/out"; then
	why="the module's crc32 system call did not answer"
elif ! grep -q '^3$' "$W/out" || ! grep -q '^valgrind$' "$W/out"; then
	why="the parameters did not read back"
elif [[ $(sed -n '/^MODULES-AFTER$/,/^END$/p' "$W/out" | wc -l) -ne 2 ]]; then
	why="modules left after unloading"
fi
if [[ -n $why ]]; then
	echo "FAIL $name: $why"
	tail -n 30 "$W/vg.log" "$W/out" >&2
	exit 1
fi
echo "ok $name: $nmod modules loaded, views read, unloaded; 0 errors, $(grep -o 'definitely lost: [0-9,]* bytes' "$W/vg.log" || echo 'no leaks')"
