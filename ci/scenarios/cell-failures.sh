# SPDX-License-Identifier: GPL-2.0
# Every way a cell can fail or stop itself, with cell-b (CPUs 2-3) running
# beside it: the faulting CPU is parked with a report naming cell and CPU,
# the cell shows "failed", root and cell-b go on, and the cell can be
# destroyed. Also: a locked cell refuses shutdown, a deaf one times out,
# PSCI SYSTEM_OFF / SYSTEM_RESET stop or restart only that cell, and the
# smp demo's PSCI life cycle passes inside a cell.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=101
. /scenarios/lib.sh

load_driver
check_ok enable $JH enable $JH_CELL
base=$(pool_used)
check_ok b_up cell_up cell-b qemu-arm64-cell-b.cell hello.bin
check_ok b_hello wait_since_start cell-b "[cell-b] hello: tick" 30

# b_goes_on NAME: cell-b still prints, root still works. cell-b's console
# calls are counted by the hypervisor: a cell-a that restarts in a tight
# loop can turn the whole console ring over between two reads of it.
b_goes_on() {
	check_rises "$1.b_prints" "$(cell_dir cell-b)/statistics/exits_hvc" 1 30
	root_alive "$1.root_alive" 0
}

# fault NAME CMDLINE WHAT: crash.bin in cell-a with CMDLINE must fail.
fault() {
	check_ok "$1.up" cell_up cell-a qemu-arm64-cell-a.cell crash.bin \
		-s "$2" -a 0x1000
	check_ok "$1.failed" wait_state cell-a failed 30
	check_ok "$1.report" wait_since_start cell-a \
		"FATAL: CPU 1, cell \"cell-a\": $3" 10
	check_ok "$1.parked" wait_since_start cell-a \
		"CPU 1 parked, cell \"cell-a\" failed" 10
	check_eq "$1.cpus_failed" "$(rd "$(cell_dir cell-a)/cpus_failed_list")" 1
	b_goes_on "$1"
	check_ok "$1.destroy" $JH cell destroy cell-a
	check_eq "$1.cpu1_back" "$(run_on 1)" "1 $SEQ_MD5"
}

fault ram_write "mode=write addr=0x40000000" "unhandled trap: EC 0x24"
fault ram_read "mode=read addr=0x4ff00000" "unhandled trap: EC 0x24"
fault hv_memory "mode=read addr=0x70000000" "unhandled trap: EC 0x24"
fault mmio_rtc "mode=read addr=0x09010000" "unhandled trap: EC 0x24"
fault exec_root "mode=exec addr=0x40000000" "unhandled trap: EC 0x20"
fault undef "mode=undef" "guest panic"
fault unaligned "mode=unaligned" "guest panic"

# A cell holding its lock refuses shutdown; destroy still works.
check_ok lock_up cell_up cell-a qemu-arm64-cell-a.cell hello.bin \
	-s "lock=1" -a 0x1000
check_ok lock_held wait_since_start cell-a "[cell-a] hello: holding the lock" 30
check_eq lock_state "$(cell_state cell-a)" "running/locked"
expect_fail lock_refused "$JH cell shutdown cell-a" "[EBUSY]"
check_eq lock_still_running "$(cell_state cell-a)" "running/locked"
check_ok lock_destroy $JH cell destroy cell-a

# A cell that never answers: failed after its 1 s timeout.
check_ok deaf_up cell_up cell-a qemu-arm64-cell-a.cell hello.bin \
	-s "deaf=1" -a 0x1000
check_ok deaf_runs wait_since_start cell-a "[cell-a] Hello from CPU" 30
expect_fail deaf_timeout "$JH cell shutdown cell-a" "[ETIMEDOUT]"
check_eq deaf_failed "$(cell_state cell-a)" failed
b_goes_on deaf
check_ok deaf_destroy $JH cell destroy cell-a

# PSCI SYSTEM_OFF from a cell: that cell is shut down, nothing else.
check_ok off_up cell_up cell-a qemu-arm64-cell-a.cell crash.bin \
	-s "mode=system_off" -a 0x1000
check_ok off_state wait_state cell-a "shut down" 30
b_goes_on off
check_ok off_restart $JH cell start cell-a
check_ok off_again wait_since_start cell-a "[cell-a] crash: PSCI SYSTEM_OFF" 30
check_ok off_destroy $JH cell destroy cell-a

# PSCI SYSTEM_RESET from a cell: it starts over (and over).
check_ok reset_up cell_up cell-a qemu-arm64-cell-a.cell crash.bin \
	-s "mode=system_reset" -a 0x1000
check_ok reset_reported wait_since_start cell-a \
	"cell cell-a: reset requested by CPU 1" 30
check_rises reset_restarts "$(cell_dir cell-a)/statistics/exits_psci" 3 30
check_eq reset_running "$(cell_state cell-a)" running
b_goes_on reset
check_ok reset_destroy $JH cell destroy cell-a

# The smp demo in cell-b: CPU_ON, AFFINITY_INFO, CPU_OFF of its own CPU.
check_ok smp_load $JH cell load cell-b $JH_INMATES/smp.bin
check_ok smp_start $JH cell start cell-b
check_ok smp_pass wait_since_start cell-b "[cell-b] smp: PASS" 30
check_eq smp_no_fail "$(seen_since_start cell-b "smp: FAIL")" 0
check_ok b_destroy $JH cell destroy cell-b

check_eq pool_back "$(pool_used)" "$base"
root_alive alive_after
check_ok disable $JH disable
scenario_done
