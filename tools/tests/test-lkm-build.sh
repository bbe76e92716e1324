#!/usr/bin/env bash
# test-lkm-build.sh - golden-output tests of lkm-build and the Kbuild-style
# directory build, against a stand-in kernel built from tools/tests/lkm-build/.
#
#   test-lkm-build.sh LKM_BUILD TREE [CC]
#
# Every case builds in a scratch directory that is removed at the end; the
# script prints one line per case and exits non-zero if any failed.
set -uo pipefail

LKM_BUILD=$(realpath "$1")
TREE=$(realpath "$2")
CC=${3:-cc}
FIX=$TREE/tools/tests/lkm-build
S=$(mktemp -d "${TMPDIR:-/tmp}/lkm-build-test.XXXXXX")
trap 'rm -rf "$S"' EXIT
mkdir "$S/tmp"
export TMPDIR=$S/tmp LKM_TREE=$TREE
fails=0

ok() { echo "ok   $1"; }
fail() { echo "FAIL $1${2:+: $2}"; fails=$((fails + 1)); }
# lb ARGS...: run lkm-build, output in $S/log; returns its status.
lb() { "$LKM_BUILD" --cc "$CC" "$@" >"$S/log" 2>&1; }
modinfo() { readelf -p .modinfo "$1" | sed -n 's/^ *\[ *[0-9a-f]*\]  //p'; }
has_line() { grep -qxF -- "$2" <<<"$1"; }

vermagic=$(printf '#include <lkm/version.h>\nLKM_VERMAGIC\n' |
	"$CC" -E -P -I"$TREE/include" - | tail -1 | sed 's/" *"//g; s/"//g')

# The stand-in kernel and its symvers.
"$CC" -no-pie -I"$TREE/include" -o "$S/kernel" "$FIX/fake_kernel.c" ||
	{ echo "FAIL cannot build the stand-in kernel"; exit 1; }
"$LKM_BUILD" --kernel-symvers "$S/kernel" -o "$S/kernel.symvers"
expect=$(printf '0x00000000\t%s\tvmlinux\t%s\t%s\n' \
	kernel_gpl_only EXPORT_SYMBOL_GPL '' \
	kernel_in_ns EXPORT_SYMBOL TEST_NS \
	printk EXPORT_SYMBOL '')
if [[ $(cat "$S/kernel.symvers") == "$expect" ]]; then
	ok "kernel-symvers of an ET_EXEC"
else
	fail "kernel-symvers of an ET_EXEC" "$(cat "$S/kernel.symvers")"
fi
"$CC" -pie -fpie -I"$TREE/include" -o "$S/kernel-pie" "$FIX/fake_kernel.c"
if "$LKM_BUILD" --kernel-symvers "$S/kernel-pie" | cmp -s - "$S/kernel.symvers"; then
	ok "kernel-symvers of a PIE"
else
	fail "kernel-symvers of a PIE"
fi

# hello: the generated .modinfo.
if lb -o "$S/hello-world.ko" --intree "$TREE/modules/hello/hello.c" \
	--symvers "$S/kernel.symvers"; then
	mi=$(modinfo "$S/hello-world.ko")
	if has_line "$mi" "name=hello_world" &&
		has_line "$mi" "vermagic=$vermagic" &&
		has_line "$mi" "depends=" && has_line "$mi" "intree=Y" &&
		has_line "$mi" "license=GPL" &&
		[[ $(readelf -h "$S/hello-world.ko") == *"REL (Relocatable"* ]]; then
		ok "hello: name, vermagic, depends=, intree"
	else
		fail "hello: modinfo" "$mi"
	fi
else
	fail "hello: build" "$(cat "$S/log")"
fi

# Exporter: its symvers; importer: depends and no warnings.
if lb -o "$S/provider.ko" "$FIX/provider.c" --symvers "$S/kernel.symvers" \
	--modpath mods/provider --export-symvers "$S/provider.symvers"; then
	expect=$(printf '0x00000000\t%s\tmods/provider\t%s\t%s\n' \
		prov_gpl EXPORT_SYMBOL_GPL '' \
		prov_ns EXPORT_SYMBOL PROV_NS \
		prov_plain EXPORT_SYMBOL '')
	# every export has a symbol version (a CRC that is not zero)
	if [[ $(sed 's/^0x[0-9a-f]\{8\}/0xCRC/' "$S/provider.symvers") == \
		"$(sed 's/^0x00000000/0xCRC/' <<<"$expect")" ]] &&
		! grep -q '^0x00000000' "$S/provider.symvers"; then
		ok "provider: export-symvers"
	else
		fail "provider: export-symvers" "$(cat "$S/provider.symvers")"
	fi
else
	fail "provider: build" "$(cat "$S/log")"
fi
if lb -o "$S/consumer.ko" "$FIX/consumer.c" --symvers "$S/kernel.symvers" \
	--symvers "$S/provider.symvers"; then
	if has_line "$(modinfo "$S/consumer.ko")" "depends=provider"; then
		ok "consumer: depends=provider"
	else
		fail "consumer: depends" "$(modinfo "$S/consumer.ko")"
	fi
	want='WARNING: module consumer uses symbol kernel_in_ns from namespace TEST_NS, but does not import it.'
	if grep -qxF "$want" "$S/log" && ! grep -q undefined "$S/log"; then
		ok "consumer: namespace warning only"
	else
		fail "consumer: warnings" "$(cat "$S/log")"
	fi
else
	fail "consumer: build" "$(cat "$S/log")"
fi

# Undefined symbols: a warning, not an error; none with HOST_LIBC.
if lb -o "$S/c2.ko" "$FIX/consumer.c" -DUSE_NOWHERE \
	--symvers "$S/kernel.symvers" --symvers "$S/provider.symvers" &&
	grep -qxF "WARNING: \"nowhere\" [$S/c2.ko] undefined!" "$S/log"; then
	ok "undefined symbol warning"
else
	fail "undefined symbol warning" "$(cat "$S/log")"
fi
if lb -o "$S/c3.ko" "$FIX/consumer.c" -DUSE_NOWHERE -DHOST \
	--symvers "$S/kernel.symvers" --symvers "$S/provider.symvers" &&
	! grep -q undefined "$S/log"; then
	ok "HOST_LIBC silences undefined warnings"
else
	fail "HOST_LIBC silences undefined warnings" "$(cat "$S/log")"
fi

# A GPL-incompatible module using a GPL-only export fails, leaving nothing.
if ! lb -o "$S/c4.ko" "$FIX/consumer.c" -DPROPRIETARY \
	--symvers "$S/kernel.symvers" --symvers "$S/provider.symvers" &&
	grep -qxF "ERROR: GPL-incompatible module $S/c4.ko uses GPL-only symbol 'prov_gpl'" "$S/log" &&
	[[ ! -e $S/c4.ko ]]; then
	ok "GPL-only export refused to a proprietary module"
else
	fail "GPL-only export refused" "$(cat "$S/log")"
fi

# Archives are linked whole.
"$CC" -c -o "$S/lib_used.o" "$FIX/lib_used.c" &&
	"$CC" -c -o "$S/lib_unused.o" "$FIX/lib_unused.c" &&
	ar rcs "$S/libt.a" "$S/lib_used.o" "$S/lib_unused.o"
if lb -o "$S/archive_user.ko" "$FIX/archive_user.c" "$S/libt.a" \
	--symvers "$S/kernel.symvers" &&
	nm "$S/archive_user.ko" | grep -q ' T lib_unused$'; then
	ok "archives linked whole"
else
	fail "archives linked whole" "$(cat "$S/log")"
fi

# Compiler flags pass through and override the defaults.
if lb -o "$S/hello_pic.ko" -fpic -O0 -DEXTRA=1 "$TREE/modules/hello/hello.c" \
	--symvers "$S/kernel.symvers" &&
	! readelf -r "$S/hello_pic.ko" |
	awk '/^Relocation section/ { debug = ($3 ~ /debug/) } !debug' |
	grep -q 'R_X86_64_32 '; then
	ok "-fpic -O0 pass through"
else
	fail "-fpic -O0 pass through" "$(cat "$S/log")"
fi

# Failures: a clear message and a non-zero status.
if ! lb -o "$S/bad.ko" "$S/missing.c" && grep -q 'failed' "$S/log" &&
	! lb -o "$S/bad.ko" "$FIX/provider.c" x.txt &&
	grep -q 'unknown kind of input' "$S/log" &&
	! lb "$FIX/provider.c" && grep -q 'no output' "$S/log"; then
	ok "failures reported"
else
	fail "failures reported" "$(cat "$S/log")"
fi

# Nothing is left in TMPDIR.
if [[ -z $(ls -A "$S/tmp") ]]; then
	ok "temporaries removed"
else
	fail "temporaries removed" "$(ls -A "$S/tmp")"
fi

# The Kbuild-style directory build (the inner make of make M=).
cp -r "$FIX/kbuild" "$S/kb"
if make --no-print-directory -f "$TREE/tools/kbuild-dir.mk" M="$S/kb" \
	LKM_TOP="$TREE" LKM_BUILD="$LKM_BUILD" \
	LKM_KERNEL_SYMVERS="$S/kernel.symvers" KERNELRELEASE=test CC="$CC" \
	lkm-kbuild-modules >"$S/log" 2>&1; then
	mi=$(modinfo "$S/kb/kb-user.ko")
	if has_line "$mi" "name=kb_user" && has_line "$mi" "depends=kbsvc" &&
		[[ -e $S/kb/kbsvc.ko ]] &&
		grep -qF "kbsvc_add	$S/kb/kbsvc	EXPORT_SYMBOL" "$S/kb/Module.symvers" &&
		! grep -q WARNING "$S/log"; then
		ok "make M=: obj-m, foo-objs, ccflags-y, cross-module depends"
	else
		fail "make M=" "$mi $(cat "$S/log")"
	fi
else
	fail "make M=: build" "$(cat "$S/log")"
fi

if ((fails)); then
	echo "$fails lkm-build test(s) failed"
	exit 1
fi
echo "all lkm-build tests passed"
