# SPDX-License-Identifier: GPL-2.0
# The root cell is not trusted either: a kernel module (jh_hostile.ko, test
# only) issues hostile hypercalls and PSCI calls around the driver while
# cell-b runs. Every call gets its specific error, and afterwards nothing
# has changed: same cells, same pool, cell-b still running and printing,
# CPU 1 (which a config tried to take from Linux) still Linux's.
# Then foreign SPIs: with CPU 2 offline, the module routes a root SPI
# (INTID 90, unused on QEMU virt) to CPU 2 behind Linux's back; cell-b is
# created on CPUs 2-3 and runs attack-victim, which reports any interrupt
# it did not cause. Pending the SPI must reach root's handler every time
# (routed to CPU 0 by then) and never the cell.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=124
. /scenarios/lib.sh

load_driver
check_ok enable $JH enable $JH_CELL
base=$(pool_used)
check_ok b_up cell_up cell-b qemu-arm64-cell-b.cell hello.bin
check_ok b_ticks wait_since_start cell-b "[cell-b] hello: tick" 30
b_id=$(basename "$(cell_dir cell-b)")
pool_b=$(pool_used)
list_b=$($JH cell list 2>&1)

# cell-a's config names CPU 1, which Linux runs: creating it around the
# driver must be refused.
cp $JH_CELLS/qemu-arm64-cell-a.cell /lib/firmware/jh-hostile.cell
dmesg -c >/dev/null
check_ok insmod insmod /lib/modules/jh_hostile.ko enabled=1 \
	config=jh-hostile.cell cell="$b_id" cell_ram=0x70600000 \
	cell_comm=0x70700000 cell_mpidr=2
# module_results PREFIX COUNT: one result per check the module printed,
# then its totals; a module that silently stopped checking would pass
# nothing, so all COUNT checks are demanded.
module_results() {
	_log=$(dmesg | sed -n 's/.*jh_hostile: //p')
	rmmod jh_hostile 2>/dev/null
	echo "$_log" | sed -n 's/^PASS \([a-z0-9_]*\)$/\1/p' | while read -r n; do
		pass "$1.$n"
	done
	echo "$_log" | sed -n 's/^FAIL \([a-z0-9_]*\) \(.*\)$/\1 \2/p' |
		while read -r n why; do
			fail "$1.$n" "$why"
		done
	_done=$(echo "$_log" | sed -n 's/^DONE passed=\([0-9]*\) failed=\([0-9]*\)$/\1 \2/p')
	check_ok "$1.module_done" test -n "$_done"
	check_eq "$1.module_checks" "${_done%% *}" "$2"
	check_eq "$1.module_failures" "${_done##* }" 0
}
module_results hc 67

check_eq pool_unchanged "$(pool_used)" "$pool_b"
check_eq list_unchanged "$($JH cell list 2>&1)" "$list_b"
check_eq b_running "$(cell_state cell-b)" running
check_ticks b_goes_on cell-b 2 30
check_eq cpu1_online "$(rd /sys/devices/system/cpu/cpu1/online)" 1
check_eq cpu1_runs "$(run_on 1)" "1 $SEQ_MD5"
root_alive alive 0-1

check_ok b_destroy $JH cell destroy cell-b
check_eq pool_back "$(pool_used)" "$base"
root_alive alive_after

FOREIGN_SPI=90
# module_log NAME...: the module's result lines since dmesg -c, as checks.
module_log() {
	_ml=$(dmesg | sed -n 's/.*jh_hostile: //p')
	echo "$_ml" | sed -n 's/^PASS \([a-z0-9_]*\)$/\1/p' | while read -r n; do
		pass "spi.$n"
	done
	echo "$_ml" | sed -n 's/^FAIL \([a-z0-9_]*\) \(.*\)$/\1 \2/p' |
		while read -r n why; do
			fail "spi.$n" "$why"
		done
	for _n in "$@"; do
		echo "$_ml" | grep -q "^[A-Z]* $_n\b" || fail "spi.$_n" "no result line: $_ml"
	done
}

victim_latest() {
	$JH console 2>/dev/null | grep -a '\[cell-b\] victim: tick ' | tail -n 1
}

echo 0 > /sys/devices/system/cpu/cpu2/online
dmesg -c >/dev/null
check_ok spi_insmod insmod /lib/modules/jh_hostile.ko enabled=1 \
	spi=$FOREIGN_SPI spi_mpidr=2
module_log spi_routed_to_cell_cpu
check_ok victim_up cell_up cell-b qemu-arm64-cell-b.cell attack-victim.bin
check_ok victim_ticks wait_since_start cell-b "[cell-b] victim: tick" 30
dmesg -c >/dev/null
echo 5 > /sys/module/jh_hostile/parameters/pend
module_log spi_route_moved_to_root spi_root_got_every_one spi_route_stays_root
# Two more victim reports after the pends: each must still say "ok".
_t0=$(victim_latest | awk '{ print $4 + 0 }')
_end=$(($(uptime_cs) + 1000))
while [ "$(victim_latest | awk '{ print $4 + 0 }')" -lt $((_t0 + 2)) ] &&
	[ "$(uptime_cs)" -le "$_end" ]; do
	sleep 0.2
done
check_contains victim_saw_no_foreign_spi "$(victim_latest)" " ok crc "
# Moved on create, so the hypervisor never had to bounce one back.
check_eq victim_no_foreign_arrivals \
	"$(rd "$(cell_dir cell-b)/statistics/irqs_foreign")" 0
check_ok spi_rmmod rmmod jh_hostile
check_ok victim_destroy $JH cell destroy cell-b
echo 1 > /sys/devices/system/cpu/cpu2/online
check_eq pool_back_spi "$(pool_used)" "$base"
root_alive alive_after_spi
check_ok disable $JH disable

# Partial disable: a raw DISABLE from CPU 1 only commits the hypervisor to
# going away. Cell management and CPU_ON from CPU 0 (still inside) are
# refused with ESHUTDOWN / DENIED and create nothing; cell-b's CPUs are
# offline, so without that rule its creation would succeed. Then the
# driver finishes the disable and a new enable works as before.
check_ok pd_enable $JH enable $JH_CELL
echo 0 >/sys/devices/system/cpu/cpu2/online
echo 0 >/sys/devices/system/cpu/cpu3/online
cp $JH_CELLS/qemu-arm64-cell-b.cell /lib/firmware/jh-hostile.cell
dmesg -c >/dev/null
check_ok pd_insmod insmod /lib/modules/jh_hostile.ko enabled=1 \
	partial_disable=1 config=jh-hostile.cell leave_cpu=1 stay_cpu=0 \
	off_mpidr=3
module_results pd 8
check_contains pd_console_begun "$($JH console 2>&1)" \
	"disable begun by CPU 1"
check_contains pd_console_refused "$($JH console 2>&1)" \
	"from CPU 0 refused: hypervisor is being disabled"
check_eq pd_no_cell "$($JH cell list 2>&1 | grep -c cell-b)" 0
check_ok pd_disable taskset -c 0 $JH disable
check_eq pd_disabled "$(rd $JH_SYS/enabled)" 0
check_contains pd_skipped "$(dmesg)" "CPU 1 had already left the hypervisor"
echo 1 >/sys/devices/system/cpu/cpu2/online
echo 1 >/sys/devices/system/cpu/cpu3/online
root_alive pd_alive
check_ok pd_reenable $JH enable $JH_CELL
check_ok pd_b_up cell_up cell-b qemu-arm64-cell-b.cell hello.bin
check_ok pd_b_ticks wait_since_start cell-b "[cell-b] hello: tick" 30
check_ok pd_b_destroy $JH cell destroy cell-b
check_ok pd_final_disable $JH disable
root_alive pd_alive_end
scenario_done
