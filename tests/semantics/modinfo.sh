#!/usr/bin/env bash
# modinfo.sh - modinfo on every in-tree module shows licence, version,
# vermagic, dependencies, parameters and imported namespaces: the kernel
# console's modinfo, and the kmod-compatible build/bin/modinfo when built.
source "$(dirname "$0")/lib.sh"

EXTRA=/lib/modules/$RELEASE/extra
mods=$(sed -n 's/^LKM_MODULES := //p' "$TOP/modules/modules.mk")
cmds=()
for m in $mods; do
	cmds+=("modinfo $EXTRA/$m.ko")
done
session "${cmds[@]}"
for m in $mods; do
	block=$(sed -n "\|^filename: *$EXTRA/$m.ko\$|,/^filename:/p" <<<"$OUT")
	missing=""
	for f in license version vermagic depends name; do
		grep -q "^$f: " <<<"$block" || missing+=" $f"
	done
	grep -qxF "vermagic:       $VERMAGIC" <<<"$block" || missing+=" vermagic-value"
	if [[ -z $missing ]]; then
		ok "modinfo-$m-licence-version-vermagic-depends"
	else
		fail "modinfo-$m-licence-version-vermagic-depends" "missing:$missing in
$block"
	fi
done
expect "modinfo-dependencies" "depends:        mathsvc"
expect "modinfo-namespaces" "import_ns:      HOST_LIBC"
expect "modinfo-parameters" "parm:           values:Up to four integers (array of int)"

# The kmod-compatible tool reads the same files from the host.
if [[ -x $BIN/modinfo ]]; then
	host=$MODROOT/$RELEASE/extra
	out=$("$BIN/modinfo" "$host/mathuser.ko" "$host/zlib_selftest.ko" \
		"$host/params.ko" 2>&1)
	if grep -qxF "depends:        mathsvc" <<<"$out" &&
		grep -qxF "import_ns:      HOST_LIBC" <<<"$out" &&
		grep -qxF "vermagic:       $VERMAGIC" <<<"$out" &&
		grep -qxF "parm:           count:How many (int)" <<<"$out"; then
		ok "kmod-modinfo-in-tree-modules"
	else
		fail "kmod-modinfo-in-tree-modules" "$out"
	fi
	out=$("$BIN/modinfo" -F vermagic "$host/hello.ko" 2>&1)
	if [[ $out == "$VERMAGIC" ]]; then
		ok "kmod-modinfo-F-vermagic"
	else
		fail "kmod-modinfo-F-vermagic" "$out"
	fi
else
	echo "SKIP kmod-modinfo-in-tree-modules: $BIN/modinfo not built"
fi
