# SPDX-License-Identifier: GPL-2.0
# The link modules on a GICv2 machine (root only: cells are refused there):
# the doorbell SPI is mapped through the GICv2 node of root's device tree
# for jailhouse_uio's /dev/uioN of pp0; jailhouse_net makes jhnet0 with no carrier (no
# peer); both unload, the pool is back.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=11
. /scenarios/lib.sh

LT=/usr/sbin/jh-linktest
LINK_KO=/lib/modules/link

load_driver
check_ok enable $JH enable $JH_CELLS/qemu-arm64-gicv2.cell
base=$(pool_used)
insmod $LINK_KO/uio.ko
check_ok insmod_jh_uio insmod $LINK_KO/jailhouse_uio.ko
check_eq uio_names "$(cat /sys/class/uio/uio*/name 2>/dev/null | tr '\n' ' ')" "pp0 "
check_contains info_root "$($LT info pp0 2>&1)" "id 0 max_peers 3 irq 142"
# The SPI is mapped through the GICv2 node, edge triggered. (The doorbell
# itself is not tested here: the hypervisor pends doorbells only on a
# GICv3, see arch_irq_pend().)
check_contains irq_mapped "$(grep ' pp0$' /proc/interrupts)" "142 Edge"
check_ok insmod_net insmod $LINK_KO/jailhouse_net.ko
ip link set jhnet0 up
check_eq no_peer_no_carrier "$(cat /sys/class/net/jhnet0/carrier 2>&1)" 0
check_ok rmmod_net rmmod jailhouse_net
check_ok rmmod_jh_uio rmmod jailhouse_uio
rmmod uio
check_eq pool_at_baseline "$(pool_used)" "$base"
check_ok disable $JH disable
scenario_done
