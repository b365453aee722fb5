#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /link-net.sh in the Linux cell's initramfs (ci/initramfs.sh), run by
# ci/linux-cell-init.sh when the command line says lc_net: the cell side of
# scenario link-net (or, with lc_net_fuzz, a hostile peer). jhnet0 over link net0 as 10.10.0.2, pings root
# (10.10.0.1), takes a 10 MiB TCP stream on port 5000 and prints its
# sha256; then stays up until root destroys the cell. Every step prints a
# "LINKNET ..." line that the root side (ci/scenarios/link-net.sh) reads
# from the hypervisor console.
say() {
	echo "LINKNET $*"
}

# wait_file FILE VALUE SECONDS
wait_file() {
	_n=0
	while [ "$(cat "$1" 2>/dev/null)" != "$2" ]; do
		_n=$((_n + 1))
		[ $_n -gt "$3" ] && return 1
		sleep 1
	done
}

# lc_net_fuzz: a hostile peer instead (jh-linktest netfuzz over
# jailhouse_uio with net_links=1), then hold.
if grep -q lc_net_fuzz /proc/cmdline; then
	mount -t devtmpfs devtmpfs /dev
	insmod /lib/modules/uio.ko
	insmod /lib/modules/jailhouse_uio.ko net_links=1
	jh-linktest netfuzz net0 600 >/tmp/fuzz.out 2>&1
	say "FUZZ $? $(cat /tmp/fuzz.out)"
	while :; do sleep 3600; done
fi
if insmod /lib/modules/jailhouse_net.ko; then
	say "INSMOD 0"
else
	say "INSMOD 1"
fi
ip link set lo up
ip addr add 10.10.0.2/24 dev jhnet0
ip link set jhnet0 up
if wait_file /sys/class/net/jhnet0/carrier 1 120; then
	say "CARRIER 1"
else
	say "CARRIER 0"
fi
# The receiver first: root connects once it saw READY. nc's stdin is a
# FIFO that never ends: at EOF on stdin nc would close its sending half
# and root's nc would stop at that.
mkfifo /tmp/hold
(
	sum=$(nc -l -p 5000 <>/tmp/hold | head -c 10485760 | sha256sum)
	say "SHA ${sum%% *}"
) &
sleep 1
say READY
ping -c 5 -W 5 10.10.0.1 >/tmp/ping.out 2>&1
say "PING $?"
say "PINGS $(grep -c 'bytes from' /tmp/ping.out)"
wait
say "RX $(cat /sys/class/net/jhnet0/statistics/rx_packets)"
while :; do sleep 3600; done
