#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Test layer 4: checks that run inside a cell. Boots QEMU once with the
# `incell` scenario (ci/scenarios/incell.sh: cell-a runs hello, each test
# inmate runs in cell-b), then counts the inmates' result lines:
#
#   CELLTEST PASS <suite>.<check>              passed
#   CELLTEST FAIL <suite>.<check>: <detail>    failed
#   CELLTEST SKIP <suite>.<check>: <why>       skipped (not a pass)
#   CELLTEST DONE <suite> passed=N failed=M    the suite ran to its end
#
# A check is counted once however often its line appears (the hypervisor
# prints it on the UART, the scenario copies the console after each suite
# and at the end). An expected suite without DONE counts as one failure;
# so does a suite whose distinct checks differ from the number declared
# next to it in the scenario's SUITES list (<suite>.plan: a check that
# never reported is not a smaller total), and every failure of the
# scenario itself (JHTEST FAIL, kernel oops, no clean poweroff).
#
#   ci/incell.sh [--counts FILE] [--series 6.1|6.12] [--outdir DIR]
#                [--log FILE]      (parse an existing log, do not boot)
# Writes "PASSED FAILED" to FILE; exits 1 if anything failed or nothing
# passed.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
export BUILD
TIMEOUT=${INCELL_TIMEOUT:-300}

counts="" series=6.1 outdir=$BUILD/incell log=""
while [ $# -gt 0 ]; do
	case $1 in
	--counts) counts=$2; shift;;
	--series) series=$2; shift;;
	--outdir) outdir=$2; shift;;
	--log) log=$2; shift;;
	-h|--help) sed -n '3,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
	*) echo "incell.sh: unknown option '$1'" >&2; exit 2;;
	esac
	shift
done
case $series in 6.1|6.12) ;; *) echo "incell.sh: --series must be 6.1 or 6.12" >&2; exit 2;; esac
mkdir -p "$outdir"
[ -n "$counts" ] && rm -f "$counts"

# The suites the scenario runs and how many checks each must report:
# the "suite:checks:args" lines of its SUITES list ("suite checks").
plans=$(awk '/^SUITES="/ { on = 1; sub(/^SUITES="/, "") }
	on { line = $0; end = sub(/"$/, "", line); split(line, f, ":");
	     if (f[1] != "") print f[1], f[2]; if (end) exit }' "$top/ci/scenarios/incell.sh")
suites=$(echo "$plans" | awk '{ print $1 }')
if [ -z "$suites" ]; then
	echo "incell.sh: no SUITES list in ci/scenarios/incell.sh" >&2
	[ -n "$counts" ] && echo "0 1" >"$counts"
	exit 1
fi
for s in $suites; do
	[ -f "$BUILD/inmates/$s.bin" ] ||
		echo "incell.sh: note: $BUILD/inmates/$s.bin not built (make inmates)" >&2
done

group=incell-$series
scen_fail=0
t0=$(date +%s)
if [ -z "$log" ]; then
	log=$outdir/$group.log
	bash "$top/ci/run-scenarios.sh" --outdir "$outdir" \
		--group "$group|--series $series|incell|$TIMEOUT" >"$outdir/scenario.txt" 2>&1
	# The scenario's own result (JHTEST lines, oops, poweroff).
	line=$(grep -E "^$group: [0-9]+ passed, [0-9]+ failed" "$outdir/scenario.txt" | tail -n 1)
	if [ -z "$line" ]; then
		scen_fail=1
		echo "scenario: ci/run-scenarios.sh did not report, see $outdir/scenario.txt"
	else
		scen_fail=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
		echo "scenario: $line"
		grep '^FAIL' "$outdir/scenario.txt" | head -n 10 | cut -c1-200 | sed 's/^/  /'
	fi
fi
if [ ! -s "$log" ]; then
	echo "incell.sh: no log $log"
	[ -n "$counts" ] && echo "0 $((scen_fail > 0 ? scen_fail : 1))" >"$counts"
	exit 1
fi

# Strictly formed records only: a line the UART interleaved with other
# output fails these patterns (or leaves a fragment that appears once).
records=$(tr -d '\r' <"$log" | grep -aoE \
	'CELLTEST (PASS [a-z0-9-]+\.[A-Za-z0-9_]+$|(FAIL|SKIP) [a-z0-9-]+\.[A-Za-z0-9_]+: .*|DONE [a-z0-9-]+ passed=[0-9]+ failed=[0-9]+$)')

# One line per suite: "suite passed failed skipped done(0/1) reported-total",
# then "F suite.check detail" / "S suite.check why" lines for the table.
parsed=$(echo "$records" | awk -v suites="$suites" -v plans="$plans" '
	{
		kind = $2
		if (kind == "DONE") {
			s = $3; p = $4; f = $5
			sub(/passed=/, "", p); sub(/failed=/, "", f)
			done[s] = 1; dtotal[s] = p + f
			next
		}
		key = $3; sub(/:$/, "", key)
		if (kind != "PASS") {
			d = $0; sub(/^CELLTEST [A-Z]+ [^ ]+: /, "", d)
			if (!(key in detail)) detail[key] = d
		}
		seen[key]++
		# A check is one result: FAIL beats SKIP beats PASS.
		if (!(key in res) || kind == "FAIL" || (kind == "SKIP" && res[key] == "PASS"))
			res[key] = kind
	}
	END {
		m = split(plans, pl, /\n/)
		for (i = 1; i <= m; i++) {
			split(pl[i], w, " ")
			if (w[2] ~ /^[0-9]+$/) plan[w[1]] = w[2]
		}
		n = split(suites, list, /[ \n]+/)
		for (i = 1; i <= n; i++) {
			s = list[i]; if (s == "") continue
			cnt = 0; many = 0
			for (k in res) if (index(k, s ".") == 1) { cnt++; if (seen[k] > 1) many++ }
			# More distinct checks than the suite reported: drop the
			# ones seen only once (fragments of interleaved lines).
			drop = (s in done) && cnt > dtotal[s] && many >= dtotal[s]
			p = f = sk = 0
			for (k in res) {
				if (index(k, s ".") != 1 || (drop && seen[k] < 2)) continue
				if (res[k] == "PASS") p++
				else if (res[k] == "FAIL") { f++; print "F " k " " detail[k] }
				else { sk++; print "S " k " " detail[k] }
			}
			print "R " s " " p " " f " " sk " " ((s in done) ? 1 : 0) " " ((s in done) ? dtotal[s] : -1) " " \
				((s in plan) ? plan[s] : "none")
		}
	}')

total_pass=0 total_fail=0 total_skip=0 missing=""
printf '%-16s %6s %6s %6s  %s\n' suite passed failed skipped status
while read -r tag s p f sk d dt pl; do
	[ "$tag" = R ] || continue
	status=ok
	n=$((p + f + sk))
	# The declared number of checks: a check that never reported
	# (the suite stopped early, a line was lost) is a failure.
	if [ "$pl" = none ]; then
		f=$((f + 1))
		missing="$missing$s.plan no number of checks declared for $s in the SUITES list of ci/scenarios/incell.sh
"
	elif [ "$n" != "$pl" ]; then
		f=$((f + 1))
		missing="$missing$s.plan $n distinct checks reported, $pl declared$([ "$n" -lt "$pl" ] && echo ": $((pl - n)) missing")
"
	fi
	if [ "$d" != 1 ]; then
		status="NO DONE LINE (counted as a failure)"
		f=$((f + 1))
		missing="$missing$s.done no 'CELLTEST DONE $s' line (hang, crash or cut-off log)
"
	elif [ "$pl" != none ] && [ "$n" != "$pl" ]; then
		status="$n of $pl declared checks (counted as a failure)"
	elif [ "$n" -lt "$dt" ]; then
		status="only $((p + f + sk)) of $dt reported checks found in the log"
	elif [ "$f" -gt 0 ]; then
		status=FAILED
	fi
	printf '%-16s %6d %6d %6d  %s\n' "$s" "$p" "$f" "$sk" "$status"
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	total_skip=$((total_skip + sk))
done <<<"$parsed"
if [ "$scen_fail" -gt 0 ]; then
	printf '%-16s %6s %6d %6s  %s\n' "(scenario)" - "$scen_fail" - "see $outdir/scenario.txt"
	total_fail=$((total_fail + scen_fail))
fi
failures=$( (echo "$parsed" | grep -E '^[FS] '; printf '%s' "$missing" | sed 's/^/F /') | sort)
if [ -n "$failures" ]; then
	echo
	echo "$failures" | sed -E 's/^F /FAIL /; s/^S /SKIP /' | cut -c1-200
fi
echo
echo "in-cell tests: $total_pass passed, $total_fail failed, $total_skip skipped" \
	"in $(($(date +%s) - t0)) s (series $series, log ${log#"$top"/})"
[ -n "$counts" ] && echo "$total_pass $total_fail" >"$counts"
[ "$total_fail" = 0 ] && [ "$total_pass" -gt 0 ]
