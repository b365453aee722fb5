# SPDX-License-Identifier: GPL-2.0
# A sub-page window where no device answers (configs/qemu-arm64-cell-nodev
# .yaml: behind QEMU's fw-cfg registers). The hypervisor performs the
# accesses to the window's page itself, so a bus error there is taken at
# EL2; it must fail only the access, never the hypervisor's CPU. A cell
# reading or writing its window fails with a FATAL report naming the
# address; root touching the rest of the page (its own fw-cfg region) gets
# an external abort (SIGBUS), on every root CPU, while the fw-cfg register
# next to it still reads. All CPUs stay online and a cell starts after.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=38
. /scenarios/lib.sh

CELL_CFG=qemu-arm64-cell-nodev.cell
HOLE_CELL=0x9020800	# the cell's window (printk style: no leading 0)
HOLE_ROOT=0x9020400	# root's fw-cfg region, outside the fw-cfg registers
FW_CFG=0x09020000	# the fw-cfg data register: a device that answers
SIGBUS_RC=135		# 128 + SIGBUS (7)
RAM=0x70400000		# identity mapped: the image goes here
CMDLINE=0x70401000	# and its command line here (inmate.lds)

# cell_touch NAME MODE: crash.bin MODEs its window and fails, alone.
cell_touch() {
	check_ok "$1.up" cell_up cell-nodev $CELL_CFG crash.bin \
		-a $RAM -s "mode=$2 addr=$HOLE_CELL" -a $CMDLINE
	check_ok "$1.failed" wait_state cell-nodev failed 30
	check_ok "$1.no_device" wait_since_start cell-nodev \
		"cell cell-nodev: $2 of 4 bytes at $HOLE_CELL: no device answered" 10
	check_ok "$1.report" wait_since_start cell-nodev \
		"FATAL: CPU 1, cell \"cell-nodev\": unhandled trap: EC 0x24" 10
	check_ok "$1.parked" wait_since_start cell-nodev \
		"CPU 1 parked, cell \"cell-nodev\" failed" 10
	root_alive "$1.root_alive" 0,2-3
	check_ok "$1.destroy" $JH cell destroy cell-nodev
	check_eq "$1.cpu1_back" "$(run_on 1)" "1 $SEQ_MD5"
}

load_driver
check_ok enable $JH enable $JH_CELL
cell_touch cell_read read
cell_touch cell_write write

# Root, with the page claimed by the cell's window: performed by the
# hypervisor, failed by the bus, reported to Linux as an external abort.
check_ok root_up cell_up cell-nodev $CELL_CFG hello.bin -a $RAM
check_ok root_up_ticks wait_since_start cell-nodev "[cell-nodev] hello: tick" 30
echo 1 >/proc/sys/debug/exception-trace
dmesg -c >/dev/null
for c in 0 2; do
	check_eq "root_read_cpu$c" "$(devmem_on $c $HOLE_ROOT 32)" $SIGBUS_RC
	check_eq "root_write_cpu$c" \
		"$(devmem_on $c $HOLE_ROOT 32 0x5a5a5a5a)" $SIGBUS_RC
done
check_console root_no_device_reads \
	"cell qemu-virt: read of 4 bytes at $HOLE_ROOT: no device answered" 2 10
check_console root_no_device_writes \
	"cell qemu-virt: write of 4 bytes at $HOLE_ROOT: no device answered" 2 10
check_console root_aborts "root CPU [02]: .* at IPA $HOLE_ROOT .*refused by the device emulation: external abort injected" 4 10
check_eq root_fw_cfg_answers "$(devmem_on 0 $FW_CFG 8)" 0
root_alive root_alive 0,2-3
check_eq no_panic "$(console_count 'PANIC')" 0
check_ticks nodev_goes_on cell-nodev 2 30
log=$(dmesg)
check_eq no_oops "$(echo "$log" | grep -c -E 'Oops|WARNING:|Internal error|Kernel panic|BUG:')" 0
check_contains sea_seen_by_linux "$log" "external abort"
check_ok root_destroy $JH cell destroy cell-nodev

# The hypervisor still runs cells on every CPU.
check_ok b_up cell_up cell-b qemu-arm64-cell-b.cell hello.bin
check_ticks b_ticks cell-b 2 30
check_ok b_destroy $JH cell destroy cell-b
check_ok disable $JH disable
root_alive alive_end
scenario_done
