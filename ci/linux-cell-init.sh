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
# lc_virtio on the command line (scenario linux-virtio): the virtio-blk
# disk of the cell's virtio-mmio window (a sub-page window the hypervisor
# emulates): read it, write a sector, then idle; after a while, touch
# root's transport in the same page, which must fail the cell.
if grep -q lc_virtio /proc/cmdline; then
	mount -t devtmpfs devtmpfs /dev 2>/dev/null
	for m in virtio_mmio virtio_blk; do
		insmod /lib/modules/$m.ko || echo "LINUXCELL VIRTIO_INSMOD $m failed"
	done
	i=0
	while [ ! -b /dev/vda ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	echo "LINUXCELL VIRTIO_MD5 $(md5sum </dev/vda | cut -d' ' -f1)"
	msg="written by the linux cell"
	printf '%s' "$msg" | dd of=/dev/vda bs=512 seek=1024 conv=sync,fsync 2>/dev/null
	echo 3 >/proc/sys/vm/drop_caches
	got=$(dd if=/dev/vda bs=512 skip=1024 count=1 2>/dev/null | tr -d '\0')
	[ "$got" = "$msg" ] && echo "LINUXCELL VIRTIO_WROTE ok" ||
		echo "LINUXCELL VIRTIO_WROTE bad:$got"
	echo "LINUXCELL VIRTIO READY"
	sleep 20
	# /dev/mem refuses a page holding a driver's registers.
	echo a003e00.virtio_mmio >/sys/bus/platform/drivers/virtio-mmio/unbind
	echo "LINUXCELL VIRTIO STRAY"
	devmem 0x0a003c00 32
	echo "LINUXCELL VIRTIO STRAY SURVIVED"
	while :; do sleep 3600; done
fi
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
# lc_panic on the command line (scenario linux-panic): crash the kernel
# once both CPUs are up. What follows is the kernel's: with panic=-1 it
# resets at once (PSCI SYSTEM_RESET), which reset_stops turns into a
# shutdown; without, it spins in the cell until root destroys it.
if grep -q lc_panic /proc/cmdline; then
	echo "LINUXCELL PANIC"
	echo c >/proc/sysrq-trigger
fi
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
# Debian's armhf busybox (ci/deps.sh), when packed: a real 32-bit
# program. uname -m says aarch64 (the kernel's) unless linux32 sets the
# PER_LINUX32 personality; its seq and sha256sum against the 64-bit one.
bb32=/bin/busybox-armhf
if [ -x $bb32 ]; then
	echo "LINUXCELL ARMHF uname $($bb32 uname -m) linux32 $($bb32 linux32 $bb32 uname -m)"
	$bb32 seq 1 5000 >/tmp/seq32
	# Two lines: the hypervisor's console splits lines at 120 characters.
	echo "LINUXCELL ARMHF sha256 $($bb32 sha256sum </tmp/seq32 | cut -d' ' -f1)"
	echo "LINUXCELL ARM64 sha256 $(sha256sum </tmp/seq32 | cut -d' ' -f1)"
else
	echo "LINUXCELL ARMHF missing: $bb32 was not packed"
fi
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
