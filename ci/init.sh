#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the test initramfs (packed by ci/initramfs.sh). Runs the scenarios
# listed in /etc/jhtest/scenarios, each under a guard, then powers off; or,
# in interactive mode, loads the driver and hands the console to a shell.
/bin/busybox --install -s
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
cd /

mode=$(cat /etc/jhtest/mode)
if [ "$mode" = interactive ]; then
	drv="driver loaded"
	if [ ! -f /lib/modules/jailhouse.ko ]; then
		drv="driver NOT built (no /lib/modules/jailhouse.ko)"
	elif ! insmod /lib/modules/jailhouse.ko; then
		drv="insmod /lib/modules/jailhouse.ko FAILED"
	fi
	cat <<-MOTD

	Root Linux on QEMU ($(uname -r), $(nproc) CPUs), $drv.
	Hand the machine to the hypervisor:
	    jailhouse enable /etc/jailhouse/qemu-arm64.cell
	    cat /sys/devices/jailhouse/enabled; jailhouse console
	    jailhouse disable
	Leave with 'exit' (powers off) or Ctrl-A x (kills QEMU).

	MOTD
	setsid cttyhack sh
	poweroff -f
fi

guard=$(cat /etc/jhtest/guard)
echo "JHTEST BOOT $(uname -r) cpus=$(cat /sys/devices/system/cpu/online)"
for s in $(cat /etc/jhtest/scenarios); do
	echo "JHTEST BEGIN $s"
	timeout "$guard" sh "/scenarios/$s.sh" </dev/null
	rc=$?
	case $rc in
	124|137|143) echo "JHTEST TIMEOUT $s after ${guard}s";;
	esac
done
echo "JHTEST POWEROFF"
poweroff -f
