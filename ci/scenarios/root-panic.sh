# SPDX-License-Identifier: GPL-2.0
# Root panics, cells go on. cell-b runs hello (a tick every 200 ms), cell-a
# runs fuzz-victim (a tick with the CRC of its memory every 500 ms); then
# root Linux crashes (sysrq "c": panic). The hypervisor writes the cells'
# lines straight to the UART, so they keep appearing in the QEMU log while
# Linux is dead. Linux reboots PANIC_S (20) seconds after the panic (PSCI
# SYSTEM_RESET through the hypervisor; QEMU runs with -no-reboot and exits).
#
# Must be the last scenario of its boot: nothing runs after the panic. The
# checks before the panic are JHTEST lines as usual; the ones after it are
# made on the host by ci/jhtest/rootpanic.py, which boots this scenario
# and reads the log (the host harness (ci/jhtest) would count the panic itself and
# the missing poweroff as failures).
# Checks before the panic (ci/jhtest/rootpanic.py fails missing ones).
PLAN=8
. /scenarios/lib.sh

PANIC_S=20

load_driver
check_ok enable $JH enable $JH_CELL
check_ok b_up cell_up cell-b qemu-arm64-cell-b.cell hello.bin -s "period_ms=200" -a 0x1000
check_console b_ticks "\[cell-b\] hello: tick" 3 30
check_ok a_up cell_up cell-a qemu-arm64-cell-a.cell fuzz-victim.bin -s "period_ms=500" -a 0x1000
check_console a_ticks "\[cell-a\] fuzz-victim: tick" 2 30
root_alive alive_before_panic 0
echo "$PANIC_S" >/proc/sys/kernel/panic
check_eq panic_timeout "$(cat /proc/sys/kernel/panic)" "$PANIC_S"
check_eq sysrq_trigger "$(ls /proc/sysrq-trigger 2>&1)" /proc/sysrq-trigger
scenario_done
sleep 1
echo "JHTEST ROOTPANIC now"
echo c >/proc/sysrq-trigger
# Not reached.
echo "JHTEST ROOTPANIC survived"
