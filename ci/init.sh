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

# cleanup NAME: a scenario that stopped half-way (its guard, a check that
# failed before its end) must not take the next one down with it: destroy
# the cells it left and disable. Said on the console, never counted; the
# scenario's own missing checks already fail it.
cleanup() {
	[ "$(cat /sys/devices/jailhouse/enabled 2>/dev/null)" = 1 ] || return 0
	echo "JHTEST CLEANUP $1: the hypervisor was left enabled"
	for d in /sys/devices/jailhouse/cells/*; do
		[ "${d##*/}" = 0 ] && continue	# the root cell
		n=$(cat "$d/name" 2>/dev/null) || continue
		timeout 30 jailhouse cell destroy "$n" ||
			echo "JHTEST CLEANUP $1: cell $n not destroyed"
	done
	timeout 60 jailhouse disable ||
		echo "JHTEST CLEANUP $1: disable failed"
}
echo "JHTEST BOOT $(uname -r) cpus=$(cat /sys/devices/system/cpu/online)"
for s in $(cat /etc/jhtest/scenarios); do
	echo "JHTEST BEGIN $s"
	timeout "$guard" sh "/scenarios/$s.sh" </dev/null
	rc=$?
	case $rc in
	124|137|143) echo "JHTEST TIMEOUT $s after ${guard}s";;
	esac
	cleanup "$s"
done
echo "JHTEST POWEROFF"
poweroff -f
