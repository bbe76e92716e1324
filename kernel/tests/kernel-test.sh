#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# kernel-test.sh KERNEL MODROOT TESTDIR - end-to-end test of the hosted
# base kernel.
#
# Boots KERNEL with MODROOT behind /lib/modules (which must hold
# <release>/extra/{hello,mathsvc,mathuser}.ko) and drives its console: the
# proc views, /sys/module (with TESTDIR/sysfs_params.ko), kmod's exact
# messages and formats, dependency tracking, counters back to baseline
# after an unload, exit status, the shell's quoting and redirection, and
# the control socket (with TESTDIR/ctl-client).  Prints one line per failed check; exits non-zero if any failed.
set -uo pipefail

KERNEL=$1
MODROOT=$2
FIXTURES=$3
REL=0.1.0-lkm
EXTRA=/lib/modules/$REL/extra
failed=0
checks=0

fail() {
	echo "kernel-test: FAILED: $*" >&2
	failed=$((failed + 1))
}

# expect NAME EXPECTED ACTUAL
expect() {
	checks=$((checks + 1))
	[[ $2 == "$3" ]] && return
	fail "$1"
	diff -u <(printf '%s\n' "$2") <(printf '%s\n' "$3") | sed 's/^/    /' >&2
}

# match NAME REGEX ACTUAL (extended regex, against the whole text)
match() {
	checks=$((checks + 1))
	grep -Eq -- "$2" <<<"$3" && return
	fail "$1: no line matches /$2/ in:"
	sed 's/^/    /' <<<"$3" >&2
}

# run COMMANDS...: stdout and stderr of a session, joined; sets $rc.
run() {
	out=$("$KERNEL" --modroot "$MODROOT" -c "$*" 2>&1)
	rc=$?
}

stats_without_counts() {
	grep -v -E '^(loads|unloads|failed_loads) '
}

# ---- proc views and boot ----------------------------------------------------
run 'cat /proc/version'
match "/proc/version" "^lkm version $REL \(x86_64, hosted\) " "$out"
out=$("$KERNEL" --modroot "$MODROOT" --cmdline 'loglevel=3 foo=bar' \
	-c 'cat /proc/cmdline; dmesg' 2>&1)
match "/proc/cmdline" '^loglevel=3 foo=bar$' "$out"
match "banner in dmesg" "^\[    0\.[0-9]{6}\] lkm $REL \(x86_64, hosted\) booting$" "$out"
match "unknown options logged" 'Unknown kernel command line parameters "foo=bar"' "$out"
run 'ls /proc; ls /proc/lkm'
expect "ls /proc" "cmdline
devices
filesystems
kallsyms
lkm
misc
modules
mounts
sys
version
audit
modmem
registries
stats
syscalls" "$out"
run "ls $EXTRA"
match "ls the module root" '^hello\.ko$' "$out"
run "ls /sys/module"
expect "ls an empty directory" "" "$out"

# ---- a load and unload returns every counter to baseline -------------------
run "cat /proc/lkm/stats; insmod $EXTRA/hello.ko; lsmod; cat /proc/modules;" \
    "rmmod hello; cat /proc/lkm/stats; dmesg"
expect "insmod/rmmod exit status" 0 "$rc"
match "lsmod header" '^Module                  Size  Used by$' "$out"
match "lsmod row" "^hello$(printf '%15s' '')[ 0-9]{8}  0\$" "$out"
match "/proc/modules row" '^hello [0-9]+ 0 - Live 0x[0-9a-f]{16}( \([A-Z]+\))?$' "$out"
match "module printk in dmesg" '^\[ *[0-9]+\.[0-9]{6}\] hello: Hello, world$' "$out"
match "exit ran" 'hello: Goodbye, world$' "$out"
before=$(sed -n '1,/^failed_loads/p' <<<"$out" | stats_without_counts)
after=$(sed -n '/^modules /,/^failed_loads/p' <<<"$out" | tail -n 9 |
	stats_without_counts)
expect "stats back to baseline" "$before" "$after"
match "counters moved" '^unloads 1$' "$out"

# ---- kmod's messages --------------------------------------------------------
run "insmod $EXTRA/hello.ko; insmod $EXTRA/hello.ko"
expect "insmod twice" "insmod: ERROR: could not insert module $EXTRA/hello.ko: File exists" "$out"
expect "failure exit status" 1 "$rc"
run "insmod /nonexistent/x.ko"
expect "insmod missing file" "insmod: ERROR: could not load module /nonexistent/x.ko: No such file or directory" "$out"
run "insmod /proc/version"
expect "insmod not ELF" "insmod: ERROR: could not insert module /proc/version: Invalid module format" "$out"
run "insmod"
expect "insmod no file" "insmod: ERROR: missing filename." "$out"
run "rmmod hello"
expect "rmmod not loaded" "rmmod: ERROR: Module hello is not currently loaded" "$out"
run "insmod $EXTRA/mathsvc.ko; insmod $EXTRA/mathuser.ko; lsmod; cat /proc/modules;" \
    "rmmod mathsvc; rmmod $EXTRA/mathuser.ko; rmmod mathsvc; lsmod"
match "lsmod used by" '^mathsvc  +[0-9]+  1 mathuser$' "$out"
match "/proc/modules users" '^mathsvc [0-9]+ 1 mathuser, Live 0x[0-9a-f]{16}( \([A-Z]+\))?$' "$out"
match "rmmod in use" '^rmmod: ERROR: Module mathsvc is in use by: mathuser$' "$out"
expect "all gone" "Module                  Size  Used by" "$(tail -n 1 <<<"$out")"
run "modinfo $EXTRA/hello.ko"
match "modinfo filename" "^filename:       $EXTRA/hello.ko$" "$out"
match "modinfo license" '^license:        GPL$' "$out"
match "modinfo vermagic" "^vermagic:       $REL " "$out"
run "modinfo /nonexistent.ko"
expect "modinfo missing" "modinfo: ERROR: Module /nonexistent.ko not found." "$out"

# ---- /sys/module --------------------------------------------------------------
SYS=/sys/module/sysfs_params
run "insmod $FIXTURES/sysfs_params.ko count=5 who=lkm; ls /sys/module $SYS $SYS/parameters;" \
    "cat $SYS/parameters/count $SYS/parameters/who $SYS/parameters/verbose;" \
    "echo 42 > $SYS/parameters/count; cat $SYS/parameters/count;" \
    "echo 1 > $SYS/parameters/verbose; cat $SYS/parameters/verbose;" \
    "cat $SYS/refcnt $SYS/initstate"
expect "a session with parameters" 0 "$rc"
expect "/sys/module listings and values" "/sys/module:
sysfs_params

$SYS:
coresize
holders
initstate
parameters
refcnt
taint

$SYS/parameters:
count
verbose
who
5
lkm
N
42
Y
0
live" "$out"
run "insmod $FIXTURES/sysfs_params.ko; echo x > $SYS/parameters/who"
expect "read-only parameter" "lkm: $SYS/parameters/who: Permission denied" "$out"
run "insmod $FIXTURES/sysfs_params.ko; echo nan > $SYS/parameters/count"
expect "bad parameter value" "lkm: $SYS/parameters/count: Invalid argument" "$out"
run "insmod $FIXTURES/sysfs_params.ko; cat $SYS/parameters/hidden"
expect "mode-0 parameter hidden" "cat: $SYS/parameters/hidden: No such file or directory" "$out"
run "insmod $EXTRA/mathsvc.ko; insmod $EXTRA/mathuser.ko;" \
    "ls /sys/module/mathsvc/holders; cat /sys/module/mathsvc/refcnt"
expect "holders" "mathuser
1" "$out"
run "cat /proc/version > /proc/modules; echo x > /tmp/x; echo >"
expect "redirection errors" "lkm: /proc/modules: Permission denied
lkm: /tmp/x: Read-only file system
lkm: syntax error: '>' without a file" "$out"

# ---- security switches -----------------------------------------------------
LD=/sys/kernel/security/lockdown
MD=/proc/sys/kernel/modules_disabled
# In-tree modules are signed as installed; the fixture is not.
UNSIGNED=$FIXTURES/sysfs_params.ko
out=$("$KERNEL" --modroot "$MODROOT" --cmdline lockdown=integrity -c \
	"cat $LD; insmod $UNSIGNED; insmod $EXTRA/hello.ko; echo none > $LD;
	 echo confidentiality > $LD; cat $LD" 2>&1)
expect "lockdown" "none [integrity] confidentiality
insmod: ERROR: could not insert module $UNSIGNED: Operation not permitted
lkm: $LD: Operation not permitted
none integrity [confidentiality]" "$out"
run "cat $MD; insmod $EXTRA/hello.ko; echo 0 > $MD; echo 1 > $MD; cat $MD;" \
    "rmmod hello; insmod $EXTRA/mathsvc.ko"
expect "modules_disabled" "0
lkm: $MD: Invalid argument
1
rmmod: ERROR: could not remove module hello: Operation not permitted
insmod: ERROR: could not insert module $EXTRA/mathsvc.ko: Operation not permitted" "$out"
out=$("$KERNEL" --modroot "$MODROOT" --cmdline module.sig_enforce=1 \
	-c "insmod $EXTRA/hello.ko; insmod $UNSIGNED; lsmod" 2>&1)
match "module.sig_enforce refuses" "^insmod: ERROR: could not insert module $UNSIGNED: Key was rejected by service$" "$out"
match "module.sig_enforce loads signed" "^hello +[0-9]+  0$" "$out"

# ---- the control socket ---------------------------------------------------------
sock=$(mktemp -u "${TMPDIR:-/tmp}/lkm-test.XXXXXX")
CTL="$FIXTURES/ctl-client $sock"
"$KERNEL" --modroot "$MODROOT" --socket "$sock" </dev/null >/dev/null 2>&1 &
kpid=$!
for _ in $(seq 50); do [[ -S $sock ]] && break; sleep 0.1; done
out=$($CTL init_module 0 "@$MODROOT/$REL/extra/hello.ko" 2>&1)
expect "socket init_module" "hello" "$out"
out=$($CTL init_module 0 "@$MODROOT/$REL/extra/hello.ko" 2>&1)
expect "socket init_module twice" "error -17" "$out"
out=$($CTL read 0 /proc/modules 2>&1)
match "socket read" '^hello [0-9]+ 0 - Live ' "$out"
out=$($CTL list 0 /sys/module/hello 2>&1)
match "socket list" '^holders/$' "$out"
out=$($CTL write 0 /proc/modules x 2>&1)
expect "socket write refused" "error -13" "$out"
out=$($CTL delete_module 0 hello 2>&1; $CTL delete_module 0 hello 2>&1)
expect "socket delete_module" "error -2" "$out"
out=$($CTL bogus 2>&1)
expect "socket unknown call" "error -38" "$out"
$CTL poweroff >/dev/null 2>&1
wait "$kpid"
expect "socket poweroff exit status" 0 "$?"
checks=$((checks + 1))
[[ -e $sock ]] && fail "socket file left behind"
"$KERNEL" --modroot "$MODROOT" --socket "$sock" </dev/null >/dev/null 2>&1 &
kpid=$!
for _ in $(seq 50); do [[ -S $sock ]] && break; sleep 0.1; done
kill -TERM "$kpid"
wait "$kpid"
expect "SIGTERM ends a socket session" 0 "$?"

# ---- the shell itself -------------------------------------------------------
run "echo 'a  b' \"c\\\"d\" e\\ f # comment; echo hidden"
expect "quoting and comments" 'a  b c"d e f' "$out"
run "echo one; nosuch; echo two"
expect "unknown command" "one
lkm: nosuch: command not found
two" "$out"
expect "unknown command fails" 1 "$rc"
run "echo before; poweroff; echo after"
expect "poweroff ends the session" "before" "$out"
out=$(printf 'echo from stdin\nlsmod\n' | "$KERNEL" --modroot "$MODROOT" 2>&1)
expect "stdin, no prompt when not a tty" "from stdin
Module                  Size  Used by" "$out"
script=$(mktemp)
printf '# a script\ninsmod %s/hello.ko\n\ncat /proc/modules\n' "$EXTRA" >"$script"
out=$("$KERNEL" --modroot "$MODROOT" --script "$script" 2>&1)
rc=$?
rm -f "$script"
expect "script exit status" 0 "$rc"
match "script ran" '^hello [0-9]+ 0 - Live ' "$out"

if ((failed)); then
	echo "kernel-test: $failed of $checks checks failed" >&2
	exit 1
fi
echo "kernel-test: ok ($checks checks)"
