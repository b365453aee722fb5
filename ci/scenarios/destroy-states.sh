# SPDX-License-Identifier: GPL-2.0
# Destroy cells whose CPUs will not cooperate: every CPU of the cell sits
# in a wfi loop, a wfe loop, a tight loop with interrupts unmasked, a tight
# loop with DAIF all masked, or a PSCI CPU_SUSPEND loop (waiting at EL2),
# none of them ever looking at the comm region (fuzz-victim mode=...).
# For each state, with cell-b (CPUs 2-3) and cell-a (CPU 1): destroy
# succeeds within DESTROY_MAX_CS (default 3 s), the CPUs come back online
# in Linux and run work, and the pool returns to its baseline. Also: a
# polite shutdown of a deaf cell times out and fails it (then destroy),
# a cell holding its comm lock is destroyed, a cell whose second CPU was
# never started (parked in the hypervisor) is destroyed, and two cells in
# such states are destroyed one after the other.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=59
. /scenarios/lib.sh

DESTROY_MAX_CS=${DESTROY_MAX_CS:-300}
MODES="wfi wfe busy masked suspend"

# cpus_online LIST: 1 if every CPU in LIST is online in Linux.
cpus_online() {
	for _c in $1; do
		[ "$(rd /sys/devices/system/cpu/cpu$_c/online)" = 1 ] || { echo 0; return; }
	done
	echo 1
}

# victim_up NAME CONFIG ARGS NLINES: start fuzz-victim and wait until
# NLINES CPUs said which mode they are in. Result line NAME.
victim_up() {
	if ! cell_up "$1" "$2" fuzz-victim.bin -s "$3" -a 0x1000; then
		fail "$4" "cell_up $1 '$3' failed"
		return 1
	fi
	_end=$(($(uptime_cs) + 2000))
	while [ "$($JH console 2>/dev/null | awk -v start="Started cell \"$1\"" \
		-v pat="[$1] fuzz-victim: CPU " 'index($0, start) { n = 0 }
		index($0, pat) { n++ } END { print n + 0 }')" -lt "$5" ]; do
		if [ "$(uptime_cs)" -gt "$_end" ]; then
			fail "$4" "$1 '$3': $5 CPUs did not report within 20 s"
			return 1
		fi
		sleep 0.1
	done
	pass "$4"
}

# destroy_timed NAME CELL CPUS: destroy, time it, CPUs back and working.
destroy_timed() {
	_t0=$(uptime_cs)
	_o=$($JH cell destroy "$2" 2>&1)
	_rc=$?
	_dt=$(($(uptime_cs) - _t0))
	echo "destroy-states: $1: destroy took ${_dt}0 ms"
	_why=""
	[ $_rc = 0 ] || _why="$_why destroy exited $_rc: $_o;"
	[ $_dt -le "$DESTROY_MAX_CS" ] || _why="$_why took ${_dt}0 ms;"
	[ "$(cell_state "$2")" = "<none>" ] || _why="$_why cell still listed;"
	[ "$(cpus_online "$3")" = 1 ] || _why="$_why CPUs online: $(cat /sys/devices/system/cpu/online);"
	for _c in $3; do
		[ "$(run_on "$_c")" = "$_c $SEQ_MD5" ] || _why="$_why CPU $_c does not run work;"
	done
	if [ -z "$_why" ]; then
		pass "$1"
	else
		fail "$1" "$_why"
	fi
}

load_driver
check_ok enable $JH enable $JH_CELL
base=$(pool_used)

for m in $MODES; do
	if victim_up cell-b qemu-arm64-cell-b.cell "mode=$m" "b_$m.up" 2; then
		check_eq "b_$m.running" "$(cell_state cell-b)" running
		destroy_timed "b_$m.destroy" cell-b "2 3"
	else
		$JH cell destroy cell-b >/dev/null 2>&1
	fi
	check_eq "b_$m.pool" "$(pool_used)" "$base"
	if victim_up cell-a qemu-arm64-cell-a.cell "mode=$m" "a_$m.up" 1; then
		destroy_timed "a_$m.destroy" cell-a 1
	else
		$JH cell destroy cell-a >/dev/null 2>&1
	fi
	check_eq "a_$m.pool" "$(pool_used)" "$base"
done

# A deaf cell: the polite shutdown times out and fails it; then destroy.
for m in masked busy; do
	victim_up cell-b qemu-arm64-cell-b.cell "mode=$m" "deaf_$m.up" 2
	expect_fail "deaf_$m.shutdown_times_out" "$JH cell shutdown cell-b" "[ETIMEDOUT]"
	check_eq "deaf_$m.failed" "$(cell_state cell-b)" failed
	destroy_timed "deaf_$m.destroy" cell-b "2 3"
done

# Holding the comm lock: shutdown refused, destroy works.
check_ok locked.up cell_up cell-b qemu-arm64-cell-b.cell hello.bin -s "lock=1" -a 0x1000
check_console locked.hello "\[cell-b\] hello: holding the lock" 1 20
expect_fail locked.shutdown_refused "$JH cell shutdown cell-b" "[EBUSY]"
destroy_timed locked.destroy cell-b "2 3"

# CPU 3 never started: parked in the hypervisor while CPU 2 sits in wfi.
victim_up cell-b qemu-arm64-cell-b.cell "mode=wfi secondaries=0" parked.up 1
destroy_timed parked.destroy cell-b "2 3"

# Both cells stuck at once, destroyed one after the other.
victim_up cell-a qemu-arm64-cell-a.cell "mode=masked" both.a_up 1
victim_up cell-b qemu-arm64-cell-b.cell "mode=suspend" both.b_up 2
destroy_timed both.destroy_a cell-a 1
check_eq both.b_still_running "$(cell_state cell-b)" running
destroy_timed both.destroy_b cell-b "2 3"

check_eq all_cpus_back "$(cat /sys/devices/system/cpu/online)" "$BOOT_ONLINE"
check_eq pool_back "$(pool_used)" "$base"
root_alive alive_after
check_ok disable $JH disable
scenario_done
