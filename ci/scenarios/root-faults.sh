# SPDX-License-Identifier: GPL-2.0
# Root touching a running cell's memory: /dev/mem lets it (the cell's RAM is
# not Linux RAM), stage 2 does not. The access must fail like a bus error
# (the hypervisor reports it and injects a synchronous external abort, so
# Linux kills the process with SIGBUS), on every root CPU, while root keeps
# all its CPUs and the cell goes on. After destroy the memory reads again.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=28
. /scenarios/lib.sh

CELL_RAM=0x70600000	# qemu-arm64-cell-b.yaml
SIGBUS_RC=135		# 128 + SIGBUS (7)

# irq_sum CPU: all interrupts CPU has taken (column CPU of /proc/interrupts).
irq_sum() {
	awk -v c=$(($1 + 2)) 'NR > 1 && $c ~ /^[0-9]+$/ { s += $c } END { print s + 0 }' \
		/proc/interrupts
}

load_driver
check_ok enable $JH enable $JH_CELL
check_ok b_up cell_up cell-b qemu-arm64-cell-b.cell hello.bin
check_ok b_ticks wait_since_start cell-b "[cell-b] hello: tick" 30
# Linux logs the signals nobody handles: shows how it saw the abort.
echo 1 >/proc/sys/debug/exception-trace
dmesg -c >/dev/null
i0_0=$(irq_sum 0)
i0_1=$(irq_sum 1)

for c in 0 1; do
	check_eq "read_cpu$c" "$(devmem_on $c $CELL_RAM 32)" $SIGBUS_RC
	check_eq "write_cpu$c" "$(devmem_on $c $CELL_RAM 32 0x5a5a5a5a)" \
		$SIGBUS_RC
	check_console "report_read_cpu$c" \
		"root CPU $c: read at IPA $CELL_RAM .* in memory of cell \"cell-b\": external abort injected" 1 10
	check_console "report_write_cpu$c" \
		"root CPU $c: write at IPA $CELL_RAM .* in memory of cell \"cell-b\"" 1 10
	check_contains "bus_error_cpu$c" \
		"$(taskset -c $c sh -c "devmem $CELL_RAM 32; echo rc=\$?" 2>&1)" \
		"Bus error"
	check_eq "cpu${c}_runs" "$(run_on $c)" "$c $SEQ_MD5"
done
root_alive alive 0-1
ipis_reach_all ipis_after
check_gt irqs_cpu0 "$(irq_sum 0)" "$i0_0"
check_gt irqs_cpu1 "$(irq_sum 1)" "$i0_1"
check_eq no_parked "$(console_count 'parked')" 0
check_eq b_running "$(cell_state cell-b)" running
check_ticks b_goes_on cell-b 2 30
log=$(dmesg)
check_eq no_oops "$(echo "$log" | grep -c -E 'Oops|WARNING:|Internal error|Kernel panic|BUG:')" 0
check_contains sea_seen_by_linux "$log" "external abort"

check_ok b_destroy $JH cell destroy cell-b
check_eq read_after_destroy "$(devmem_on 0 $CELL_RAM 32)" 0
check_ok disable $JH disable
root_alive alive_end
scenario_done
