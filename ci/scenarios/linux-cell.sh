# SPDX-License-Identifier: GPL-2.0
# jailhouse cell linux: the stock kernel of this series boots in cell
# "linux" (CPUs 2-3, 128 MiB) beside root, reaches its /init
# (ci/linux-cell-init.sh) on both CPUs with timer ticks and IPIs, runs a
# 32-bit ARM program (ci/mkarm32hello.py) and Debian's armhf busybox
# (uname, seq | sha256sum: the same sum as 64-bit), powers
# off (PSCI SYSTEM_OFF: the cell shuts down, nothing FATAL, no kernel
# warning), three times, the last by reboot (reset_stops);
# each destroy gives root its CPUs and the pool pages back, also that of
# a Linux cell that is still running.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=26
. /scenarios/lib.sh
. /scenarios/linux-lib.sh

load_driver
check_ok enable $JH enable $JH_CELL
base=$(pool_used)
fatal0=$(lc_fatal_count)
# Root keeps working meanwhile: a workload on its CPUs.
( while :; do seq 1 2000 | md5sum >/dev/null; done ) &
work=$!

if lc_boot POWEROFF; then
	pass boot
else
	fail boot "$lc_why"
	# Where it got to, for the log: exits by reason and the console.
	$JH cell stats linux
	$JH console | tail -n 40
fi
check_contains init_marker "$(lc_output)" "LINUXCELL INIT OK"
# The same bytes in the cell's own console ring (jailhouse cell console).
check_contains cell_console "$($JH cell console linux 2>&1 | tr -d '\r')" \
	"LINUXCELL INIT OK"
check_eq cell_cpus "$(lc_value CPUS)" "0-1"
check_eq cell_nproc "$(lc_value NPROC)" "2"
check_gt cell_timer_irqs "$(lc_value TIMER)" 0
check_gt cell_ipis "$(lc_value IPI)" 0
check_contains cell_arm32 "$(lc_output | grep 'LINUXCELL ARM32')" \
	"LINUXCELL ARM32 arm32 ok rc=0"
# Debian's armhf busybox: what uname says with and without linux32, and
# its seq | sha256sum against the 64-bit busybox's and root's.
check_eq cell_armhf_uname "$(lc_output | sed -n 's/.*LINUXCELL ARMHF uname //p')" \
	"aarch64 linux32 armv8l"
sum=$(seq 1 5000 | sha256sum | cut -d' ' -f1)
check_eq cell_armhf_sha256 "$(lc_output | sed -n 's/.*LINUXCELL ARMHF sha256 //p') $(lc_output | sed -n 's/.*LINUXCELL ARM64 sha256 //p')" \
	"$sum $sum"
check_gt cell_exits "$(rd "$(cell_dir linux)/statistics/exits_total")" 1000
check_eq state_after_poweroff "$(cell_state linux)" "shut down"
check_eq no_kernel_warnings "$(lc_output | grep -E -c 'WARNING:|Oops|BUG:|Call trace|GICv3: .*(fail|timeout|not)|psci: .*fail')" 0
check_eq no_fatal "$(lc_fatal_count)" "$fatal0"
# The cell that shut down is reused: no create, load and start again.
if lc_boot POWEROFF; then pass reuse_shut_down; else fail reuse_shut_down "$lc_why"; fi
check_ok destroy1 $JH cell destroy linux
check_eq pool_after_destroy "$(pool_used)" "$base"

bad=""
# Round 3 reboots: with reset_stops that shuts the cell down as well.
for i in 2 3; do
	if [ $i = 3 ]; then
		lc_boot REBOOT lc_reboot || bad="$bad $i:$lc_why"
	else
		lc_boot POWEROFF || bad="$bad $i:$lc_why"
	fi
	$JH cell destroy linux >/dev/null 2>&1 || bad="$bad $i:destroy"
	[ "$(pool_used)" = "$base" ] || bad="$bad $i:pool=$(pool_used)"
	[ -n "$bad" ] && break
done
check_eq cycles "$bad" ""
# Destroyed while it runs (busy on both CPUs): no FATAL, all given back.
lc_start lc_hold || lc_why="$lc_why; "
[ -z "$lc_why" ] && ! lc_wait_line "LINUXCELL HOLD" "$LC_BOOT_S" &&
	lc_why="no HOLD marker: $(lc_output | tail -n 3); "
sleep 2
check_eq hold_running "$lc_why$(cell_state linux)" "running"
check_ok destroy_running $JH cell destroy linux
check_eq cycles_no_fatal "$(lc_fatal_count)" "$fatal0"
check_eq cycles_pool "$(pool_used)" "$base"
kill "$work" 2>/dev/null
wait "$work" 2>/dev/null
check_eq cpus_back "$(cat /sys/devices/system/cpu/online)" "$BOOT_ONLINE"
root_alive alive_after_linux
check_ok disable $JH disable
scenario_done
