#!/usr/bin/env bash
# prepare-tree.sh DIR - Debian's linux-image-6.1 module tree for the depmod
# and modinfo benchmarks, never installed: apt-get download, dpkg -x.
#
# DIR/linux/plain is the package as shipped, DIR/linux/xz the same modules
# compressed as distributions ship them (xz --check=crc32, 1 MiB
# dictionary, as the kernel's own modules_install does).  Each tool gets a
# hard-linked copy of each (kmod-plain, lkm-plain, kmod-xz, lkm-xz) to
# write its index files into, so the module files are shared.
# Does nothing when DIR/linux/.ready exists.
set -euo pipefail
dir=$1/linux
[[ -e $dir/.ready ]] && exit 0
rm -rf "$dir" && mkdir -p "$dir"
pkg=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' |
	awk '{print $1}' | sort -V | tail -n 1)
if [[ -z $pkg ]]; then
	echo "prepare-tree: no linux-image-6.1.0-*-amd64 known to apt;" \
		"run apt-get update" >&2
	exit 1
fi
echo "prepare-tree: $pkg (download and unpack, then xz-compress a copy)" >&2
(cd "$dir" && apt-get download -q "$pkg" >&2)
dpkg -x "$dir"/"$pkg"_*.deb "$dir/plain"
rm -f "$dir"/"$pkg"_*.deb
cp -a "$dir/plain" "$dir/xz"
find "$dir/xz" -name '*.ko' -print0 |
	xargs -0 -P "$(nproc)" -n 64 xz --check=crc32 --lzma2=dict=1MiB
for t in kmod lkm; do
	for f in plain xz; do
		cp -al "$dir/$f" "$dir/$t-$f"
	done
done
touch "$dir/.ready"
