#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Cell benchmark scenario (make bench, ci/bench.sh; never part of make test).
# Runs the timer-latency inmate in cell-a (CPU 1) a few times and prints,
# per run, one "BENCH cellrun" line with the cell's EL2 exit counter deltas
# and "BENCH cellcon" lines with the hypervisor console from the run's
# "Started cell" line on (the inmate's output). The host computes the
# table. At the end, one "BENCH scrub_<cell>" line each for cell-a and
# cell-large: the hypervisor's cost of zeroing their memory on create and
# destroy. Run under -icount: counter values are then virtual time.
#
# Parameters from the kernel command line (ci/bench.sh passes them):
#   jhbench.period_us=N   timer period (default 1000)
#   jhbench.samples=A,B   sample counts, one run each, in this order
#                         (default 100,1100,1100,100,100,100,100,100):
#                         runs 1 and 2 give the exits per interrupt, every
#                         run a start-up time
#   jhbench.warmup_us=N   the inmate idles this long before its first
#                         period (default 200000), so that the root's
#                         `cell start` has returned and root sleeps while
#                         it measures
. /scenarios/lib.sh
. /scenarios/bench-lib.sh

param() {
	_v=$(tr ' ' '\n' </proc/cmdline | sed -n "s/^jhbench\.$1=//p" | tail -n 1)
	echo "${_v:-$2}" | tr ',' ' '
}

PERIOD_US=$(param period_us 1000)
SAMPLES=$(param samples "100,1100,1100,100,100,100,100,100")
WARMUP_US=$(param warmup_us 200000)
# since_start: the hypervisor console from the last start of cell-a on.
since_start() {
	$JH console 2>/dev/null | tr -d '\r' | awk '
		index($0, "Started cell \"cell-a\"") { n = 0 }
		{ buf[n++] = $0 }
		END { for (i = 0; i < n; i++) print buf[i] }'
}

# wait_off SECONDS: until cell-a is shut down (its PSCI SYSTEM_OFF).
wait_off() {
	_end=$(($(uptime_cs) + $1 * 100))
	while [ "$(cell_state cell-a)" != "shut down" ]; do
		[ "$(uptime_cs)" -gt "$_end" ] && return 1
		sleep 0.01
	done
	return 0
}

# run TAG SAMPLES: load, start, let the inmate finish (it powers its cell
# off, which freezes the cell's counters), report.
run() {
	_tag=$1 _n=$2
	if ! $JH cell load cell-a "$JH_INMATES/timer-latency.bin" \
		-s "period_us=$PERIOD_US samples=$_n warmup_us=$WARMUP_US poweroff" \
		-a 0x1000 >/dev/null; then
		fail "$_tag.load" "cell load failed"
		return 1
	fi
	_d=$(cell_dir cell-a)
	_secs=$(awk -v n="$_n" -v p="$PERIOD_US" -v w="$WARMUP_US" \
		'BEGIN { print (w + n * p) / 1e6 + 0.01 }')
	_before=$(bench_counters "$_d")
	if ! $JH cell start cell-a >/dev/null; then
		fail "$_tag.start" "cell start failed"
		return 1
	fi
	# Keep root idle while the cell measures: polling Linux would compete
	# for QEMU's single round-robin vCPU thread under -icount. Sleep until
	# just after the last sample, then poll finely: the parked CPU spins
	# (wfe) and burns instructions until the next run.
	sleep "$_secs"
	if ! wait_off 60; then
		fail "$_tag.finished" "cell state '$(cell_state cell-a)': $(since_start | tail -n 3)"
		return 1
	fi
	_after=$(bench_counters "$_d")
	pass "$_tag.finished"
	echo "BENCH cellrun $_tag samples=$_n period_us=$PERIOD_US warmup_us=$WARMUP_US $(bench_delta "$_before" "$_after" exits_)"
	since_start | sed "s/^/BENCH cellcon $_tag /"
}

# irq_total: interrupts root's CPUs took so far (all rows of /proc/interrupts).
irq_total() {
	awk '{ for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i }
		END { print s + 0 }' /proc/interrupts
}

# root_window TAG CMD...: what the GIC emulation costs root. Root takes its
# interrupts without exits; only its GICD/GICR accesses trap. Prints root's
# exit counter deltas and the interrupts it took while CMD ran. Reading the
# counters costs root a few hypercalls (exits_hvc) itself.
root_window() {
	_tag=$1
	shift
	_b=$(bench_counters $JH_SYS/cells/0)
	_i0=$(irq_total)
	"$@" >/dev/null 2>&1
	_i1=$(irq_total)
	_a=$(bench_counters $JH_SYS/cells/0)
	echo "BENCH root_$_tag interrupts=$((_i1 - _i0)) $(bench_delta "$_b" "$_a" exits_)"
}

load_driver
check_ok enable "$JH" enable "$JH_CELL" || { scenario_done; exit 0; }
root_window idle_1s sleep 1
root_window workload sh -c 'seq 1 20000 | md5sum; ls -R /sys/devices/jailhouse'
root_window cpu_cycle sh -c 'echo 0 >/sys/devices/system/cpu/cpu3/online; echo 1 >/sys/devices/system/cpu/cpu3/online'
check_ok create "$JH" cell create "$JH_CELLS/qemu-arm64-cell-a.cell"
i=0
for n in $SAMPLES; do
	i=$((i + 1))
	run "run$i" "$n"
done
check_ok destroy "$JH" cell destroy cell-a

# scrub_cost CELL CONFIG: what zeroing the cell's memory costs on create
# and on destroy, from the hypervisor's own lines (counter ticks: virtual
# time under -icount, deterministic for a given build and command line).
scrub_cost() {
	if ! "$JH" cell create "$JH_CELLS/$2" >/dev/null ||
	   ! "$JH" cell destroy "$1" >/dev/null; then
		fail "scrub_$1" "create/destroy of $2 failed"
		return 1
	fi
	_l=$($JH console 2>/dev/null | tr -d '\r' | grep "^cell $1: scrubbed " | tail -n 2)
	_c=$(echo "$_l" | sed -n 's/.* scrubbed \([0-9]*\) KiB on create in \([0-9]*\) ticks/kib=\1 create_ticks=\2/p')
	_d=$(echo "$_l" | sed -n 's/.* on destroy in \([0-9]*\) ticks/destroy_ticks=\1/p')
	if [ -z "$_c" ] || [ -z "$_d" ]; then
		fail "scrub_$1" "no scrub lines on the console: $_l"
		return 1
	fi
	pass "scrub_$1"
	echo "BENCH scrub_$1 $_c $_d counter_hz=$(cntfrq)"
}

# The counter frequency the hypervisor's ticks are in (QEMU virt: 62.5 MHz).
cntfrq() {
	_f=$(od -An -tx4 /proc/device-tree/timer/clock-frequency 2>/dev/null | tr -d ' ')
	if [ -n "$_f" ]; then echo $((0x$_f)); else echo 62500000; fi
}

scrub_cost cell-a qemu-arm64-cell-a.cell
scrub_cost cell-large qemu-arm64-cell-large.cell
check_ok disable "$JH" disable
scenario_done
