# SPDX-License-Identifier: GPL-2.0
# Rig self-test without the hypervisor: the busybox applets the scenarios
# rely on exist, and the checks that enable.sh uses pass on a plain kernel.
# Run it with `ci/qemu.sh --scenarios smoke` after changing the rig.
. /scenarios/lib.sh

missing=""
for a in taskset seq md5sum awk timeout cut grep tr insmod rmmod setsid cttyhack; do
	command -v $a >/dev/null || missing="$missing $a"
done
check_eq applets "$missing" ""
root_alive alive
for c in $(seq 0 $(($(nproc) - 1))); do
	check_eq "run_on$c" "$(run_on $c)" "$c $SEQ_MD5"
done
i0=$(ipi_counts)
u0=$(uptime_cs)
sleep 1
u1=$(uptime_cs)
check_gt timer_sleep1 $((u1 - u0)) 95
echo "JHTEST INFO ipi before: $i0 after: $(ipi_counts)"
echo 0 > /sys/devices/system/cpu/cpu$LAST_CPU/online
check_eq cpulast_off "$(cat /sys/devices/system/cpu/online)" $ONLINE_BUT_LAST
echo 1 > /sys/devices/system/cpu/cpu$LAST_CPU/online
check_eq cpulast_on "$(cat /sys/devices/system/cpu/online)" "$BOOT_ONLINE"
check_eq run_on_last_again "$(run_on $LAST_CPU)" "$LAST_CPU $SEQ_MD5"
scenario_done
