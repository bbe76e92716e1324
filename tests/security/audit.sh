#!/usr/bin/env bash
# audit.sh - the audit trail: every load, unload and refusal, from the
# console and from the control socket, is one "audit: ..." line in the
# kernel log and in /proc/lkm/audit, with the caller's credentials, the
# module's name, the SHA-256 of the image, its signature and the result.
source "$(dirname "$0")/lib.sh"

M=$S/mods
mkdir -p "$M"
cp "$BUILD/modules/hello.ko" "$M/unsigned.ko"
sign "$CERTS" "$M/hello.ko" "$M/unsigned.ko"
sign "$OTHER_CERTS" "$M/wrongkey.ko" "$M/unsigned.ko"
sign "$CERTS" "$M/sha1.ko" "$M/unsigned.ko" sha1
cp "$M/hello.ko" "$M/modified.ko"
off=$(grep -obUa "Greets on load" "$M/modified.ko" | head -1 | cut -d: -f1)
printf 'g' | dd of="$M/modified.ko" bs=1 seek="$off" conv=notrunc 2>/dev/null
sha() { sha256sum "$1" | cut -d' ' -f1; }

# ---- the console ---------------------------------------------------------------------
session -c "lkm.force_load lkm.force_unload" "insmod $M/hello.ko" "rmmod hello" \
	"insmod -f $M/unsigned.ko" \
	"rmmod -f nosuch" "cat /proc/lkm/audit" "dmesg"
CON="caller=console uid=0 gid=0"
expect_re "audit-console-load" \
	"seq=1 op=load module=hello sha256=$(sha "$M/hello.ko") sig=valid $CON res=ok"
expect_re "audit-console-unload" \
	"seq=2 op=unload module=hello sha256=$(sha "$M/hello.ko") $CON res=ok"
expect_re "audit-console-forced-load" \
	"seq=3 op=load module=hello sha256=$(sha "$M/unsigned.ko") sig=unsigned force=1 $CON res=ok"
expect_re "audit-console-refused-unload" \
	"seq=4 op=unload module=nosuch sha256=\? force=1 $CON res=ENOENT"
expect_re "audit-in-kernel-log" \
	"audit: seq=1 op=load module=hello sha256=[0-9a-f]{64} sig=valid $CON res=ok"
n=$(grep -c "^seq=" <<<"$OUT")
[[ $n == 4 ]] && ok "audit-proc-view" || fail "audit-proc-view" "$n records:
$OUT"

# Each kind of signature, refused under enforcement.
session -c module.sig_enforce=1 "insmod $M/unsigned.ko" "insmod $M/wrongkey.ko" \
	"insmod $M/sha1.ko" "insmod $M/modified.ko" "cat /proc/lkm/audit"
expect_re "audit-refusals-name-the-signature" \
	"seq=1 op=load module=hello sha256=$(sha "$M/unsigned.ko") sig=unsigned $CON res=EKEYREJECTED" \
	"seq=2 op=load module=hello sha256=$(sha "$M/wrongkey.ko") sig=unknown-key $CON res=EKEYREJECTED" \
	"seq=3 op=load module=hello sha256=$(sha "$M/sha1.ko") sig=unsupported $CON res=EKEYREJECTED" \
	"seq=4 op=load module=hello sha256=$(sha "$M/modified.ko") sig=bad $CON res=EKEYREJECTED"
echo 'this is not a module' >"$M/junk.ko"
session "insmod $M/junk.ko" "cat /proc/lkm/audit"
expect_re "audit-malformed-image" \
	"seq=1 op=load module=\? sha256=$(sha "$M/junk.ko") sig=unsigned $CON res=ENOEXEC"

# ---- the control socket ---------------------------------------------------------------
boot_socket loglevel=6 || exit 1
out=$(ctl init_module 0 "@$M/hello.ko")
pid=$(sed -n 's/.*caller=socket pid=\([0-9]*\) .*/\1/p' <<<"$(ctl read 0 /proc/lkm/audit)")
OUT=$(ctl read 0 /proc/lkm/audit)
expect_re "audit-socket-load" \
	"seq=1 op=load module=hello sha256=$(sha "$M/hello.ko") sig=valid caller=socket pid=[0-9]+ uid=0 gid=0 res=ok"
[[ -n $pid && $pid != "$kpid" ]] && ok "audit-socket-peer-pid" ||
	fail "audit-socket-peer-pid" "pid '$pid' (kernel $kpid)"
ctl delete_module 0 hello >/dev/null
if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null; then
	chmod 755 "$S" "$M"
	chmod 644 "$M/hello.ko"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$CTL_CLIENT" "$SOCK" init_module 0 "@$M/hello.ko" >/dev/null 2>&1
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$CTL_CLIENT" "$SOCK" delete_module 0 hello >/dev/null 2>&1
	OUT=$(ctl read 0 /proc/lkm/audit)
	expect_re "audit-socket-unprivileged-refused" \
		"seq=3 op=load module=hello sha256=$(sha "$M/hello.ko") sig=unchecked caller=socket pid=[0-9]+ uid=65534 gid=65534 res=EPERM" \
		"seq=4 op=unload module=hello sha256=\? caller=socket pid=[0-9]+ uid=65534 gid=65534 res=EPERM"
else
	echo "SKIP audit-socket-unprivileged-refused: needs root and setpriv"
fi
halt_socket
if grep -qE "audit: seq=2 op=unload module=hello sha256=$(sha "$M/hello.ko") caller=socket pid=[0-9]+ uid=0 gid=0 res=ok$" "$S/klog"; then
	ok "audit-socket-kernel-log"
else
	fail "audit-socket-kernel-log" "$(cat "$S/klog")"
fi
