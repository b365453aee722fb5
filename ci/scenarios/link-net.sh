# SPDX-License-Identifier: GPL-2.0
# Virtual network over link net0 (jailhouse_net.ko, Documentation/links.md
# "Virtual network"): root (10.10.0.1) and a Linux cell (10.10.0.2, its
# side in ci/link-net-cell.sh) both run jhnet0; carrier up on both, ping
# -c 5 both ways, 10 MiB over TCP (busybox nc) with matching sha256; the
# cell destroyed under it: root's carrier goes down, root is fine, the
# pool is back at its baseline; a hostile peer (garbage in the rings)
# costs root nothing and a good peer connects again afterwards; the module
# unloads and loads again.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=31
. /scenarios/lib.sh
. /scenarios/linux-lib.sh

NET_KO=/lib/modules/link/jailhouse_net.ko
CARRIER=/sys/class/net/jhnet0/carrier

# ln_value KEY: what follows "LINKNET KEY " in the cell's latest output.
ln_value() {
	lc_output | sed -n "s/.*LINKNET $1 \([^ ]*\).*/\1/p" | tail -n 1
}

# ln_wait KEY SECONDS: until the cell printed "LINKNET KEY".
ln_wait() {
	lc_wait_line "LINKNET $1" "$2"
}

# wait_carrier VALUE SECONDS
wait_carrier() {
	_end=$(($(uptime_cs) + $2 * 100))
	until [ "$(cat $CARRIER 2>/dev/null)" = "$1" ]; do
		[ "$(uptime_cs)" -gt "$_end" ] && return 1
		sleep 0.2
	done
}

load_driver
check_ok enable $JH enable $JH_CELL
base=$(pool_used)
check_ok insmod_net insmod $NET_KO
ip addr add 10.10.0.1/24 dev jhnet0
check_ok root_up ip link set jhnet0 up
check_eq carrier_alone "$(cat $CARRIER 2>/dev/null)" 0

# ln_boot MARKER ARGS: start the cell (ci/link-net-cell.sh) until it
# printed "LINKNET MARKER"; sets why (empty: fine).
ln_boot() {
	lc_start "$2"
	why=$lc_why
	[ -z "$why" ] && ! ln_wait "$1" "$LC_BOOT_S" &&
		why="no $1 within $LC_BOOT_S s (state $(cell_state linux)): $(lc_output | tail -n 3)"
}

ln_boot READY lc_net
check_eq cell_ready "$why" ""
check_eq cell_insmod "$(ln_value INSMOD)" 0
check_eq cell_carrier "$(ln_value CARRIER)" 1
wait_carrier 1 30
check_eq root_carrier "$(cat $CARRIER 2>/dev/null)" 1
check_ok ping_root_to_cell ping -c 5 -W 5 10.10.0.2
ln_wait "PINGS" 60
check_eq ping_cell_to_root "$(ln_value PING) $(ln_value PINGS)" "0 5"

dd if=/dev/urandom of=/tmp/blob bs=1M count=10 2>/dev/null
sum=$(sha256sum /tmp/blob | cut -d' ' -f1)
timeout 300 nc 10.10.0.2 5000 </tmp/blob >/tmp/nc.out 2>&1 &
ncpid=$!
ln_wait SHA 300
check_eq tcp_10m_sha256 "$(ln_value SHA)" "$sum" || cat /tmp/nc.out
kill $ncpid 2>/dev/null
wait $ncpid 2>/dev/null
rm -f /tmp/blob
check_gt root_tx_packets "$(cat /sys/class/net/jhnet0/statistics/tx_packets)" 7000

# The peer goes away under a live link: carrier off, root unharmed.
check_ok destroy_cell $JH cell destroy linux
wait_carrier 0 10
check_eq carrier_down "$(cat $CARRIER 2>/dev/null)" 0
check_eq ping_fails_cleanly "$(ping -c 1 -W 2 10.10.0.2 >/dev/null 2>&1; echo $?)" 1
root_alive alive_after_destroy
check_eq pool_at_baseline "$(pool_used)" "$base"
check_eq no_root_oops "$(dmesg | grep -E -c 'WARNING:|Oops|BUG:|Call trace')" 0
# A hostile peer (ci/link-net-cell.sh lc_net_fuzz): garbage headers,
# indices and lengths, new tokens now and then. Root drops what is bad,
# stays up, and takes a well-behaved peer afterwards.
rxerr0=$(cat /sys/class/net/jhnet0/statistics/rx_errors)
ln_boot FUZZ lc_net_fuzz
check_eq fuzz_ran "$why$(ln_value FUZZ)" 0
check_gt fuzz_rx_errors "$(($(cat /sys/class/net/jhnet0/statistics/rx_errors) - rxerr0))" 0
root_alive alive_after_fuzz 0-1
check_ok destroy_fuzzer $JH cell destroy linux
wait_carrier 0 10
check_eq carrier_down_after_fuzz "$(cat $CARRIER 2>/dev/null)" 0
ln_boot READY lc_net
check_eq again_ready "$why" ""
wait_carrier 1 30
check_ok again_ping ping -c 3 -W 5 10.10.0.2
check_ok again_destroy $JH cell destroy linux
check_eq again_pool "$(pool_used)" "$base"
check_eq no_root_oops_fuzz "$(dmesg | grep -E -c 'WARNING:|Oops|BUG:|Call trace')" 0
check_ok rmmod_net rmmod jailhouse_net
check_ok reinsmod_net insmod $NET_KO
rmmod jailhouse_net
check_ok disable $JH disable
scenario_done
