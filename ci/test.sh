#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make test`: dependencies, build, then every test layer in order. Each
# layer adds to the counts; a layer that cannot build or run counts as one
# failure and the script goes on. The last line is exactly
# "N passed, N failed"; the exit status is non-zero if anything failed or
# nothing passed. Logs: build/test/*.log.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
PYTHON=${PYTHON:-/usr/bin/python3}
export BUILD
cd "$top" || exit 1
logs=$BUILD/test
mkdir -p "$logs"
t_start=$(date +%s)
total_pass=0 total_fail=0

# layer NAME PASSED FAILED [NOTE]: one per-layer line, added to the totals.
layer() {
	printf '%-14s %4d passed, %4d failed%s\n' "$1:" "$2" "$3" "${4:+  ($4)}"
	total_pass=$((total_pass + $2))
	total_fail=$((total_fail + $3))
}

# sum_matches FILE REGEX: sum of the first number on each matching line.
sum_matches() {
	grep -E "$2" "$1" | sed -E 's/^[^0-9]*([0-9]+).*/\1/' |
		awk '{ s += $1 } END { print s + 0 }'
}

secs() {
	echo "$(($(date +%s) - $1)) s"
}

# 0: dependencies. Without them nothing else can run.
if ! bash ci/deps.sh >"$logs/deps.log" 2>&1; then
	tail -n 20 "$logs/deps.log"
	layer deps 0 1 "ci/deps.sh failed, see $logs/deps.log"
	echo "$total_pass passed, $total_fail failed"
	exit 1
fi

# Build each component on its own so one broken piece does not hide the rest.
t=$(date +%s)
build_fail=0 broken=""
for c in hypervisor driver tools configs inmates; do
	if ! make "$c" >"$logs/build-$c.log" 2>&1; then
		build_fail=$((build_fail + 1))
		broken="$broken $c"
	fi
done
layer build 0 "$build_fail" "$(secs "$t")${broken:+; failed:$broken, see $logs/build-*.log}"

# 1: host unit tests (cmocka).
t=$(date +%s)
make unit >"$logs/unit.log" 2>&1
rc=$?
p=$(sum_matches "$logs/unit.log" '^\[  PASSED  \] [0-9]+ test')
f=$(sum_matches "$logs/unit.log" '^\[  FAILED  \] [0-9]+ test')
if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
	layer unit "$p" 1 "make unit failed (exit $rc), see $logs/unit.log"
else
	layer unit "$p" "$f" "$(secs "$t")"
fi

# 2: Python tests of the config tool. Exit 5 means "no tests collected".
t=$(date +%s)
"$PYTHON" -m pytest -q tools/tests >"$logs/pytest.log" 2>&1
rc=$?
summary=$(grep -E '^(=+ )?[0-9]+ (passed|failed|error)' "$logs/pytest.log" | tail -n 1)
p=$(echo "$summary" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
f=$(echo "$summary" | grep -oE '[0-9]+ (failed|errors?)' | grep -oE '[0-9]+' |
	awk '{ s += $1 } END { print s + 0 }')
if [ "$rc" = 5 ]; then
	layer pytest 0 0 "no tests collected"
elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
	layer pytest "${p:-0}" 1 "pytest exit $rc, see $logs/pytest.log"
else
	layer pytest "${p:-0}" "$f" "$(secs "$t")"
fi

# 3: system tests in QEMU.
t=$(date +%s)
rm -f "$logs/systest.counts"
bash ci/run-scenarios.sh --outdir "$logs/systest" --counts "$logs/systest.counts" \
	>"$logs/systest.log" 2>&1
# Per-boot lines and the first failures; everything is in systest.log.
grep -E '^[a-z0-9.-]+: [0-9]+ passed' "$logs/systest.log" | sed 's/^/    /'
grep '^FAIL' "$logs/systest.log" | head -n 20 | cut -c1-160 | sed 's/^/    /'
n=$(grep -c '^FAIL' "$logs/systest.log")
[ "$n" -le 20 ] || echo "    ... $((n - 20)) more failures in $logs/systest.log"
if [ -s "$logs/systest.counts" ]; then
	read -r p f <"$logs/systest.counts"
	layer systest "$p" "$f" "$(secs "$t"), logs in $logs/systest/"
else
	layer systest 0 1 "ci/run-scenarios.sh did not finish, see $logs/systest.log"
fi

# counted LOGNAME SCRIPT ARGS...: run a runner that writes "PASSED FAILED"
# to the file given with --counts; prints those two numbers (0 1 when the
# runner did not finish).
counted() {
	local name=$1 c="$logs/$1.counts" p f
	shift
	rm -f "$c"
	bash "$@" --counts "$c" >"$logs/$name.log" 2>&1
	if [ -s "$c" ]; then read -r p f <"$c"; else p=0 f=1; fi
	echo "$p $f"
}

# counted_layer LAYER SCRIPT: one layer from one counting runner, run
# once per kernel series. A runner that is missing is a failure: the
# totals never shrink silently.
counted_layer() {
	local t p f s tp=0 tf=0
	if [ ! -f "$2" ]; then
		layer "$1" 0 1 "$2 missing"
		return
	fi
	t=$(date +%s)
	for s in 6.1 6.12; do
		read -r p f < <(counted "$1-$s" "$2" --series "$s" \
			--outdir "$BUILD/$1-$s")
		tp=$((tp + p))
		tf=$((tf + f))
	done
	layer "$1" "$tp" "$tf" "$(secs "$t"), logs $logs/$1-6.1.log, $logs/$1-6.12.log"
}

# 4: tests inside cells; 4b: attacks on isolation from inside a cell.
counted_layer incell ci/incell.sh
counted_layer attacks ci/attacks.sh

# 4c: root Linux panics while cells run; the cells must go on (a boot
# that ends in a panic on purpose, so it is checked on its own).
if [ ! -f ci/check-root-panic.sh ]; then
	layer root-panic 0 1 "ci/check-root-panic.sh missing"
else
	t=$(date +%s)
	rp=0 rf=0
	for s in 6.1 6.12; do
		read -r p f < <(counted "root-panic-$s" ci/check-root-panic.sh \
			--series $s --outdir "$logs/root-panic")
		rp=$((rp + p))
		rf=$((rf + f))
	done
	layer root-panic "$rp" "$rf" "$(secs "$t")"
fi

# 5: fuzz smoke. Without the make target the layer fails.
if ! make -n fuzz-smoke >/dev/null 2>&1; then
	layer fuzz-smoke 0 1 "no fuzz-smoke target in the Makefile"
else
	t=$(date +%s)
	make fuzz-smoke >"$logs/fuzz-smoke.log" 2>&1
	rc=$?
	# One case per fuzzer: ci/fuzz.sh ends with "N passed, M failed".
	read -r p f < <(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' \
		"$logs/fuzz-smoke.log" | tail -n 1)
	if [ $rc = 0 ] && [ -n "$p" ]; then
		layer fuzz-smoke "$p" "$f" "$(secs "$t")"
	else
		layer fuzz-smoke "${p:-0}" "$(( ${f:-0} > 0 ? f : 1 ))" "see $logs/fuzz-smoke.log"
	fi
fi

echo "total wall time: $(secs "$t_start")"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ] && [ "$total_pass" -gt 0 ]
