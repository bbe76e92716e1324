#!/usr/bin/env bash
# run.sh TEST... - run test programs and aggregate their results.
#
# Each TEST is an executable (or a .sh script, run with bash) that prints
# one line per test case: "ok NAME" or "FAIL NAME: reason" ("SKIP NAME:
# reason" is shown and counted apart, never as passed).  Its other output
# is passed through.  A program that exits non-zero without a FAIL line, or
# reports nothing at all, counts as one failure of its own.  The last line
# printed is exactly "N passed, N failed"; the exit status is 1 if any
# failed.
set -uo pipefail

passed=0
failed=0
skipped=0
timeout_s=${CHECK_TIMEOUT:-600}

for t in "$@"; do
	if [[ $t == *.sh ]]; then
		cmd=(bash "$t")
	else
		cmd=("$t")
	fi
	out=$(mktemp)
	if command -v timeout >/dev/null; then
		timeout "$timeout_s" "${cmd[@]}" | tee "$out"
	else
		"${cmd[@]}" | tee "$out"
	fi
	status=${PIPESTATUS[0]}
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^FAIL ' "$out")
	s=$(grep -c '^SKIP ' "$out")
	rm -f "$out"
	if ((status != 0 && f == 0)); then
		echo "FAIL $t: exited with status $status"
		f=1
	elif ((p + f + s == 0)); then
		echo "FAIL $t: reported no results"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
done

((skipped)) && echo "$skipped skipped (not counted as passed)"
echo "$passed passed, $failed failed"
((failed == 0))
