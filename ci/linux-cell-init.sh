#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the initramfs that ci/initramfs.sh packs for the Linux cell
# (scenario linux-cell): proves the cell's Linux reached user space on all
# its CPUs, prints what the root-side checks look for, and powers off
# (PSCI SYSTEM_OFF: the cell stops, the machine goes on) or reboots.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "LINUXCELL INIT OK"
# lc_net on the command line: the jhnet0 test (scenario link-net).
if grep -q lc_net /proc/cmdline; then
	exec /bin/sh /link-net.sh
fi
# lc_bench on the command line (make bench, bench-linux): the marker stays
# the cell's last console line (the hypervisor stamps it), then idle.
if grep -q lc_bench /proc/cmdline; then
	while :; do sleep 3600; done
fi
echo "LINUXCELL CPUS $(cat /sys/devices/system/cpu/online)"
echo "LINUXCELL NPROC $(nproc)"
# Work on every CPU so that both take timer ticks and IPIs.
for c in $(seq 0 $(($(nproc) - 1))); do
	taskset -c "$c" sh -c 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done' &
done
wait
sleep 1
awk '/arch_timer/ { s = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i; print "LINUXCELL TIMER " s }
     /IPI0|Rescheduling/ { s = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i; print "LINUXCELL IPI " s }' /proc/interrupts
grep -m1 MemTotal /proc/meminfo | sed 's/^/LINUXCELL /'
# AArch32 user space (COMPAT) under the cell's AArch64 kernel.
out=$(/bin/hello32)
echo "LINUXCELL ARM32 $out rc=$?"
# lc_hold on the command line: stay up, busy on all CPUs, until root
# destroys the cell under it.
if grep -q lc_hold /proc/cmdline; then
	echo "LINUXCELL HOLD"
	for c in $(seq 0 $(($(nproc) - 1))); do
		taskset -c "$c" sh -c 'while :; do :; done' &
	done
	wait
fi
# lc_reboot on the command line: leave by PSCI SYSTEM_RESET, which the
# cell's reset_stops flag turns into a shutdown.
if grep -q lc_reboot /proc/cmdline; then
	echo "LINUXCELL REBOOT"
	reboot -f
fi
echo "LINUXCELL POWEROFF"
poweroff -f
