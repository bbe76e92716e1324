#!/usr/bin/env bash
# syscalls.sh - a module adds system calls and takes them away: the
# in-tree sysinfo_call registers "sysinfo" (400) and "crc32" (401); they
# are called from the console and over the control socket, hold the module
# while they run, and answer ENOSYS once it is unloaded.  The table is
# read-only outside the registration API: a module writing to it directly
# (kernel/tests/fixtures/syscall_poke.c) faults.
. "$(dirname "$0")/lib.sh"

# ---- the console -------------------------------------------------------------
session "echo == before; cat /proc/lkm/registries; echo ==;
	 insmod $EXTRA/sysinfo_call.ko; syscall; syscall sysinfo;
	 syscall crc32 hello; syscall 401 'The quick brown fox';
	 cat /proc/lkm/syscalls; cat /sys/module/sysinfo_call/refcnt;
	 rmmod sysinfo_call; syscall sysinfo; syscall 401 x;
	 echo == table; syscall; echo ==; echo == after; cat /proc/lkm/registries; echo =="
has "table lists the module's calls" '^400 sysinfo \[sysinfo_call\]$' "$out"
has "table lists the base kernel's calls" '^  0 init_module$' "$out"
has "sysinfo reports the kernel" '^modules 1$' "$out"
has "sysinfo counts the calls" '^syscalls 8$' "$out"
has "a call in flight holds its module" '^refcount 1$' "$out"
has "crc32 of hello (zlib's)" '^3610a686$' "$out"
has "crc32 by number" '^b74574de$' "$out"
has "/proc/lkm/syscalls" "$(printf '^401 crc32\t\\[sysinfo_call\\]$')" "$out"
has "no reference once the call returned" '^0$' "$out"
has "unloaded: ENOSYS by name" '^syscall: sysinfo: Function not implemented$' "$out"
has "unloaded: ENOSYS by number" '^syscall: 401: Function not implemented$' "$out"
expect "the table is back to the base kernel's" "$(printf '  %d %s\n' 0 init_module \
	1 delete_module 2 read 3 write 4 list 5 poweroff)" "$(registries table)"
expect "registries back to their state" "$(registries before)" "$(registries after)"

# ---- numbers and names are checked ---------------------------------------------
session "insmod $EXTRA/sysinfo_call.ko nr=3"
has "a base-kernel number is refused" 'could not insert module .*sysinfo_call.ko: Invalid parameters' "$out"
session "insmod $EXTRA/sysinfo_call.ko nr=511"
has "a number past the table is refused" 'Invalid parameters' "$out"
session "insmod $EXTRA/sysinfo_call.ko nr=410; syscall"
has "another number is fine" '^410 sysinfo \[sysinfo_call\]$' "$out"

# ---- the control socket ----------------------------------------------------------
sock=$(mktemp -u "${TMPDIR:-/tmp}/lkm-sys.XXXXXX")
CTL="$FIXTURES/ctl-client $sock"
"$KERNEL" --modroot "$MODROOT" --socket "$sock" </dev/null >/dev/null 2>&1 &
kpid=$!
for _ in $(seq 50); do [[ -S $sock ]] && break; sleep 0.1; done
got=$($CTL sysinfo 2>&1)
expect "socket: no such call yet" "error -38" "$got"
$CTL init_module 0 "@$MODROOT/$REL/extra/sysinfo_call.ko" >/dev/null 2>&1
got=$($CTL crc32 0 hello 2>&1)
expect "socket: crc32 by name" "3610a686" "$got"
got=$($CTL 401 0 hello 2>&1)
expect "socket: crc32 by number" "3610a686" "$got"
got=$($CTL sysinfo 2>&1)
has "socket: sysinfo" '^refcount 1$' "$got"
$CTL delete_module 0 sysinfo_call >/dev/null 2>&1
got=$($CTL crc32 0 hello 2>&1)
expect "socket: ENOSYS after unload" "error -38" "$got"
$CTL poweroff >/dev/null 2>&1
wait "$kpid"
expect "socket session ends cleanly" 0 "$?"

# ---- the table is read-only --------------------------------------------------------
table=$("$KERNEL" --modroot "$MODROOT" -c 'cat /proc/kallsyms' |
	awk '$3 == "sys_call_table" { print $1 }')
if [[ -z $table ]]; then
	fail "sys_call_table in /proc/kallsyms" "not listed"
else
	ok "sys_call_table in /proc/kallsyms"
	# The write faults; the kernel reports an oops naming the module
	# (kernel/oops.c), the insmod gets EFAULT, and the kernel goes on.
	out=$("$KERNEL" --modroot "$MODROOT" -c "insmod $FIXTURES/syscall_poke.ko table=0x$table;
		syscall read /proc/version; dmesg" 2>&1)
	has "a module writing the table faults: an oops names it" \
		'^\[ *[0-9.]+\] RIP: 0x[0-9a-f]+ syscall_poke\+0x[0-9a-f]+ \(init\) \[syscall_poke\]$' "$out"
	has "a module writing the table faults: insmod gets EFAULT" \
		'^insmod: ERROR: could not insert module .*/syscall_poke\.ko: Bad address$' "$out"
	hasnt "a module writing the table faults: the write did not happen" \
		'it is not protected' "$out"
	has "a module writing the table faults: the kernel goes on" '^lkm version ' "$out"
	session "insmod $FIXTURES/syscall_poke.ko; syscall read /proc/version"
	has "reading it is fine, and calls still work" '^lkm version ' "$out"
fi
