#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Attack tests: inmates that try to break isolation (inmates/tests/
# attack-*.c). Boots QEMU once with the `attacks` scenario
# (ci/scenarios/attacks.sh): cell-b runs attack-victim, cell-a runs the
# in-cell attack suites one after the other, then one fresh cell-a per
# one-shot attack. Prints a table per attack family and writes
# "PASSED FAILED" to the --counts file, where every attack is one case:
#
#   one-shot attack   ATTACKRES PASS (the scenario saw the expected end:
#                     parked, refused, ...; the victim, root and the
#                     hypervisor are fine) AND the hypervisor's own report
#                     (ATTACKHV lines: the FATAL line, its EC, the IPA of
#                     describe_abort) is what the attack's EXPECT column
#                     says it must provoke. Any other FATAL fails it.
#   in-cell check     CELLTEST PASS = refused or ignored as it must; each
#                     suite must report the number of checks declared in
#                     the scenario's SUITES list (<suite>.plan otherwise)
#   <suite>.aftermath the suite ended, no FATAL, everybody fine
#
# Denials (the hypervisor refused or reported the fault) and architecture
# checks (never reach EL2: EXPECT el1:/runs, the ARCH_CHECKS patterns)
# are counted apart; so are distinct attacks and sweep cases (the same
# technique on more targets: one-shots with the same image and op=, the
# in-cell checks of one SWEEPS pattern). Both kinds count as passed.
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
	-h|--help) sed -n '3,36p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
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
grep -aqE '^ATTACKEND ' <<<"$clean" && have_end=1
if [ -z "$final" ]; then
	final=$(echo "$clean" | grep -aoE 'ATTACK (PASS|FAIL) [a-z0-9-]+\.[a-z0-9_]+( .*)?$' |
		sed 's/^ATTACK //')
fi
ct=$(echo "$clean" | grep -aoE '^ATTACKCT \[cell-a\] CELLTEST .*' | sed 's/^ATTACKCT //')
[ -n "$ct" ] || ct=$(echo "$clean" | grep -aoE '\[cell-a\] CELLTEST .*')
ct=$(echo "$ct" | grep -aoE 'CELLTEST (PASS [a-z0-9-]+\.[A-Za-z0-9_]+$|(FAIL|SKIP) [a-z0-9-]+\.[A-Za-z0-9_]+: .*|DONE [a-z0-9-]+ passed=[0-9]+ failed=[0-9]+$)')

# ---- what each attack must provoke (the scenario's lists) ----
# expect[id]: the EXPECT column; key[id]: the technique (image + op),
# for telling distinct attacks from parameter sweeps.
ring=$(echo "$clean" | sed -n 's/.*console ring at \(0x[0-9a-f]*\).*/\1/p' | head -n 1)
declare -A expect key plan
while read -r fam name img exp args; do
	[ -n "$name" ] || continue
	expect[$fam.$name]=${exp//@RING@/${ring:-@RING@}}
	op=$(echo "$args" | grep -oE '(^| )op=[^ ]+' | sed 's/.*op=//')
	key[$fam.$name]="$img ${op:-$name}"
done < <(list ATTACKS)
while read -r s n rest; do
	[ -n "$s" ] && plan[$s]=$n
done < <(list SUITES)
arch_pats=$(list ARCH_CHECKS)
sweep_pats=$(list SWEEPS)

# The hypervisor's reports per id (ATTACKHV lines, copied by the
# scenario from the clean hypervisor console).
declare -A hvr
while IFS= read -r l; do
	id=${l%% *}
	hvr[$id]="${hvr[$id]:-}${l#* }
"
done < <(echo "$clean" | grep -aE '^ATTACKHV [a-z0-9-]+\.[a-z0-9_]+ ' | sed 's/^ATTACKHV //')

# hv_verdict EXPECT REPORT: empty if the report is what EXPECT says the
# hypervisor must print, else why not. A parked cell alone proves
# nothing: the fault class (EC) and address (IPA) must be the attack's.
hv_verdict() {
	local exp=$1 rep=$2 fatal ec ipa want_ec want want_ipa len esr
	fatal=$(echo "$rep" | grep -a '^FATAL: CPU 1, cell "cell-a": ' | head -n 1)
	case $exp in
	fatal:*)
		want=${exp#fatal:}
		want_ec=${want%%@*}
		if [ -z "$fatal" ]; then
			echo "no hypervisor FATAL report (expected EC $want_ec);"
			return
		fi
		ec=$(echo "$fatal" | sed -n 's/.*: EC \(0x[0-9a-f]*\) (.*/\1/p')
		if [ -z "$ec" ]; then
			echo "hypervisor reported '${fatal#*: }', expected a trap with EC $want_ec;"
			return
		fi
		[ $((ec)) = $((want_ec)) ] ||
			echo "hypervisor reported EC $ec, expected EC $want_ec;"
		case $want in *@*) ;; *) return;; esac
		want_ipa=${want#*@} len=1
		case $want_ipa in *+*) len=${want_ipa#*+} want_ipa=${want_ipa%+*};; esac
		ipa=$(echo "$rep" | sed -n 's/.* at IPA \(0x[0-9a-f]*\).*/\1/p' | head -n 1)
		if [ -z "$ipa" ]; then
			echo "no IPA in the hypervisor's report, expected $want_ipa;"
		elif [ $((ipa)) -lt $((want_ipa)) ] ||
		     [ $((ipa)) -ge $((want_ipa + len)) ]; then
			echo "hypervisor reported IPA $ipa, expected $want_ipa$([ "$len" = 1 ] || echo "+$len");"
		fi
		;;
	el1:*|panic:*)
		esr=$(echo "$fatal" | sed -n 's/.*: guest panic: ESR \(0x[0-9a-f]*\) .*/\1/p')
		if [ -z "$esr" ]; then
			echo "expected the cell's own report of an EL1 exception (guest panic), got '${fatal:-no report}';"
		elif [ "${exp%%:*}" = el1 ]; then
			ec=$(printf '0x%02x' $(((esr >> 26) & 0x3f)))
			[ $((ec)) = $((${exp#el1:})) ] ||
				echo "the cell reported an EL1 exception with EC $ec, expected ${exp#el1:};"
		else
			[ "$esr" = "${exp#panic:}" ] ||
				echo "guest panic report with ESR $esr, expected ${exp#panic:};"
		fi
		;;
	*)
		[ -z "$fatal" ] || echo "unexpected hypervisor report: ${fatal#FATAL: };"
		;;
	esac
}

# is_arch EXPECT|CHECK: an architecture check, not a hypervisor denial
# (the attack never reaches EL2: UNDEF or fault at EL1, or the CPU
# ignores it).
is_arch() {
	local p
	case $1 in el1:*|runs) return 0;; esac
	for p in $arch_pats; do
		# shellcheck disable=SC2053
		[[ $1 == $p ]] && return 0
	done
	return 1
}

# technique CHECK: the sweep a suite's check belongs to, or itself.
technique() {
	local p
	for p in $sweep_pats; do
		# shellcheck disable=SC2053
		[[ $1 == $p ]] && { echo "$p"; return; }
	done
	echo "$1"
}

# rows: "family tried denied arch failed", failures: "FAIL id detail"
failures=""
declare -A f_tried f_denied f_arch f_failed seen_tech
families="" n_distinct=0 n_sweep=0 n_after=0
# count FAMILY ID KIND(PASS|FAIL) ARCH(0|1) TECHNIQUE DETAIL
count() {
	local fam=$1
	case " $families " in *" $fam "*) ;; *) families="$families $fam";; esac
	f_tried[$fam]=$(( ${f_tried[$fam]:-0} + 1 ))
	if [ "$3" = PASS ] && [ "$4" = 1 ]; then
		f_arch[$fam]=$(( ${f_arch[$fam]:-0} + 1 ))
	elif [ "$3" = PASS ]; then
		f_denied[$fam]=$(( ${f_denied[$fam]:-0} + 1 ))
	else
		f_failed[$fam]=$(( ${f_failed[$fam]:-0} + 1 ))
		failures="${failures}FAIL $2 $6
"
	fi
	if [ -z "$5" ]; then
		n_after=$((n_after + 1))
	elif [ -n "${seen_tech[$5]:-}" ]; then
		n_sweep=$((n_sweep + 1))
	else
		seen_tech[$5]=1
		n_distinct=$((n_distinct + 1))
	fi
}

# One-shot attacks and suite aftermaths.
declare -A res det
while read -r kind id rest; do
	[ -n "$id" ] || continue
	# A FAIL beats a PASS seen for the same id (garbled duplicates).
	if [ -z "${res[$id]:-}" ] || [ "$kind" = FAIL ]; then
		res[$id]=$kind
		det[$id]=$rest
	fi
done <<<"$final"

for id in $oneshots $(for s in $suites; do echo "$s.aftermath"; done); do
	fam=${id%%.*} exp=${expect[$id]:-none} arch=0 tech=${key[$id]:-}
	is_arch "$exp" && arch=1
	kind=${res[$id]:-} why=${det[$id]:-}
	if [ -z "$kind" ]; then
		kind=FAIL why="no result (the run hung or crashed before it)"
	else
		# The hypervisor must have said exactly what the attack is
		# meant to provoke (no report block: nothing is proven).
		v=$(hv_verdict "$exp" "${hvr[$id]:-}")
		[ -n "$v" ] && why="$v (expected $exp; scenario: $kind $why)" kind=FAIL
	fi
	count "$fam" "$id" "$kind" "$arch" "$tech" "$why"
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
	n=0
	for key in $(printf '%s\n' "${!c_res[@]}" | sort); do
		[ "${key%%.*}" = "$s" ] || continue
		n=$((n + 1))
		arch=0
		is_arch "$key" && arch=1
		kind=PASS
		[ "${c_res[$key]}" = PASS ] || kind=FAIL
		count "$s" "$key" "$kind" "$arch" "$(technique "$key")" "${c_det[$key]}"
	done
	if [ -z "${done_total[$s]:-}" ]; then
		count "$s" "$s.done" FAIL 0 "" "no 'CELLTEST DONE $s' line (the suite died or hung)"
	fi
	# The declared number of checks: one that never reported is a
	# failure, not a smaller total.
	if [ -z "${plan[$s]:-}" ] || [ -n "${plan[$s]//[0-9]/}" ]; then
		count "$s" "$s.plan" FAIL 0 "" "no number of checks declared for $s in the SUITES list of $scen"
	elif [ "$n" -lt "${plan[$s]}" ]; then
		count "$s" "$s.plan" FAIL 0 "" "only $n of ${plan[$s]} declared checks reported: $((plan[$s] - n)) missing"
	elif [ "$n" -gt "${plan[$s]}" ]; then
		count "$s" "$s.plan" FAIL 0 "" "$n checks reported, ${plan[$s]} declared: update the SUITES list"
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
total_t=0 total_d=0 total_a=0 total_f=0
printf '%-16s %6s %7s %6s %7s\n' family tried denied arch failed
for fam in $families; do
	t=${f_tried[$fam]:-0} d=${f_denied[$fam]:-0} a=${f_arch[$fam]:-0} f=${f_failed[$fam]:-0}
	label=$fam
	case " $(echo $suites) " in *" $fam "*) label="$fam*";; esac
	printf '%-16s %6d %7d %6d %7d\n' "$label" "$t" "$d" "$a" "$f"
	total_t=$((total_t + t)) total_d=$((total_d + d))
	total_a=$((total_a + a)) total_f=$((total_f + f))
done
printf '%-16s %6d %7d %6d %7d\n' total "$total_t" "$total_d" "$total_a" "$total_f"
echo "  (* in-cell suite: its checks plus <suite>.aftermath)"
echo "  denied: the hypervisor reported the fault the attack is meant to provoke"
echo "  (EC, IPA) or refused/handled it as declared; arch: architecture checks"
echo "  that never reach EL2 (UNDEF or fault at EL1, ignored by the CPU)"
echo "$n_distinct distinct attacks, $n_sweep sweep cases" \
	"(further parameters of the same technique), $n_after aftermath/plan checks"
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
echo "attacks: $total_d denied, $total_a architecture checks, $fail_n failed ($total_t cases) in" \
	"$(($(date +%s) - t0)) s (series $series, log ${log#"$top"/})"
[ -n "$counts" ] && echo "$((total_d + total_a)) $fail_n" >"$counts"
[ "$fail_n" = 0 ] && [ "$total_d" -gt 0 ]
