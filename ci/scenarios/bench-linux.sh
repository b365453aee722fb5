#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Linux cell benchmark (make bench, ci/bench.sh; never part of make test).
# `jailhouse cell linux` boots the stock kernel in cell "linux" with
# lc_bench: its /init prints "LINUXCELL INIT OK" as its last console line
# and idles. Prints (counter ticks are virtual time under -icount):
#   BENCH linux_boot started=N first_byte=N init_line=N counter_hz=N
#     the hypervisor's "Started cell" counter, and its stamps of the
#     cell's first UART byte and latest line (printed at destroy)
#   BENCH linux_idle window_cs=N exits_<reason>=N ... cpu<N>_total=N
#     the idle cell's EL2 exits over a root `sleep IDLE_S` window
#   BENCH linux_root_init_s S / BENCH linux_cell_init_s S
#     printk time of "Run /init" of root's kernel (dmesg) and of the
#     cell's (its console): the same kernel under the same -icount, both
#     counted from their timekeeping start, so comparable
# Parameter: jhbench.linux_idle_s=N (default 10).
. /scenarios/lib.sh
. /scenarios/linux-lib.sh

STATS="total hvc psci mmio sysreg irq maintenance sgi smc other"
IDLE_S=$(tr ' ' '\n' </proc/cmdline | sed -n 's/^jhbench\.linux_idle_s=//p' | tail -n 1)
IDLE_S=${IDLE_S:-10}

# counters DIR: "reason=N ..." of the cell's statistics, and per CPU.
counters() {
	for _k in $STATS; do
		printf 'exits_%s=%s ' "$_k" "$(rd "$1/statistics/exits_$_k")"
	done
	for _c in "$1"/statistics/cpu*; do
		[ -d "$_c" ] && printf '%s_total=%s ' "${_c##*/}" "$(rd "$_c/exits_total")"
	done
}

# delta "BEFORE" "AFTER": key=after-before for every key of AFTER.
delta() {
	for _kv in $2; do
		_k=${_kv%%=*}
		_b=$(echo "$1" | tr ' ' '\n' | sed -n "s/^$_k=//p")
		printf '%s=%s ' "$_k" $((${_kv#*=} - _b))
	done
}

cntfrq() {
	_f=$(od -An -tx4 /proc/device-tree/timer/clock-frequency 2>/dev/null | tr -d ' ')
	if [ -n "$_f" ]; then echo $((0x$_f)); else echo 62500000; fi
}

load_driver
check_ok enable "$JH" enable "$JH_CELL" || { scenario_done; exit 0; }
echo "BENCH linux_root_init_s $(dmesg | sed -n 's/^\[ *\([0-9.]*\)\] Run \/init as init process.*/\1/p' | head -n 1)"
check_ok cell_linux "$JH" cell linux "$LC_CFG" "$LC_DIR/Image" \
	-i "$LC_DIR/initrd.cpio.gz" -c "cma=0 lc_bench"
lc_wait_line "LINUXCELL INIT OK" 300
check_contains init_marker "$(lc_output)" "LINUXCELL INIT OK"
echo "BENCH linux_cell_init_s $(lc_output | sed -n 's/^\[ *\([0-9.]*\)\] Run \/init as init process.*/\1/p' | head -n 1)"
# Let the boot's tail (deferred work) settle, then an idle window in which
# root only sleeps.
sleep 2
d=$(cell_dir linux)
b=$(counters "$d")
t0=$(uptime_cs)
sleep "$IDLE_S"
t1=$(uptime_cs)
a=$(counters "$d")
echo "BENCH linux_idle window_cs=$((t1 - t0)) $(delta "$b" "$a")"
check_eq running_after_idle "$(cell_state linux)" "running"
# The stamped last line must be the marker: nothing printed after it.
check_eq marker_is_last_line "$(lc_output | tail -n 1)" "LINUXCELL INIT OK"
check_ok destroy "$JH" cell destroy linux
started=$($JH console 2>/dev/null | tr -d '\r' |
	sed -n 's/^Started cell "linux" at counter \([0-9]*\).*/\1/p' | tail -n 1)
stamps=$($JH console 2>/dev/null | tr -d '\r' |
	sed -n 's/^cell linux: UART first byte at counter \([0-9]*\), last line at counter \([0-9]*\)$/first_byte=\1 init_line=\2/p' | tail -n 1)
if [ -n "$started" ] && [ -n "$stamps" ]; then
	pass stamps
	echo "BENCH linux_boot started=$started $stamps counter_hz=$(cntfrq)"
else
	fail stamps "started '$started' stamps '$stamps'"
fi
check_ok disable "$JH" disable
scenario_done
