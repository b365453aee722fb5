# SPDX-License-Identifier: GPL-2.0
# Soak: 1,000 x cell create, load, start (the inmate must print), destroy
# (every 10th cycle cell-b with both CPUs, else cell-a), with the pool back
# at its baseline and the cell's CPUs back online after every cycle; then
# 100 x hypervisor enable/disable (every 10th with a cell started and
# destroyed in between), the pool at the same baseline after every enable
# and all CPUs online after every disable. Prints the wall time of both
# loops. Sizes: jhsoak.cycles=N and jhsoak.enables=N on the kernel command
# line (ci/qemu.sh --append) override 1000 and 100.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=13
. /scenarios/lib.sh

kparam() {
	sed -n "s/.*[[:space:]]$1=\([0-9][0-9]*\).*/\1/p" /proc/cmdline
}
CYCLES=$(kparam jhsoak.cycles)
CYCLES=${CYCLES:-1000}
ENABLES=$(kparam jhsoak.enables)
ENABLES=${ENABLES:-100}

# The loops run about 1,100 times: each process they start costs 10-30 ms
# under TCG, so they start none of their own beyond the jailhouse CLI and
# one cat per console read (read_val, now_cs, follow_since_start).

# wait_hello CELL: its "Hello from CPU 0" since its latest start (10 s),
# on the console followed since the previous wait_hello.
wait_hello() {
	follow_since_start "$1" "[$1] Hello from CPU 0" 10
}

# cycle N: one create/load/start/destroy; adds what went wrong to $bad.
cycle() {
	if [ $(($1 % 10)) = 0 ]; then
		_c=cell-b _cfg=qemu-arm64-cell-b.cell _cpus="2 3"
	else
		_c=cell-a _cfg=qemu-arm64-cell-a.cell _cpus=1
	fi
	if ! cell_up $_c $_cfg hello.bin; then
		bad="$bad $1:up($_c)"
		$JH cell destroy $_c >/dev/null 2>&1
		return
	fi
	wait_hello $_c || bad="$bad $1:no-hello($_c)"
	$JH cell destroy $_c >/dev/null 2>&1 || bad="$bad $1:destroy($_c)"
	read_val _pool $JH_SYS/mem_pool_used
	[ "$_pool" = "$base" ] || bad="$bad $1:pool=$_pool"
	for _n in $_cpus; do
		read_val _on /sys/devices/system/cpu/cpu$_n/online
		[ "$_on" = 1 ] || bad="$bad $1:cpu$_n-offline"
	done
}

# Much of a cycle is root taking the cell's CPUs off and back on line,
# which waits for RCU grace periods (sched_cpu_deactivate, for one).
# Expedited grace periods, a stock runtime knob, made a cycle about 15 %
# cheaper (360 -> 301 ms, interleaved in one boot); driver and hypervisor
# run the same paths. Other scenarios (cells, cell-cycles) keep the
# default, and so does this boot after the loops.
read_val rcu_exp /sys/kernel/rcu_expedited
[ -w /sys/kernel/rcu_expedited ] && echo 1 >/sys/kernel/rcu_expedited

load_driver
check_ok enable $JH enable $JH_CELL
base=$(pool_used)

# ---- create/start/destroy ----
t0=$(uptime_cs)
bad="" i=1
console_follow
while [ $i -le "$CYCLES" ]; do
	cycle $i
	[ -n "$bad" ] && break
	[ $((i % 100)) = 0 ] && echo "soak: $i cycles in $((($(uptime_cs) - t0) / 100)) s"
	i=$((i + 1))
done
t1=$(uptime_cs)
console_unfollow
echo "soak: $((i - 1)) of $CYCLES create/start/destroy cycles in $(((t1 - t0) / 100)) s"
check_eq cycles "$bad" ""
check_eq cycles_done "$((i - 1))" "$CYCLES"
check_eq cycles_pool "$(pool_used)" "$base"
check_eq cycles_cpus "$(cat /sys/devices/system/cpu/online)" "$BOOT_ONLINE"
check_eq cycles_no_cells "$(ls $JH_SYS/cells | tr '\n' ' ')" "0 "
root_alive alive_after_cycles
check_ok disable $JH disable

# ---- enable/disable ----
t0=$(uptime_cs)
bad="" j=1
while [ $j -le "$ENABLES" ]; do
	if ! $JH enable "$JH_CELL" >/tmp/soak.out 2>&1; then
		bad="$j:enable($(cat /tmp/soak.out))"
		break
	fi
	read_val _pool $JH_SYS/mem_pool_used
	[ "$_pool" = "$base" ] || bad="$bad $j:pool=$_pool"
	if [ $((j % 10)) = 0 ]; then
		console_follow	# this enable's ring
		cell_up cell-a qemu-arm64-cell-a.cell hello.bin || bad="$bad $j:up"
		wait_hello cell-a || bad="$bad $j:no-hello"
		console_unfollow
		$JH cell destroy cell-a >/dev/null 2>&1 || bad="$bad $j:destroy"
		read_val _pool $JH_SYS/mem_pool_used
		[ "$_pool" = "$base" ] || bad="$bad $j:pool-after-cell=$_pool"
	fi
	$JH disable >/tmp/soak.out 2>&1 || bad="$bad $j:disable($(cat /tmp/soak.out))"
	read_val _en $JH_SYS/enabled
	[ "$_en" = 0 ] || bad="$bad $j:enabled=$_en"
	read_val _on /sys/devices/system/cpu/online
	[ "$_on" = "$BOOT_ONLINE" ] || bad="$bad $j:online=$_on"
	[ -n "$bad" ] && break
	[ $((j % 25)) = 0 ] && echo "soak: $j enable/disable cycles in $((($(uptime_cs) - t0) / 100)) s"
	j=$((j + 1))
done
t1=$(uptime_cs)
echo "soak: $((j - 1)) of $ENABLES enable/disable cycles in $(((t1 - t0) / 100)) s"
check_eq enables "$bad" ""
check_eq enables_done "$((j - 1))" "$ENABLES"
check_eq enables_cpus "$(cat /sys/devices/system/cpu/online)" "$BOOT_ONLINE"
root_alive alive_after_enables
ipis_reach_all ipis_after_enables
case $rcu_exp in
0|1) echo "$rcu_exp" >/sys/kernel/rcu_expedited;;
esac
scenario_done
