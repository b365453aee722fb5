# SPDX-License-Identifier: GPL-2.0
# A cell with an emulated PL011 (configs/qemu-arm64-cell-uart.yaml) runs
# the cell-uart suite (inmates/tests/cell-uart.c): its CELLTEST checks
# must all pass; what it wrote to the UART must come back exactly from
# `jailhouse cell console` and as [cell-uart] lines in `jailhouse
# console`; its closing PSCI SYSTEM_RESET must stop it (reset_stops: shut
# down, not restarted). A 64-bit access to the UART fails the cell and
# nothing else. The console file goes with the cell, the pool comes back,
# and a cell without a uart has no console.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=42
. /scenarios/lib.sh

# The suite's checks (inmates/tests/cell-uart.c), each must PASS once.
CHECKS="periph_cell_ids fr_tx_empty registers_read_back halfword_access
ris_tx mis_masked
gicd_enable_reads_back quiet_while_masked mis_tx irq_driven_line
mis_in_handler icr_imsc_clear gicd_disable_reads_back held_while_disabled
enable_delivers"
UART_TEXT="uart polled 1
uart polled 2
uart byte
uart half
uart irq"

load_driver
check_ok enable $JH enable $JH_CELL
base=$(pool_used)

check_ok create $JH cell create $JH_CELLS/qemu-arm64-cell-uart.cell
check_ok load $JH cell load cell-uart "$JH_INMATES/cell-uart.bin" \
	-s "uart=0x09000000 irq=50 reset=1" -a 0x1000
check_ok start $JH cell start cell-uart
if wait_since_start cell-uart "CELLTEST DONE cell-uart " 30; then
	pass done
else
	fail done "no CELLTEST DONE within 30 s, state $(cell_state cell-uart): $($JH console | tail -n 4)"
fi
for c in $CHECKS; do
	check_eq "suite.$c" "$(seen_since_start cell-uart "CELLTEST PASS cell-uart.$c")" 1
done
check_eq suite.no_fail "$($JH console | grep -ac '\[cell-uart\] CELLTEST FAIL')" 0

# SYSTEM_RESET at the end stops the cell: shut down, never restarted.
if wait_state cell-uart "shut down" 10; then
	pass reset_stops
else
	fail reset_stops "state $(cell_state cell-uart) 10 s after the suite"
fi
check_eq reset_reported "$(console_count 'cell cell-uart: reset requested by CPU 2, stopping it (reset_stops)')" 1
sleep 1
check_eq not_restarted "$(console_count '\[cell-uart\] CELLTEST DONE cell-uart')" 1

# The ring holds exactly what the cell wrote to its UART.
check_eq cell_console "$($JH cell console cell-uart)" "$UART_TEXT"
d=$(cell_dir cell-uart)
check_eq sysfs_console "$(cat "$d/console")" "$UART_TEXT"
check_eq console_prefixed "$($JH console | grep -a '^\[cell-uart\] uart ')" \
	"$(echo "$UART_TEXT" | sed 's/^/[cell-uart] /')"
# Root cannot write the ring (sysfs file is read-only, the mapping too).
expect_fail console_readonly "echo x > $d/console" "ermission denied"

# A 64-bit UART access fails the cell (FATAL), root and the ring go on.
check_ok bad_load $JH cell load cell-uart "$JH_INMATES/cell-uart.bin" \
	-s "uart=0x09000000 bad=1" -a 0x1000
check_ok bad_start $JH cell start cell-uart
if wait_state cell-uart failed 10; then
	pass bad_access_fails
else
	fail bad_access_fails "state $(cell_state cell-uart): $($JH console | tail -n 3)"
fi
check_eq bad_refused "$(console_count 'cell cell-uart: UART access of 8 bytes at offset 0x18 refused')" 1
check_eq bad_not_alive "$(console_count 'cell-uart: still alive')" 0
check_eq bad_ring_kept "$($JH cell console cell-uart)" "$UART_TEXT"
root_alive bad_root_alive 0-1,3

# A cell without a uart has no console.
check_ok create_a $JH cell create $JH_CELLS/qemu-arm64-cell-a.cell
expect_fail no_uart_console "$JH cell console cell-a" "has no console"
check_ok destroy_a $JH cell destroy cell-a

check_ok destroy $JH cell destroy cell-uart
check_eq console_gone "$(ls "$d/console" 2>/dev/null)" ""
check_eq pool "$(pool_used)" "$base"
check_ok disable $JH disable
scenario_done
