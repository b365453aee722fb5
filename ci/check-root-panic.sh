#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Root panic test: boots QEMU once with ci/scenarios/root-panic.sh (two
# cells running, then root Linux panics and reboots PANIC_S seconds later)
# and checks in the console log that the cells kept printing while Linux
# was dead. ci/run-scenarios.sh cannot run this boot: it counts a kernel
# panic and a missing poweroff as failures.
#
#   ci/check-root-panic.sh [--counts FILE] [--series 6.1|6.12]
#                          [--outdir DIR] [--log FILE (parse only)]
#
# Results, one line each, "PASS|FAIL root-panic-<series>/<check>":
#   the scenario's own JHTEST lines before the panic (and its DONE line,
#                      whose totals must match its PLAN=N line)
#   panicked           the log shows "Kernel panic - not syncing"
#   kernel_before      no oops/BUG/WARNING before the panic
#   b_ticks_after      cell-b's "hello: tick" lines after the panic: at
#                      least MIN_B, numbers rising past the last one before
#   a_ticks_after      cell-a's fuzz-victim ticks after the panic: at least
#                      MIN_A, the CRC as at its start, no stray interrupts
#   hv_no_fault        no hypervisor FATAL/PANIC line anywhere
#   reset              QEMU exited 0: root's PSCI SYSTEM_RESET after the
#                      panic timeout still reached the machine
# Last line "root-panic-<series>: N passed, M failed, ..."; writes
# "N M" to FILE; exits 1 if anything failed or nothing passed.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
export BUILD
TIMEOUT=${ROOT_PANIC_TIMEOUT:-240}
PANIC_S=20
# cell-b ticks every 200 ms, cell-a every 500 ms: ask for a third of what
# PANIC_S seconds give (TCG on a loaded host is slow).
MIN_B=$((PANIC_S * 5 / 3))
MIN_A=$((PANIC_S * 2 / 3))

counts="" series=6.1 outdir=$BUILD/root-panic log=""
while [ $# -gt 0 ]; do
	case $1 in
	--counts) counts=$2; shift;;
	--series) series=$2; shift;;
	--outdir) outdir=$2; shift;;
	--log) log=$2; shift;;
	-h|--help) sed -n '3,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
	*) echo "check-root-panic.sh: unknown option '$1'" >&2; exit 2;;
	esac
	shift
done
case $series in 6.1|6.12) ;; *) echo "check-root-panic.sh: --series must be 6.1 or 6.12" >&2; exit 2;; esac
group=root-panic-$series
mkdir -p "$outdir"
[ -n "$counts" ] && rm -f "$counts"

n_pass=0 n_fail=0
result() {
	echo "$1 $group/$2${3:+  ($3)}"
	if [ "$1" = PASS ]; then n_pass=$((n_pass + 1)); else n_fail=$((n_fail + 1)); fi
}

rc=parse-only secs=0
if [ -z "$log" ]; then
	log=$outdir/$group.log
	t0=$(date +%s.%N)
	GUARD=$((TIMEOUT - 30)) bash "$top/ci/qemu.sh" --series "$series" \
		--scenarios root-panic --timeout "$TIMEOUT" --log "$log" --quiet \
		2>"$outdir/$group.host"
	rc=$?
	secs=$(echo "$(date +%s.%N) - $t0" | bc)
fi
if [ ! -s "$log" ]; then
	result FAIL boot "no console log $log"
	[ -n "$counts" ] && echo "$n_pass $n_fail" >"$counts"
	exit 1
fi
text=$(tr -d '\r' <"$log")

# ---- before the panic: the scenario's own results ----
lines=$(echo "$text" | sed -n 's/.*\(JHTEST [A-Z][A-Z]*\( .*\)\{0,1\}\)$/\1/p')
# A line garbled into another name is recovered from the totals instead.
while read -r kind name reason; do
	case $name in root-panic.*) ;; *) continue;; esac
	case $kind in
	PASS) result PASS "$name";;
	FAIL) result FAIL "$name" "$reason";;
	esac
done < <(echo "$lines" | sed -n 's/^JHTEST \(PASS\|FAIL\) /\1 /p')
done_line=$(echo "$lines" | sed -n 's/^JHTEST DONE root-panic passed=\([0-9]*\) failed=\([0-9]*\)$/\1 \2/p' | head -n 1)
if [ -z "$done_line" ]; then
	result FAIL root-panic.done "no JHTEST DONE root-panic"
else
	read -r p f <<<"$done_line"
	pp=$(echo "$lines" | grep -c '^JHTEST PASS root-panic\.')
	pf=$(echo "$lines" | grep -c '^JHTEST FAIL root-panic\.')
	# Result lines garbled on the shared UART still count.
	[ "$p" -gt "$pp" ] && n_pass=$((n_pass + p - pp))
	[ "$f" -gt "$pf" ] && result FAIL root-panic.garbled "$((f - pf)) failing check(s) garbled"
fi
# The scenario's declared number of checks (PLAN=N): one that never ran
# is a failure.
plan=$(sed -n 's/^PLAN=\([0-9][0-9]*\)$/\1/p' "$top/ci/scenarios/root-panic.sh")
if [ -z "$plan" ]; then
	result FAIL root-panic.plan "no PLAN= line in ci/scenarios/root-panic.sh"
elif [ -n "$done_line" ] && [ $((p + f)) != "$plan" ]; then
	result FAIL root-panic.plan "$((p + f)) checks ran, $plan planned"
fi

# ---- the panic and after ----
pline=$(echo "$text" | grep -n -m 1 'Kernel panic - not syncing' | cut -d: -f1)
if [ -z "$pline" ]; then
	result FAIL panicked "no 'Kernel panic - not syncing' in $log"
	pline=$(echo "$text" | wc -l)
else
	result PASS panicked
fi

bad=$(echo "$text" | head -n $((pline - 1)) |
	grep -E 'Internal error: Oops|Unable to handle kernel|BUG: |Kernel panic|WARNING: CPU: |SError Interrupt|Bad mode in' |
	head -n 3 | tr '\n' ' ')
if [ -z "$bad" ]; then result PASS kernel_before; else result FAIL kernel_before "$bad"; fi

# cell-b: "[cell-b] hello: tick N" before and after the panic line.
read -r b_last b_n b_first b_max b_down <<<"$(echo "$text" | awk -v p="$pline" '
	match($0, /\[cell-b\] hello: tick [0-9]+$/) {
		s = substr($0, RSTART, RLENGTH); sub(/.*tick /, "", s); n = s + 0
		if (NR < p) { last = n; next }
		cnt++; if (!first) first = n
		if (n <= max) down++
		if (n > max) max = n
	}
	END { print last + 0, cnt + 0, first + 0, max + 0, down + 0 }')"
why=""
[ "$b_n" -ge "$MIN_B" ] || why="$why $b_n tick lines after the panic (want $MIN_B);"
[ "$b_first" -gt "$b_last" ] || why="$why first tick after the panic $b_first, last before $b_last;"
[ "$b_down" = 0 ] || why="$why $b_down tick numbers not rising;"
echo "cell-b: last tick before the panic $b_last; after it $b_n ticks, $b_first..$b_max"
if [ -z "$why" ]; then result PASS b_ticks_after; else result FAIL b_ticks_after "$why"; fi

# cell-a: "[cell-a] fuzz-victim: tick N crc 0x.. stray S" after the panic.
# The start CRC from a whole pattern line (the shared console can cut a
# line short: a garbled one must not stand for the cell's CRC), else from
# the first whole tick line.
crc0=$(echo "$text" | tr -d '\r' | grep -a -o -E \
	'\[cell-a\] fuzz-victim: (pattern [^ ]+|tick [0-9]+) crc 0x[0-9a-f]+( stray [0-9]+)?$' |
	head -n 1 | sed -n 's/.* crc \(0x[0-9a-f]*\).*/\1/p')
read -r a_n a_badcrc a_stray a_max <<<"$(echo "$text" | awk -v p="$pline" -v crc0="$crc0" '
	NR > p && match($0, /\[cell-a\] fuzz-victim: tick [0-9]+ crc 0x[0-9a-f]+ stray [0-9]+$/) {
		split(substr($0, RSTART), f, " ")
		cnt++
		if (f[4] + 0 > max) max = f[4] + 0
		if (f[6] != crc0) badcrc++
		if (f[8] + 0) stray++
	}
	END { print cnt + 0, badcrc + 0, stray + 0, max + 0 }')"
why=""
[ -n "$crc0" ] || why="$why no start CRC;"
[ "$a_n" -ge "$MIN_A" ] || why="$why $a_n tick lines after the panic (want $MIN_A);"
[ "$a_badcrc" = 0 ] || why="$why $a_badcrc ticks with a CRC other than $crc0;"
[ "$a_stray" = 0 ] || why="$why $a_stray ticks with stray interrupts;"
grep -aq 'fuzz-victim: CRC CHANGED' <<<"$text" && why="$why CRC CHANGED reported;"
echo "cell-a: $a_n ticks after the panic (up to $a_max), CRC $crc0"
if [ -z "$why" ]; then result PASS a_ticks_after; else result FAIL a_ticks_after "$why"; fi

bad=$(echo "$text" | grep -aE '^(FATAL: CPU|PANIC: )' | head -n 3 | tr '\n' ' ')
if [ -z "$bad" ]; then result PASS hv_no_fault; else result FAIL hv_no_fault "$bad"; fi

panicked=1
grep -q 'Kernel panic - not syncing' <<<"$text" || panicked=0
case $rc in
parse-only) ;;
0)
	if [ $panicked = 0 ] || echo "$lines" | grep -qx 'JHTEST POWEROFF'; then
		result FAIL reset "QEMU exited 0, but not by a reset after a panic"
	else
		result PASS reset
	fi;;
124) result FAIL reset "QEMU still running at the ${TIMEOUT}s timeout: the reset $PANIC_S s after the panic did not happen";;
*) result FAIL reset "QEMU exit status $rc";;
esac

printf '%s: %d passed, %d failed, boot %.1f s, QEMU exit %s, log %s\n' \
	"$group" "$n_pass" "$n_fail" "$secs" "$rc" "${log#"$top"/}"
[ -n "$counts" ] && echo "$n_pass $n_fail" >"$counts"
[ "$n_fail" = 0 ] && [ "$n_pass" -gt 0 ]
