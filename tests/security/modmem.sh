#!/usr/bin/env bash
# modmem.sh - module memory is W^X as the host sees it: with modules
# loaded (and one unloaded again), the kernel process's own mappings, read
# from /proc/PID/maps on the host, have no page writable and executable,
# and no writable mapping of the module area's memfd covers a part of it
# that is mapped executable -- so no module's text is writable through any
# mapping once its load is done (kernel/hosted/modarea.c).
source "$(dirname "$0")/lib.sh"

mkfifo "$S/in"
(cd "$S" && exec "$KERNEL" --modroot "$MODROOT" <"$S/in" >"$S/out" 2>&1) &
pid=$!
exec 3>"$S/in"
printf '%s\n' "insmod $EXTRA/hello.ko" "insmod $EXTRA/mathsvc.ko" \
	"insmod $EXTRA/mathuser.ko" "insmod $EXTRA/zlib_selftest.ko" \
	"insmod $EXTRA/params.ko" "rmmod mathuser" "echo modules-loaded" >&3
for ((i = 0; i < 100; i++)); do
	grep -q '^modules-loaded$' "$S/out" 2>/dev/null && break
	sleep 0.1
done
cp "/proc/$pid/maps" "$S/maps" 2>/dev/null
echo poweroff >&3
exec 3>&-
wait "$pid"

if ! grep -q '^modules-loaded$' "$S/out"; then
	fail "modmem-setup" "the modules did not load: $(cat "$S/out")"
	exit 1
fi

# No address writable and executable at once, anywhere in the process.
wx=$(awk '$2 ~ /w/ && $2 ~ /x/' "$S/maps")
[[ -z $wx ]] && ok "modmem-no-wx-mapping" ||
	fail "modmem-no-wx-mapping" "writable and executable: $wx"

# Offsets of the module area's memfd mapped executable, and mapped
# writable: they must not meet.
xs=() xe=() ws=() we=()
while read -r range perms off _ _ path; do
	[[ $path == *memfd:lkm-module-area* ]] || continue
	lo=$((16#${range%-*})) hi=$((16#${range#*-})) off=$((16#$off))
	if [[ $perms == *x* ]]; then
		xs+=("$off") xe+=($((off + hi - lo)))
	fi
	if [[ $perms == *w* ]]; then
		ws+=("$off") we+=($((off + hi - lo)))
	fi
done <"$S/maps"
bad=
for i in "${!xs[@]}"; do
	for j in "${!ws[@]}"; do
		((xs[i] < we[j] && ws[j] < xe[i])) &&
			bad+=" $(printf '0x%x' "${xs[i]}")"
	done
done
if [[ -n $bad ]]; then
	fail "modmem-text-not-writable" "text at memfd offsets$bad is writable"
elif ((${#xs[@]} == 0)); then
	fail "modmem-text-not-writable" "no module text mapped: $(cat "$S/maps")"
else
	ok "modmem-text-not-writable"
fi
