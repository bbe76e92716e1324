#!/usr/bin/env bash
# golden.sh [--update] - golden-output tests of the kmod tools (depmod,
# modinfo, lsmod, modprobe) against a small fake module tree built at test
# time: tiny modules compiled from fixture.c (exports, versions, weak and
# unknown symbols, aliases, softdeps, parameters, devnames), lkm's own
# in-tree modules, plain and compressed (.gz, .xz, .zst), duplicates settled
# by depmod.d search/override rules, an external directory, built-in
# modules.  Expected outputs live in tests/kmod/golden/ with the tree's path
# replaced by @ROOT@; --update rewrites them.  When Debian's kmod is
# installed, each case it can run is also run with it and must give the
# same golden output, which is how the goldens were checked.
set -uo pipefail

BUILD=${BUILD:-build}
BIN=${BIN:-$BUILD/bin}
BIN=$(cd "$BIN" && pwd)
BUILD=$(cd "$BUILD" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
G=$HERE/golden
W=
UPDATE=0
[[ ${1:-} == --update ]] && UPDATE=1
export LC_ALL=C
# The tools must not find a kernel or a command line of the caller's.
unset LKM_SOCKET LKM_PROC_MODULES LKM_CMDLINE
CC=${CC:-gcc}
KVER=6.1.0-fixture
DEB_KMOD=/bin/kmod
[[ -x $DEB_KMOD ]] || DEB_KMOD=
mkdir -p "$BUILD/tests"
W=$(mktemp -d "$(cd "$BUILD/tests" && pwd)/kmod-golden.XXXXXX")
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/obj" "$W/bin-debian"
R=$W/root/lib/modules/$KVER
if [[ -n $DEB_KMOD ]]; then
	for c in depmod modinfo modprobe; do ln -sf "$DEB_KMOD" "$W/bin-debian/$c"; done
fi

fail_setup() { echo "FAIL kmod-golden-setup: $1"; exit 1; }

# ---- the fixture modules ----------------------------------------------------
build() { # build NAME [CFLAGS...]
	local name=$1
	shift
	"$CC" -c -O2 -fno-pic -fno-asynchronous-unwind-tables -fno-stack-protector \
		"$@" "$HERE/fixture.c" -o "$W/obj/$name.ko" || fail_setup "cannot compile $name"
}
for m in core_a core_b top weak needs_unknown helper nsexp noinfo; do
	build "$m" "-DMOD_$m"
done
build dup_kernel -DMOD_dup '-DDUP_WHERE="the one in kernel/"'
build dup_updates -DMOD_dup '-DDUP_WHERE="the one in updates/"'

mkdir -p "$R/kernel/core" "$R/kernel/misc" "$R/updates" "$R/extra" "$R/build" \
	"$R/kernel/skipme" "$W/ext"
cp "$W/obj/core_a.ko" "$W/obj/core_b.ko" "$R/kernel/core/"
cp "$W/obj/top.ko" "$R/kernel/top-mod.ko"
cp "$W/obj/weak.ko" "$W/obj/needs_unknown.ko" "$W/obj/noinfo.ko" "$R/kernel/"
cp "$W/obj/dup_kernel.ko" "$R/kernel/dup.ko"
cp "$W/obj/dup_updates.ko" "$R/updates/dup.ko"
xz -c "$W/obj/helper.ko" >"$R/kernel/misc/helper.ko.xz" || fail_setup "xz failed"
gzip -c "$W/obj/helper.ko" >"$R/extra/helper.ko.gz" || fail_setup "gzip failed"
zstd -q -c "$W/obj/nsexp.ko" >"$R/kernel/nsexp.ko.zst" || fail_setup "zstd failed"
cp "$W/obj/weak.ko" "$R/build/ignored.ko"
cp "$W/obj/weak.ko" "$R/kernel/skipme/excluded.ko"
cp "$W/obj/core_a.ko" "$W/ext/ext_mod.ko"
echo "this is not an ELF file" >"$R/kernel/junk.ko"
for m in hello mathsvc mathuser; do
	if [[ -f $BUILD/modules/$m.ko ]]; then
		cp "$BUILD/modules/$m.ko" "$R/extra/"
	else
		fail_setup "$BUILD/modules/$m.ko missing (make modules)"
	fi
done
printf '%s\n' kernel/core/core_b.ko kernel/core/core_a.ko kernel/top-mod.ko \
	kernel/misc/helper.ko kernel/nsexp.ko kernel/gone.ko >"$R/modules.order"
printf 'kernel/fixture/builtin_mod.ko\n' >"$R/modules.builtin"
printf 'builtin_mod.alias=fixture:builtin\0builtin_mod.license=GPL\0builtin_mod.description=built in\0other.alias=fixture:other\0' \
	>"$R/modules.builtin.modinfo"
mkdir -p "$W/conf"
cat >"$W/conf/fixture.conf" <<EOF
# golden test configuration
search updates external built-in
override helper * kernel/misc
external * $W/ext
exclude skipme
EOF

# ---- comparing --------------------------------------------------------------
# golden NAME: compare stdin (paths normalised) with golden/NAME.
golden() {
	local name=$1 out=$W/out.$1
	sed -e "s|$W|@ROOT@|g" -e "s|$BIN/||g" >"$out"
	if ((UPDATE)); then
		cp "$out" "$G/$name"
		echo "ok $name (updated)"
	elif [[ ! -f $G/$name ]]; then
		echo "FAIL $name: no golden file $G/$name"
	elif cmp -s "$out" "$G/$name"; then
		echo "ok $name"
	else
		echo "FAIL $name: differs from golden/$name: $(diff "$G/$name" "$out" | head -4 | tr '\n' ' ')"
	fi
}
# both NAME CMD...: run CMD with our tool as $T, then (with Debian's kmod) with its.
both() {
	local name=$1
	shift
	T=$BIN "$@" 2>&1 | golden "$name"
	if [[ -n $DEB_KMOD && $UPDATE == 0 ]]; then
		T=$W/bin-debian "$@" 2>&1 | sed -e "s|$W|@ROOT@|g" -e "s|$W/bin-debian/||g" |
			cmp -s - "$G/$name" && echo "ok $name-matches-kmod" ||
			echo "FAIL $name-matches-kmod: Debian's kmod prints something else"
	fi
}

# ---- depmod -----------------------------------------------------------------
run_depmod() {
	rm -f "$R"/modules.{dep,alias,softdep,symbols,devname}* "$R"/modules.builtin.*bin
	"$T/depmod" -C "$W/conf" -b "$W/root" "$@" "$KVER" 2>&1 | sed "s|$T/||g"
	local f
	for f in modules.dep modules.alias modules.softdep modules.symbols modules.devname; do
		echo "== $f"
		cat "$R/$f"
	done
}
both depmod-tree run_depmod
# Our .bin indexes, read by Debian's modprobe, if we have it.
if [[ -n $DEB_KMOD ]]; then
	T=$BIN run_depmod >/dev/null
	for m in top_mod fixture:top-x fixture:b-top symbol:b_func mathuser dup; do
		"$W/bin-debian/modprobe" -S "$KVER" -d "$W/root" --show-depends "$m" 2>&1
	done | golden modprobe-reads-our-indexes
else
	T=$BIN run_depmod >/dev/null
fi
both depmod-n sh -c '"$T/depmod" -n -C "$0/conf" -b "$0/root" 6.1.0-fixture 2>&1' "$W"
T=$BIN
both depmod-errsyms sh -c '
	printf "0x11111111\ta_func\tvmlinux\tEXPORT_SYMBOL\n0x0\tprintk\tvmlinux\tEXPORT_SYMBOL\n" >"$0/Module.symvers"
	"$T/depmod" -n -e -E "$0/Module.symvers" -C "$0/conf" -b "$0/root" 6.1.0-fixture 2>&1 >/dev/null' "$W"
both depmod-bad-version sh -c '"$T/depmod" -b "$0/root" notaversion 2>&1; echo "exit $?"' "$W"

# depmod -A does nothing while modules.dep is newer than every module.
T=$BIN run_depmod >/dev/null
touch -d '2000-01-01' "$R/modules.alias"
touch -d '2000-01-02' "$R"/kernel/*.ko "$R"/kernel/*/*.ko* "$R"/updates/*.ko "$R"/extra/*.ko* "$W"/ext/*.ko
"$BIN/depmod" -A -C "$W/conf" -b "$W/root" "$KVER" 2>/dev/null
[[ $(stat -c %Y "$R/modules.alias") == $(date -d 2000-01-01 +%s) ]] &&
	echo "ok depmod-quick-up-to-date" || echo "FAIL depmod-quick-up-to-date: rewrote the files"
touch "$R/kernel/weak.ko" "$R/modules.alias"
touch -d '2000-01-01' "$R/modules.dep" "$R/modules.alias"
"$BIN/depmod" -A -C "$W/conf" -b "$W/root" "$KVER" 2>/dev/null
[[ $(stat -c %Y "$R/modules.alias") != $(date -d 2000-01-01 +%s) ]] &&
	echo "ok depmod-quick-outdated" || echo "FAIL depmod-quick-outdated: did not rewrite"

# Only the modules named on the command line.
both depmod-explicit-modules sh -c '"$T/depmod" -n -b "$0/root" 6.1.0-fixture \
	"$0/root/lib/modules/6.1.0-fixture/kernel/core/core_a.ko" \
	"$0/root/lib/modules/6.1.0-fixture/kernel/top-mod.ko" 2>&1; echo "exit $?"' "$W"

# A dependency cycle: reported, nothing written, failure.
CR=$W/cycle/lib/modules/$KVER
mkdir -p "$CR/kernel"
build cyc_a -DMOD_cyc_a
build cyc_b -DMOD_cyc_b
cp "$W/obj/cyc_a.ko" "$W/obj/cyc_b.ko" "$W/obj/core_a.ko" "$CR/kernel/"
printf 'kernel/core_a.ko\nkernel/cyc_a.ko\nkernel/cyc_b.ko\n' >"$CR/modules.order"
both depmod-cycle sh -c '"$T/depmod" -C /dev/null -b "$0/cycle" 6.1.0-fixture 2>&1; echo "exit $?";
	ls "$0/cycle/lib/modules/6.1.0-fixture"; rm -f "$0/cycle/lib/modules/6.1.0-fixture/modules.dep"' "$W"

# ---- modinfo ----------------------------------------------------------------
mi() { (cd "$W/root" && "$T/modinfo" "$@" 2>&1; echo "exit $?"); }
both modinfo-core-a mi lib/modules/$KVER/kernel/core/core_a.ko
both modinfo-core-a-null sh -c '(cd "$0/root" && "$T/modinfo" -0 lib/modules/6.1.0-fixture/kernel/core/core_a.ko | tr "\0" "@"; echo)' "$W"
both modinfo-parameters mi -p lib/modules/$KVER/kernel/core/core_a.ko
both modinfo-field-parm mi -F parm lib/modules/$KVER/kernel/core/core_a.ko
both modinfo-field-alias mi -F alias lib/modules/$KVER/kernel/core/core_a.ko lib/modules/$KVER/kernel/top-mod.ko
both modinfo-adln mi -a -d -l -n lib/modules/$KVER/kernel/core/core_a.ko
both modinfo-xz-zst mi lib/modules/$KVER/kernel/misc/helper.ko.xz lib/modules/$KVER/kernel/nsexp.ko.zst
both modinfo-errors mi lib/modules/$KVER/kernel/noinfo.ko lib/modules/$KVER/kernel/junk.ko
both modinfo-by-name mi -b . -k $KVER core_b top-mod
both modinfo-by-alias mi -b . -k $KVER fixture:top-anything
both modinfo-by-symbol mi -b . -k $KVER -F filename symbol:b_func
both modinfo-builtin mi -b . -k $KVER builtin_mod fixture:builtin
both modinfo-modname mi -b . -k $KVER -m -F name core_a fixture:core-a
both modinfo-not-found mi -b . -k $KVER no_such_module
both modinfo-lkm-modules mi lib/modules/$KVER/extra/mathsvc.ko lib/modules/$KVER/extra/mathuser.ko
# kmod (built without zlib) cannot read .ko.gz; ours can.
mi lib/modules/$KVER/extra/helper.ko.gz | golden modinfo-gz

# ---- modprobe ---------------------------------------------------------------
# Resolution through our indexes and a modprobe.d directory; Debian's
# modprobe, when present, must agree line for line.
T=$BIN run_depmod >/dev/null
mkdir -p "$W/modprobe.d"
cat >"$W/modprobe.d/fixture.conf" <<'EOF2'
# golden test modprobe.d
options core_a debug=1
options core-a level=2
options top_mod verbose
alias my-top top-mod
alias fixture:cfg-* core_b
install helper /bin/true installing helper
blacklist weak
softdep core_b pre: weak post: dup
EOF2
mp() { "$T/modprobe" -C "$W/modprobe.d" -d "$W/root" -S "$KVER" "$@" 2>&1; echo "exit $?"; }
both modprobe-show-depends mp --show-depends top-mod
both modprobe-show-depends-params mp --show-depends core_a extra=1 more
both modprobe-alias-config mp --show-depends my-top
both modprobe-alias-pattern mp --show-depends fixture:cfg-anything
both modprobe-alias-index mp --show-depends fixture:a-top
both modprobe-symbol mp --show-depends symbol:helper_func
both modprobe-builtin mp --show-depends fixture:builtin
both modprobe-ignore-install mp --show-depends -i helper
both modprobe-blacklist mp --show-depends -b weak
both modprobe-resolve mp -R fixture:top-x fixture:core-a
both modprobe-resolve-all mp -a -R core_a fixture:top-x hello
both modprobe-not-found mp --show-depends no_such_module
both modprobe-quiet mp -q --show-depends no_such_module
# Without a kernel -n pretends nothing is loaded, as kmod on a host without them.
both modprobe-dry-run mp -n -v top-mod
both modprobe-dry-run-install mp -n -v helper
both modprobe-all-not-found mp -a -n -v no_such_module core_a
both modprobe-remove-not-found mp -r no_such_module
both modprobe-remove-all-not-found mp -r -a -n no_such_module core_a
both modprobe-remove-first-time mp -r -n --first-time core_a
both modprobe-bad-wait mp -r -w abc core_a
both modprobe-missing-parameters mp
LKM_CMDLINE=$HERE/cmdline T=$BIN mp -c | golden modprobe-showconfig
LKM_CMDLINE=$HERE/cmdline T=$BIN mp --show-depends core_a | golden modprobe-cmdline
T=$BIN mp hello | golden modprobe-no-kernel

# ---- lsmod ------------------------------------------------------------------
LKM_PROC_MODULES=$HERE/proc-modules "$BIN/lsmod" 2>&1 | golden lsmod
"$BIN/lsmod" --proc-modules "$HERE/proc-modules" 2>&1 | golden lsmod
"$BIN/lsmod" --proc-modules "$W/nonexistent" 2>&1 | golden lsmod-error

# ---- against a running kernel -------------------------------------------------
# insmod, rmmod, lsmod and modprobe as host commands acting on a hosted
# kernel through its control socket.  The kernel serves the fixture tree;
# its modules are lkm's (plus refwait.c, busy for a while, and params);
# modprobe.d comes from inside the module root.  Sizes in lsmod are masked
# (they depend on the compiler).
KS=$W/ctl.sock
KLOG=$W/kernel.log
if [[ ! -x $BIN/lkm-kernel || ! -x $BIN/lkm-build || ! -f $BUILD/Module.symvers ]]; then
	fail_setup "lkm-kernel, lkm-build or Module.symvers missing (make)"
fi
"$BIN/lkm-build" --cc "$CC" --symvers "$BUILD/Module.symvers" -o "$R/extra/refwait.ko" \
	"$HERE/refwait.c" >"$W/refwait.log" 2>&1 || fail_setup "cannot build refwait: $(cat "$W/refwait.log")"
cp "$BUILD/modules/params.ko" "$R/extra/" || fail_setup "$BUILD/modules/params.ko missing (make modules)"
T=$BIN run_depmod >/dev/null
mkdir -p "$W/root/etc/modprobe.d"
cat >"$W/root/etc/modprobe.d/kernel.conf" <<EOF2
# read from inside the module root (modprobe -d)
install hello echo "installing \$MODPROBE_MODULE [\$CMDLINE_OPTS] socket \${LKM_SOCKET:+set}"; $BIN/modprobe --ignore-install -d $W/root -S $KVER hello
remove hello echo "removing \$MODPROBE_MODULE"; $BIN/modprobe --ignore-remove -r -d $W/root -S $KVER hello
install core_a /bin/false \$CMDLINE_OPTS
remove core_a /bin/sh -c 'exit 3'
options params count=7
EOF2
kboot() { # kboot [CMDLINE]: a kernel serving $KS, its log in $KLOG
	"$BIN/lkm-kernel" --modroot "$W/root/lib/modules" --socket "$KS" --cmdline "loglevel=5 ${1:-}" \
		</dev/null >"$KLOG" 2>&1 &
	KPID=$!
	for _ in $(seq 100); do [[ -S $KS ]] && return; sleep 0.05; done
	fail_setup "the kernel did not open $KS: $(cat "$KLOG")"
}
khalt() {
	"$BUILD/kernel/tests/ctl-client" "$KS" poweroff >/dev/null 2>&1 || kill "$KPID"
	wait "$KPID"
}
# k CMD...: CMD's output and exit status; lsm: lsmod with sizes masked.
k() { "$@" 2>&1; echo "exit $?"; }
lsm() { "$BIN/lsmod" "$@" 2>&1 | sed -E '2,$s/^(.{20}).{8}/\1    SIZE/'; }
X=$R/extra
MP=("$BIN/modprobe" -d "$W/root" -S "$KVER")
k "$BIN/insmod" "$X/hello.ko" | golden kernel-no-socket
k "$BIN/insmod" --socket "$W/no-such.sock" "$X/hello.ko" | golden kernel-socket-missing
kboot
export LKM_SOCKET=$KS
lsm | golden kernel-lsmod-empty
{
	k "$BIN/insmod" "$X/hello.ko"
	k "$BIN/insmod" "$X/hello.ko"
	k "$BIN/insmod" "$X/no-such.ko"
	k "$BIN/insmod" "$R/kernel/junk.ko"
	k "$BIN/insmod" "$R/kernel/core/core_a.ko"
	k "$BIN/insmod" "$X/mathuser.ko"
	k "$BIN/insmod" "$X/params.ko" count=many
	k "$BIN/insmod" -
	k "$BIN/insmod"
	lsm
} | golden kernel-insmod
{
	k "${MP[@]}" -v mathuser
	lsm
	k "$BIN/rmmod" mathsvc
	k "${MP[@]}" -r mathsvc
	k "${MP[@]}" --first-time mathuser
	k "${MP[@]}" mathuser
	k "${MP[@]}" -r -v mathuser
	k "${MP[@]}" -r mathuser
	k "${MP[@]}" -r --first-time mathuser
	k "$BIN/rmmod" mathuser hello
	k "$BIN/rmmod" hello
	lsm --socket "$KS"
} | golden kernel-modprobe
{
	k "$BIN/insmod" "$X/mathsvc.ko"
	k "${MP[@]}" -n -v mathuser
	k "${MP[@]}" -n -v -r mathsvc
	k "${MP[@]}" -a mathuser no_such_module params
	k "${MP[@]}" -q no_such_module
	k "${MP[@]}" -r -a -v mathuser params
	k "${MP[@]}" -v mathuser
	k "${MP[@]}" -r -v --remove-holders mathsvc
	lsm
} | golden kernel-modprobe-more
{
	k env -u LKM_SOCKET "${MP[@]}" --socket "$KS" hello extra=1
	lsm
	k "${MP[@]}" -r hello
	k "${MP[@]}" -v -i hello
	k "${MP[@]}" -v -r -i hello
	k "${MP[@]}" core_a debug=1
	k "${MP[@]}" -r core_a
	lsm
} | golden kernel-install-remove
{
	k "$BIN/insmod" "$X/refwait.ko" hold_ms=400
	k "${MP[@]}" -r refwait
	k "$BIN/rmmod" refwait
	k "${MP[@]}" -r -w 10000 refwait
	k "$BIN/insmod" "$X/refwait.ko" hold_ms=1500
	k "${MP[@]}" -r --wait 100 refwait
	k "${MP[@]}" -r --wait 10000 refwait
	k "${MP[@]}" -r -w x refwait
	lsm
} | golden kernel-modprobe-wait
# An unprivileged caller: reading is open, changing the kernel is not.
if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null && chmod 755 "$W" &&
	setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$X/hello.ko"; then
	nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	k "$BIN/insmod" "$X/mathsvc.ko" >/dev/null
	{
		k nobody "$BIN/insmod" "$X/hello.ko"
		k nobody "$BIN/rmmod" mathsvc
		k nobody "${MP[@]}" mathuser
		k nobody "${MP[@]}" -r mathsvc
		nobody "$BIN/lsmod" 2>&1 | sed -E '2,$s/^(.{20}).{8}/\1    SIZE/'
	} | golden kernel-unprivileged
	grep -c 'refused to pid [0-9]* uid 65534 gid 65534: not permitted' "$KLOG" |
		golden kernel-unprivileged-logged
	k "$BIN/rmmod" mathsvc >/dev/null
else
	echo "SKIP kernel-unprivileged: needs root, setpriv and a tree nobody can read"
fi
khalt
# The kernel's command line: modprobe.blacklist= and <module>.<param>= are
# read from it; without -S the release is the kernel's own.
kboot 'modprobe.blacklist=hello params.level=3'
{
	k "${MP[@]}" -n -v params
	k "${MP[@]}" -b hello
	k "${MP[@]}" -v -b mathuser
	lsm
	k "$BIN/modprobe" -d "$W/root" mathsvc
} | golden kernel-cmdline
khalt
unset LKM_SOCKET

# ---- the multi-call binary ------------------------------------------------------
("$BIN/lkm" modinfo -F name "$R/kernel/core/core_a.ko"; "$BIN/lkm" nosuchcommand; echo "exit $?") 2>&1 |
	head -3 | golden lkm-dispatch
exit 0
