# SPDX-License-Identifier: GPL-2.0
# Narrated walk-through for `make demo`: the running Linux is handed to the
# hypervisor, keeps working as the root cell, gives CPUs to two cells that
# run bare-metal inmates side by side with it, and is taken back.
. /scenarios/lib.sh

step() {
	echo
	echo "==> $*"
}

# show CMD...: print the command as typed, then run it.
show() {
	echo "# $*"
	"$@"
}

ok=1
step "A stock Debian kernel $(uname -r) runs on $(nproc) emulated Cortex-A57 CPUs"
show grep processor /proc/cpuinfo
show cat /sys/devices/system/cpu/online

step "Load the driver (it fetches the hypervisor image with request_firmware)"
show insmod "$JH_KO" || ok=0

step "Hand the machine to the hypervisor; Linux becomes the root cell"
show $JH enable "$JH_CELL" || ok=0
for f in enabled mem_pool_size mem_pool_used cells/0/name cells/0/state; do
	echo "  /sys/devices/jailhouse/$f = $(rd $JH_SYS/$f)"
done

step "The hypervisor's own console (a ring buffer read through the driver)"
show $JH console || ok=0

step "Linux still runs: a workload pinned to each CPU, now under the hypervisor"
for c in $(seq 0 $LAST_CPU); do
	# shellcheck disable=SC2046 # split "<cpu> <md5>" on purpose
	set -- $(run_on $c)
	echo "  pinned to CPU $c: ran on CPU $1, md5 of 'seq 1 2000' = $2"
done
show timeout 5 sleep 1 && echo "  slept 1 s: the timer works"

step "Partition it: cell-a gets CPU 1, cell-b CPUs 2-3 (Linux gives them up)"
show $JH cell create $JH_CELLS/qemu-arm64-cell-a.cell || ok=0
show $JH cell create $JH_CELLS/qemu-arm64-cell-b.cell || ok=0
show cat /sys/devices/system/cpu/online
show $JH cell list

step "Load a bare-metal inmate into each cell and start them"
show $JH cell load cell-a $JH_INMATES/hello.bin || ok=0
show $JH cell load cell-b $JH_INMATES/hello.bin -s "period_ms=700" -a 0x1000 || ok=0
show $JH cell start cell-a || ok=0
show $JH cell start cell-b || ok=0
wait_console "\[cell-a\] hello: tick" 3 30
wait_console "\[cell-b\] hello: tick" 3 30

step "Both cells print side by side while Linux (CPU 0 only) keeps working"
# shellcheck disable=SC2046 # split "<cpu> <md5>" on purpose
set -- $(run_on 0)
echo "  Linux workload on CPU $1: md5 of 'seq 1 2000' = $2"
show sh -c "$JH console | grep -E '^\\[cell-|Created|Started' | tail -n 12"
show $JH cell list
show $JH cell stats cell-b

step "Shut the cells down (they agree through their comm region) and destroy them"
show $JH cell shutdown cell-a || ok=0
show $JH cell list
show $JH cell destroy cell-a || ok=0
show $JH cell shutdown cell-b || ok=0
show $JH cell destroy cell-b || ok=0
show cat /sys/devices/system/cpu/online
echo "  mem_pool_used = $(rd $JH_SYS/mem_pool_used) pages (as right after enable)"

step "Take the machine back"
show $JH disable || ok=0
echo "  enabled = $(rd $JH_SYS/enabled)"
show rmmod jailhouse || ok=0

[ $ok = 1 ] && echo "DEMO OK" || echo "DEMO FAILED: a step above did not work"
scenario_done
