#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario (make bench): enable/disable cost, pool and exit
# counters. Prints BENCH lines; run under -icount for deterministic times.
. /scenarios/lib.sh
JH=/usr/sbin/jailhouse
insmod /lib/modules/jailhouse.ko
for i in 1 2 3; do
	$JH enable /etc/jailhouse/qemu-arm64.cell || echo "BENCH error enable"
	[ $i = 1 ] && echo "BENCH pool_used_pages $(cat /sys/devices/jailhouse/mem_pool_used)"
	[ $i = 1 ] && echo "BENCH pool_size_pages $(cat /sys/devices/jailhouse/mem_pool_size)"
	sleep 1
	$JH disable || echo "BENCH error disable"
done
dmesg | sed -n 's/.*hypervisor enabled on .*(\([0-9]*\) us, EL2 entry \([0-9]*\) us).*/BENCH enable_us \1 el2_entry_us \2/p'
dmesg | sed -n 's/.*hypervisor disabled (\([0-9]*\) us).*/BENCH disable_us \1/p'
echo "JHTEST DONE bench"
