# SPDX-License-Identifier: GPL-2.0
# 100 x create, load, start, shutdown, destroy of a cell: no pool page and
# no CPU may leak, and the inmate must really run every time.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=6
. /scenarios/lib.sh

N=${CELL_CYCLES:-100}
load_driver
check_ok enable $JH enable $JH_CELL
base=$(pool_used)
bad=""
for i in $(seq 1 "$N"); do
	cell_up cell-a qemu-arm64-cell-a.cell hello.bin || bad="$bad $i:up"
	wait_since_start cell-a "[cell-a] Hello from CPU" 20 ||
		bad="$bad $i:no-output"
	$JH cell shutdown cell-a >/dev/null 2>&1 || bad="$bad $i:shutdown"
	$JH cell destroy cell-a >/dev/null 2>&1 || bad="$bad $i:destroy"
	[ "$(pool_used)" = "$base" ] || bad="$bad $i:pool=$(pool_used)"
	[ -n "$bad" ] && break
done
check_eq cycles "$bad" ""
check_eq cycles_pool "$(pool_used)" "$base"
check_eq cycles_cpus "$(cat /sys/devices/system/cpu/online)" "$BOOT_ONLINE"
root_alive alive_after_cycles
check_ok disable $JH disable
scenario_done
