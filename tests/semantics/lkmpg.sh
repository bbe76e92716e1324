#!/usr/bin/env bash
# lkmpg.sh - Linux source compatibility: the classic first examples of
# The Linux Kernel Module Programming Guide, written in its style against
# <linux/*.h> (tests/semantics/lkmpg), build unmodified with the usual
# "make -C <tree> M=$PWD" (gcc and clang, no warnings) and with lkm-build
# alone, load, take their parameters and unload.
source "$(dirname "$0")/lib.sh"
# Our own makes, not jobs of a make that may be running this test.
unset MAKEFLAGS MFLAGS MAKELEVEL

for cc in gcc clang; do
	d=$S/lkmpg-$cc
	cp -r "$TOP/tests/semantics/lkmpg" "$d"
	if make -s -C "$TOP" M="$d" CC=$cc >"$S/make-$cc.log" 2>&1; then
		ok "lkmpg-builds-with-make-M-$cc"
	else
		fail "lkmpg-builds-with-make-M-$cc" "$(cat "$S/make-$cc.log")"
	fi
	if grep -v '^make' "$S/make-$cc.log" | grep -qi 'warning'; then
		fail "lkmpg-no-warnings-$cc" "$(cat "$S/make-$cc.log")"
	else
		ok "lkmpg-no-warnings-$cc"
	fi
	session "insmod lkmpg-$cc/hello-1.ko" "insmod lkmpg-$cc/hello-2.ko" \
		"insmod lkmpg-$cc/hello-3.ko" "insmod lkmpg-$cc/hello-4.ko" \
		"insmod lkmpg-$cc/hello-5.ko" "insmod lkmpg-$cc/startstop.ko" \
		"lsmod" "rmmod hello_1 hello_2 hello_3 hello_4 hello_5 startstop" dmesg
	expect "lkmpg-load-and-unload-$cc" \
		"hello-1: a first module says hello." \
		"hello-2: init with a name of its own." \
		"hello-3: the answer at init time is 42." \
		"hello-4: documented and loaded." \
		"hello-5: myshort is a short integer: 1" \
		"hello-5: myint is an integer: 420" \
		"hello-5: mylong is a long integer: 9999" \
		"hello-5: mystring is a string: blah" \
		"hello-5: myintarray[0] = 420" \
		"hello-5: got 0 arguments for myintarray." \
		"startstop: hello from start.c" \
		"hello-1: a first module says goodbye." \
		"hello-2: exit with a name of its own." \
		"hello-3: gone." \
		"hello-4: documented and unloaded." \
		"hello-5: goodbye, myint is now 420" \
		"startstop: goodbye from stop.c"
done

d=lkmpg-gcc
session "insmod $d/hello-5.ko mystring=bebop myshort=-255 myint=-1 mylong=-2147483649 myintarray=-1,1" \
	"cat /sys/module/hello_5/parameters/myint" \
	"echo 99 > /sys/module/hello_5/parameters/myint" \
	"cat /sys/module/hello_5/parameters/myshort" \
	"ls /sys/module/hello_5/parameters" "rmmod hello_5" \
	"insmod $d/hello-5.ko myintarray=1,2,3" "modinfo $d/hello-4.ko" \
	"modinfo $d/hello-5.ko" dmesg
expect "lkmpg-hello-5-parameters" \
	"hello-5: myshort is a short integer: -255" \
	"hello-5: myint is an integer: -1" \
	"hello-5: mylong is a long integer: -2147483649" \
	"hello-5: mystring is a string: bebop" \
	"hello-5: myintarray[0] = -1" "hello-5: myintarray[1] = 1" \
	"hello-5: got 2 arguments for myintarray." \
	"hello-5: goodbye, myint is now 99"
expect "lkmpg-hello-5-sysfs" "-1" "-255" "mylong"
expect_no "lkmpg-hello-5-mode-0-hidden" "mystring" "myintarray"
expect "lkmpg-hello-5-array-limit" \
	"myintarray: can only take 2 arguments" \
	"hello_5: \`1,2,3' invalid for parameter \`myintarray'"
expect "lkmpg-modinfo" "author:         A. Student <student@example.org>" \
	"description:    A module that documents itself" "version:        0.4" \
	"license:        GPL" \
	"parm:           myintarray:An array of integers (array of int)" \
	"parm:           mystring:A character string (charp)"

# lkm-build alone, straight from the sources.
if "$LKM_BUILD" --cc "$CC" -o "$S/hello-2.ko" "$TOP/tests/semantics/lkmpg/hello-2.c" \
	>"$S/lb.log" 2>&1 && ! grep -q . "$S/lb.log"; then
	ok "lkmpg-builds-with-lkm-build"
else
	fail "lkmpg-builds-with-lkm-build" "$(cat "$S/lb.log")"
fi

# Against an installed lkm (make install): headers and Module.symvers are
# found next to the installed lkm-build, and the module passes the
# installed kernel's version checks.
if make -s -C "$TOP" install DESTDIR="$S/inst" PREFIX=/usr >"$S/install.log" 2>&1 &&
	"$S/inst/usr/bin/lkm-build" --cc "$CC" -o "$S/inst-hello-5.ko" \
		"$TOP/tests/semantics/lkmpg/hello-5.c" >"$S/lb.log" 2>&1; then
	OUT=$(printf 'insmod inst-hello-5.ko\ndmesg\n' | (cd "$S" &&
		"$S/inst/usr/bin/lkm-kernel" 2>&1) | sed 's/^\[ *[0-9]*\.[0-9]*\] //')
	expect "lkmpg-builds-against-installed-lkm" "hello-5: myint is an integer: 420"
else
	fail "lkmpg-builds-against-installed-lkm" "$(cat "$S/install.log" "$S/lb.log")"
fi
