#!/usr/bin/env bash
# fuzz.sh [TARGET...] - run libFuzzer targets for a bounded time each.
#
# Environment: FUZZ_OUT (the build's fuzz directory: bin/, seeds/), and
# FUZZ_SECONDS (per target, default 60).  Run from the top of the tree: the
# inputs of tests/fuzz/regressions/<target>/ are run too.  Without arguments, every target
# in $FUZZ_OUT/bin.  Each run starts from the seeds and the corpus grown by
# earlier runs ($FUZZ_OUT/corpus/<target>), and writes any crash to
# $FUZZ_OUT/crashes/<target>/ and its log to $FUZZ_OUT/logs/<target>.log.
# Prints one line per target for tests/run.sh:
#   ok fuzz_<target>: <N> executions in <S> s, corpus <C> inputs
#   FAIL fuzz_<target>: <the sanitizer's or libFuzzer's first error line>
# and appends "<date> <target> <executions> <seconds> <corpus>" to
# $FUZZ_OUT/stats, from which docs/RELIABILITY.md takes its figures.
set -uo pipefail
: "${FUZZ_OUT:?set FUZZ_OUT to the fuzz build directory}"
secs=${FUZZ_SECONDS:-60}
targets=("$@")
if ((${#targets[@]} == 0)); then
	for f in "$FUZZ_OUT"/bin/*; do
		[[ -x $f ]] && targets+=("$(basename "$f")")
	done
fi
((${#targets[@]})) || { echo "FAIL fuzz: no fuzz targets in $FUZZ_OUT/bin"; exit 1; }
failed=0
mkdir -p "$FUZZ_OUT/logs"
for t in "${targets[@]}"; do
	corpus=$FUZZ_OUT/corpus/$t
	crashes=$FUZZ_OUT/crashes/$t
	log=$FUZZ_OUT/logs/$t.log
	mkdir -p "$corpus" "$crashes"
	# the regression inputs run first, under clang's sanitizers too
	regressions=
	[[ -d tests/fuzz/regressions/$t ]] && regressions=tests/fuzz/regressions/$t
	"$FUZZ_OUT/bin/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=262144 -print_final_stats=1 -artifact_prefix="$crashes/" \
		"$corpus" "$FUZZ_OUT/seeds/$t" $regressions >"$log" 2>&1
	status=$?
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
	n=$(find "$corpus" -type f | wc -l)
	if ((status == 0)) && [[ -n $runs ]]; then
		echo "ok fuzz_$t: $runs executions in $secs s, corpus $n inputs"
		echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $t $runs $secs $n" >>"$FUZZ_OUT/stats"
	else
		why=$(grep -m1 -E 'ERROR|invariant broken|runtime error|Assertion' "$log" || tail -1 "$log")
		echo "FAIL fuzz_$t: status $status: $why (inputs in $crashes, log $log)"
		tail -60 "$log" >&2
		failed=1
	fi
done
exit $failed
