#!/usr/bin/env bash
# lockdown.sh - kernel lockdown (lockdown=integrity|confidentiality at boot,
# or written to /sys/kernel/security/lockdown, one way) and
# modules_disabled: unsigned modules refused even without sig_enforce,
# forced loads and unloads refused even where the kernel allows them,
# module loading and unloading stopped, and no interface of the kernel's
# -- console command, view or socket call -- writes kernel memory.
source "$(dirname "$0")/lib.sh"

M=$S/mods
mkdir -p "$M"
cp "$BUILD/modules/hello.ko" "$M/unsigned.ko"
sign "$CERTS" "$M/hello.ko" "$M/unsigned.ko"
LD=/sys/kernel/security/lockdown
MD=/proc/sys/kernel/modules_disabled
EPERM="Operation not permitted"
UNSIGNED_MSG="Lockdown: insmod: unsigned module loading is restricted; see man kernel_lockdown.7"
FORCE_MSG="Lockdown: insmod: forced module loading is restricted; see man kernel_lockdown.7"
RMMOD_MSG="Lockdown: rmmod: forced module unloading is restricted; see man kernel_lockdown.7"

# ---- at boot ---------------------------------------------------------------------------
# Forcing is allowed by the configuration (lkm.force_*): only lockdown says no.
for level in integrity confidentiality; do
	session -c "lockdown=$level lkm.force_load lkm.force_unload" "cat $LD" \
		"insmod $M/unsigned.ko" "insmod -f $M/hello.ko" "insmod $M/hello.ko" \
		"rmmod -f hello" "lsmod" "rmmod hello" "lsmod" "echo tainted:" \
		"cat /proc/sys/kernel/tainted" "dmesg"
	expect "lockdown-$level-boot" \
		"Kernel is locked down from command line; see man kernel_lockdown.7"
	expect "lockdown-$level-unsigned-refused" \
		"insmod: ERROR: could not insert module $M/unsigned.ko: $EPERM" \
		"$UNSIGNED_MSG"
	expect "lockdown-$level-forced-load-refused" \
		"insmod: ERROR: could not insert module $M/hello.ko: $EPERM" \
		"$FORCE_MSG"
	expect "lockdown-$level-forced-unload-refused" \
		"rmmod: ERROR: could not remove module hello: $EPERM" "$RMMOD_MSG"
	expect_re "lockdown-$level-signed-loads" "hello +[0-9]+ +0"
	[[ $(tainted) == 0 ]] && ok "lockdown-$level-no-taint" ||
		fail "lockdown-$level-no-taint" "tainted $(tainted)"
done
session -c "lockdown=integrity" "cat $LD"
expect "lockdown-shows-level" "none [integrity] confidentiality"
session -c "lockdown=confidentiality" "cat $LD"
expect "lockdown-shows-confidentiality" "none integrity [confidentiality]"

# ---- at run time, one way -------------------------------------------------------------
session "insmod $M/unsigned.ko" "rmmod hello" "echo integrity > $LD" "cat $LD" \
	"insmod $M/unsigned.ko" "echo none > $LD" "cat $LD" \
	"echo confidentiality > $LD" "echo integrity > $LD" "cat $LD" \
	"echo bogus > $LD" "dmesg"
expect "lockdown-runtime-before" "hello: module verification failed: signature and/or required key missing - tainting kernel"
expect "lockdown-runtime-raised" \
	"Kernel is locked down from securityfs; see man kernel_lockdown.7" \
	"none [integrity] confidentiality" \
	"insmod: ERROR: could not insert module $M/unsigned.ko: $EPERM"
expect "lockdown-runtime-not-lowered" "lkm: $LD: $EPERM" \
	"none integrity [confidentiality]"
expect "lockdown-runtime-bad-value" "lkm: $LD: Invalid argument"

# Over the control socket, as root, the same.
boot_socket || exit 1
ctl write 0 "$LD" integrity >/dev/null
out=$(ctl init_module 0 "@$M/unsigned.ko")
[[ $out == "error -1" ]] && ok "lockdown-socket-unsigned-refused" ||
	fail "lockdown-socket-unsigned-refused" "$out"
out=$(ctl write 0 "$LD" none)
[[ $out == "error -1" ]] && ok "lockdown-socket-not-lowered" ||
	fail "lockdown-socket-not-lowered" "$out"
out=$(ctl init_module 0 "@$M/hello.ko")
[[ $out == hello ]] && ok "lockdown-socket-signed-loads" ||
	fail "lockdown-socket-signed-loads" "$out"
out=$(ctl delete_module 1 hello) # LKM_UNLOAD_FORCE
[[ $out == "error -1" ]] && ok "lockdown-socket-forced-unload-refused" ||
	fail "lockdown-socket-forced-unload-refused" "$out"
halt_socket

# ---- modules_disabled --------------------------------------------------------------------
session -c "lockdown=integrity" "insmod $M/hello.ko" "echo 1 > $MD" "cat $MD" \
	"insmod $M/hello.ko" "rmmod hello" "echo 0 > $MD" "cat $MD" "lsmod" "dmesg"
expect "modules-disabled-stops-loading" "1" \
	"insmod: ERROR: could not insert module $M/hello.ko: $EPERM" \
	"module loading is disabled (modules_disabled=1)"
expect "modules-disabled-stops-unloading" \
	"rmmod: ERROR: could not remove module hello: $EPERM"
expect "modules-disabled-one-way" "lkm: $MD: Invalid argument"
expect_re "modules-disabled-module-stays" "hello +[0-9]+ +0"

# ---- nothing writes kernel memory ----------------------------------------------------------
# No command peeks or pokes: none of the console's commands takes an address.
session "help"
expect_no "no-memory-command" \
	" +(poke|peek|kmem|mem|devmem|memwrite|wrmem|writemem|setmem|wrmsr|kcore)( .*)?"
# No memory device or core view.
session "cat /dev/mem" "cat /dev/kmem" "cat /dev/port" "cat /proc/kcore" \
	"ls /dev"
expect_no "no-memory-device" "(mem|kmem|port|kcore)"
# Every file of /proc, /sys and /dev (a module with parameters loaded),
# written with an address and a value as a poke would be: what takes it
# is a module parameter or one of the two switches above, nothing else.
boot_socket || exit 1
ctl init_module 0 "@$MODROOT/$RELEASE/extra/params.ko" >/dev/null
files=()
walk() {
	local dir=$1 e
	while IFS= read -r e; do
		[[ -z $e ]] && continue
		if [[ $e == */ ]]; then
			walk "$dir/${e%/}"
		else
			files+=("$dir/$e")
		fi
	done < <(ctl list 0 "$dir" 2>/dev/null)
}
for top in /proc /sys /dev; do walk "$top"; done
took=()
for f in "${files[@]}"; do
	[[ $f == "$LD" || $f == "$MD" ]] && continue # raised, not poked
	out=$(ctl write 0 "$f" "0x400000 0x90")
	[[ $out == "" ]] && took+=("$f")
done
echo "# ${#files[@]} files; took a poke: ${took[*]}"
bad=$(printf '%s\n' "${took[@]}" | grep -v '^/sys/module/params/parameters/' | grep -v '^$')
if ((${#files[@]} > 10)) && [[ -z $bad ]]; then
	ok "no-view-writes-kernel-memory"
else
	fail "no-view-writes-kernel-memory" "${#files[@]} files; took a poke: ${took[*]}"
fi
# The socket knows no such call: the request is refused (the kernel may
# close the connection before the client has sent it all).
out=$( (ctl poke 0 0x400000 0x90) 2>&1; echo "rc=$?")
if [[ $out != *rc=0 ]] && [[ $(ctl read 0 /proc/version) == lkm* ]]; then
	ok "no-socket-call-writes-memory"
else
	fail "no-socket-call-writes-memory" "$out"
fi
halt_socket
