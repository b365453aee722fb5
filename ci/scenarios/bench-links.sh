#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Link benchmark (make bench, ci/bench.sh; never part of make test). Under
# QEMU -icount the guest clocks are virtual time. Prints:
#   BENCH link_echo size=N count=N round_trip_ns=N
#     root <-> the link-echo inmate in cell link-a over pp0 through
#     /dev/uioN (jh-linktest echo: write, doorbell, inmate's doorbell back)
#   BENCH link_root_exits cell=C count=N window_ns=N exits_<k>=X ...
#     EL2 exits per echo round trip (one doorbell each way) of root
#     (C=root: idle rate over the same window subtracted) and of link-a,
#     by reason: mmio is a doorbell rung, irq one received
#   BENCH link_shm op=write|read bytes=N ns=N mb_per_s=N
#     root copying through pp0: its own output section (write) and
#     link-a's (read), memcpy of 4 KiB sections (jh-linktest shm)
#   BENCH link_pp_rtt trips=N len=16 avg_mticks=N avg_ns=N
#     inmate <-> inmate: link-pingpong ping in link-a, pong in link-b
#   BENCH link_pp_exits cell=C trips=N exits_<k>=X ...
#     EL2 exits per round trip of each inmate cell, marginal between a
#     100-trip and a 1100-trip run (cancels start-up and console output)
#   BENCH link_virtio_net bytes=N time_cs=N kib_per_s=N
#     the same 10 MiB from root over QEMU's virtio-net (user networking,
#     ci/qemu.sh) to a host-side sha256sum, until its answer arrived
#   BENCH link_ping count=N min_ms=X avg_ms=X max_ms=X
#     ping over jhnet0, root -> Linux cell (ci/link-net-cell.sh)
#   BENCH link_net bytes=N time_cs=N kib_per_s=N
#     10 MiB root -> Linux cell over TCP (busybox nc), until the cell
#     printed the sha256 of what it received
. /scenarios/lib.sh
. /scenarios/linux-lib.sh
. /scenarios/bench-lib.sh

LT=/usr/sbin/jh-linktest
BLOB_SUM=""
LINK_KO=/lib/modules/link

# per_op BEFORE AFTER COUNT [IDLE_BEFORE IDLE_AFTER]: exits_<k>=X per
# operation, minus the idle run's delta when given (same window length).
per_op() {
	echo "$1|$2|$3|${4:-}|${5:-}" | awk -F'|' -v keys="$STATS" '
		function val(s, k,   m) { m = s; if (!match(m, k "=[0-9]+")) return -1
			return substr(m, RSTART + length(k) + 1, RLENGTH - length(k) - 1) + 0 }
		{ n = split(keys, ks, " ")
		  for (i = 1; i <= n; i++) {
			k = ks[i]; d = val($2, k) - val($1, k)
			if (val($1, k) < 0 || val($2, k) < 0) { printf "exits_%s=? ", k; continue }
			if ($4 != "") d -= val($5, k) - val($4, k)
			printf "exits_%s=%.3f ", k, d / $3 } }'
}

# pp_run TRIPS: link-pingpong between link-b (pong) and link-a (ping),
# len 16; prints "<link-a exits>|<link-b exits>|<ping's avg line>". The
# counters are per CPU and never reset: each cell's run is the delta from
# its creation (its CPUs parked, no longer root's) to ping's end.
pp_run() {
	$JH cell create "$JH_CELLS/qemu-arm64-link-b.cell" >/dev/null || return 1
	_b0=$(bench_counters "$(cell_dir link-b)")
	$JH cell load link-b "$JH_INMATES/link-pingpong.bin" \
		-s "role=pong peer=1 trips=$1" -a 0x1000 >/dev/null &&
	$JH cell start link-b >/dev/null &&
	$JH cell create "$JH_CELLS/qemu-arm64-link-a.cell" >/dev/null || return 1
	_a0=$(bench_counters "$(cell_dir link-a)")
	$JH cell load link-a "$JH_INMATES/link-pingpong.bin" \
		-s "role=ping peer=2 trips=$1 len=16" -a 0x1000 >/dev/null &&
	$JH cell start link-a >/dev/null &&
	wait_since_start link-a "CELLTEST DONE link-ping " 300 || return 1
	_ca=$(bench_delta "$_a0" "$(bench_counters "$(cell_dir link-a)")")
	_cb=$(bench_delta "$_b0" "$(bench_counters "$(cell_dir link-b)")")
	_avg=$($JH console 2>/dev/null | tr -d '\r' |
		sed -n 's/.*link-ping: round trip len 16 avg \([0-9]*\) mticks \([0-9]*\) ns.*/avg_mticks=\1 avg_ns=\2/p' | tail -n 1)
	_ok=$(seen_since_start link-a "CELLTEST DONE link-ping passed=9 failed=0")
	$JH cell destroy link-a >/dev/null
	$JH cell destroy link-b >/dev/null
	[ "$_ok" = 1 ] && [ -n "$_avg" ] && echo "$_ca|$_cb|$_avg"
}

# bench_or_fail CHECK VALUE LINE WHY: CHECK passes and "BENCH LINE" is
# printed when the measurement gave a VALUE; else CHECK fails with WHY.
bench_or_fail() {
	if [ -n "$2" ]; then
		pass "$1"
		echo "BENCH $3"
	else
		fail "$1" "$4"
	fi
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
	bench_or_fail "echo_$size" "$ns" \
		"link_echo size=$size count=200 round_trip_ns=$ns" "$out"
done

# Exits per echo round trip: root (minus its idle rate) and link-a.
R=$JH_SYS/cells/0
A=$(cell_dir link-a)
r0=$(bench_counters $R)
a0=$(bench_counters "$A")
out=$($LT echo pp0 1 1000 16 2>&1)
ns=$(echo "$out" | sed -n 's/^echo 1000\/1000 ok, \([0-9]*\) ns per round trip$/\1/p')
r1=$(bench_counters $R)
a1=$(bench_counters "$A")
if [ -n "$ns" ]; then
	win=$((ns * 1000))
	i0=$(bench_counters $R)
	sleep "$(awk -v n=$win 'BEGIN { printf "%.6f", n / 1e9 }')"
	i1=$(bench_counters $R)
	pass root_exits
	echo "BENCH link_root_exits cell=root count=1000 window_ns=$win $(per_op "$r0" "$r1" 1000 "$i0" "$i1")"
	echo "BENCH link_root_exits cell=link-a count=1000 window_ns=$win $(per_op "$a0" "$a1" 1000)"
	echo "BENCH link_root_idle window_ns=$win $(per_op "$i0" "$i1" 1)"
else
	fail root_exits "$out"
fi

# Shared-section throughput, root side.
out=$($LT shm pp0 1 16 2>&1)
for op in write read; do
	l=$(echo "$out" | sed -n "s/^shm $op bytes \([0-9]*\) ns \([0-9]*\) mb_per_s \([0-9]*\)$/bytes=\1 ns=\2 mb_per_s=\3/p")
	bench_or_fail "shm_$op" "$l" "link_shm op=$op $l" "$out"
done
check_ok destroy_a $JH cell destroy link-a
rmmod jailhouse_uio
rmmod uio

# Inmate <-> inmate round trips and exits, marginal over 1000 trips.
small=$(pp_run 100)
big=$(pp_run 1100)
if [ -n "$small" ] && [ -n "$big" ]; then
	pass pingpong
	echo "BENCH link_pp_rtt trips=1100 len=16 ${big##*|}"
	echo "BENCH link_pp_exits cell=link-a trips=1000 $(per_op "${small%%|*}" "${big%%|*}" 1000)"
	sb=${small#*|}
	bb=${big#*|}
	echo "BENCH link_pp_exits cell=link-b trips=1000 $(per_op "${sb%%|*}" "${bb%%|*}" 1000)"
else
	fail pingpong "100 trips: '$small', 1100 trips: '$big'"
fi

# The same 10 MiB over QEMU's virtio-net in root, to a host-side sink.
dd if=/dev/urandom of=/tmp/blob bs=1M count=10 2>/dev/null
BLOB_SUM=$(sha256sum /tmp/blob | cut -d' ' -f1)
for m in /lib/modules/virtio-net/virtio_mmio.ko /lib/modules/virtio-net/failover.ko \
	/lib/modules/virtio-net/net_failover.ko /lib/modules/virtio-net/virtio_net.ko; do
	insmod $m 2>/dev/null
done
vdev=$(ls /sys/bus/virtio/drivers/virtio_net/*/net 2>/dev/null | head -n 1)
if [ -n "$vdev" ]; then
	ip addr add 10.0.2.15/24 dev "$vdev"
	ip link set "$vdev" up
	rm -f /tmp/vsum
	v0=$(uptime_cs)
	nc 10.0.2.100 5000 </tmp/blob >/tmp/vsum 2>/dev/null &
	vpid=$!
	vend=$((v0 + 120000))
	until grep -q "^$BLOB_SUM" /tmp/vsum 2>/dev/null || [ "$(uptime_cs)" -gt $vend ]; do
		sleep 0.02
	done
	v1=$(uptime_cs)
	kill $vpid 2>/dev/null
	if grep -q "^$BLOB_SUM" /tmp/vsum; then
		pass virtio_net_10m
		echo "BENCH link_virtio_net bytes=10485760 time_cs=$((v1 - v0)) kib_per_s=$((10240 * 100 / (v1 - v0 + 1)))"
	else
		fail virtio_net_10m "host answered '$(head -c 80 /tmp/vsum)', expected $BLOB_SUM"
	fi
	ip link set "$vdev" down
else
	fail virtio_net_10m "no virtio-net device (modules: $(ls /lib/modules/virtio-net 2>&1 | tr '\n' ' '))"
fi

insmod $LINK_KO/jailhouse_net.ko
ip addr add 10.10.0.1/24 dev jhnet0
ip link set jhnet0 up
lc_start lc_net
check_ok cell_ready lc_wait_line "LINKNET READY" 600
ping_out=$(ping -c 10 10.10.0.2 2>&1)
rtt=$(echo "$ping_out" | sed -n 's/.*min\/avg\/max = \([0-9.]*\)\/\([0-9.]*\)\/\([0-9.]*\) ms.*/min_ms=\1 avg_ms=\2 max_ms=\3/p')
bench_or_fail ping "$rtt" "link_ping count=10 $rtt" "$ping_out"
sum=$BLOB_SUM
t0=$(uptime_cs)
nc 10.10.0.2 5000 </tmp/blob >/dev/null 2>&1 &
ncpid=$!
lc_wait_line "LINKNET SHA" 1200
t1=$(uptime_cs)
kill $ncpid 2>/dev/null
got=$(lc_output | sed -n 's/.*LINKNET SHA \([0-9a-f]*\).*/\1/p' | tail -n 1)
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
