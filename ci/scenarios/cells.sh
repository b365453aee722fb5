# SPDX-License-Identifier: GPL-2.0
# Cells side by side with root: two cells (CPU 1; CPUs 2-3) print while the
# root Linux runs a workload; state, stats, shutdown, destroy; a crashing
# cell is parked and marked failed while root and the other cell go on; a
# failed cell is loaded and started again; everything returns to root.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=65
. /scenarios/lib.sh

load_driver
check_ok enable $JH enable $JH_CELL
base=$(pool_used)

check_ok create_a $JH cell create $JH_CELLS/qemu-arm64-cell-a.cell
check_eq a_state_created "$(cell_state cell-a)" "shut down"
check_eq cpu1_offline "$(rd /sys/devices/system/cpu/cpu1/online)" 0
check_eq root_cpus "$(rd $JH_SYS/cells/0/cpus_assigned_list)" "0,2-3"
check_ok load_a $JH cell load cell-a $JH_INMATES/hello.bin
check_ok start_a $JH cell start cell-a
check_eq a_running "$(cell_state cell-a)" running
check_ok a_hello wait_since_start cell-a "[cell-a] Hello from CPU" 30
check_ticks a_ticks cell-a 3 60

check_ok create_b $JH cell create $JH_CELLS/qemu-arm64-cell-b.cell
check_ok load_b $JH cell load cell-b $JH_INMATES/hello.bin
check_ok start_b $JH cell start cell-b
check_console b_hello_2cpus "\[cell-b\] Hello from CPU" 2 30
check_eq root_cpus_two_cells "$(rd $JH_SYS/cells/0/cpus_assigned_list)" "0"
check_eq online_two_cells "$(cat /sys/devices/system/cpu/online)" "0"

# Root works while both cells run, and both keep printing.
root_alive root_alive_two_cells 0
check_eq root_workload "$(run_on 0)" "0 $SEQ_MD5"
check_ticks a_ticks_on cell-a 2 60
check_ticks b_ticks_on cell-b 2 60

out=$($JH cell list 2>&1)
check_contains list_a "$out" "cell-a"
check_contains list_b "$out" "cell-b"
check_gt a_exits_irq "$(rd "$(cell_dir cell-a)/statistics/exits_irq")" 0
check_gt a_exits_hvc "$(rd "$(cell_dir cell-a)/statistics/exits_hvc")" 0
check_ok stats_a $JH cell stats cell-a
# The CLI's machine-readable output and options on the real driver
# (Documentation/cli.md). JHJSON lines carry the JSON to the host log,
# where it can be fed to a JSON parser.
json=$($JH cell list --json 2>&1 | tr -d '\n')
echo "JHJSON cell-list $json"
check_contains list_json "$json" '"name": "cell-a", "state": "running", "cpus_assigned_list": "1"'
json=$($JH cell stats --name cell-a --json 2>&1 | tr -d '\n')
echo "JHJSON cell-stats $json"
check_contains stats_json_by_name "$json" '"name": "cell-a", "exits": {"total": '
check_contains stats_json_cpu1 "$json" '"cpus": {  "1": {"total": '
check_eq usage_exit_2 "$($JH cell stats cell-a --bogus >/dev/null 2>&1; echo $?)" 2
check_ok stats_help $JH cell stats --help
check_contains version "$($JH --version 2>&1)" "jailhouse "

# Polite shutdown of a cell that answers, then destroy: CPU 1 is back.
check_ok shutdown_a $JH cell shutdown cell-a
check_eq a_shut_down "$(cell_state cell-a)" "shut down"
check_ok destroy_a $JH cell destroy cell-a
check_eq a_gone "$(cell_state cell-a)" "<none>"
check_eq cpu1_back "$(rd /sys/devices/system/cpu/cpu1/online)" 1
check_eq cpu1_runs "$(run_on 1)" "1 $SEQ_MD5"

# A crashing inmate: its CPU is parked, the cell failed, others go on.
check_ok crash_up cell_up cell-a qemu-arm64-cell-a.cell crash.bin
check_ok crash_failed wait_state cell-a failed 30
check_ok crash_report wait_since_start cell-a "FATAL: CPU 1, cell \"cell-a\"" 10
check_eq crash_cpus_failed "$(rd "$(cell_dir cell-a)/cpus_failed_list")" 1
out=$($JH cell list 2>&1)
check_contains crash_list "$out" "failed"
root_alive crash_root_alive 0
check_ticks crash_b_goes_on cell-b 2 60
# ...and can be loaded and started again.
check_ok crash_reload $JH cell load cell-a $JH_INMATES/hello.bin
check_ok crash_restart $JH cell start cell-a
check_eq crash_running_again "$(cell_state cell-a)" running
check_ok crash_hello_again wait_since_start cell-a "[cell-a] Hello from CPU" 30
check_ok crash_destroy $JH cell destroy cell-a

# Memory remanence: what a cell leaves in its RAM and comm page is gone
# when root gets them back, and when the next cell runs on them.
# nonzero_words BASE SIZE: words of [BASE, +SIZE) that root reads as
# non-zero, sampling the first and last word of every page.
nonzero_words() {
	_n=0 _off=0
	while [ $_off -lt $(($2)) ]; do
		for _a in $(($1 + _off)) $(($1 + _off + 0xffc)); do
			[ "$(devmem $_a 32 2>&1)" = 0x00000000 ] || _n=$((_n + 1))
		done
		_off=$((_off + 0x1000))
	done
	echo $_n
}
check_ok scrub_fill_up cell_up cell-a qemu-arm64-cell-a.cell cell-scrub.bin -s fill -a 0x1000
check_ok scrub_filled wait_since_start cell-a "CELLTEST DONE scrub-fill passed=3 failed=0" 30
check_ok scrub_destroy $JH cell destroy cell-a
check_eq scrub_root_ram_zero "$(nonzero_words 0x70400000 0x100000)" 0
check_eq scrub_root_comm_zero "$(devmem 0x70500ffc 32 2>&1)" 0x00000000
check_ok scrub_check_up cell_up cell-a qemu-arm64-cell-a.cell cell-scrub.bin -s check -a 0x1000
check_ok scrub_checked wait_since_start cell-a "CELLTEST DONE scrub-check passed=1 failed=0" 30
check_console scrub_cost "cell cell-a: scrubbed 1028 KiB on destroy in" 1 5
check_ok scrub_check_destroy $JH cell destroy cell-a

check_ok destroy_b $JH cell destroy cell-b
check_eq all_back "$(cat /sys/devices/system/cpu/online)" "$BOOT_ONLINE"
check_eq pool_back "$(pool_used)" "$base"
# Root can use the cells' memory again (through /dev/mem: not Linux RAM).
devmem 0x70600000 32 0x5a5aa5a5 2>/dev/null
check_eq root_uses_cell_ram "$(devmem 0x70600000 32 2>&1)" 0x5A5AA5A5
devmem 0x70500ff8 32 0x12345678 2>/dev/null
check_eq root_uses_comm_page "$(devmem 0x70500ff8 32 2>&1)" 0x12345678
root_alive alive_after
check_ok disable $JH disable
scenario_done
