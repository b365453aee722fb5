# SPDX-License-Identifier: GPL-2.0
# A Linux cell that panics takes nothing else down. Beside a busy root
# and a bystander inmate cell (cell-a, CPU 1, printing ticks), the stock
# kernel boots in cell "linux" (CPUs 2-3) with "lc_panic panic=-1": its
# /init crashes it through sysrq once both CPUs are up. The panic text is
# in `jailhouse cell console linux`; panic=-1 makes the kernel reset at
# once (PSCI SYSTEM_RESET) and reset_stops turns that into "shut down"
# (Documentation/linux-cells.md). Meanwhile no cell is marked failed,
# nothing is FATAL, the bystander keeps ticking and root keeps computing
# and running commands. The panicked cell is destroyed (CPUs and pool
# pages back); one that panics without panic=-1 spins, stays "running"
# and is destroyed as well; a new Linux cell boots to /init and powers
# off.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=32
. /scenarios/lib.sh
. /scenarios/linux-lib.sh

LP_WORK=/tmp/linux-panic.work

# lp_failed_cells: names of cells the hypervisor marked failed, or with a
# failed CPU, one a line; nothing when there are none.
lp_failed_cells() {
	for _d in $JH_SYS/cells/*; do
		[ "$(rd "$_d/state")" = failed ] || [ -n "$(rd "$_d/cpus_failed_list")" ] &&
			rd "$_d/name"
	done
}

# lp_work_done: how many correct workload rounds root finished so far.
lp_work_done() {
	cat "$LP_WORK" 2>/dev/null || echo 0
}

load_driver
check_ok enable $JH enable $JH_CELL
base=$(pool_used)
fatal0=$(lc_fatal_count)
check_ok bystander_up cell_up cell-a qemu-arm64-cell-a.cell hello.bin
check_ticks bystander_ticks cell-a 2 60
base_a=$(pool_used)
online_a=$(cat /sys/devices/system/cpu/online)
# Root computes all along: a count of rounds with the right checksum.
(
	n=0
	while :; do
		[ "$(seq 1 2000 | md5sum | cut -d' ' -f1)" = "$SEQ_MD5" ] &&
			n=$((n + 1))
		echo $n >"$LP_WORK"
	done
) &
work=$!

if lc_boot PANIC "lc_panic panic=-1"; then
	pass panic_shut_down
else
	fail panic_shut_down "$lc_why"
	$JH cell stats linux
	$JH console | tail -n 40
fi
work0=$(lp_work_done)
check_eq panic_cpus "$(lc_value CPUS)" "0-1"
check_contains panic_in_cell_console \
	"$($JH cell console linux 2>&1 | tr -d '\r')" \
	"Kernel panic - not syncing: sysrq triggered crash"
check_eq panic_reset_stops "$(seen_since_start linux \
	"cell linux: reset requested by CPU") $(seen_since_start linux \
	"stopping it (reset_stops)")" "1 1"
check_eq state_after_panic "$(cell_state linux)" "shut down"
check_eq none_failed "$(lp_failed_cells)" ""
check_eq bystander_running "$(cell_state cell-a)" running
check_ticks bystander_ticks_after cell-a 3 60
check_eq no_fatal "$(lc_fatal_count)" "$fatal0"
# Root: the workload went on and the shell works (CPU 0 is all it has).
sleep 2
check_gt root_workload "$(lp_work_done)" "$work0"
root_alive root_alive_after_panic "0"

check_ok destroy_panicked $JH cell destroy linux
check_eq pool_after_destroy "$(pool_used)" "$base_a"
check_eq cpus_after_destroy "$(cat /sys/devices/system/cpu/online)" "$online_a"
# Without panic=-1 the kernel (Debian's CONFIG_PANIC_TIMEOUT=0) spins
# after the panic: the cell stays "running", nothing is failed, and
# destroy takes it down like any busy cell.
lc_why=""
lc_start lc_panic || lc_why="$lc_why; "
[ -z "$lc_why" ] && ! lc_wait_line "Kernel panic - not syncing" "$LC_BOOT_S" &&
	lc_why="no panic text: $(lc_output | tail -n 3); "
sleep 3
check_eq spin_running "$lc_why$(cell_state linux)" "running"
check_eq spin_none_failed "$(lp_failed_cells)" ""
check_ok destroy_spinning $JH cell destroy linux
check_eq pool_after_spinning "$(pool_used)" "$base_a"
# A new Linux cell in the same place boots and powers off as usual.
if lc_boot POWEROFF; then
	pass boot_again
else
	fail boot_again "$lc_why"
fi
check_eq again_cpus "$(lc_value CPUS)" "0-1"
check_ok destroy_again $JH cell destroy linux
check_eq pool_after_again "$(pool_used)" "$base_a"
check_ticks bystander_ticks_end cell-a 2 60
check_ok destroy_bystander $JH cell destroy cell-a
check_eq pool_base "$(pool_used)" "$base"
kill "$work" 2>/dev/null
wait "$work" 2>/dev/null
check_eq no_fatal_end "$(lc_fatal_count)" "$fatal0"
check_eq cpus_back "$(cat /sys/devices/system/cpu/online)" "$BOOT_ONLINE"
root_alive alive_end
check_ok disable $JH disable
scenario_done
