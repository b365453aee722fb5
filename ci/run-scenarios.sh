#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# System tests: boot QEMU once per scenario group (several scenarios per
# boot), parse the console log and count results.
#
#   ci/run-scenarios.sh [--counts FILE] [--outdir DIR] [--list] [GROUP...]
#       GROUP...       run only these groups (default: all, see --list)
#       --group "NAME|QEMU OPTIONS|SCENARIOS|TIMEOUT"   run an ad-hoc group,
#                      e.g. --group "smoke|--series 6.12|smoke|60"
#       --parse "NAME|SCENARIOS|QEMU EXIT" LOG   count an existing console
#                      log without booting (re-checks a CI log; tests this
#                      counting)
#
# Counting, per group:
#   JHTEST PASS lines                      passed
#   JHTEST FAIL lines                      failed
#   a scenario without JHTEST DONE         failed (hang, crash, guest guard)
#   fewer checks than the scenario's PLAN=N line declares (N+: at
#   least N)                               failed (<scenario>.plan)
#   kernel Oops / BUG: / panic / WARNING   failed, one per line (not in
#   a cell's own "[NAME] " console lines)
#   no clean poweroff                      failed (<group>.poweroff): /init
#                                          must reach its poweroff -f and QEMU
#                                          exit 0 before the timeout (124)
# Writes "PASSED FAILED" to FILE for ci/test.sh; exits 1 if anything failed.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
export BUILD

# name | ci/qemu.sh options | scenarios in boot order | host timeout (s)
groups=(
	"main-6.1|--series 6.1|refusals installed enable|480"
	"main-6.12|--series 6.12|refusals installed enable|480"
	"cells-6.1|--series 6.1|cells cell-refusals cell-failures cell-cycles cell-uart|660"
	"linux-6.1|--series 6.1|linux-cell linux-panic|1200"
	"linuxdev-6.1|--series 6.1|uboot-cell linux-virtio|1200"
	"cells-6.12|--series 6.12|cells cell-refusals cell-failures cell-cycles cell-uart|660"
	"linux-6.12|--series 6.12|linux-cell linux-panic|1200"
	"linuxdev-6.12|--series 6.12|uboot-cell linux-virtio|1200"
	"links-6.1|--series 6.1|links link-uio link-net|1200"
	"links-6.12|--series 6.12|links link-uio link-net|1200"
	"fuzz-6.1|--series 6.1|fuzz-cell destroy-states root-hostile root-faults|600"
	"fuzz-6.12|--series 6.12|fuzz-cell destroy-states root-hostile root-faults|600"
	"soak-6.1|--series 6.1|soak|1200"
	"gicv2-6.1|--series 6.1 --gic 2|gicv2 link-gicv2|300"
	"novirt-6.1|--series 6.1 --no-virt|env-novirt|120"
	"kvm-6.1|--series 6.1 --kvm|env-kvm|120"
	"nomem-6.1|--series 6.1 --no-mem|env-nomem|120"
	"vhe-6.1|--series 6.1 --cpu max|env-vhe|180"
	"kvm-6.12|--series 6.12 --kvm|env-kvm|120"
)

counts="" outdir=$BUILD/systest list=0 only=() reparse="" reparse_log=""
while [ $# -gt 0 ]; do
	case $1 in
	--counts) counts=$2; shift;;
	--outdir) outdir=$2; shift;;
	--list) list=1;;
	--parse) reparse=$2; reparse_log=$3; shift 2;;
	--group) groups+=("$2"); only+=("${2%%|*}"); shift;;
	-*) echo "run-scenarios.sh: unknown option '$1'" >&2; exit 2;;
	*) only+=("$1");;
	esac
	shift
done
if [ $list = 1 ]; then
	printf '%s\n' "${groups[@]}" | awk -F'|' '{printf "%-12s %-32s %s\n", $1, $2, $3}'
	exit 0
fi
total_pass=0 total_fail=0 unplanned=""
summary=/dev/null
if [ -z "$reparse" ]; then
	mkdir -p "$outdir"
	summary=$outdir/summary.txt
	: >"$summary"
fi

# result KIND NAME [REASON]: one summary line.
result() {
	echo "$1 $2${3:+  ($3)}" | tee -a "$summary"
	if [ "$1" = PASS ]; then
		g_pass=$((g_pass + 1))
	else
		g_fail=$((g_fail + 1))
	fi
}

# garbled GROUP SCENARIO LINES: the scenario's own totals (DONE line) are
# authoritative; result lines garbled on the shared console still count,
# and a lost failure is never lost.
garbled() {
	local done p f pp pf names
	done=$(echo "$3" | sed -n "s/^JHTEST DONE $2 passed=\([0-9]*\) failed=\([0-9]*\)\$/\1 \2/p" | head -n 1)
	[ -n "$done" ] || return 0
	read -r p f <<<"$done"
	pp=$(echo "$3" | grep -c "^JHTEST PASS $2\.")
	pf=$(echo "$3" | grep -c "^JHTEST FAIL $2\.")
	if [ "$p" -gt "$pp" ]; then
		echo "PASS $1/$2: $((p - pp)) passing result line(s) garbled on the console, counted from the scenario's totals" | tee -a "$summary"
		g_pass=$((g_pass + p - pp))
	fi
	if [ "$f" -gt "$pf" ]; then
		names=$(echo "$3" | sed -n "s/^JHTEST FAILED $2 //p" | head -n 1)
		result FAIL "$1/$2.garbled" "$((f - pf)) failing check(s) whose result lines were garbled on the console; failed checks: ${names:-unknown}"
	fi
}

# planned SCENARIO: its PLAN=N line (N checks exactly, N+ at least), or
# nothing. The host reads it from the scenario file, not from the guest.
planned() {
	sed -n 's/^PLAN=\([0-9][0-9]*+\{0,1\}\)\( .*\)\{0,1\}$/\1/p' \
		"$top/ci/scenarios/$1.sh" 2>/dev/null | head -n 1
}

# plan_check GROUP SCENARIO LINES: a check that never ran is a failure,
# whatever the scenario's own totals say.
plan_check() {
	local want n p f
	want=$(planned "$2")
	if [ -z "$want" ]; then
		unplanned="$unplanned $2"
		return 0
	fi
	read -r p f < <(echo "$3" | sed -n "s/^JHTEST DONE $2 passed=\([0-9]*\) failed=\([0-9]*\)\$/\1 \2/p" | head -n 1)
	n=$((${p:-0} + ${f:-0}))
	if [ "$n" -lt "${want%+}" ]; then
		result FAIL "$1/$2.plan" "$n of ${want%+} planned checks ran: $((${want%+} - n)) missing"
	elif [ "$want" = "${want%+}" ] && [ "$n" -gt "$want" ]; then
		result FAIL "$1/$2.plan" "$n checks ran, PLAN=$want in ci/scenarios/$2.sh: update it"
	fi
}

# parse GROUP LOG RC SCENARIOS: count one boot's results.
parse() {
	local group=$1 log=$2 rc=$3 scen=$4 lines s why kind name reason l
	# Cells print on the same console as "[cell-name] text": such lines
	# never count, so an inmate cannot forge results.
	lines=$(tr -d '\r' <"$log" | grep -v '^\[[^] ]*\] ' |
		sed -n 's/.*\(JHTEST [A-Z][A-Z]*\( .*\)\{0,1\}\)$/\1/p')
	# Only names of this boot's scenarios count: a line garbled into
	# another name is recovered from the scenario's totals instead.
	while read -r kind name reason; do
		[[ " $scen " == *" ${name%%.*} "* ]] || continue
		case $kind in
		PASS) result PASS "$group/$name";;
		FAIL) result FAIL "$group/$name" "$reason";;
		esac
	done < <(echo "$lines" | sed -n 's/^JHTEST \(PASS\|FAIL\) /\1 /p')
	# Here-strings, not `echo | grep -q`: under pipefail, grep quitting at
	# the match makes echo die of SIGPIPE on a long log, a false "no".
	for s in $scen; do
		if grep -q "^JHTEST DONE $s\( \|\$\)" <<<"$lines"; then
			garbled "$group" "$s" "$lines"
			plan_check "$group" "$s" "$lines"
			continue
		fi
		if grep -q "^JHTEST TIMEOUT $s" <<<"$lines"; then
			why="guest guard timed out"
		elif ! grep -q "^JHTEST BEGIN $s\$" <<<"$lines"; then
			why="never started"
		elif [ "$rc" = 124 ]; then
			why="host timeout"
		else
			why="scenario ended early (QEMU exit $rc)"
		fi
		result FAIL "$group/$s.done" "no JHTEST DONE: $why"
	done
	# Lines a cell printed ("[NAME] ...", its emulated UART copied to the
	# hypervisor console) are that guest's business: scenario linux-panic
	# panics a Linux cell on purpose and checks its text itself.
	while read -r l; do
		[ -n "$l" ] && result FAIL "$group.kernel" "$l"
	done < <(tr -d '\r' <"$log" | grep -v -E '^\[[A-Za-z_][A-Za-z0-9_.-]*\] ' |
		grep -E 'Internal error: Oops|Unable to handle kernel|BUG: |Kernel panic|WARNING: CPU: |SError Interrupt|Bad mode in' |
		sed 's/^\[ *[0-9.]*\] //' | head -n 10)
	# A panic also ends QEMU with status 0 (panic=-1, -no-reboot): only the
	# planned poweroff at the end of /init counts.
	if [ "$rc" = 0 ] && grep -qx "JHTEST POWEROFF" <<<"$lines"; then
		result PASS "$group.poweroff"
	elif [ "$rc" = 124 ]; then
		result FAIL "$group.poweroff" "host timeout: QEMU still running"
	elif [ "$rc" = 0 ]; then
		result FAIL "$group.poweroff" "QEMU exited 0 without the planned poweroff"
	else
		result FAIL "$group.poweroff" "QEMU exit status $rc"
	fi
}

if [ -n "$reparse" ]; then
	IFS='|' read -r name scen rc <<<"$reparse"
	g_pass=0 g_fail=0
	parse "$name" "$reparse_log" "${rc:-0}" "$scen"
	echo "$name: $g_pass passed, $g_fail failed"
	[ -n "$unplanned" ] && echo "note: no PLAN= declared in:$unplanned"
	[ -n "$counts" ] && echo "$g_pass $g_fail" >"$counts"
	[ "$g_fail" = 0 ] && [ "$g_pass" -gt 0 ]
	exit
fi

t_all=$(date +%s)
for g in "${groups[@]}"; do
	IFS='|' read -r name opts scen tmo <<<"$g"
	if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qx "$name"; then
		continue
	fi
	g_pass=0 g_fail=0
	log=$outdir/$name.log
	echo "=== $name: $scen ($opts)" | tee -a "$summary"
	t0=$(date +%s.%N)
	# shellcheck disable=SC2086
	guard=$((tmo - 30))
	[ $guard -ge $((tmo / 2)) ] || guard=$((tmo / 2))
	GUARD=$guard bash "$top/ci/qemu.sh" $opts --scenarios "$scen" \
		--timeout "$tmo" --log "$log" --quiet 2>"$outdir/$name.host"
	rc=$?
	secs=$(echo "$(date +%s.%N) - $t0" | bc)
	if [ ! -s "$log" ]; then
		result FAIL "$name.boot" "no console log: $(tail -n 3 "$outdir/$name.host")"
	fi
	parse "$name" "$log" "$rc" "$scen"
	printf '%s: %d passed, %d failed, boot %.1f s, QEMU exit %s, log %s\n' \
		"$name" "$g_pass" "$g_fail" "$secs" "$rc" "${log#"$top"/}" | tee -a "$summary"
	total_pass=$((total_pass + g_pass))
	total_fail=$((total_fail + g_fail))
done

[ -n "$unplanned" ] && echo "note: no PLAN= declared in:$unplanned" | tee -a "$summary"
echo "system tests: $total_pass passed, $total_fail failed in $(($(date +%s) - t_all)) s" |
	tee -a "$summary"
[ -n "$counts" ] && echo "$total_pass $total_fail" >"$counts"
[ "$total_fail" = 0 ] && [ "$total_pass" -gt 0 ]
