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
log=$(dmesg | sed -n 's/.*jh_hostile: //p')
rmmod jh_hostile 2>/dev/null
echo "$log" | sed -n 's/^PASS \([a-z0-9_]*\)$/\1/p' | while read -r n; do
	pass "hc.$n"
done
echo "$log" | sed -n 's/^FAIL \([a-z0-9_]*\) \(.*\)$/\1 \2/p' |
	while read -r n why; do
		fail "hc.$n" "$why"
	done
done_line=$(echo "$log" | sed -n 's/^DONE passed=\([0-9]*\) failed=\([0-9]*\)$/\1 \2/p')
check_ok module_done test -n "$done_line"
# A module that silently stopped checking would pass nothing: demand all.
check_eq module_checks "${done_line%% *}" 61
check_eq module_failures "${done_line##* }" 0

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
scenario_done
