#!/usr/bin/env bash
# ensure-packages.sh PKG... - make sure Debian packages are installed.
# Installs what is missing when run as root; otherwise prints the command.
set -euo pipefail
missing=()
for p in "$@"; do
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	[[ $st == ii* ]] || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0
if [[ $(id -u) == 0 ]]; then
	echo "lkm: installing Debian packages: ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
else
	echo "lkm: missing Debian packages; install them with:" >&2
	echo "  sudo apt-get install ${missing[*]}" >&2
	exit 1
fi
