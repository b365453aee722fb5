# SPDX-License-Identifier: GPL-2.0
# Link pp0 through /dev/uioN (jailhouse_uio.ko on Debian's uio.ko): root
# (peer 0) does CRC-checked echo round trips (build/tools/jh-linktest)
# with the link-echo inmate in cells link-a (peer 1) and link-b (peer 2),
# which answer only on a doorbell and ring back: the doorbells work both
# ways. Before enable the modules refuse to load (-ENODEV, with a
# message). Read-only maps refuse PROT_WRITE; jh-linktest shm copies 1 MiB
# each way and refuses a peer past MAX_PEERS; net0 is left to jailhouse_net;
# a destroyed peer's state goes to 0 and echoes to it fail cleanly while
# the other peer goes on; everything unloads, the pool is back.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=31
. /scenarios/lib.sh

LT=/usr/sbin/jh-linktest
LINK_KO=/lib/modules/link

# uio_names: the names of all uio devices, sorted, on one line.
uio_names() {
	cat /sys/class/uio/uio*/name 2>/dev/null | sort | tr '\n' ' '
}

# link_irqs: doorbells root took (the uio device's line in /proc/interrupts).
link_irqs() {
	awk '/pp0/ { s = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i; print s }' \
		/proc/interrupts
}

load_driver
check_ok insmod_uio insmod $LINK_KO/uio.ko
# Before enable Linux's hyp stub answers LINK_INFO: refused, said why.
expect_fail uio_before_enable "insmod $LINK_KO/jailhouse_uio.ko" "No such device"
expect_fail net_before_enable "insmod $LINK_KO/jailhouse_net.ko" "No such device"
# (busybox insmod may try twice: finit_module, then init_module)
check_eq refusal_said_why "$(dmesg | sed -n 's/.*\(jailhouse_[a-z]*: no Jailhouse hypervisor\).*/\1/p' |
	sort -u | tr '\n' ' ')" "jailhouse_net: no Jailhouse hypervisor jailhouse_uio: no Jailhouse hypervisor "
check_ok enable $JH enable $JH_CELL
base=$(pool_used)
check_ok insmod_jh_uio insmod $LINK_KO/jailhouse_uio.ko
check_eq uio_names "$(uio_names)" "pp0 "
check_ok maps_readonly $LT maps pp0
check_contains info_root "$($LT info pp0 2>&1)" "id 0 max_peers 3 irq 142"
check_contains selfring "$($LT selfring pp0 20 2>&1)" "selfring 20/20 interrupts"
check_contains shm_copies "$($LT shm pp0 1 1 2>&1)" "shm read bytes 1048576 ns"
expect_fail shm_bad_peer "$LT shm pp0 3 1" "shm: peer 3 of 3"

check_ok up_a cell_up link-a qemu-arm64-link-a.cell link-echo.bin
check_ok a_ready wait_console "\[link-a\] link-echo: ready, peer 1, irq 143" 1 30
check_contains state_a_up "$($LT info pp0 2>&1)" "state 1 1"
irqs0=$(link_irqs)
out=$($LT echo pp0 1 200 2>&1)
check_contains echo_a "$out" "echo 200/200 ok"
# At least one doorbell per answer reached root as an interrupt.
check_gt root_doorbells "$(($(link_irqs) - irqs0))" 199

check_ok up_b cell_up link-b qemu-arm64-link-b.cell link-echo.bin
check_ok b_ready wait_console "\[link-b\] link-echo: ready, peer 2, irq 144" 1 30
check_contains echo_b_full_size "$($LT echo pp0 2 50 4080 2>&1)" "echo 50/50 ok"
check_contains echo_a_beside_b "$($LT echo pp0 1 50 2>&1)" "echo 50/50 ok"

check_ok destroy_a $JH cell destroy link-a
check_contains state_a_gone "$($LT info pp0 2>&1)" "state 1 0"
expect_fail echo_a_gone "$LT echo pp0 1 1" "echo 0/1 ok"
check_contains echo_b_after "$($LT echo pp0 2 20 2>&1)" "echo 20/20 ok"
check_ok destroy_b $JH cell destroy link-b

check_ok rmmod_jh_uio rmmod jailhouse_uio
check_ok rmmod_uio rmmod uio
check_eq pool_at_baseline "$(pool_used)" "$base"
root_alive alive
check_ok disable $JH disable
scenario_done
