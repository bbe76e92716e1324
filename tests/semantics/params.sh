#!/usr/bin/env bash
# params.sh - module parameters of every type (the in-tree params module):
# set at insmod, shown and written under /sys/module/params/parameters/
# where the mode allows, refused with Linux's messages and errnos when
# unknown or bad, listed by modinfo as parm: lines.
source "$(dirname "$0")/lib.sh"

PARAMS=/lib/modules/$RELEASE/extra/params.ko
P=/sys/module/params/parameters

session "insmod $PARAMS verbose=1 quiet=0 level=255 offset=-32768 port=65535 count=-5 mask=0x10 delta=-9 limit=18446744073709551615 greeting=hi label=abc values=9,8,7 flags=1,0,y secret=3" \
	"ls $P" "echo ---" \
	"cat $P/verbose $P/quiet $P/level $P/offset $P/port $P/count $P/mask $P/delta $P/limit $P/greeting $P/label $P/values $P/flags" \
	"echo ---" \
	"echo 5 > $P/count" "echo bye > $P/greeting" "echo 1,2 > $P/values" \
	"echo N > $P/verbose" "echo 7 > $P/port" "echo x > $P/count" \
	"cat $P/count $P/greeting $P/values $P/verbose $P/port" \
	"rmmod params" dmesg
expect "every-type-set-at-insmod" \
	"params: init: verbose=Y quiet=Y level=255 offset=-32768 port=65535 count=-5 mask=0x10" \
	"params: init: delta=-9 limit=18446744073709551615 greeting=hi label=abc secret=3" \
	"params: init: values=3 [9,8,7,0] flags=[Y,N,Y]"
listing=$(sed -n '/^---$/q;p' <<<"$OUT" | tail -n +1 | tr '\n' ' ')
if [[ $listing == *"count delta flags greeting label level limit mask offset port quiet values verbose "* &&
	$listing != *secret* ]]; then
	ok "sysfs-lists-parameters-mode-0-hidden"
else
	fail "sysfs-lists-parameters-mode-0-hidden" "$listing"
fi
shown=$(sed -n '/^---$/,/^---$/p' <<<"$OUT" | sed '1d;$d' | tr '\n' ' ')
if [[ $shown == "Y N 255 -32768 65535 -5 16 -9 18446744073709551615 hi abc 9,8,7 Y,N,Y " ]]; then
	ok "sysfs-shows-values-in-linux-format"
else
	fail "sysfs-shows-values-in-linux-format" "$shown"
fi
expect "sysfs-write-where-mode-allows" "5" "bye" "1,2" "N" \
	"params: exit: verbose=N quiet=Y level=255 offset=-32768 port=65535 count=5 mask=0x10" \
	"params: exit: delta=-9 limit=18446744073709551615 greeting=bye label=abc secret=3" \
	"params: exit: values=2 [1,2,7,0] flags=[Y,N,Y]"
expect_re "sysfs-read-only-parameter-refused" \
	".*: $P/port: Permission denied"
expect_re "sysfs-bad-value-refused" ".*: $P/count: Invalid argument"

session "insmod $PARAMS nosuch=1" "insmod $PARAMS count=abc" \
	"insmod $PARAMS level=256" "insmod $PARAMS values=1,2,3,4,5" \
	"insmod $PARAMS label=12345678901234567890" "insmod $PARAMS verbose=maybe" dmesg
expect "unknown-parameter-refused" \
	"insmod: ERROR: could not insert module $PARAMS: Unknown symbol in module" \
	"params: Unknown parameter \`nosuch'"
expect "bad-value-refused" \
	"insmod: ERROR: could not insert module $PARAMS: Invalid parameters" \
	"params: \`abc' invalid for parameter \`count'"
expect "out-of-range-refused" \
	"insmod: ERROR: could not insert module $PARAMS: Numerical result out of range" \
	"params: \`256' invalid for parameter \`level'"
expect "array-too-long-refused" "values: can only take 4 arguments" \
	"params: \`1,2,3,4,5' invalid for parameter \`values'"
expect "string-too-long-refused" \
	"insmod: ERROR: could not insert module $PARAMS: No space left on device" \
	"params: \`12345678901234567890' too large for parameter \`label'"
expect "bad-bool-refused" "params: \`maybe' invalid for parameter \`verbose'"

session "modinfo $PARAMS"
expect "modinfo-parm-lines" \
	"parm:           verbose:Say more (bool)" \
	"parm:           quiet:Inverted: quiet=0 means quiet (invbool)" \
	"parm:           level:A level from 0 to 255 (byte)" \
	"parm:           offset:A signed 16-bit offset (short)" \
	"parm:           port:A port number (ushort)" \
	"parm:           count:How many (int)" \
	"parm:           mask:A bit mask (uint)" \
	"parm:           delta:A signed offset (long)" \
	"parm:           limit:An upper bound (ulong)" \
	"parm:           greeting:A greeting (the kernel keeps the string) (charp)" \
	"parm:           label:A label (copied into 16 bytes) (string)" \
	"parm:           values:Up to four integers (array of int)" \
	"parm:           flags:Three switches (array of bool)"
