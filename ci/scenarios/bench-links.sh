#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Link benchmark (make bench, ci/bench.sh; never part of make test). Under
# QEMU -icount the guest clocks are virtual time. Prints:
#   BENCH link_echo size=N count=N round_trip_ns=N
#     root <-> the link-echo inmate in cell link-a over pp0 through
#     /dev/uioN (jh-linktest echo: write, doorbell, inmate's doorbell back)
#   BENCH link_ping count=N min_ms=X avg_ms=X max_ms=X
#     ping over jhnet0, root -> Linux cell (ci/link-net-cell.sh)
#   BENCH link_net bytes=N time_cs=N kib_per_s=N
#     10 MiB root -> Linux cell over TCP (busybox nc), until the cell
#     printed the sha256 of what it received
. /scenarios/lib.sh

LT=/usr/sbin/jh-linktest
LINK_KO=/lib/modules/link
LC_CFG=$JH_CELLS/qemu-arm64-linux.cell
LC_DIR=/lib/firmware/linux

ln_output() {
	$JH console 2>/dev/null | tr -d '\r' |
		awk 'index($0, "Started cell \"linux\"") { n = 0 }
		/^\[linux\] / { l[n++] = substr($0, 9) }
		END { for (i = 0; i < n; i++) print l[i] }'
}

ln_wait() {
	_end=$(($(uptime_cs) + $2 * 100))
	until ln_output | grep -q "LINKNET $1"; do
		[ "$(uptime_cs)" -gt "$_end" ] && return 1
		sleep 1
	done
}

load_driver
check_ok enable $JH enable $JH_CELL
insmod $LINK_KO/uio.ko
insmod $LINK_KO/jailhouse_uio.ko
check_ok up_a cell_up link-a qemu-arm64-link-a.cell link-echo.bin
check_ok a_ready wait_console "\[link-a\] link-echo: ready" 1 60
for size in 16 4080; do
	out=$($LT echo pp0 1 200 $size 2>&1)
	ns=$(echo "$out" | sed -n 's/^echo 200\/200 ok, \([0-9]*\) ns per round trip$/\1/p')
	if [ -n "$ns" ]; then
		pass "echo_$size"
		echo "BENCH link_echo size=$size count=200 round_trip_ns=$ns"
	else
		fail "echo_$size" "$out"
	fi
done
check_ok destroy_a $JH cell destroy link-a
rmmod jailhouse_uio
rmmod uio

insmod $LINK_KO/jailhouse_net.ko
ip addr add 10.10.0.1/24 dev jhnet0
ip link set jhnet0 up
$JH cell linux "$LC_CFG" "$LC_DIR/Image" -i "$LC_DIR/initrd.cpio.gz" \
	-c "cma=0 loglevel=5 lc_net" >/tmp/bench-links.out 2>&1
check_ok cell_ready ln_wait READY 600
ping_out=$(ping -c 10 10.10.0.2 2>&1)
rtt=$(echo "$ping_out" | sed -n 's/.*min\/avg\/max = \([0-9.]*\)\/\([0-9.]*\)\/\([0-9.]*\) ms.*/min_ms=\1 avg_ms=\2 max_ms=\3/p')
if [ -n "$rtt" ]; then
	pass ping
	echo "BENCH link_ping count=10 $rtt"
else
	fail ping "$ping_out"
fi
dd if=/dev/urandom of=/tmp/blob bs=1M count=10 2>/dev/null
sum=$(sha256sum /tmp/blob | cut -d' ' -f1)
t0=$(uptime_cs)
nc 10.10.0.2 5000 </tmp/blob >/dev/null 2>&1 &
ncpid=$!
ln_wait SHA 1200
t1=$(uptime_cs)
kill $ncpid 2>/dev/null
got=$(ln_output | sed -n 's/.*LINKNET SHA \([0-9a-f]*\).*/\1/p' | tail -n 1)
if [ "$got" = "$sum" ]; then
	pass tcp_10m
	echo "BENCH link_net bytes=10485760 time_cs=$((t1 - t0)) kib_per_s=$((10240 * 100 / (t1 - t0 + 1)))"
else
	fail tcp_10m "sha '$got', expected '$sum'"
fi
rm -f /tmp/blob
check_ok destroy_linux $JH cell destroy linux
rmmod jailhouse_net
check_ok disable $JH disable
scenario_done
