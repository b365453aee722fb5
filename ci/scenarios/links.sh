# SPDX-License-Identifier: GPL-2.0
# Inter-cell links (Documentation/links.md) between two inmate cells on
# link pp0 (root is peer 0, link-a peer 1 on CPU 1, link-b peer 2 on
# CPUs 2-3; configs/qemu-arm64.yaml, -link-a.yaml, -link-b.yaml):
#  - 1000 round trips with CRC through the output sections and doorbells,
#    register reads/ignored writes and LINK_INFO checked in the cells;
#  - destroying a peer zeroes its state entry and interrupts the other,
#    which observes it;
#  - writing the peer's output section, the state table, or the register
#    page with a wrong size fails only the writer (FATAL names it, with
#    EC and IPA), the other peer and root go on;
#  - a doorbell flood from link-a leaves root responsive and link-b
#    making progress;
#  - link-a restarting itself (PSCI SYSTEM_RESET) finds INT_CTRL, STATE
#    and its state table entry at 0 in the new run; root reads the entry
#    0 and link-b hears it go (doorbell); the link works after it;
#  - doorbells link-a rings to root (INT_CTRL off) are dropped and counted
#    in link-a's cell stats (text, --json, sysfs), not in root's;
#  - root reads its registers and sees its STATE in the table; a wrong
#    size access gets it a bus error;
#  - the pool is back at its baseline after the cells are gone.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=95
. /scenarios/lib.sh

LINKS=/etc/jailhouse/links
INM=/lib/firmware/inmates

# a_up ARGS...: link-a with cell-link.bin (or pingpong) and a command line.
a_up() {
	$JH cell create $LINKS/link-a.cell >/dev/null &&
	$JH cell load link-a "$INM/$1" -s "$2" -a 0x1000 >/dev/null &&
	$JH cell start link-a >/dev/null
}

# alive: link-b's highest "link-pong: alive N" since its start.
alive() {
	$JH console 2>/dev/null | awk -v pat="[link-b] link-pong: alive " \
		'index($0, "Started cell \"link-b\"") { n = 0 }
		index($0, pat) { v = substr($0, index($0, pat) + length(pat)) + 0
			if (v > n) n = v }
		END { print n + 0 }'
}

# b_progress NAME N SECONDS: link-b's alive count grows by N.
b_progress() {
	_t0=$(alive)
	_end=$(($(uptime_cs) + $3 * 100))
	while [ "$(alive)" -lt $((_t0 + $2)) ]; do
		if [ "$(uptime_cs)" -gt "$_end" ]; then
			fail "$1" "link-b alive at $(alive) from $_t0, expected +$2 within $3 s, state $(cell_state link-b)"
			return 1
		fi
		sleep 0.2
	done
	pass "$1"
}

# down_count: how often link-b saw peer 1 go down with its doorbell.
down_count() {
	$JH console 2>/dev/null |
		grep -ac '\[link-b\] link-pong: peer 1 down (state 0, doorbell seen)'
}

# fault NAME MODE VERDICT: cell-link.bin in MODE fails link-a alone.
fault() {
	check_ok "$1.up" a_up cell-link.bin "mode=$2 peer=2"
	check_ok "$1.failed" wait_state link-a failed 30
	check_ok "$1.report" wait_since_start link-a \
		"FATAL: CPU 1, cell \"link-a\": $3" 10
	if [ -n "$4" ]; then
		check_ok "$1.where" wait_since_start link-a "$4" 10
	else
		pass "$1.where"
	fi
	check_eq "$1.b_running" "$(cell_state link-b)" running
	b_progress "$1.b_progress" 2 30
	root_alive "$1.root_alive" 0
	check_ok "$1.destroy" $JH cell destroy link-a
}

load_driver
check_ok enable $JH enable $LINKS/system.cell
base=$(pool_used)

# Root's side of pp0 (peer 0, registers at 0x0b001000, memory identity at
# 0x73c00000): register reads, STATE mirrored into the table, and an
# 8-bit access refused like any access to nothing (SIGBUS).
check_eq root_id "$(devmem 0x0b001000 32 2>&1)" 0x00000000
check_eq root_max_peers "$(devmem 0x0b001004 32 2>&1)" 0x00000003
check_eq root_name "$(devmem 0x0b001028 32 2>&1)" 0x00307070
devmem 0x0b001010 32 0x2 2>/dev/null
check_eq root_state_mirrored "$(devmem 0x73c00000 32 2>&1)" 0x00000002
devmem 0x0b001010 32 0x0 2>/dev/null
(devmem 0x0b001000 8 >/dev/null 2>&1; echo $? >/tmp/links.rc)
check_eq root_reg8_sigbus "$(cat /tmp/links.rc)" 135
check_console root_reg8_report \
	"root CPU [0-9]*: read at IPA 0xb001000 .*refused by the device emulation: external abort injected" 1 10
root_alive root_regs_alive

# Round trips: pong first, it waits for ping's state.
check_ok b_create $JH cell create $LINKS/link-b.cell
check_ok b_load $JH cell load link-b "$INM/link-pingpong.bin" \
	-s "role=pong peer=1" -a 0x1000
check_ok b_start $JH cell start link-b
check_ok a_up a_up link-pingpong.bin "role=ping peer=2"
check_ok ping_done wait_since_start link-a "CELLTEST DONE link-ping " 180
check_ok pong_done wait_since_start link-b "CELLTEST DONE link-pong " 30
check_ok ping_passed wait_since_start link-a \
	"CELLTEST DONE link-ping passed=9 failed=0" 1
check_ok pong_passed wait_since_start link-b \
	"CELLTEST DONE link-pong passed=9 failed=0" 1
check_eq ping_trips "$(seen_since_start link-a 'CELLTEST PASS link-ping.round_trips')" 1
check_eq pong_trips "$(seen_since_start link-b 'CELLTEST PASS link-pong.round_trips')" 1
$JH console 2>/dev/null | grep -a '\[link-.\] CELLTEST FAIL\|round trips in' | sed 's/^/LINKS /'
root_alive both_root_alive 0

# A peer destroyed: its state entry goes to 0 and the other hears it.
d0=$(down_count)
check_ok a_destroy $JH cell destroy link-a
check_ok b_sees_down wait_console \
	"\[link-b\] link-pong: peer 1 down (state 0, doorbell seen)" $((d0 + 1)) 10
check_eq b_after_down "$(cell_state link-b)" running
b_progress b_progress 2 30

# Only the writer fails: EC 0x24 (data abort from a lower EL) at the IPA.
fault out_write out_write "unhandled trap: EC 0x24" \
	"guest write of 1 bytes at IPA 0x80204000"
fault state_write state_write "unhandled trap: EC 0x24" \
	"guest write of 4 bytes at IPA 0x80200004"
fault reg8 reg8 "unhandled trap: EC 0x24" \
	"guest read of 1 bytes at IPA 0x80100000"
fault reg64 reg64 "unhandled trap: EC 0x24" \
	"guest read of 8 bytes at IPA 0x80100000"
# QEMU does not check alignment of Device accesses with the MMU off, so
# the access reaches the hypervisor, which refuses it (hardware may fault
# at EL1 first: the inmate then reports a guest panic, also failing it).
fault unaligned unaligned "unhandled trap: EC 0x24" \
	"guest read of 4 bytes at IPA 0x80100002"

# A doorbell flood: root and link-b go on, link-b keeps making progress.
d0=$(down_count)
check_ok flood_up a_up cell-link.bin "mode=flood peer=2"
check_ok flood_rings wait_since_start link-a "[link-a] cell-link: rung 20000" 60
b_progress flood_b_progress 4 60
root_alive flood_root_alive 0
check_eq flood_a_running "$(cell_state link-a)" running
check_ok flood_destroy $JH cell destroy link-a
check_ok flood_b_sees_down wait_console \
	"\[link-b\] link-pong: peer 1 down (state 0, doorbell seen)" $((d0 + 1)) 10

# A restart the cell asks for itself resets its registers and tells the
# peers, like a shutdown. Root rings link-a (peer 1: 0x00010000) to let
# each step go on once it has looked at the state table entry.
PP0_A_ENTRY=0x73c00004
d0=$(down_count)
check_ok reset_up a_up cell-link.bin "mode=reset peer=2"
check_ok reset_state_set wait_since_start link-a \
	"cell-link: state 0x1234 set, waiting for root" 30
check_eq reset_root_sees_state "$(devmem $PP0_A_ENTRY 32 2>&1)" 0x00001234
devmem 0x0b00100c 32 0x00010000
check_ok reset_requested wait_since_start link-a \
	"cell link-a: reset requested by CPU 1" 30
check_ok reset_b_sees_down wait_console \
	"\[link-b\] link-pong: peer 1 down (state 0, doorbell seen)" $((d0 + 1)) 30
check_ok reset_regs_zero wait_since_start link-a \
	"cell-link: after reset INT_CTRL 0 STATE 0" 30
check_ok reset_entry_zero wait_since_start link-a \
	"cell-link: table entry 0 after reset, waiting for root" 30
check_eq reset_root_sees_zero "$(devmem $PP0_A_ENTRY 32 2>&1)" 0x00000000
devmem 0x0b00100c 32 0x00010000
check_ok reset_up_again wait_since_start link-a \
	"cell-link: up again (doorbell seen)" 30
check_eq reset_root_sees_new "$(devmem $PP0_A_ENTRY 32 2>&1)" 0x00000002
check_eq reset_a_running "$(cell_state link-a)" running
check_ok reset_destroy $JH cell destroy link-a
check_ok reset_b_sees_destroy wait_console \
	"\[link-b\] link-pong: peer 1 down (state 0, doorbell seen)" $((d0 + 2)) 10

# Doorbells nobody hears are counted for the sender (cell stats, sysfs
# statistics/doorbells_dropped): link-a rings root (peer 0), whose INT_CTRL
# is off. CPU 1's count is taken while root still holds it; root's own
# count (CPU 0) must not move.
SYS0=$JH_SYS/cells/0/statistics
# num VALUE: VALUE if it is a decimal number, else x (fails check_gt).
num() { case $1 in ''|*[!0-9]*) echo x;; *) echo "$1";; esac; }
# since VALUE BASE: VALUE - BASE, x unless both are numbers.
since() { case "$(num "$1")$(num "$2")" in *x*) echo x;; *) echo $(($1 - $2));; esac; }
check_eq drop_root_int_off "$(devmem 0x0b001008 32 2>&1)" 0x00000000
cpu1_base=$(rd $SYS0/cpu1/doorbells_dropped)
root_base=$(rd $SYS0/cpu0/doorbells_dropped)
check_ok drop_up a_up cell-link.bin "mode=flood peer=0"
check_ok drop_rings wait_since_start link-a "[link-a] cell-link: rung 10000" 60
check_gt drop_sysfs "$(since "$(rd "$(cell_dir link-a)/statistics/doorbells_dropped")" "$cpu1_base")" 9999
cli=$($JH cell stats link-a 2>&1 | awk '$1 == "dropped" { print $NF }')
check_gt drop_cli "$(since "$cli" "$cpu1_base")" 9999
json=$($JH cell stats link-a --json 2>&1 | tr -d '\n' |
	sed -n 's/.*"doorbells_dropped": \([0-9]*\),.*/\1/p')
check_gt drop_json "$(since "$json" "$cpu1_base")" 9999
check_eq drop_root_unchanged "$(since "$(rd $SYS0/cpu0/doorbells_dropped)" "$root_base")" 0
check_ok drop_destroy $JH cell destroy link-a

check_ok b_destroy $JH cell destroy link-b
check_eq pool_baseline "$(pool_used)" "$base"
root_alive root_alive
check_ok disable $JH disable
scenario_done
