# SPDX-License-Identifier: GPL-2.0
# The root cell is not trusted either: a kernel module (jh_hostile.ko, test
# only) issues hostile hypercalls and PSCI calls around the driver while
# cell-b runs. Every call gets its specific error, and afterwards nothing
# has changed: same cells, same pool, cell-b still running and printing,
# CPU 1 (which a config tried to take from Linux) still Linux's.
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
check_ok disable $JH disable
scenario_done
