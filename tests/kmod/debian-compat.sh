#!/usr/bin/env bash
# debian-compat.sh - our depmod and modinfo against Debian's kmod, on the
# real module tree of Debian's newest linux-image-6.1.0-*-amd64 package
# (about 4,000 signed modules).
#
# The package is downloaded once into $BUILD/kmod-cache (apt-get download,
# never installed) and unpacked there.  Debian's kmod is installed when
# missing (root).  Then:
#   - both depmods run on separate hard-linked copies of the tree; every
#     file they write must be byte-identical (text files and .bin indexes);
#   - Debian's modprobe must resolve modules through our .bin indexes
#     exactly as through its own (--show-depends by name, alias, symbol);
#   - modinfo, ours and Debian's, on every module with several option sets;
#   - the same on a copy where part of the tree is xz- and zstd-compressed.
# Prints "ok NAME" / "FAIL NAME: reason"; never skips silently: without
# the package or kmod it FAILs saying why.
set -uo pipefail

BUILD=${BUILD:-build}
BIN=${BIN:-$BUILD/bin}
BIN=$(cd "$BIN" && pwd)
CACHE=$BUILD/kmod-cache
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
export LC_ALL=C

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# ---- Debian's kmod ------------------------------------------------------------
DEB_KMOD=/bin/kmod
if ! dpkg-query -W -f='${db:Status-Abbrev}' kmod 2>/dev/null | grep -q '^ii'; then
	if [[ $(id -u) == 0 ]]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kmod \
			>/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				--no-install-recommends kmod >/dev/null 2>&1; }
	fi
fi
if [[ ! -x $DEB_KMOD ]]; then
	fail debian-kmod "Debian's kmod is not installed (apt-get install kmod as root)"
	exit 1
fi
# kmod dispatches on argv[0]; run its compat commands through named links.
mkdir -p "$CACHE/debian-bin"
for c in depmod modinfo modprobe; do
	ln -sf "$DEB_KMOD" "$CACHE/debian-bin/$c"
done
DEB_DEPMOD=$CACHE/debian-bin/depmod
DEB_MODINFO=$CACHE/debian-bin/modinfo
DEB_MODPROBE=$CACHE/debian-bin/modprobe
OUR_DEPMOD=$BIN/depmod
OUR_MODINFO=$BIN/modinfo
if [[ ! -x $OUR_DEPMOD || ! -x $OUR_MODINFO ]]; then
	fail lkm-tools "$BIN/depmod or $BIN/modinfo missing (make build/bin/lkm first)"
	exit 1
fi

# ---- the package ------------------------------------------------------------
# Concurrent runs share the cache: one at a time prepares it.
exec 9>"$CACHE/.lock"
flock 9
deb_file=$(ls "$CACHE"/linux-image-6.1.0-*-amd64_*_amd64.deb 2>/dev/null | sort -V | tail -1)
if [[ -z $deb_file ]]; then
	pkg=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' 2>/dev/null |
		awk '{print $1}' | sort -V | tail -1)
	if [[ -z $pkg && $(id -u) == 0 ]]; then
		apt-get update -qq >/dev/null 2>&1
		pkg=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' 2>/dev/null |
			awk '{print $1}' | sort -V | tail -1)
	fi
	if [[ -z $pkg ]]; then
		fail debian-package "no linux-image-6.1.0-*-amd64 package known to apt (apt-get update?)"
		exit 1
	fi
	if ! (cd "$CACHE" && apt-get download -q "$pkg" >"$CACHE/download.log" 2>&1); then
		fail debian-package "apt-get download $pkg failed: $(tail -1 "$CACHE/download.log")"
		exit 1
	fi
	deb_file=$(ls "$CACHE"/linux-image-6.1.0-*-amd64_*_amd64.deb 2>/dev/null | sort -V | tail -1)
fi
if [[ -z $deb_file ]]; then
	fail debian-package "the downloaded package is not in $CACHE"
	exit 1
fi
if [[ ! -f $CACHE/image.stamp || $(cat "$CACHE/image.stamp") != "$deb_file" ]]; then
	rm -rf "$CACHE/image"
	if ! dpkg -x "$deb_file" "$CACHE/image"; then
		fail debian-package "dpkg -x $deb_file failed"
		exit 1
	fi
	echo "$deb_file" >"$CACHE/image.stamp"
fi
kver=$(ls "$CACHE/image/lib/modules" | head -1)
nmods=$(find "$CACHE/image/lib/modules/$kver" -name '*.ko' | wc -l)
echo "# $(basename "$deb_file"): $nmods modules, release $kver"
if ((nmods < 1000)); then
	fail debian-package "only $nmods modules in $deb_file"
	exit 1
fi

# ---- depmod -----------------------------------------------------------------
WORK=$(mktemp -d "$CACHE/work.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/conf"
# Each depmod gets a fresh tree: the modules hard-linked, no old outputs.
fresh_tree() {
	mkdir -p "$1/lib/modules"
	cp -al "$CACHE/image/lib/modules/$kver" "$1/lib/modules/"
	rm -f "$1/lib/modules/$kver"/modules.{dep,alias,softdep,symbols,devname}*
	rm -f "$1/lib/modules/$kver"/modules.builtin.{bin,alias.bin}
}

# compare_trees NAME DIR_A DIR_B: every depmod output, byte for byte.
compare_trees() {
	local name=$1 a=$2 b=$3 f n=0 bad=()
	for f in modules.dep modules.alias modules.softdep modules.symbols modules.devname \
		modules.dep.bin modules.alias.bin modules.symbols.bin modules.builtin.bin \
		modules.builtin.alias.bin; do
		if [[ ! -e $a/$f ]]; then
			bad+=("$f missing from Debian's output")
		elif [[ ! -e $b/$f ]]; then
			bad+=("$f missing from ours")
		elif ! cmp -s "$a/$f" "$b/$f"; then
			bad+=("$f differs ($(diff "$a/$f" "$b/$f" | grep -c '^[<>]') lines)")
		else
			n=$((n + 1))
		fi
	done
	if ((${#bad[@]})); then
		fail "$name" "${bad[*]}"
	else
		ok "$name ($n files identical)"
	fi
}

fresh_tree "$WORK/debian"
fresh_tree "$WORK/lkm"
t0=$(now)
"$DEB_DEPMOD" -C "$WORK/conf" -b "$WORK/debian" "$kver" 2>"$WORK/debian-depmod.err"
t1=$(now)
"$OUR_DEPMOD" -C "$WORK/conf" -b "$WORK/lkm" "$kver" 2>"$WORK/lkm-depmod.err"
t2=$(now)
echo "# depmod on $nmods modules: Debian $(elapsed "$t0" "$t1")s, lkm $(elapsed "$t1" "$t2")s"
compare_trees depmod-debian-tree "$WORK/debian/lib/modules/$kver" "$WORK/lkm/lib/modules/$kver"
if cmp -s "$WORK/debian-depmod.err" "$WORK/lkm-depmod.err"; then
	ok depmod-debian-tree-stderr
else
	fail depmod-debian-tree-stderr "diagnostics differ: $(diff "$WORK/debian-depmod.err" "$WORK/lkm-depmod.err" | head -3 | tr '\n' ' ')"
fi

# depmod -n prints the text files, in order, to stdout.
"$DEB_DEPMOD" -n -C "$WORK/conf" -b "$WORK/debian" "$kver" >"$WORK/debian-n.out" 2>/dev/null
"$OUR_DEPMOD" -n -C "$WORK/conf" -b "$WORK/lkm" "$kver" >"$WORK/lkm-n.out" 2>/dev/null
if cmp -s "$WORK/debian-n.out" "$WORK/lkm-n.out"; then
	ok depmod-n-stdout
else
	fail depmod-n-stdout "depmod -n output differs"
fi

# ---- Debian's modprobe reads our indexes --------------------------------------
probe_names="btrfs ext4 xfs nf_tables snd-hda-intel e1000e kvm-intel fs-vfat char-major-10-234 symbol:jbd2_journal_start pci:v00008086d000010D3sv*sd*bc*sc*i*"
bad=()
n=0
for m in $probe_names; do
	a=$("$DEB_MODPROBE" -S "$kver" -d "$WORK/debian" --show-depends "$m" 2>&1 |
		sed "s|$WORK/debian|ROOT|g")
	b=$("$DEB_MODPROBE" -S "$kver" -d "$WORK/lkm" --show-depends "$m" 2>&1 |
		sed "s|$WORK/lkm|ROOT|g")
	if [[ $a != "$b" || -z $a ]]; then
		bad+=("$m")
	else
		n=$((n + 1))
	fi
done
if ((${#bad[@]})); then
	fail debian-modprobe-reads-our-indexes "differs for: ${bad[*]}"
else
	ok "debian-modprobe-reads-our-indexes ($n lookups)"
fi

# Our modprobe against Debian's: --show-depends for every module of the tree.
# Both read the same modprobe.d (the host's, which Debian's reads whatever
# -d says, while ours reads the one inside the module root).
mkdir -p "$WORK/modprobe.d"
cp /lib/modprobe.d/*.conf /etc/modprobe.d/*.conf "$WORK/modprobe.d/" 2>/dev/null
sed 's|.*/||; s|\.ko$||' <(find "$CACHE/image/lib/modules/$kver" -name '*.ko' | sort) >"$WORK/names.list"
xargs -a "$WORK/names.list" "$DEB_MODPROBE" -C "$WORK/modprobe.d" -S "$kver" -d "$WORK/debian" \
	-a --show-depends 2>&1 | sed "s|$WORK/debian|ROOT|g" >"$WORK/modprobe.debian"
t0=$(now)
xargs -a "$WORK/names.list" "$BIN/modprobe" -C "$WORK/modprobe.d" -S "$kver" -d "$WORK/lkm" \
	-a --show-depends 2>&1 |
	sed "s|$WORK/lkm|ROOT|g" >"$WORK/modprobe.lkm"
t1=$(now)
if cmp -s "$WORK/modprobe.debian" "$WORK/modprobe.lkm" && [[ -s $WORK/modprobe.lkm ]]; then
	ok "modprobe-show-depends-all ($(wc -l <"$WORK/names.list") modules, $(wc -l <"$WORK/modprobe.lkm") lines)"
else
	fail modprobe-show-depends-all "differs: $(diff "$WORK/modprobe.debian" "$WORK/modprobe.lkm" | head -3 | tr '\n' ' ')"
fi

# ---- modinfo ----------------------------------------------------------------
find "$CACHE/image/lib/modules/$kver" -name '*.ko' | sort >"$WORK/modules.list"
# modinfo_compare NAME LIST OPTIONS...: both modinfos over every file of LIST,
# in two parallel halves.
modinfo_compare() {
	local name=$1 list=$2
	shift 2
	local half=$(($(wc -l <"$list") / 2 + 1))
	split -l "$half" "$list" "$WORK/part."
	for p in "$WORK"/part.*; do
		(xargs -a "$p" "$DEB_MODINFO" "$@" >"$p.debian" 2>&1) &
		(xargs -a "$p" "$OUR_MODINFO" "$@" >"$p.lkm" 2>&1) &
	done
	wait
	local bad=0
	for p in "$WORK"/part.??; do
		cmp -s "$p.debian" "$p.lkm" || bad=1
	done
	if ((bad)); then
		fail "$name" "output differs: $(for p in "$WORK"/part.??; do diff "$p.debian" "$p.lkm"; done | head -4 | tr '\n' ' ')"
	else
		ok "$name ($(wc -l <"$list") modules)"
	fi
	rm -f "$WORK"/part.*
}
t0=$(now)
modinfo_compare modinfo-all "$WORK/modules.list"
t1=$(now)
modinfo_compare modinfo-null "$WORK/modules.list" -0
modinfo_compare modinfo-F-signature "$WORK/modules.list" -F signature
modinfo_compare modinfo-parameters "$WORK/modules.list" -p
modinfo_compare modinfo-F-alias "$WORK/modules.list" -F alias
modinfo_compare modinfo-adln "$WORK/modules.list" -a -d -l -n
echo "# modinfo over all modules, both tools, 2 jobs: $(elapsed "$t0" "$t1")s"

# modinfo by name and alias, through the module tree (ours read by ours).
bad=()
for m in btrfs snd_hda_intel snd-hda-intel fs-btrfs char-major-10-234 crc32c_generic; do
	# A relative -b is taken from the current directory.
	a=$(cd "$WORK" && "$DEB_MODINFO" -b debian -k "$kver" "$m" 2>&1 | sed "s|$WORK/debian|ROOT|g")
	b=$(cd "$WORK" && "$OUR_MODINFO" -b lkm -k "$kver" "$m" 2>&1 | sed "s|$WORK/lkm|ROOT|g")
	[[ $a == "$b" ]] || bad+=("$m")
done
if ((${#bad[@]})); then
	fail modinfo-lookup-in-tree "differs for: ${bad[*]}"
else
	ok modinfo-lookup-in-tree
fi

# ---- compressed modules ----------------------------------------------------------
# Part of the tree compressed (xz and zstd, which Debian's kmod reads; it was
# built without zlib, so .ko.gz is tested in the golden tests only).
comp_tree() {
	local dst=$1
	mkdir -p "$dst/lib/modules/$kver"
	(cd "$CACHE/image/lib/modules/$kver" &&
		find kernel/fs kernel/crypto kernel/lib -name '*.ko' | sort) >"$WORK/comp.list"
	(cd "$CACHE/image/lib/modules/$kver" && cp -al kernel modules.order modules.builtin \
		modules.builtin.modinfo "$dst/lib/modules/$kver/")
	local i=0 f
	while read -r f; do
		rm -f "$dst/lib/modules/$kver/$f"
		if ((i % 2)); then
			echo "xz $f"
		else
			echo "zstd $f"
		fi
		i=$((i + 1))
	done <"$WORK/comp.list" >"$WORK/comp.jobs"
	# The suffix changes in modules.order too, as kbuild writes it.
	awk -v list="$WORK/comp.jobs" 'BEGIN { while ((getline l < list) > 0) { split(l, a, " "); s[a[2]] = a[1] } }
		{ if ($0 in s) print $0 (s[$0] == "xz" ? ".xz" : ".zst"); else print }' \
		"$CACHE/image/lib/modules/$kver/modules.order" >"$dst/lib/modules/$kver/modules.order.new"
	mv "$dst/lib/modules/$kver/modules.order.new" "$dst/lib/modules/$kver/modules.order"
}
if [[ ! -f $CACHE/comp.stamp || $(cat "$CACHE/comp.stamp") != "$deb_file" ]]; then
	rm -rf "$CACHE/comp"
	comp_tree "$CACHE/comp"
	src=$CACHE/image/lib/modules/$kver
	dst=$CACHE/comp/lib/modules/$kver
	grep '^xz ' "$WORK/comp.jobs" | cut -d' ' -f2 |
		xargs -P2 -I{} sh -c "xz -1 -c '$src/{}' > '$dst/{}.xz'"
	grep '^zstd ' "$WORK/comp.jobs" | cut -d' ' -f2 |
		xargs -P2 -I{} sh -c "zstd -q -3 -c '$src/{}' > '$dst/{}.zst'"
	echo "$deb_file" >"$CACHE/comp.stamp"
fi
flock -u 9
rm -rf "$WORK/comp-debian" "$WORK/comp-lkm"
mkdir -p "$WORK/comp-debian/lib/modules" "$WORK/comp-lkm/lib/modules"
cp -al "$CACHE/comp/lib/modules/$kver" "$WORK/comp-debian/lib/modules/"
cp -al "$CACHE/comp/lib/modules/$kver" "$WORK/comp-lkm/lib/modules/"
"$DEB_DEPMOD" -C "$WORK/conf" -b "$WORK/comp-debian" "$kver" 2>/dev/null
"$OUR_DEPMOD" -C "$WORK/conf" -b "$WORK/comp-lkm" "$kver" 2>/dev/null
ncomp=$(find "$CACHE/comp" -name '*.ko.xz' -o -name '*.ko.zst' | wc -l)
compare_trees "depmod-compressed-tree ($ncomp compressed)" \
	"$WORK/comp-debian/lib/modules/$kver" "$WORK/comp-lkm/lib/modules/$kver"
find "$CACHE/comp" -name '*.ko.xz' -o -name '*.ko.zst' | sort >"$WORK/comp-modules.list"
modinfo_compare modinfo-compressed "$WORK/comp-modules.list"

exit 0
