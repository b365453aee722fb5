#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Attack tests: inmates that try to break isolation (inmates/tests/
# attack-*.c). Boots QEMU once with the `attacks` scenario
# (ci/scenarios/attacks.sh): cell-b runs attack-victim, cell-a runs the
# in-cell attack suites one after the other, then one fresh cell-a per
# one-shot attack. Prints a table per attack family and writes
# "PASSED FAILED" to the --counts file, where every attack is one case:
#
#   in-cell check   CELLTEST PASS = denied (refused or ignored as it must)
#   <suite>.aftermath, one-shot attack
#                   ATTACKRES PASS = ended as expected (parked, refused,
#                   ...) and the victim, root and hypervisor are fine
#
# Also failures: a suite without its DONE line (one per suite), an
# expected attack without result, hypervisor crashes (PANIC lines, QEMU
# exit status != 0, a run that never reached its end), leaked pool pages
# (mem_pool_used at the end vs. after enable), and failures of the
# scenario's own steps (enable, creating the victim, poweroff...).
#
#   ci/attacks.sh [--counts FILE] [--series 6.1|6.12] [--outdir DIR]
#                 [--only A,B,...]  (suites, families or family.name)
#                 [--log FILE]      (parse an existing log, do not boot)
# Exits 1 if anything failed or nothing passed.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
export BUILD
TIMEOUT=${ATTACKS_TIMEOUT:-420}
scen=$top/ci/scenarios/attacks.sh

counts="" series=6.1 outdir=$BUILD/attacks log="" only=""
while [ $# -gt 0 ]; do
	case $1 in
	--counts) counts=$2; shift;;
	--series) series=$2; shift;;
	--outdir) outdir=$2; shift;;
	--log) log=$2; shift;;
	--only) only=$2; shift;;
	-h|--help) sed -n '3,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
	*) echo "attacks.sh: unknown option '$1'" >&2; exit 2;;
	esac
	shift
done
case $series in 6.1|6.12) ;; *) echo "attacks.sh: --series must be 6.1 or 6.12" >&2; exit 2;; esac
mkdir -p "$outdir"
[ -n "$counts" ] && rm -f "$counts"

# list NAME: the lines of the scenario's NAME="..." list.
list() {
	awk -v name="$1" '$0 ~ "^" name "=\"" { on = 1; sub("^" name "=\"", "") }
		on { line = $0; end = sub(/"$/, "", line); if (line != "") print line
		     if (end) exit }' "$scen"
}
# picked ID FAMILY: in the --only selection (or no selection).
picked() {
	[ -z "$only" ] && return 0
	case ",$only," in *",$1,"*|*",$2,"*) return 0;; esac
	return 1
}
suites=$(list SUITES | awk '{ print $1 }' | while read -r s; do
	picked "$s" "$s" && echo "$s"; done)
oneshots=$(list ATTACKS | awk '{ print $1 "." $2 }' | while read -r id; do
	picked "$id" "${id%%.*}" && echo "$id"; done)
if [ -z "$suites$oneshots" ]; then
	echo "attacks.sh: nothing selected from the SUITES/ATTACKS lists in $scen" >&2
	[ -n "$counts" ] && echo "0 1" >"$counts"
	exit 1
fi
for i in attack-victim attack-mem attack-cpu hello $suites; do
	[ -f "$BUILD/inmates/$i.bin" ] ||
		echo "attacks.sh: note: $BUILD/inmates/$i.bin not built (make inmates)" >&2
done

group=attacks-$series
t0=$(date +%s)
if [ -z "$log" ]; then
	log=$outdir/$group.log
	bash "$top/ci/run-scenarios.sh" --outdir "$outdir" \
		--group "$group|--series $series${only:+ --append attacks.only=$only}|attacks|$TIMEOUT" \
		>"$outdir/scenario.txt" 2>&1
fi
if [ ! -s "$log" ]; then
	echo "attacks.sh: no log $log"
	[ -n "$counts" ] && echo "0 1" >"$counts"
	exit 1
fi
clean=$(tr -d '\r' <"$log")

# ---- one result per attack id: the final block, else the progress lines ----
final=$(echo "$clean" | grep -aoE '^ATTACKRES (PASS|FAIL) [a-z0-9-]+\.[a-z0-9_]+( .*)?$' |
	sed 's/^ATTACKRES //')
have_end=0
echo "$clean" | grep -aqE '^ATTACKEND ' && have_end=1
if [ -z "$final" ]; then
	final=$(echo "$clean" | grep -aoE 'ATTACK (PASS|FAIL) [a-z0-9-]+\.[a-z0-9_]+( .*)?$' |
		sed 's/^ATTACK //')
fi
ct=$(echo "$clean" | grep -aoE '^ATTACKCT \[cell-a\] CELLTEST .*' | sed 's/^ATTACKCT //')
[ -n "$ct" ] || ct=$(echo "$clean" | grep -aoE '\[cell-a\] CELLTEST .*')
ct=$(echo "$ct" | grep -aoE 'CELLTEST (PASS [a-z0-9-]+\.[A-Za-z0-9_]+$|(FAIL|SKIP) [a-z0-9-]+\.[A-Za-z0-9_]+: .*|DONE [a-z0-9-]+ passed=[0-9]+ failed=[0-9]+$)')

# rows: "family tried denied failed", failures: "FAIL id detail"
rows="" failures=""
add_row() { rows="$rows$1 $2 $3 $4
"; }

# One-shot attacks and suite aftermaths, by family.
expected_ids=$(printf '%s\n' $oneshots; for s in $suites; do echo "$s.aftermath"; done)
declare -A res det
while read -r kind id rest; do
	[ -n "$id" ] || continue
	# A FAIL beats a PASS seen for the same id (garbled duplicates).
	if [ -z "${res[$id]:-}" ] || [ "$kind" = FAIL ]; then
		res[$id]=$kind
		det[$id]=$rest
	fi
done <<<"$final"

declare -A f_tried f_denied f_failed
families=""
for id in $expected_ids; do
	fam=${id%%.*}
	case $id in *.aftermath) fam=$fam;; esac
	case " $families " in *" $fam "*) ;; *) families="$families $fam";; esac
	f_tried[$fam]=$(( ${f_tried[$fam]:-0} + 1 ))
	case ${res[$id]:-} in
	PASS) f_denied[$fam]=$(( ${f_denied[$fam]:-0} + 1 ));;
	FAIL) f_failed[$fam]=$(( ${f_failed[$fam]:-0} + 1 ))
	      failures="${failures}FAIL $id ${det[$id]}
";;
	*) f_failed[$fam]=$(( ${f_failed[$fam]:-0} + 1 ))
	   failures="${failures}FAIL $id no result (the run hung or crashed before it)
";;
	esac
done

# In-cell checks, per suite (a check counts once; FAIL beats PASS).
declare -A c_res c_det done_total
while read -r tag kind rest; do
	[ "$tag" = CELLTEST ] || continue
	if [ "$kind" = DONE ]; then
		s=${rest%% *}
		done_total[$s]=1
		continue
	fi
	key=${rest%%:*}
	if [ -z "${c_res[$key]:-}" ] || [ "$kind" = FAIL ] ||
	   { [ "$kind" = SKIP ] && [ "${c_res[$key]}" = PASS ]; }; then
		c_res[$key]=$kind
		c_det[$key]=${rest#*: }
	fi
done <<<"$ct"
for s in $suites; do
	for key in "${!c_res[@]}"; do
		[ "${key%%.*}" = "$s" ] || continue
		f_tried[$s]=$(( ${f_tried[$s]:-0} + 1 ))
		if [ "${c_res[$key]}" = PASS ]; then
			f_denied[$s]=$(( ${f_denied[$s]:-0} + 1 ))
		else
			f_failed[$s]=$(( ${f_failed[$s]:-0} + 1 ))
			failures="${failures}FAIL $key ${c_det[$key]}
"
		fi
	done
	if [ -z "${done_total[$s]:-}" ]; then
		f_tried[$s]=$(( ${f_tried[$s]:-0} + 1 ))
		f_failed[$s]=$(( ${f_failed[$s]:-0} + 1 ))
		failures="${failures}FAIL $s.done no 'CELLTEST DONE $s' line (the suite died or hung)
"
	fi
done

# ---- crashes, leaks, the scenario's own steps ----
panics=$(echo "$clean" | grep -acE '^PANIC')
qemu_rc=$(echo "$clean" | sed -n 's/^JHHOST EXIT \([0-9]*\) .*/\1/p' | tail -n 1)
[ -n "$qemu_rc" ] || qemu_rc="?"
hang=0
[ $have_end = 1 ] || hang=1
crashes=$((panics + hang))
[ "$qemu_rc" = 0 ] || crashes=$((crashes + 1))
end_line=$(echo "$clean" | grep -aE '^ATTACKEND ' | tail -n 1)
pool0=$(echo "$end_line" | sed -n 's/.*pool_after_enable=\([0-9]*\).*/\1/p')
pool1=$(echo "$end_line" | sed -n 's/.*pool_end=\([0-9]*\).*/\1/p')
if [ -n "$pool0" ] && [ -n "$pool1" ]; then
	leaked=$((pool1 - pool0))
else
	leaked="?"
fi
harness=""
if [ -f "$outdir/summary.txt" ] && [ "$log" = "$outdir/$group.log" ]; then
	harness=$(grep -E "^FAIL $group" "$outdir/summary.txt" | grep -v "/attacks\.atk\.\|/attacks\.garbled" |
		cut -c1-200)
fi
harness_n=0
[ -n "$harness" ] && harness_n=$(echo "$harness" | grep -c .)

# ---- report ----
total_t=0 total_d=0 total_f=0
printf '%-16s %6s %7s %7s\n' family tried denied failed
for fam in $families; do
	t=${f_tried[$fam]:-0} d=${f_denied[$fam]:-0} f=${f_failed[$fam]:-0}
	label=$fam
	case " $(echo $suites) " in *" $fam "*) label="$fam*";; esac
	printf '%-16s %6d %7d %7d\n' "$label" "$t" "$d" "$f"
	total_t=$((total_t + t)) total_d=$((total_d + d)) total_f=$((total_f + f))
done
printf '%-16s %6d %7d %7d\n' total "$total_t" "$total_d" "$total_f"
echo "  (* in-cell suite: its checks plus <suite>.aftermath)"
echo
echo "hypervisor crashes: $crashes (PANIC lines $panics, QEMU exit $qemu_rc," \
	"run $([ $hang = 0 ] && echo "reached its end" || echo "did NOT reach its end"))"
echo "pages leaked:       $leaked (mem_pool_used after enable ${pool0:-?}, at the end ${pool1:-?})"
echo "scenario steps:     $harness_n failed"
if [ -n "$failures" ] || [ -n "$harness" ]; then
	echo
	printf '%s' "$failures" | cut -c1-220
	[ -n "$harness" ] && echo "$harness" | sed 's/^/SCENARIO /'
fi

fail_n=$((total_f + crashes + harness_n))
[ "$leaked" = 0 ] || fail_n=$((fail_n + 1))
echo
echo "attacks: $total_d denied, $fail_n failed ($total_t attacks) in" \
	"$(($(date +%s) - t0)) s (series $series, log ${log#"$top"/})"
[ -n "$counts" ] && echo "$total_d $fail_n" >"$counts"
[ "$fail_n" = 0 ] && [ "$total_d" -gt 0 ]
