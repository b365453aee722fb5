# SPDX-License-Identifier: GPL-2.0
# In-cell tests (layer 4): cell-a runs hello as a neighbour (CPU 1), then
# every test inmate runs in cell-b (CPUs 2-3), one after the other: load,
# start, wait for its "CELLTEST DONE <suite>" line, shut it down
# (cell-cpustate-dirty fills EL1 registers that cell-cpustate, started
# next on the same CPU, must find reset). The
# inmates print "CELLTEST PASS|FAIL|SKIP <suite>.<check>" through the
# hypervisor console; after each suite (and once more at the end) those
# lines are copied to this console as "INCELL [cell-b] CELLTEST ..." so
# the host harness (ci/jhtest/incell.py) finds them in the QEMU log even if the ring wrapped.
# Root-side checks around the suites: the cell's exits show the
# maintenance interrupt at work, cell-a's timer survives cell-gic-iso's
# writes to its redistributor, root keeps working, nothing leaks. (Root
# cannot read the distributor itself: /dev/mem refuses the GIC's range,
# and root's console output takes no UART interrupts to count.)
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=59
. /scenarios/lib.sh

# suite:checks:command line (the inmate image is <suite>.bin; checks is
# the number of distinct checks it must report, the host harness (ci/jhtest/incell.py) fails the
# missing ones). A new suite needs its line, count included.
SUITES="cell-basics:28:expect_cpus=2
cell-psci:28:foreign=0x0,0x1
cell-sgi:19:suite=sgi
cell-spi:16:spi=49
cell-gic-iso:33:spi=49 foreign_spi=33 spare_spi=60
cell-hvc:22:suite=hvc
cell-aarch32:15:suite=aarch32
cell-cpustate-dirty:24:phase=dirty
cell-cpustate:24:phase=check"
SUITE_TIMEOUT=${INCELL_SUITE_TIMEOUT:-30}

# Lines of the hypervisor console printed since cell-b's last start.
since_start_b() {
	$JH console 2>/dev/null | awk 'index($0, "Started cell \"cell-b\"") { n = 0; next }
		{ l[n++] = $0 } END { for (i = 0; i < n; i++) print l[i] }'
}

# dump_celltest [all]: copy CELLTEST lines (since the last start, or all).
dump_celltest() {
	if [ "${1:-}" = all ]; then
		$JH console 2>/dev/null
	else
		since_start_b
	fi | grep -a '\[cell-b\] CELLTEST ' | sed 's/^/INCELL /'
}

# wait_done SUITE SECONDS: until its DONE line, or the cell failed.
wait_done() {
	_end=$(($(uptime_cs) + $2 * 100))
	while [ "$(uptime_cs)" -le "$_end" ]; do
		[ "$(seen_since_start cell-b "CELLTEST DONE $1 ")" = 1 ] && return 0
		[ "$(cell_state cell-b)" = failed ] && return 1
		sleep 0.2
	done
	return 1
}

# a_tick: cell-a's latest "hello: tick <k>" number (immune to ring wrap).
a_tick() {
	$JH console 2>/dev/null | grep -a '\[cell-a\] hello: tick ' | tail -n 1 |
		awk '{ print $NF + 0 } END { if (!NR) print 0 }'
}

# check_a_ticks NAME SECONDS: cell-a's tick goes up by 2 within SECONDS.
check_a_ticks() {
	_t0=$(a_tick)
	_end=$(($(uptime_cs) + $2 * 100))
	while [ "$(a_tick)" -lt $((_t0 + 2)) ]; do
		if [ "$(uptime_cs)" -gt "$_end" ]; then
			fail "$1" "cell-a stuck at tick $_t0 for $2 s, state $(cell_state cell-a)"
			return 1
		fi
		sleep 0.2
	done
	pass "$1"
}

run_suite() {
	_s=$1 _args=$2
	if ! _o=$($JH cell load cell-b "$JH_INMATES/$_s.bin" -s "$_args" -a 0x1000 2>&1); then
		fail "$_s.load" "$_o"
		return 1
	fi
	# Say nothing while the suite runs: the hypervisor writes the cell's
	# lines to the same UART, and two writers interleave characters.
	if ! _o=$($JH cell start cell-b 2>&1); then
		fail "$_s.start" "$_o"
		return 1
	fi
	wait_done "$_s" "$SUITE_TIMEOUT"
	_rc=$?
	pass "$_s.start"
	if [ $_rc = 0 ]; then
		pass "$_s.done"
	else
		fail "$_s.done" "no 'CELLTEST DONE $_s' within ${SUITE_TIMEOUT}s, cell-b $(cell_state cell-b): $(since_start_b | grep -av '^\[cell-a\]' | tail -n 4)"
	fi
	check_eq "$_s.still_running" "$(cell_state cell-b)" running
	dump_celltest
	check_ok "$_s.shutdown" $JH cell shutdown cell-b
	check_eq "$_s.shut_down" "$(cell_state cell-b)" "shut down"
}

load_driver
check_ok enable $JH enable $JH_CELL
base=$(pool_used)

# The neighbour: foreign SGIs and GIC writes aim at its CPU.
check_ok a_up cell_up cell-a qemu-arm64-cell-a.cell hello.bin -s "period_ms=1000" -a 0x1000
check_console a_hello "\[cell-a\] Hello from CPU" 1 30
check_ok create_b $JH cell create $JH_CELLS/qemu-arm64-cell-b.cell

maint_exits() {
	rd "$(cell_dir cell-b)/statistics/exits_maintenance"
}

echo "$SUITES" | while IFS=: read -r suite _checks args; do
	m0=$(maint_exits)
	run_suite "$suite" "$args"
	case $suite in
	cell-sgi)
		# 14 SGIs do not fit QEMU's 4 list registers.
		check_gt sgi_maintenance_exits "$(maint_exits)" "$m0"
		;;
	cell-gic-iso)
		# Its writes would have silenced cell-a's timer.
		check_a_ticks gic_iso_cell_a_ticks 10
		;;
	esac
done

check_eq a_still_running "$(cell_state cell-a)" running
check_a_ticks a_still_ticks 10
check_ok destroy_b $JH cell destroy cell-b
check_ok destroy_a $JH cell destroy cell-a
dump_celltest all
check_eq all_cpus_back "$(cat /sys/devices/system/cpu/online)" "$BOOT_ONLINE"
check_eq pool_back "$(pool_used)" "$base"
root_alive alive_after
check_ok disable $JH disable
scenario_done
