#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the libFuzzer harnesses of hypervisor/tests/fuzz/ one after the
# other, FUZZ_SECONDS in all (default 600; make fuzz-smoke: 60), split
# evenly:
#   config  the config validator                      (fuzz_config.c)
#   cell    cell create/start/shutdown/destroy by hypercall (fuzz_cell.c)
#   vgic    the GICv3 distributor/redistributor emulation   (fuzz_vgic.c)
#   link    link register pages and sub-page windows        (fuzz_link.c)
#   dtb     the CLI's cell linux -d DTB patch (tools/fuzz/fuzz_dtb.c)
# FUZZERS="cell vgic" runs a subset. Seeds: hypervisor/tests/fuzz/corpus*
# plus, for config and cell, the compiled configs in $BUILD/configs. New
# inputs, logs and crash artifacts stay under $BUILD/fuzz/<fuzzer>/.
# Prints one line per fuzzer, then "N passed, M failed"; exits non-zero
# on any finding. Reproduce one: $BUILD/fuzz/obj/fuzz/fuzz_<name> FILE.
set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
FUZZ_SECONDS=${FUZZ_SECONDS:-600}
FUZZERS=${FUZZERS:-config cell vgic link dtb}
OUT=$BUILD/fuzz
SEEDS=$TOP/hypervisor/tests/fuzz
# Lines of a fuzzer log worth showing for a finding.
REPORT="INVARIANT|ERROR|SUMMARY|runtime error|accepted invalid|deadly"
REPORT+="|Test unit written|^ +#[0-9] "

read -r -a names <<<"$FUZZERS"
count=${#names[@]}
per=$((FUZZ_SECONDS / (count > 0 ? count : 1)))
[ "$per" -ge 1 ] || per=1

mkdir -p "$OUT"
if ! make -s -C "$TOP/hypervisor/tests" O="$OUT/obj" BUILD="$BUILD" \
	fuzz-build >"$OUT/build.log" 2>&1 ||
   ! make -s -C "$TOP/tools/fuzz" O="$OUT/obj" >>"$OUT/build.log" 2>&1; then
	cat "$OUT/build.log"
	for name in "${names[@]}"; do
		echo "fuzz: $name: build failed (log $OUT/build.log)"
	done
	echo "0 passed, $count failed"
	exit 1
fi

seeds_of() {
	case $1 in
	config) echo "$SEEDS/corpus" ;;
	dtb) echo "$TOP/tools/fuzz/corpus-dtb"; return ;;
	*) echo "$SEEDS/corpus-$1" ;;
	esac
	if { [ "$1" = config ] || [ "$1" = cell ]; } &&
	   ls "$BUILD"/configs/*.cell >/dev/null 2>&1; then
		echo "$BUILD/configs"
	fi
}

# One fuzzer for $per seconds; prints its line, returns non-zero on a
# finding. ASan/UBSan reports and the harnesses' invariant checks abort;
# libFuzzer then saves the input in artifacts/ and exits non-zero.
run_one() {
	local name=$1 dir=$OUT/$1 bin=$OUT/obj/fuzz/fuzz_$1 rc runs secs
	local log=$dir/fuzz.log seeds

	if [ ! -x "$bin" ]; then
		echo "fuzz: $name: no such fuzzer ($bin)"
		return 1
	fi
	mkdir -p "$dir/corpus" "$dir/artifacts"
	mapfile -t seeds < <(seeds_of "$name")
	timeout $((per + 120)) "$bin" -max_total_time="$per" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$dir/artifacts/" \
		"$dir/corpus" "${seeds[@]}" >"$log" 2>&1
	rc=$?

	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
	       tail -1)
	# After a crash there are no final stats: take the last status line.
	[ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9]*\)\t.*/\1/p' "$log" |
				 tail -1)
	secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" |
	       tail -1)
	runs=${runs:-0}
	secs=${secs:-$per}
	if [ $rc -eq 0 ]; then
		echo "fuzz: $name: $runs runs, 0 findings ($secs s," \
		     "$((runs / (secs > 0 ? secs : 1))) runs/s)"
		return 0
	fi
	grep -E "$REPORT" "$log" | head -20 | sed 's/^/  /'
	echo "fuzz: $name: $runs runs, 1 finding (exit $rc), log $log," \
	     "artifacts in $dir/artifacts/"
	return 1
}

passed=0
failed=0
for name in "${names[@]}"; do
	if run_one "$name"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
