#!/usr/bin/env bash
# oops.sh - faults in module code, at any time, are oopses the kernel
# survives: fault_call (tests/modules/rootkit) registers system call
# "fault", whose code writes to the kernel's read-only text, reads through
# a null pointer, or has the kernel's memcpy write read-only memory for it.
# Each is reported as Linux reports an oops (naming the module's function),
# taints D, fails the call with EFAULT -- on the console and over the
# control socket -- and the kernel goes on serving.
source "$(dirname "$0")/lib.sh"

FC=$SECMOD/fault_call.ko
[[ -f $FC ]] || { fail "setup" "$FC missing (make)"; exit 1; }

session "insmod $FC" "syscall fault write" "echo after-write" \
	"syscall fault null" "echo after-null" "syscall fault memcpy" \
	"echo tainted:" "cat /proc/sys/kernel/tainted" "rmmod fault_call" "dmesg"
expect "oops-call-fails-with-efault" "syscall: fault: Bad address" \
	"after-write" "after-null"
expect_re "oops-write-to-kernel-text" \
	"BUG: unable to handle page fault for address: [0-9a-f]{16}" \
	"#PF: supervisor write access in kernel mode" \
	"#PF: error_code\(0x0007\) - permissions violation" \
	"Oops: 0007 \[#1\] SMP" \
	"CPU: 0 PID: 0 Comm: syscall Tainted: G .* 0\.1\.0-lkm" \
	"RIP: 0x[0-9a-f]{16} fault_call_do\+0x[0-9a-f]+ \[fault_call\]" \
	"Modules linked in: fault_call\(OE\)"
expect_re "oops-null-pointer" \
	"BUG: unable to handle page fault for address: 0000000000000000" \
	"#PF: supervisor read access in kernel mode" \
	"#PF: error_code\(0x0004\) - not-present page" \
	"Oops: 0004 \[#2\] SMP" \
	"CPU: 0 PID: 0 Comm: syscall Tainted: G      D    OE .*"
expect_re "oops-third" "Oops: [0-9a-f]{4} \[#3\] SMP"
t=$(tainted)
[[ $t =~ ^[0-9]+$ ]] && ((t & 128)) && ok "oops-taints-D" || fail "oops-taints-D" "tainted '$t'"
# As on Linux, the references the dead calls held stay held.
expect "oops-module-pinned" "rmmod: ERROR: Module fault_call is in use"

# Over the control socket: the request fails, the kernel serves on.
boot_socket || exit 1
ctl init_module 0 "@$FC" >/dev/null
out=$(ctl fault 0 write)
[[ $out == "error -14" ]] && ok "oops-socket-efault" || fail "oops-socket-efault" "$out"
out=$(ctl read 0 /proc/version)
[[ $out == lkm* ]] && ok "oops-socket-kernel-goes-on" || fail "oops-socket-kernel-goes-on" "$out"
out=$(ctl read 0 /proc/sys/kernel/tainted)
[[ $out =~ ^[0-9]+$ ]] && ((out & 128)) && ok "oops-socket-taints-D" ||
	fail "oops-socket-taints-D" "$out"
halt_socket
