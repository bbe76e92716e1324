#!/usr/bin/env bash
# rootkit.sh - what LKM rootkits do, tried by the test modules of
# tests/modules/rootkit, each blocked or detected:
#
#   rk_hide    unlinks itself from the module list      detected (integrity)
#   rk_ops     overwrites lkm_ops.sig_verify             blocked (read-only, oops)
#   rk_text    inline hook written into kernel text      blocked (read-only, oops)
#   rk_textmp  the same after a raw mprotect()           detected (text hash);
#                                                        blocked under lockdown
#                                                        (seccomp)
#   rk_policy  lowers lockdown and sig_enforce           detected (integrity);
#                                                        the sealed config
#                                                        blocks (oops)
#   rk_syscall overwrites a system-call table entry      blocked (read-only, oops)
#   rk_syscallmp  the same behind a raw mprotect()       detected (hooks)
#   rk_vfshide hides files from a directory listing      detected (hooks)
#
# A blocked write is an oops naming the module: "BUG: unable to handle page
# fault", taint D, the insmod fails with EFAULT, and the kernel carries on.
# A detection is a line of the integrity report naming the module, from
# the console's integrity command, `lkm integrity` over the control
# socket, and the periodic check.
source "$(dirname "$0")/lib.sh"

RK=$SECMOD
for m in rk_hide rk_ops rk_text rk_textmp rk_policy rk_syscall rk_syscallmp \
	rk_vfshide; do
	[[ -f $RK/$m.ko ]] || { fail "setup" "$RK/$m.ko missing (make)"; exit 1; }
done
# The signed rootkit: someone who has the key, so signature checking,
# enforced, lets it in; what it does next is what is under test.
sign "$CERTS" "$S/rk_ops.ko" "$RK/rk_ops.ko"
sign "$CERTS" "$S/rk_policy.ko" "$RK/rk_policy.ko"
HELLO=$EXTRA/hello.ko
M_UNSIGNED=$BUILD/modules/hello.ko
TAINT_D=128

taint_has_d() { local t; t=$(tainted); [[ $t =~ ^[0-9]+$ ]] && ((t & TAINT_D)); }

# ---- a clean kernel is clean ---------------------------------------------------------
session "insmod $HELLO" "insmod $EXTRA/mathsvc.ko" "insmod $EXTRA/mathuser.ko" \
	"rmmod mathuser" "integrity"
expect_re "integrity-clean" "integrity: clean \(2 modules, [0-9]+ kernel ranges, [0-9]+ hook sources\)"

# ---- rk_hide: hidden from the list -------------------------------------------------------
session "insmod $HELLO" "insmod $RK/rk_hide.ko" "lsmod" "cat /proc/modules" \
	"ls /sys/module" "rmmod rk_hide" "integrity" "echo status:" "dmesg"
expect "rk_hide-loaded" "rk_hide: unlinked from the module list"
expect_no "rk_hide-gone-from-lsmod-and-proc" "rk_hide .*"
expect_no "rk_hide-gone-from-sysfs" "rk_hide"
expect "rk_hide-rmmod-cannot-find-it" \
	"rmmod: ERROR: Module rk_hide is not currently loaded"
expect_re "rk_hide-detected-by-memory" \
	"integrity: hidden module: [0-9]+ bytes of module memory in [0-9]+ range\(s\) from 0x[0-9a-f]+ belong to no listed module: the audit trail saw the load of module rk_hide take them \(seq=2, caller=console uid=0 gid=0\)"
expect_re "rk_hide-detected-by-audit-trail" \
	"integrity: hidden module: rk_hide was loaded \(audit seq=2, caller=console uid=0 gid=0\) and never unloaded, but is not in the module list"
expect_re "rk_hide-report-counts" "integrity: 2 problem\(s\)"
# The console's command fails when it finds something.
out=$(printf '%s\n' "insmod $RK/rk_hide.ko" "integrity" | "$KERNEL" \
	--modroot "$MODROOT" >/dev/null 2>&1; echo "rc=$?")
[[ $out == rc=1 ]] && ok "integrity-command-fails-on-problems" ||
	fail "integrity-command-fails-on-problems" "$out"

# ---- rk_ops: an operations table overwritten ---------------------------------------------
session -c module.sig_enforce=1 "insmod $HELLO" "insmod $S/rk_ops.ko" \
	"insmod $M_UNSIGNED" "insmod $BUILD/modules/mathsvc.ko" "lsmod" \
	"echo tainted:" "cat /proc/sys/kernel/tainted" "integrity" "dmesg"
expect "rk_ops-insmod-fails" \
	"insmod: ERROR: could not insert module $S/rk_ops.ko: Bad address" \
	"rk_ops: diverting the loader's signature check"
expect_no "rk_ops-write-did-not-happen" "rk_ops: signature check diverted"
expect_re "rk_ops-oops" \
	"BUG: unable to handle page fault for address: [0-9a-f]{16}" \
	"#PF: supervisor write access in kernel mode" \
	"#PF: error_code\(0x[0-9a-f]{4}\) - permissions violation" \
	"Oops: [0-9a-f]{4} \[#1\] SMP" \
	"CPU: 0 PID: 0 Comm: insmod Tainted: G .* 0\.1\.0-lkm" \
	"RIP: 0x[0-9a-f]{16} rk_ops\+0x[0-9a-f]+ \(init\) \[rk_ops\]" \
	"Modules linked in: rk_ops\(O\+\) hello" \
	"---\[ end trace 0000000000000000 \]---"
taint_has_d && ok "rk_ops-taints-D" || fail "rk_ops-taints-D" "tainted $(tainted)"
# The kernel went on, and the verifier was not diverted: unsigned
# modules are still refused.
expect "rk_ops-verifier-intact" \
	"insmod: ERROR: could not insert module $BUILD/modules/mathsvc.ko: Key was rejected by service"
expect_re "rk_ops-kernel-goes-on" "hello +[0-9]+ +0"
expect_re "rk_ops-hooks-clean" "integrity: clean .*"

# ---- rk_text: kernel text written directly -------------------------------------------------
session "insmod $RK/rk_text.ko" "insmod $HELLO" "echo tainted:" \
	"cat /proc/sys/kernel/tainted" "integrity" "dmesg"
expect "rk_text-insmod-fails" \
	"insmod: ERROR: could not insert module $RK/rk_text.ko: Bad address"
expect_re "rk_text-oops" \
	"BUG: unable to handle page fault for address: [0-9a-f]{16}" \
	"#PF: supervisor write access in kernel mode" \
	"RIP: 0x[0-9a-f]{16} rk_text\+0x[0-9a-f]+ \(init\) \[rk_text\]"
expect_no "rk_text-not-hooked" "rk_text: kstrtobool hooked"
taint_has_d && ok "rk_text-taints-D" || fail "rk_text-taints-D" "tainted $(tainted)"
expect_re "rk_text-text-intact" "integrity: clean .*"
expect "rk_text-kernel-goes-on" "hello: Hello, world"

# ---- rk_textmp: kernel text patched behind an mprotect ---------------------------------------
session "insmod $RK/rk_textmp.ko" "integrity" "dmesg"
expect "rk_textmp-hooked" "rk_textmp: kstrtobool hooked"
expect_re "rk_textmp-detected" \
	"integrity: kernel text: kernel r-x changed since boot at 0x[0-9a-f]{16} \(kstrtobool\+0x0\); it jumps to module rk_textmp"
# The periodic check finds it too, once, at KERN_CRIT.
out=$( (printf '%s\n' "insmod $RK/rk_textmp.ko"; sleep 2.5; echo dmesg) |
	"$KERNEL" --modroot "$MODROOT" --cmdline "integrity.interval=1" 2>&1)
n=$(grep -c "integrity: kernel text: .*it jumps to module rk_textmp" <<<"$out")
if [[ $n == 1 ]] && grep -q "integrity: checking every 1 s" <<<"$out"; then
	ok "rk_textmp-periodic-check"
else
	fail "rk_textmp-periodic-check" "$n reports in: $out"
fi

# Under lockdown the kernel's memory map is sealed (a seccomp filter): the
# same module, signed, cannot make kernel text writable at all.
sign "$CERTS" "$S/rk_textmp.ko" "$RK/rk_textmp.ko"
session -c "lockdown=integrity" "insmod $S/rk_textmp.ko" "integrity" "dmesg"
expect "rk_textmp-lockdown-mprotect-refused" "rk_textmp: mprotect failed" \
	"insmod: ERROR: could not insert module $S/rk_textmp.ko: Operation not permitted"
expect_re "rk_textmp-lockdown-text-intact" "integrity: clean .*"

# ---- rk_policy: the loading policy lowered ----------------------------------------------------
# The enforcement flag of the configuration is sealed: that write is an
# oops, and unsigned modules are still refused.
session -c "lockdown=integrity module.sig_enforce=1" "insmod $S/rk_policy.ko" \
	"insmod $BUILD/modules/mathsvc.ko" "lsmod" "integrity" "dmesg"
expect "rk_policy-config-write-faults" \
	"insmod: ERROR: could not insert module $S/rk_policy.ko: Bad address" \
	"rk_policy: lockdown and signature enforcement switched off"
expect_re "rk_policy-oops" "RIP: 0x[0-9a-f]{16} rk_policy\+0x[0-9a-f]+ \(init\) \[rk_policy\]"
expect "rk_policy-enforcement-holds" \
	"insmod: ERROR: could not insert module $BUILD/modules/mathsvc.ko: Key was rejected by service"
# What lives in the loader's heap (lockdown) it does lower: without
# sig_enforce, an unsigned module then loads -- and the scanner says so.
session -c "lockdown=integrity" "insmod $S/rk_policy.ko" \
	"insmod $BUILD/modules/mathsvc.ko" "lsmod" "integrity"
expect_re "rk_policy-lowered-lockdown" "mathsvc +[0-9]+ +0"
expect "rk_policy-detected" \
	"integrity: policy: lockdown lowered behind the kernel's back (0, set to 1)"

# ---- rk_syscall: a system-call table entry overwritten -----------------------------------
session "insmod $EXTRA/sysinfo_call.ko" "syscall crc32 hello" \
	"insmod $RK/rk_syscall.ko" "syscall crc32 hello" "integrity" "dmesg"
expect "rk_syscall-insmod-fails" \
	"insmod: ERROR: could not insert module $RK/rk_syscall.ko: Bad address"
expect_re "rk_syscall-oops" \
	"BUG: unable to handle page fault for address: [0-9a-f]{16}" \
	"#PF: supervisor write access in kernel mode" \
	"RIP: 0x[0-9a-f]{16} rk_syscall\+0x[0-9a-f]+ \(init\) \[rk_syscall\]"
expect_no "rk_syscall-not-diverted" "rk_syscall: system call crc32 diverted" "4919"
expect_re "rk_syscall-table-clean" "integrity: clean .*"
# Behind an mprotect the write lands: the call is diverted, and seen.
session "insmod $EXTRA/sysinfo_call.ko" "insmod $RK/rk_syscallmp.ko" \
	"syscall crc32 hello" "integrity"
expect "rk_syscallmp-diverted" "4919"
expect_re "rk_syscallmp-detected" \
	"integrity: hook syscall 401 crc32 -> 0x[0-9a-f]{16}: diverted into module rk_syscallmp \(owner: sysinfo_call\)"

# ---- rk_vfshide: a file hidden from directory listings ---------------------------------
session "insmod $EXTRA/ramfs.ko" "mount -t ramfs none /mnt" \
	"echo secret > /mnt/rk_secret" "echo plain > /mnt/visible" "ls /mnt" \
	"echo hooked:" "insmod $RK/rk_vfshide.ko" "ls /mnt" "cat /mnt/rk_secret" \
	"integrity"
before=$(sed -n '1,/^hooked:$/p' <<<"$OUT")
after=$(sed -n '/^hooked:$/,$p' <<<"$OUT")
if grep -qx rk_secret <<<"$before" && ! grep -qx rk_secret <<<"$after" &&
	grep -qx visible <<<"$after" && grep -qx secret <<<"$after"; then
	ok "rk_vfshide-hides-the-file"
else
	fail "rk_vfshide-hides-the-file" "$OUT"
fi
expect_re "rk_vfshide-detected" \
	"integrity: hook mount /mnt root i_fop\.iterate -> 0x[0-9a-f]{16}: diverted into module rk_vfshide \(owner: ramfs\)"

# ---- the tools see the same report ------------------------------------------------------------
boot_socket || exit 1
out=$("$LKM" integrity --socket "$SOCK" 2>&1)
rc=$?
[[ $rc == 0 && $out == "integrity: clean ("* ]] && ok "lkm-integrity-clean" ||
	fail "lkm-integrity-clean" "rc $rc: $out"
ctl init_module 0 "@$RK/rk_hide.ko" >/dev/null
out=$(ctl read 0 /sys/kernel/security/integrity)
grep -q "integrity: hidden module: rk_hide was loaded" <<<"$out" &&
	ok "integrity-view-over-socket" || fail "integrity-view-over-socket" "$out"
out=$(LKM_SOCKET=$SOCK "$LKM" integrity 2>&1)
rc=$?
if [[ $rc == 1 ]] && grep -q "integrity: hidden module: rk_hide was loaded" <<<"$out" &&
	[[ $(tail -1 <<<"$out") == "integrity: 2 problem(s)" ]]; then
	ok "lkm-integrity-finds-rk_hide"
else
	fail "lkm-integrity-finds-rk_hide" "rc $rc: $out"
fi
halt_socket
out=$("$LKM" integrity --socket "$S/nosuch.sock" 2>&1)
[[ $? == 2 ]] && ok "lkm-integrity-no-kernel" || fail "lkm-integrity-no-kernel" "$out"
