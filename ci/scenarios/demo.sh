# SPDX-License-Identifier: GPL-2.0
# Narrated walk-through for `make demo`: the running Linux is handed to the
# hypervisor, keeps working as the root cell, and is taken back.
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

step "Take the machine back"
show $JH disable || ok=0
echo "  enabled = $(rd $JH_SYS/enabled)"
show rmmod jailhouse || ok=0

step "Cells (partitions running their own code) come in a later step of the project"
[ $ok = 1 ] && echo "DEMO OK" || echo "DEMO FAILED: a step above did not work"
scenario_done
