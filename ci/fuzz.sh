#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the libFuzzer harness of the hypervisor's config validator for
# FUZZ_SECONDS (default 60). Seeds: hypervisor/tests/fuzz/corpus plus the
# compiled configs in $BUILD/configs if present. New inputs and crash
# artifacts stay under $BUILD/fuzz/. Exits non-zero on a finding.
set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
OUT=$BUILD/fuzz
LOG=$OUT/fuzz_config.log

mkdir -p "$OUT/corpus" "$OUT/artifacts"
if ! make -s -C "$TOP/hypervisor/tests" O="$OUT/obj" BUILD="$BUILD" \
	fuzz-build >"$OUT/build.log" 2>&1; then
	cat "$OUT/build.log"
	echo "fuzz: config: build failed"
	echo "0 passed, 1 failed"
	exit 1
fi

seeds=("$TOP/hypervisor/tests/fuzz/corpus")
ls "$BUILD"/configs/*.cell >/dev/null 2>&1 && seeds+=("$BUILD/configs")

# ASan/UBSan findings abort; libFuzzer then saves the input and exits 1.
timeout $((FUZZ_SECONDS + 120)) "$OUT/obj/fuzz/fuzz_config" \
	-max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$OUT/artifacts/" \
	"$OUT/corpus" "${seeds[@]}" >"$LOG" 2>&1
rc=$?

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$LOG" | tail -1)
secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$LOG" | tail -1)
runs=${runs:-0}
secs=${secs:-$FUZZ_SECONDS}
if [ $rc -eq 0 ]; then
	rate=$((runs / (secs > 0 ? secs : 1)))
	echo "fuzz: config: $runs runs, 0 crashes ($secs s, $rate runs/s)"
	echo "1 passed, 0 failed"
	exit 0
fi
grep -E "ERROR|SUMMARY|runtime error|accepted invalid|Test unit written" \
	"$LOG" | head -20
echo "fuzz: config: $runs runs, 1 crash (exit $rc), log $LOG"
echo "fuzz: artifacts in $OUT/artifacts/"
echo "0 passed, 1 failed"
exit 1
