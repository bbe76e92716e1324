#!/usr/bin/env bash
# install.sh - the module tree, built and installed: `make install
# DESTDIR=... PREFIX=/usr` lays out the tools, headers, Module.symvers and
# /lib/modules/<release>/ (kernel/ extra/ updates/ build/, modules.order,
# modules.builtin and the indexes, which must equal what the installed
# depmod writes); then, from the installed files alone: the installed
# kernel serves its own tree, the installed modprobe loads mathuser with
# mathsvc, an out-of-tree module is built with make -C .../build M=DIR and
# installed with modules_install (depmod rerun, modprobe finds it), and a
# module dropped into updates/ overrides the one in extra/.
set -uo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
[[ $BUILD == /* ]] || BUILD=$TOP/$BUILD
REL=$(sed -n 's/^.define LKM_RELEASE "\(.*\)"$/\1/p' "$TOP/include/lkm/version.h")

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }
check() { if [[ $2 == "$3" ]]; then ok "$1"; else fail "$1" "expected '$2', got '$3'"; fi; }

W=$(mktemp -d "${TMPDIR:-/tmp}/lkm-install.XXXXXX")
KPID=
cleanup() {
	[[ -n $KPID ]] && kill "$KPID" 2>/dev/null && wait "$KPID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
D=$W/dest
P=$D/usr
T=$P/lib/modules/$REL

# ---- the build's tree ------------------------------------------------------------
B=$BUILD/lib/modules/$REL
missing=
for f in kernel extra updates modules.order modules.builtin modules.dep modules.dep.bin \
	modules.alias.bin modules.symbols.bin extra/hello.ko; do
	[[ -e $B/$f ]] || missing+=" $f"
done
check tree-built-layout "" "$missing"

# ---- make install ------------------------------------------------------------------
if ! make -s -C "$TOP" BUILD="$BUILD" install DESTDIR="$D" PREFIX=/usr >"$W/install.log" 2>&1; then
	fail install "make install failed: $(tail -5 "$W/install.log")"
	exit 0
fi
missing=
for f in bin/lkm bin/lkm-build bin/lkm-kernel sbin/insmod sbin/rmmod sbin/lsmod sbin/modinfo \
	sbin/modprobe sbin/depmod include/lkm/module.h include/lkm/ctl.h include/linux/module.h \
	lib/lkm/Module.symvers lib/modules/$REL/kernel lib/modules/$REL/updates \
	lib/modules/$REL/extra/hello.ko lib/modules/$REL/modules.order \
	lib/modules/$REL/modules.builtin lib/modules/$REL/modules.dep \
	lib/modules/$REL/modules.dep.bin lib/modules/$REL/modules.alias \
	lib/modules/$REL/build/Makefile lib/modules/$REL/build/kbuild-dir.mk; do
	[[ -e $P/$f ]] || missing+=" $f"
done
check install-layout "" "$missing"
check install-links "$(readlink "$P/sbin/modprobe")" ../bin/lkm
same=yes
for f in modules.dep modules.alias modules.symbols modules.softdep modules.devname; do
	cmp -s "$B/$f" "$T/$f" || same="no: $f"
done
check install-indexes-as-built yes "$same"
"$P/sbin/depmod" -n -b "$P" "$REL" >"$W/depmod-n" 2>&1
grep -qx "extra/mathuser.ko: extra/mathsvc.ko" "$W/depmod-n" &&
	ok install-depmod-sees-tree || fail install-depmod-sees-tree "$(head -3 "$W/depmod-n")"

# ---- the installed kernel and tools, alone -----------------------------------------
S=$W/ctl.sock
"$P/bin/lkm-kernel" --socket "$S" </dev/null >"$W/kernel.log" 2>&1 &
KPID=$!
for _ in $(seq 100); do [[ -S $S ]] && break; sleep 0.05; done
export LKM_SOCKET=$S
out=$("$P/sbin/modprobe" -v -d "$P" mathuser 2>&1; "$P/sbin/lsmod" 2>&1 | cut -d' ' -f1)
check install-modprobe "insmod $T/extra/mathsvc.ko 
insmod $T/extra/mathuser.ko 
Module
mathuser
mathsvc" "$out"

# An out-of-tree module, built against the installed build directory.
mkdir -p "$W/ext"
cat >"$W/ext/extmod.c" <<'EOF'
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>

static int __init extmod_init(void)
{
	pr_info("extmod: loaded from the installed tree\n");
	return 0;
}

static void __exit extmod_exit(void)
{
}

module_init(extmod_init);
module_exit(extmod_exit);
MODULE_LICENSE("GPL");
MODULE_ALIAS("lkm-test-extmod");
EOF
echo 'obj-m := extmod.o' >"$W/ext/Kbuild"
if make -s -C "$T/build" M="$W/ext" modules_install >"$W/ext.log" 2>&1; then
	ok install-out-of-tree-build
else
	fail install-out-of-tree-build "$(tail -5 "$W/ext.log")"
fi
grep -qx "extra/extmod.ko:" "$T/modules.dep" && ok install-modules-install-depmod ||
	fail install-modules-install-depmod "extmod not in modules.dep"
out=$("$P/sbin/modprobe" -d "$P" lkm-test-extmod 2>&1; "$P/sbin/lsmod" | cut -d' ' -f1 | grep extmod)
check install-modprobe-out-of-tree extmod "$out"

# updates/ overrides extra/ (depmod's default search order).
cp "$T/extra/hello.ko" "$T/updates/hello.ko"
"$P/sbin/depmod" -b "$P" "$REL"
check install-updates-override "updates/hello.ko:" "$(grep '^updates/hello.ko:\|^extra/hello.ko:' "$T/modules.dep")"
out=$("$P/sbin/modprobe" -d "$P" -v hello 2>&1)
check install-updates-loaded "insmod $T/updates/hello.ko " "$out"
"$BUILD/kernel/tests/ctl-client" "$S" poweroff >/dev/null 2>&1
wait "$KPID"
KPID=
exit 0
