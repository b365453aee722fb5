# SPDX-License-Identifier: GPL-2.0
# Fuzzing from inside a cell. cell-b runs fuzz-victim (prints a tick with
# the CRC of its code and of a pattern in its RAM, and counts interrupts
# nobody may send it); cell-a runs fuzz-cell:
#  1. a seeded stream of 1,000,000 operations (at least 100,000) a cell
#     may do (hypercalls, hvc/smc with several immediates, system
#     registers, its own RAM and comm region, the emulated GICD/GICR): no
#     errors, the cell keeps running and still answers a shutdown request;
#  2. one round per hostile kind (foreign memory and devices, odd GIC
#     accesses, undefined instructions, GUEST_PANIC, CPU_OFF, SYSTEM_OFF,
#     SYSTEM_RESET, trap storms), then a few rounds of random mixes: each
#     ends as that kind must (foreign access: cell failed with a FATAL
#     report, ...), and the cell is loaded and started again;
#     then a cell that changes its CPU's PPI trigger modes and SGI/PPI
#     priorities and its SPI's (what the fuzzer does at random): a new
#     cell-a must find the GIC as a new cell-a did before all this;
#  3. the safe stream on both CPUs of cell-b at once, its second CPU
#     turning itself off after every few thousand operations and being
#     turned on again (PSCI CPU_OFF/CPU_ON racing with the traps), with
#     the victim now in cell-a, which is then destroyed and cycled
#     through create/start/destroy CHURN (10) times next to the fuzzer.
# Throughout, the hypervisor, root and the victim must go on: the victim
# keeps ticking with an unchanged CRC and no stray interrupts, root works,
# and everything returns to root.
# Seed and size: jhfuzz.seed=N, .ops=N, .rounds=N, .churn=N on the kernel
# command line (ci/qemu.sh --append); the seed defaults to the clock and is
# printed first ("fuzz-cell: seed N"), so a failure can be replayed;
# jhfuzz.parts=13 runs parts 1 and 3 only.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=70
. /scenarios/lib.sh

kparam() {
	sed -n "s/.*[[:space:]]$1=\([0-9][0-9]*\).*/\1/p" /proc/cmdline
}
SEED=$(kparam jhfuzz.seed)
[ -n "$SEED" ] || SEED=$(($(date +%s) % 1000000 + 1))
OPS=$(kparam jhfuzz.ops)
OPS=${OPS:-1000000}
ROUNDS=$(kparam jhfuzz.rounds)
ROUNDS=${ROUNDS:-5}
CHURN=$(kparam jhfuzz.churn)
CHURN=${CHURN:-10}
PARTS=$(kparam jhfuzz.parts)
PARTS=${PARTS:-123}
echo "fuzz-cell: seed $SEED ops $OPS random rounds $ROUNDS"

# The hostile kinds, in fuzz-cell.c's order (kind=<index>).
KINDS="foreign-read foreign-write foreign-exec gic-odd-size gic-pair
gic-exclusive gic-unaligned gic-cmo undef el2-sysreg guest-panic cpu-off
system-off system-reset storm"

# Lines of the console since the fuzzing cell's latest start.
FUZZ_CELL=cell-a
since_start_a() {
	$JH console 2>/dev/null | awk -v start="Started cell \"$FUZZ_CELL\"" 'index($0, start) { n = 0; next }
		{ l[n++] = $0 } END { for (i = 0; i < n; i++) print l[i] }'
}

VICTIM=cell-b

# victim: "<tick> <crc> <stray>" from the victim's latest tick line.
victim() {
	$JH console 2>/dev/null | grep -a "\\[$VICTIM\\] fuzz-victim: tick " | tail -n 1 |
		awk '{ print $4 + 0, $6, $8 } END { if (!NR) print "0 none none" }'
}

# check_victim NAME: ticks went on (2 more within 20 s), CRC as at its
# start, no stray interrupts, no "CRC CHANGED" line in the ring.
check_victim() {
	set -- "$1" $(victim)
	_name=$1 _t0=$2
	_end=$(($(uptime_cs) + 2000))
	while [ "$2" -lt $((_t0 + 2)) ] && [ "$(uptime_cs)" -lt "$_end" ]; do
		sleep 0.3
		set -- "$_name" $(victim)
	done
	_why=""
	[ "$2" -ge $((_t0 + 2)) ] || _why="$_why stuck at tick $2 (state $(cell_state $VICTIM));"
	[ "$3" = "$CRC0" ] || _why="$_why CRC $3, at start $CRC0;"
	[ "$4" = 0 ] || _why="$_why $4 stray interrupts;"
	$JH console 2>/dev/null | grep -aq 'fuzz-victim: CRC CHANGED' &&
		_why="$_why CRC CHANGED reported;"
	if [ -z "$_why" ]; then
		pass "$_name"
	else
		fail "$_name" "$_why"
	fi
}

# outcome SECONDS: how cell-a's run ended: done, failed, shut, restarted,
# or running (none of these within SECONDS, or 3 s after a CPU_OFF).
outcome() {
	_end=$(($(uptime_cs) + $1 * 100))
	_off=0
	while [ "$(uptime_cs)" -le "$_end" ]; do
		case $(cell_state $FUZZ_CELL) in
		failed) echo failed; return;;
		"shut down") echo shut; return;;
		esac
		_l=$(since_start_a)
		case $_l in
		*"fuzz: restarted"*) echo restarted; return;;
		*"fuzz: done "*) echo done; return;;
		*"fuzz: hostile op "*" cpu-off "*)
			[ $_off = 1 ] || _end=$(($(uptime_cs) + 300))
			_off=1;;
		esac
		sleep 0.3
	done
	echo running
}

# start_victim CHECK CELL [ARGS]: fuzz-victim (a tick every 500 ms, ARGS
# added to its command line) started in CELL as check CHECK, until its
# second tick; CRC0 is then the crc of its pattern, which must not change.
start_victim() {
	check_ok "$1" cell_up "$2" "qemu-arm64-$2.cell" fuzz-victim.bin \
		-s "period_ms=500${3:+ $3}" -a 0x1000
	wait_since_start "$2" "fuzz-victim: tick 2 " 30
	CRC0=$($JH console 2>/dev/null | grep -a "\[$2\] fuzz-victim: pattern " |
		tail -n 1 | sed -n 's/.* crc \(0x[0-9a-f]*\).*/\1/p')
}

# stream_end WHAT CELL COUNTS N: until the fuzz stream in CELL ended (at
# most 120 s; a stream of a million operations takes about 10 s); sets res
# (outcome), out (CELL's fuzz lines since cell-a's latest start) and
# done_line, and logs them with the last N lines
# matching COUNTS (a grep pattern). Times from t0.
stream_end() {
	res=$(outcome 120)
	t1=$(uptime_cs)
	out=$(since_start_a | grep -a "\[$2\] .*fuzz: ")
	done_line=$(echo "$out" | grep -a 'fuzz: done ' | tail -n 1)
	echo "fuzz-cell: $1 stream ended '$res' after $(((t1 - t0) / 100)) s: $done_line"
	echo "$out" | grep -a "$3" | tail -n "$4"
}

# a_load ARGS: load fuzz-cell into cell-a with this command line.
a_load() {
	$JH cell load cell-a "$JH_INMATES/fuzz-cell.bin" -s "$1" -a 0x1000 >/dev/null 2>&1
}

# gicinfo_a: what a new cell-a finds in the GIC (fuzz-victim mode=gicinfo:
# its CPU's PPI trigger modes and SGI/PPI priorities, its SPI's mode and
# priority); the cell is destroyed again.
gicinfo_a() {
	cell_up cell-a qemu-arm64-cell-a.cell fuzz-victim.bin \
		-s "mode=gicinfo spi=48" -a 0x1000 >/dev/null 2>&1
	wait_since_start cell-a "fuzz-victim: gicinfo " 20
	$JH console 2>/dev/null | grep -a '\[cell-a\] fuzz-victim: gicinfo ' |
		tail -n 1 | sed 's/.*fuzz-victim: //'
	$JH cell destroy cell-a >/dev/null 2>&1
}

load_driver
check_ok enable $JH enable $JH_CELL
base=$(pool_used)
GIC0=$(gicinfo_a)
echo "fuzz-cell: a new cell-a finds: $GIC0"
check_contains gicinfo_before "$GIC0" "gicinfo cfg1 "

# ---- the victim ----
start_victim victim_up cell-b
check_contains victim_crc "crc=$CRC0" "crc=0x"
check_victim victim_ticks

# ---- 1. the safe stream ----
case $PARTS in *1*)
t0=$(uptime_cs)
check_ok fuzz_up cell_up cell-a qemu-arm64-cell-a.cell fuzz-cell.bin \
	-s "seed=$SEED ops=$OPS" -a 0x1000
stream_end safe cell-a 'fuzz: counts' 2
check_eq safe_done "$res" done
check_contains safe_ops "$done_line" "ops=$OPS "
check_contains safe_no_errors "$done_line" " errors=0 "
check_eq safe_no_error_lines "$(echo "$out" | grep -a 'fuzz: ERROR' | head -n 3)" ""
check_gt safe_ops_100k "$OPS" 99999
check_eq safe_still_running "$(cell_state cell-a)" running
d=$(cell_dir cell-a)
for s in hvc smc mmio sysreg psci; do
	check_gt "safe_exits_$s" "$(rd "$d/statistics/exits_$s")" 0
done
check_victim safe_victim
root_alive safe_root_alive 0
# The comm region it scribbled on still works (the fuzzer restored it).
check_ok safe_shutdown $JH cell shutdown cell-a
check_eq safe_shut_down "$(cell_state cell-a)" "shut down"
;; *)
	check_ok a_create $JH cell create $JH_CELLS/qemu-arm64-cell-a.cell
;; esac

# ---- 2. hostile rounds: one per kind, then random mixes ----
# round NAME KIND SEED OPS RATE: load, start, wait; prints the outcome.
round() {
	if ! a_load "mode=hostile kind=$2 seed=$3 ops=$4 rate=$5 report=0"; then
		echo load-failed
		return
	fi
	if ! $JH cell start cell-a >/dev/null 2>&1; then
		echo start-failed
		return
	fi
	outcome 120
}

# last_kind: the kind of cell-a's last announced hostile op.
last_kind() {
	since_start_a | grep -a 'fuzz: hostile op ' | tail -n 1 |
		sed -n 's/.*fuzz: hostile op [0-9]* \([a-z0-9-]*\) .*/\1/p'
}

# judge NAME OUTCOME SEED [KIND]: what each kind must lead to (a mix by
# the kind of its last hostile op).
judge() {
	_l=$(since_start_a)
	_k=${4:-$1}
	_fatal=0
	case $_l in *"FATAL: CPU 1, cell \"cell-a\""*) _fatal=1;; esac
	_why=""
	case $_l in *"fuzz: ERROR"*)
		_why="$(echo "$_l" | grep -a 'fuzz: ERROR' | head -n 2 | tr '\n' ' ');";;
	esac
	case $_l in *"fuzz: hostile op"*) ;; *)
		[ "$2" = done ] || _why="$_why no hostile op announced;";;
	esac
	case $_k:$2 in
	foreign-*:failed|guest-panic:failed)
		[ $_fatal = 1 ] || _why="$_why failed without a FATAL report;";;
	foreign-*:*|guest-panic:*)
		_why="$_why outcome '$2', expected failed";;
	cpu-off:running|system-off:shut|system-reset:restarted) ;;
	cpu-off:*|system-off:*|system-reset:*)
		_why="$_why outcome '$2'";;
	*:done) ;;
	*:failed)
		[ $_fatal = 1 ] || _why="$_why failed without a FATAL report;";;
	*)
		_why="$_why outcome '$2'";;
	esac
	_h=$(echo "$_l" | grep -a 'fuzz: hostile op' | tail -n 1 | sed 's/.*fuzz: //')
	echo "fuzz-cell: round $1${4:+ ($4)}: $2 ($_h)"
	if [ -z "$_why" ]; then
		pass "hostile.$1"
	else
		fail "hostile.$1" "$_why (seed $3)"
	fi
}

k=0
case $PARTS in *2*) ;; *) KINDS="" ROUNDS=0;; esac
for kind in $KINDS; do
	s=$((SEED + 1000 + k))
	res=$(round "$kind" $k $s 5000 400)
	judge "$kind" "$res" $s
	k=$((k + 1))
done
r=1
while [ $r -le "$ROUNDS" ]; do
	s=$((SEED + 2000 + r))
	res=$(round mix -1 $s 20000 2000)
	judge "mix$r" "$res" $s "$(last_kind)"
	r=$((r + 1))
done

check_victim hostile_victim
root_alive hostile_root_alive 0
check_eq hostile_victim_running "$(cell_state cell-b)" running

# What one cell configures in the GIC must not outlive it: after a cell
# that sets all its PPIs edge-triggered and its SGI/PPI and SPI priorities
# to 0xc0 (what the fuzzer does at random), a new cell-a must find the
# GIC as a new cell-a did before the fuzzing.
check_ok destroy_a $JH cell destroy cell-a
check_ok scribble_up cell_up cell-a qemu-arm64-cell-a.cell fuzz-victim.bin \
	-s "mode=scribble spi=48" -a 0x1000
wait_since_start cell-a "fuzz-victim: scribbled" 20
check_ok scribble_destroy $JH cell destroy cell-a
GIC1=$(gicinfo_a)
echo "fuzz-cell: after that a new cell-a finds: $GIC1"
check_eq gic_ppi_state_reset "${GIC1%% spi *}" "${GIC0%% spi *}"
check_eq gic_spi_state_restored "spi ${GIC1#* spi }" "spi ${GIC0#* spi }"

case $PARTS in *3*)
# ---- 3. both CPUs of cell-b fuzz at once, CPU 3 turning itself off and
# being turned on again all the time; the victim moves to cell-a ----
check_ok destroy_b $JH cell destroy cell-b
check_eq swap_pool "$(pool_used)" "$base"
start_victim smp_victim_up cell-a "spi=48"
VICTIM=cell-a FUZZ_CELL=cell-b
check_victim smp_victim_before
t0=$(uptime_cs)
check_ok smp_fuzz_up cell_up cell-b qemu-arm64-cell-b.cell fuzz-cell.bin \
	-s "seed=$SEED ops=$OPS smp=1 spi=49" -a 0x1000
check_victim smp_victim
# Management next to the fuzzing cell: cell-a is destroyed, then created,
# started and destroyed again CHURN times (hello must greet each time).
check_ok churn_destroy_victim $JH cell destroy cell-a
base_b=$(pool_used)
bad="" i=1
while [ $i -le "$CHURN" ]; do
	cell_up cell-a qemu-arm64-cell-a.cell hello.bin || bad="$bad $i:up"
	wait_since_start cell-a "[cell-a] Hello from CPU 0" 20 || bad="$bad $i:no-hello"
	$JH cell destroy cell-a >/dev/null 2>&1 || bad="$bad $i:destroy"
	[ "$(pool_used)" = "$base_b" ] || bad="$bad $i:pool=$(pool_used)"
	[ -n "$bad" ] && break
	i=$((i + 1))
done
case $(since_start_a) in *"fuzz: done "*) st=finished;; *) st="still running";; esac
echo "fuzz-cell: $((i - 1)) cell-a cycles next to the fuzzer in" \
	"$((($(uptime_cs) - t0) / 100)) s; fuzzer $st"
check_eq churn_cycles "$bad" ""
stream_end SMP cell-b 'fuzz: CPU \|fuzz: counts' 4
check_eq smp_done "$res" done
check_contains smp_no_errors "$done_line" " errors=0 "
check_eq smp_no_error_lines "$(echo "$out" | grep -a 'fuzz: ERROR' | head -n 3)" ""
starts=$(echo "$out" | sed -n 's/.*fuzz: CPU 1 ops=[0-9]* errors=[0-9]* starts=\([0-9]*\).*/\1/p' | tail -n 1)
check_gt smp_cpu1_restarted "${starts:-0}" 1
check_eq smp_still_running "$(cell_state cell-b)" running
root_alive smp_root_alive 0-1
# Its idle loop still gets its 10 ms poll timer (interrupt exits go on).
d=$(cell_dir cell-b)
irq0=$(rd "$d/statistics/exits_irq")
sleep 1
irq1=$(rd "$d/statistics/exits_irq")
echo "fuzz-cell: cell-b idle: exits_irq $irq0 -> $irq1 in 1 s"
check_gt smp_idle_timer "$((irq1 - irq0))" 10
check_ok smp_shutdown $JH cell shutdown cell-b
check_ok destroy_b_end $JH cell destroy cell-b
;; *)
	check_ok destroy_b_end $JH cell destroy cell-b
;; esac

# ---- everything back ----
check_eq all_cpus_back "$(cat /sys/devices/system/cpu/online)" "$BOOT_ONLINE"
check_eq pool_back "$(pool_used)" "$base"
root_alive alive_after
check_ok disable $JH disable
scenario_done
