#!/usr/bin/env bash
# seeds.sh OUT BUILD BIN - the fuzz targets' seed corpora, in OUT/<target>/.
#
# Binary seeds are made from what the build produced: every module (test
# fixtures, in-tree modules, the kernel's fixture modules), the same with
# an appended signature (a real PKCS#7 one if openssl is installed, else a
# syntactically plausible blob), the hostile corpus (tests/hostile, if
# built), and kmod indexes written by our depmod over a small tree.  Text
# seeds (configuration files) are committed in tests/fuzz/seeds/.
set -euo pipefail
OUT=$1 BUILD=$2 BIN=$3
HERE=$(cd "$(dirname "$0")" && pwd)
rm -rf "$OUT"
mkdir -p "$OUT"/{load,modinfo,signature,kmod_elf,kmod_index,modprobe_conf,depmod_conf}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

mods=()
for f in "$BUILD"/tests/modules/*.ko "$BUILD"/modules/*.ko "$BUILD"/kernel/tests/*.ko; do
	[[ -f $f ]] && mods+=("$f")
done
((${#mods[@]})) || { echo "seeds.sh: no modules under $BUILD" >&2; exit 1; }
for f in "${mods[@]}"; do
	base=${f#"$BUILD"/}
	base=${base//\//-}
	for t in load modinfo kmod_elf; do
		cp "$f" "$OUT/$t/$base"
	done
done

# Linux's trailer: PKCS#7 blob, struct module_signature (id_type 2 =
# PKCS#7, big-endian length last), then the marker.
sign() { # sign IN OUT SIGFILE
	local len
	len=$(stat -c %s "$3")
	{
		cat "$1" "$3"
		printf '\0\0\2\0\0\0\0\0'
		printf "\\$(printf %03o $((len >> 24 & 255)))\\$(printf %03o $((len >> 16 & 255)))"
		printf "\\$(printf %03o $((len >> 8 & 255)))\\$(printf %03o $((len & 255)))"
		printf '~Module signature appended~\n'
	} >"$2"
}
if command -v openssl >/dev/null &&
	openssl req -new -nodes -utf8 -sha256 -days 1 -batch -x509 \
		-subj /CN=lkm-fuzz -newkey rsa:2048 -keyout "$W/key.pem" \
		-out "$W/cert.pem" 2>/dev/null; then
	sign_blob() { openssl cms -sign -in "$1" -signer "$W/cert.pem" -inkey "$W/key.pem" \
		-binary -noattr -nocerts -outform DER -md sha256 -out "$2" 2>/dev/null; }
else
	sign_blob() { printf '\x30\x82\x01\x00\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02' >"$2"; }
fi
n=0
for f in "${mods[@]}"; do
	((n++ < 6)) || break
	base=signed-$(basename "$f")
	sign_blob "$f" "$W/sig" || printf '\x30\x03\x02\x01\x00' >"$W/sig"
	sign "$f" "$OUT/signature/$base" "$W/sig"
	cp "$OUT/signature/$base" "$OUT/kmod_elf/$base"
	cp "$OUT/signature/$base" "$OUT/load/$base"
done
cp "${mods[0]}" "$OUT/signature/unsigned.ko"
printf '~Module signature appended~\n' >"$OUT/signature/marker-only"

# The sample of the hostile corpus tests/robust.mk has written, if any.
if [[ -d $BUILD/tests/hostile/corpus ]]; then
	find "$BUILD/tests/hostile/corpus" -type f ! -name '.*' |
		while read -r f; do cp "$f" "$OUT/load/hostile-$(basename "$f")"; done
fi

# Indexes: our depmod over a tree of the modules, with built-in modules.
R=$W/tree/lib/modules/0.0.0-seed
mkdir -p "$R/kernel" "$R/extra"
for f in "${mods[@]}"; do
	base=${f#"$BUILD"/}
	cp "$f" "$R/extra/${base//\//-}"
done
printf 'kernel/fixture/builtin_mod.ko\nkernel/fixture/other.ko\n' >"$R/modules.builtin"
printf 'builtin_mod.alias=fixture:builtin\0builtin_mod.alias=pci:v00001AF4d00001005sv*sd*bc*sc*i*\0other.alias=fixture:other*\0' \
	>"$R/modules.builtin.modinfo"
if ! "$BIN/depmod" -b "$W/tree" 0.0.0-seed 2>/dev/null; then
	echo "seeds.sh: depmod failed; no index seeds this time" >&2
fi
for f in "$R"/*.bin; do
	[[ -f $f ]] && cp "$f" "$OUT/kmod_index/$(basename "$f")"
done

cp "$HERE"/seeds/modprobe_conf/* "$OUT/modprobe_conf/"
cp "$HERE"/seeds/depmod_conf/* "$OUT/depmod_conf/"
for t in "$OUT"/*; do
	n=$(find "$t" -type f | wc -l)
	((n)) || { echo "seeds.sh: no seeds for $(basename "$t")" >&2; exit 1; }
done
