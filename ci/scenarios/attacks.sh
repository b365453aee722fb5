# SPDX-License-Identifier: GPL-2.0
# Attack inmates (XTF style): cell-a (CPU 1) tries to break isolation
# while cell-b (CPUs 2-3) runs attack-victim and root Linux runs beside
# them. Host side and the report: ci/jhtest/attacks.py.
#
# 1. In-cell suites (SUITES): one boot of cell-a each; every check prints
#    "CELLTEST PASS|FAIL attack-<x>.<check>" (access ignored or refused,
#    judged from inside). Afterwards "<suite>.aftermath": the cell still
#    runs and shuts down politely, the victim, root and the hypervisor
#    are fine.
# 2. One-shot attacks (ATTACKS): a fresh cell-a per attack, the attack
#    selected on the command line; the expected end (EXPECT below) is
#    judged from outside, plus the same aftermath checks.
# Every attack is one result line "ATTACK PASS|FAIL <family>.<name> ...",
# kept in a file and printed again as one block at the end, once the
# cells are gone and nobody else writes to the console:
#     ATTACKRES PASS|FAIL <id> <detail>
#     ATTACKCT [cell-a] CELLTEST ...        (the suites' own lines)
#     ATTACKEND pool_after_enable=N pool_end=M panics=P
#
# EXPECT (what the attack must provoke; the scenario judges the cell's
# state, ci/jhtest/attacks.py checks the hypervisor's report, ATTACKHV lines):
#         fatal:EC@IPA[+LEN]  CPU 1 parked, cell failed, and the report
#                     "FATAL: CPU 1, cell "cell-a": ...: EC <EC>" with the
#                     fault at IPA (or in IPA..IPA+LEN); the access never
#                     completed. A hypervisor denial.
#         el1:EC      the access faults at EL1 (never reaches EL2): the
#                     cell's catcher reports it (guest panic, ESR with
#                     that EC) and is parked. An architecture check.
#         panic:ESR   a hostile GUEST_PANIC hypercall: reported as given
#         runs        the access completes harmlessly and nothing is
#                     reported (a failed exclusive, cache maintenance
#                     QEMU ignores). An architecture check.
#         reclaim     the cell hogs or drops its CPU; destroy still works
#         off         PSCI SYSTEM_OFF: the cell is shut down, nothing else
#         reset       PSCI SYSTEM_RESET: the cell restarts (3 boots seen)
#         deaf / timeout   shutdown gives ETIMEDOUT, the cell is failed
#         lie         the cell says "shutdown OK" and keeps running:
#                     shutdown stops it anyway
#         anyshutdown shutdown ends (any answer) and destroy works
#         polite      the cell scribbled over its comm page, then answers:
#                     shutdown works
# The kernel command line may hold attacks.only=A,B,... (suite names,
# families or family.name): then only those run (ci/jhtest.sh run attacks-6.1 --only);
# attacks.victim=k=v,... adds to the victim's command line.
# After every attack: no PANIC, destroy works, CPU 1 back in Linux, the
# pool as before, the victim ticks and reports "ok", root works, the DTB
# (/sys/firmware/fdt, root RAM 0x40000000) and the hypervisor's console
# ring are unchanged.
. /scenarios/lib.sh

# suite, the number of checks it must report (ci/jhtest/attacks.py fails the
# missing ones), command line. A new suite needs its count here.
SUITES="attack-gic 25
attack-sgi 17
attack-psci 42
attack-hvc 14
attack-sysreg 68
attack-storm 10 n=100000 ms=500"

# In-cell checks that are architecture checks, not hypervisor denials:
# they never reach EL2 (UNDEF or illegal state at EL1, EL1 breakpoints,
# EL1 maintenance QEMU runs or ignores). ci/jhtest/attacks.py counts them apart.
ARCH_CHECKS="attack-sysreg.*_undef
attack-sysreg.eret_*_illegal
attack-sysreg.own_breakpoint_taken_at_el1
attack-sysreg.at_s1_runs
attack-sysreg.setway_va_ic_tlbi_run
attack-sysreg.dc_zva_own"

# Parameter sweeps among the in-cell checks: the checks matching one
# pattern are one distinct attack swept over registers, INTIDs, codes...
# (one-shot attacks: the same image and op= on another target).
SWEEPS="attack-sysreg.read_*_undef
attack-sysreg.write_*_undef
attack-sysreg.tlbi_*_undef
attack-sysreg.at_s*_undef
attack-sysreg.eret_*_illegal
attack-gic.*_spi_bits_raz
attack-gic.*_spi_config_raz
attack-gic.*_spi_priority_raz
attack-gic.*_spi_route_raz
attack-gic.gic*_sweep_*_raz
attack-hvc.*_hostile_args_eperm
attack-psci.*_not_supported
attack-sgi.sgi1r_*
attack-storm.*_storm"

# family name image expect command-line
ATTACKS="mem root_ram_read attack-mem fatal:0x24@0x40000000 target=root_ram op=read
mem root_ram_write attack-mem fatal:0x24@0x40000000 target=root_ram op=write
mem root_kernel_exec attack-mem fatal:0x20@0x40200000 target=root_kernel op=exec
mem root_ram_top_write attack-mem fatal:0x24@0x6ffff000 target=root_ram_top op=write
mem root_inmates_read attack-mem fatal:0x24@0x70800000 target=root_inmates op=read
mem hv_read attack-mem fatal:0x24@0x70000000 target=hv op=read
mem hv_write attack-mem fatal:0x24@0x70000000 target=hv op=write
mem hv_exec attack-mem fatal:0x20@0x70000000 target=hv op=exec
mem hv_top_write attack-mem fatal:0x24@0x703ff000 target=hv_top op=write
mem hv_ring_write attack-mem fatal:0x24@@RING@ op=write addr=@RING@
mem cella_phys_write attack-mem fatal:0x24@0x70400000 target=cella_phys op=write
mem cellb_ram_read attack-mem fatal:0x24@0x70600000 target=cellb_ram op=read
mem cellb_ram_write attack-mem fatal:0x24@0x70680000 target=cellb_ram_mid op=write
mem cellb_ram_exec attack-mem fatal:0x20@0x70600000 target=cellb_ram op=exec
mem cellb_comm_write attack-mem fatal:0x24@0x70700000 target=cellb_comm op=write
mem ipa_after_ram_write attack-mem fatal:0x24@0x100000 target=ipa_after_ram op=write
mem ipa_before_comm_read attack-mem fatal:0x24@0x7ffff000 target=ipa_before_comm op=read
mem ipa_after_comm_write attack-mem fatal:0x24@0x80001000 target=ipa_after_comm op=write
mem own_comm_exec attack-mem fatal:0x20@0x80000000 target=own_comm op=exec
mem ipa_44bit_top_read attack-mem fatal:0x24@0xffffffff000 target=ipa_44bit_top op=read
mem ipa_48bit_top_read attack-mem el1:0x25 target=ipa_top op=read
mem cellb_dczva attack-mem fatal:0x24@0x70680000 target=cellb_ram_mid op=dczva
mem cellb_dcivac attack-mem runs target=cellb_ram_mid op=dcivac
mem hv_dccivac attack-mem runs target=hv op=dccivac
mmio uart_write attack-mem fatal:0x24@0x9000000 target=uart op=write
mmio rtc_read attack-mem fatal:0x24@0x9010000 target=rtc op=read
mmio rtc_load_write attack-mem fatal:0x24@0x9010008 target=rtc_load op=write
mmio fwcfg_read attack-mem fatal:0x24@0x9020000 target=fwcfg op=read
mmio fwcfg_dma_write attack-mem fatal:0x24@0x9020010 target=fwcfg_dma op=write
mmio gpio_write attack-mem fatal:0x24@0x9030400 target=gpio op=write
mmio virtio0_read attack-mem fatal:0x24@0xa000000 target=virtio0 op=read
mmio virtio1_status_write attack-mem fatal:0x24@0xa000270 target=virtio1_status op=write
mmio virtio31_read attack-mem fatal:0x24@0xa003e00 target=virtio31 op=read
mmio flash_read attack-mem fatal:0x24@0x4000000 target=flash1 op=read
mmio platform_bus_read attack-mem fatal:0x24@0xc000000 target=platform_bus op=read
mmio pcie_ecam_read attack-mem fatal:0x24@0x4010000000 target=pcie_ecam op=read
mmio pcie_mmio_write attack-mem fatal:0x24@0x10000000 target=pcie_mmio op=write
mmio pcie_pio_read attack-mem fatal:0x24@0x3eff0000 target=pcie_pio op=read
mmio pcie_high_read attack-mem fatal:0x24@0x8000000000 target=pcie_high op=read
mmio gic_its_read attack-mem fatal:0x24@0x8080000 target=gic_its op=read
mmio gicd_beyond_read attack-mem fatal:0x24@0x8010000 target=gicd_beyond op=read
mmio gicr_beyond_read attack-mem fatal:0x24@0x8120000 target=gicr_beyond op=read
gic-access gicd_ldp attack-mem fatal:0x24@0x8000100 target=gicd op=ldp
gic-access gicd_stp attack-mem fatal:0x24@0x8000100 target=gicd op=stp
gic-access gicd_ldxr attack-mem fatal:0x24@0x8000100 target=gicd op=ldxr
gic-access gicd_stxr attack-mem runs target=gicd op=stxr
gic-access gicd_post_index attack-mem fatal:0x24@0x8000100 target=gicd op=post
gic-access gicd_pre_index attack-mem fatal:0x24@0x8000104 target=gicd op=pre
gic-access gicd_unaligned attack-mem fatal:0x24@0x8000102 target=gicd op=unaligned
gic-access gicd_64bit_on_32bit attack-mem fatal:0x24@0x8000100 target=gicd op=ldr64
gic-access gicd_16bit_prio attack-mem fatal:0x24@0x8000430 target=gicd_prio op=ldrh
gic-access gicd_simd attack-mem fatal:0x24@0x8000004 target=gicd_typer op=simd
gic-access gicd_dczva attack-mem fatal:0x24@0x8000100 target=gicd op=dczva
gic-access gicr_own_ldp attack-mem fatal:0x24@0x80d0100 target=gicr_own_sgi op=ldp
gic-access gicr_own_64bit_waker attack-mem fatal:0x24@0x80c0014 target=gicr_own op=ldr64
cpu spin_masked attack-cpu reclaim op=spin
cpu wfi_masked attack-cpu reclaim op=wfi
cpu wfe_loop attack-cpu reclaim op=wfe
cpu cpu_off_last attack-cpu reclaim op=cpu_off
cpu system_off_hvc attack-cpu off op=system_off
cpu system_off_smc attack-cpu off op=system_off_smc
cpu system_reset attack-cpu reset op=system_reset
cpu guest_panic_hostile attack-cpu panic:0xffffffffffffffff op=panic
cpu mrs_sgi1r attack-cpu el1:0x00 op=mrs_sgi1r
cpu vbar_in_hv attack-cpu fatal:0x20@0x70000200 op=vbar_hv
cpu ttbr_in_root attack-cpu fatal:0x20@0x40000000+0x1000 op=ttbr_root
comm deaf hello deaf deaf=1
comm reply_garbage attack-cpu timeout op=comm_garbage
comm reply_ok_lie attack-cpu lie op=comm_lie
comm lock_flap attack-cpu anyshutdown op=comm_lock_flap
comm scribble attack-cpu polite op=comm_scribble
cpu pmu_irq_left_asserted attack-cpu reclaim op=pmu_irq"

ONLY=$(sed -n 's/.*attacks\.only=\([^ ]*\).*/\1/p' /proc/cmdline)
# attacks.victim=a=1,b=2: extra victim command line (to test the watcher).
VICTIM_ARGS=$(sed -n 's/.*attacks\.victim=\([^ ]*\).*/\1/p' /proc/cmdline | tr ',' ' ')

# selected ID FAMILY: runs unless attacks.only= leaves it out.
selected() {
	[ -z "$ONLY" ] && return 0
	case ",$ONLY," in
	*",$1,"*|*",$2,"*) return 0;;
	esac
	return 1
}

HVLOG=/tmp/hv.log
RES=/tmp/attack-results
CT=/tmp/attack-celltest
CELL_A=qemu-arm64-cell-a.cell
CELL_B=qemu-arm64-cell-b.cell
: >"$RES"
: >"$CT"

# ---- helpers ----

hv_lines() {
	wc -l <"$HVLOG" | tr -d ' '
}

# since MARK: hypervisor console lines after line MARK.
since() {
	tail -n +$(($1 + 1)) "$HVLOG"
}

# wait_since MARK FIXED-STRING SECONDS [COUNT]
wait_since() {
	_ws_end=$(($(uptime_cs) + $3 * 100))
	while [ "$(since "$1" | grep -acF -- "$2")" -lt "${4:-1}" ]; do
		[ "$(uptime_cs)" -gt "$_ws_end" ] && return 1
		sleep 0.1
	done
	return 0
}

# victim_line: the victim's latest report.
victim_line() {
	tail -n 300 "$HVLOG" | grep -a '^\[cell-b\] victim: tick ' | tail -n 1
}

victim_tick() {
	victim_line | awk '{ print $4 + 0 } END { if (!NR) print 0 }'
}

# victim_check TICK0: empty if a newer report says "ok", else why not.
victim_check() {
	_vc_end=$(($(uptime_cs) + 300))
	while [ "$(victim_tick)" -le "$1" ]; do
		if [ "$(uptime_cs)" -gt "$_vc_end" ]; then
			echo "victim stopped ticking at tick $1 (cell-b $(cell_state cell-b));"
			return
		fi
		sleep 0.1
	done
	_vc_l=$(victim_line)
	case $_vc_l in
	*" ok crc "*) ;;
	*) echo "victim: ${_vc_l#\[cell-b\] victim: };";;
	esac
}

victim_load() {
	if [ -n "$VICTIM_ARGS" ]; then
		$JH cell load cell-b "$JH_INMATES/attack-victim.bin" \
			-s "$VICTIM_ARGS" -a 0x1000
	else
		$JH cell load cell-b "$JH_INMATES/attack-victim.bin"
	fi
}

victim_up() {
	$JH cell create "$JH_CELLS/$CELL_B" >/dev/null && victim_load >/dev/null &&
		$JH cell start cell-b >/dev/null
}

# victim_restart: a fresh victim after it reported a problem, so that
# the next attack is judged on its own.
victim_restart() {
	victim_load >/dev/null 2>&1
	$JH cell start cell-b >/dev/null 2>&1
	_vr_m=$(hv_lines)
	wait_since "$_vr_m" "[cell-b] victim: tick" 10
}

# root_check: empty if root Linux works.
root_check() {
	sh -c 'exit 7'
	[ $? = 7 ] || echo "root: fork+exec failed;"
	[ "$(seq 1 2000 | md5sum | cut -d' ' -f1)" = "$SEQ_MD5" ] ||
		echo "root: workload md5 wrong;"
	grep -q '^MemTotal:' /proc/meminfo || echo "root: /proc unreadable;"
	if [ -n "$FDT_MD5" ] &&
	   [ "$(md5sum /sys/firmware/fdt | cut -d' ' -f1)" != "$FDT_MD5" ]; then
		echo "root: DTB in root RAM changed;"
	fi
}

# hv_check MARK: empty if the hypervisor is fine.
hv_check() {
	_hc_p=$(pool_used)
	case $_hc_p in
	''|*[!0-9]*) echo "hypervisor: mem_pool_used '$_hc_p';";;
	esac
	if since "$1" | grep -aq '^PANIC'; then
		echo "hypervisor: $(since "$1" | grep -a '^PANIC' | head -n 1);"
	fi
	if [ "$($JH console 2>/dev/null | grep -ac 'ATKMARK!')" != 0 ]; then
		echo "hypervisor: attacker's marker in the console ring;"
	fi
}

# record PASS|FAIL ID DETAIL
record() {
	echo "$1 $2 $(echo "$3" | tr '\n' ' ' | cut -c1-250)" >>"$RES"
	echo "ATTACK $1 $2 $(echo "$3" | tr '\n' ' ' | cut -c1-160)"
	if [ "$1" = PASS ]; then
		pass "atk.$2"
	else
		fail "atk.$2" "$3"
	fi
}

# fatal_reason MARK: the hypervisor's report on CPU 1 since MARK.
fatal_reason() {
	since "$1" | grep -a '^FATAL: CPU 1, cell "cell-a": ' | head -n 1 |
		sed 's/^FATAL: CPU 1, cell "cell-a": //; s/, ESR.*//'
}

# hv_report ID MARK: the hypervisor's reports on cell-a since MARK
# (FATAL line, PC line, fault address line), kept for ci/jhtest/attacks.py to
# check the reported EC and IPA against the attack's expectation.
HVR=/tmp/attack-hvreports
: >"$HVR"
hv_report() {
	# Cells' lines ("[cell-b] ...") land between the report's lines.
	since "$2" | grep -av '^\[[^] ]*\] ' |
		grep -a -A2 '^FATAL: CPU 1, cell "cell-a": ' | grep -av '^--$' |
		head -n 6 | sed "s/^/$1 /" >>"$HVR"
}

# note TEXT: what happened, for the result line (judge runs in a
# subshell, so it goes through a file).
NOTEF=/tmp/attack-note
note() {
	echo "$*" >"$NOTEF"
}

# judge EXPECT MARK: did the attack end as expected? Prints why not.
judge() {
	_j_exp=$1 _j_m=$2
	case $_j_exp in
	fatal:*|el1:*|panic:*|runs)
		# The state only; which fault the hypervisor reported is
		# checked by ci/jhtest/attacks.py against the expectation.
		_j_end=$(($(uptime_cs) + 1000))
		while :; do
			_j_st=$(cell_state cell-a)
			[ "$_j_st" = failed ] && break
			since "$_j_m" | grep -aq 'SURVIVED' && break
			[ "$(uptime_cs)" -gt "$_j_end" ] && break
			sleep 0.1
		done
		if [ "$_j_st" = failed ]; then
			wait_since "$_j_m" 'CPU 1 parked, cell "cell-a" failed' 5 ||
				echo "no 'CPU 1 parked' report;"
			[ -n "$(fatal_reason "$_j_m")" ] ||
				echo "no 'FATAL: CPU 1, cell \"cell-a\"' report;"
			[ "$(rd "$(cell_dir cell-a)/cpus_failed_list")" = 1 ] ||
				echo "cpus_failed_list '$(rd "$(cell_dir cell-a)/cpus_failed_list")';"
			note "parked: $(fatal_reason "$_j_m")"
			[ "$_j_exp" = runs ] && echo "parked, expected to run harmlessly;"
		elif since "$_j_m" | grep -aq 'SURVIVED'; then
			note "ran harmlessly: $(since "$_j_m" | grep -a SURVIVED | head -n 1 | sed 's/.*SURVIVED //')"
			[ "$_j_st" = running ] || echo "state '$_j_st';"
			[ "$_j_exp" = runs ] ||
				echo "ACCESS WENT THROUGH: $(since "$_j_m" | grep -a SURVIVED | head -n 1);"
		else
			echo "state '$_j_st' after 10 s, expected failed or SURVIVED: $(since "$_j_m" | grep -a '\[cell-a\]' | tail -n 2);"
		fi
		;;
	reclaim)
		wait_since "$_j_m" "[cell-a] attack-cpu: boot" 10 ||
			echo "never booted;"
		sleep 0.3
		_j_st=$(cell_state cell-a)
		[ "$_j_st" = running ] || echo "state '$_j_st', expected running;"
		note "CPU taken back by destroy"
		;;
	off)
		wait_state cell-a "shut down" 10 ||
			echo "state '$(cell_state cell-a)', expected shut down;"
		since "$_j_m" | grep -aq '^FATAL' && echo "FATAL report;"
		note "cell shut down, machine runs on"
		;;
	reset)
		wait_since "$_j_m" "[cell-a] attack-cpu: boot system_reset" 15 3 ||
			echo "$(since "$_j_m" | grep -ac 'attack-cpu: boot') boots, expected 3;"
		_j_st=$(cell_state cell-a)
		[ "$_j_st" = running ] || echo "state '$_j_st';"
		note "cell restarted $(since "$_j_m" | grep -ac 'attack-cpu: boot') times"
		;;
	deaf|timeout)
		if [ "$_j_exp" = deaf ]; then
			wait_since "$_j_m" "[cell-a] Hello from CPU" 10 || echo "never booted;"
		else
			wait_since "$_j_m" "[cell-a] attack-cpu: boot" 10 || echo "never booted;"
		fi
		_j_o=$($JH cell shutdown cell-a 2>&1)
		case $_j_o in
		*ETIMEDOUT*) ;;
		*) echo "shutdown said '$_j_o', expected ETIMEDOUT;";;
		esac
		_j_st=$(cell_state cell-a)
		[ "$_j_st" = failed ] || echo "state '$_j_st', expected failed;"
		note "shutdown timed out, cell failed"
		;;
	lie)
		wait_since "$_j_m" "[cell-a] attack-cpu: still running" 10 ||
			echo "never ran;"
		_j_o=$($JH cell shutdown cell-a 2>&1) || echo "shutdown failed: $_j_o;"
		_j_st=$(cell_state cell-a)
		[ "$_j_st" = "shut down" ] || echo "state '$_j_st', expected shut down;"
		_j_n=$(since "$_j_m" | grep -ac 'attack-cpu: still running')
		sleep 0.5
		[ "$(since "$_j_m" | grep -ac 'attack-cpu: still running')" = "$_j_n" ] ||
			echo "cell still prints after shutdown;"
		note "stopped although it only pretended to agree"
		;;
	anyshutdown)
		wait_since "$_j_m" "[cell-a] attack-cpu: still running" 10 ||
			echo "never ran;"
		_j_t=$(uptime_cs)
		_j_o=$($JH cell shutdown cell-a 2>&1)
		_j_rc=$?
		[ $(($(uptime_cs) - _j_t)) -lt 1000 ] || echo "shutdown took > 10 s;"
		note "shutdown rc $_j_rc: $(echo "$_j_o" | head -n 1 | cut -c1-60)"
		;;
	polite)
		wait_since "$_j_m" "[cell-a] attack-cpu: comm scribbled" 10 ||
			echo "never ran;"
		_j_o=$($JH cell shutdown cell-a 2>&1) || echo "shutdown failed: $_j_o;"
		_j_st=$(cell_state cell-a)
		[ "$_j_st" = "shut down" ] || echo "state '$_j_st', expected shut down;"
		$JH cell list >/dev/null 2>&1 || echo "cell list fails;"
		note "shutdown works after scribbling"
		;;
	*)
		echo "unknown expectation '$_j_exp';"
		;;
	esac
}

# aftermath MARK TICK0 [keep]: destroy cell-a (unless keep), then check
# everybody else. Prints what is wrong.
aftermath() {
	if [ "${3:-}" != keep ]; then
		_a_t=$(uptime_cs)
		_a_o=$($JH cell destroy cell-a 2>&1) || echo "destroy failed: $_a_o;"
		[ $(($(uptime_cs) - _a_t)) -lt 500 ] ||
			echo "destroy took $(($(uptime_cs) - _a_t))0 ms;"
		[ "$(cell_state cell-a)" = "<none>" ] || echo "cell-a still exists;"
		[ "$(rd /sys/devices/system/cpu/cpu1/online)" = 1 ] ||
			echo "CPU 1 not back in Linux;"
		_a_p=$(pool_used)
		[ "$_a_p" = "$POOL_B" ] || echo "pool $_a_p pages, was $POOL_B;"
	fi
	victim_check "$2"
	root_check
	hv_check "$1"
}

finish_case() {
	_fc_id=$1 _fc_why=$2
	if [ -z "$_fc_why" ]; then
		record PASS "$_fc_id" "$NOTE"
	else
		record FAIL "$_fc_id" "$_fc_why ($NOTE)"
		case $_fc_why in
		*victim*) victim_restart;;
		esac
		case $_fc_why in
		*DTB*) FDT_MD5=$(md5sum /sys/firmware/fdt | cut -d' ' -f1);;
		esac
	fi
}

# attack FAMILY NAME IMAGE EXPECT ARGS
attack() {
	_id=$1.$2 _img=$3 _exp=$4 _args=$5
	NOTE=""
	_m=$(hv_lines)
	_t0=$(victim_tick)
	_why=""
	if ! _o=$($JH cell create "$JH_CELLS/$CELL_A" 2>&1); then
		finish_case "$_id" "create failed: $_o"
		return
	fi
	if ! _o=$($JH cell load cell-a "$JH_INMATES/$_img.bin" -s "$_args" \
			-a 0x1000 2>&1) ||
	   ! _o=$($JH cell start cell-a 2>&1); then
		_why="load/start failed: $_o;"
	else
		: >"$NOTEF"
		_why=$(judge "$_exp" "$_m")
		NOTE=$(cat "$NOTEF")
	fi
	_why="$_why$(aftermath "$_m" "$_t0")"
	hv_report "$_id" "$_m"
	finish_case "$_id" "$_why"
}

# run_suite NAME ARGS: one in-cell suite in cell-a (created already).
run_suite() {
	_s=$1 _args=$2
	NOTE=""
	_m=$(hv_lines)
	_t0=$(victim_tick)
	_why=""
	if ! _o=$($JH cell load cell-a "$JH_INMATES/$_s.bin" -s "$_args" \
			-a 0x1000 2>&1) ||
	   ! _o=$($JH cell start cell-a 2>&1); then
		_why="load/start failed: $_o;"
	elif ! wait_done "$_m" "$_s"; then
		_why="no 'CELLTEST DONE $_s' within ${SUITE_TIMEOUT}s, cell-a $(cell_state cell-a): $(since "$_m" | grep -a '\[cell-a\]\|^FATAL' | tail -n 3);"
	fi
	since "$_m" | grep -a '^\[cell-a\] CELLTEST ' >>"$CT"
	_st=$(cell_state cell-a)
	if [ "$_st" = running ]; then
		_o=$($JH cell shutdown cell-a 2>&1) ||
			_why="$_why shutdown after the suite failed: $_o;"
		[ "$(cell_state cell-a)" = "shut down" ] ||
			_why="$_why state '$(cell_state cell-a)' after shutdown;"
	else
		_why="$_why state '$_st' after the suite;"
	fi
	NOTE="$(since "$_m" | grep -a "CELLTEST DONE $_s " | head -n 1 | sed 's/.*DONE //')"
	_why="$_why$(aftermath "$_m" "$_t0" keep)"
	hv_report "$_s.aftermath" "$_m"
	_p=$(pool_used)
	[ "$_p" = "$POOL_A" ] || _why="$_why pool $_p pages with cell-a, was $POOL_A;"
	finish_case "$_s.aftermath" "$_why"
	if [ -n "$_why" ]; then
		# Start the next suite from a clean cell.
		$JH cell destroy cell-a >/dev/null 2>&1
		$JH cell create "$JH_CELLS/$CELL_A" >/dev/null 2>&1
	fi
}

SUITE_TIMEOUT=${ATTACK_SUITE_TIMEOUT:-90}

wait_done() {
	_wd_end=$(($(uptime_cs) + SUITE_TIMEOUT * 100))
	while ! since "$1" | grep -aq "^\[cell-a\] CELLTEST DONE $2 "; do
		[ "$(cell_state cell-a)" = failed ] && return 1
		[ "$(uptime_cs)" -gt "$_wd_end" ] && return 1
		sleep 0.2
	done
	return 0
}

# The console ring's physical address, from the image header
# (console_offset: 8 bytes at offset 48, little endian).
ring_addr() {
	_ra=$(dd if="$JH_FW" bs=1 skip=48 count=8 2>/dev/null | od -An -tx1 |
		awk '{ for (i = NF; i >= 1; i--) s = s $i } END { print s }')
	printf '0x%x' $((0x70000000 + 0x$_ra + 0x200))
}

# ---- the run ----

load_driver
check_ok enable $JH enable $JH_CELL
POOL_BASE=$(pool_used)
$JH console -f >"$HVLOG" 2>/dev/null &
CONSOLE_PID=$!
FDT_MD5=""
[ -r /sys/firmware/fdt ] && FDT_MD5=$(md5sum /sys/firmware/fdt | cut -d' ' -f1)
RING=$(ring_addr)
echo "attacks: pool $POOL_BASE pages after enable, console ring at $RING, fdt ${FDT_MD5:-none}"

check_ok victim_up victim_up
m0=0
check_ok victim_ticks wait_since "$m0" "[cell-b] victim: tick" 30
check_contains victim_ok "$(victim_line)" " ok crc "
POOL_B=$(pool_used)

check_ok create_a $JH cell create "$JH_CELLS/$CELL_A"
POOL_A=$(pool_used)
echo "$SUITES" | while read -r s _checks args; do
	selected "$s" "$s" && run_suite "$s" "$args"
done
check_ok destroy_a_suites $JH cell destroy cell-a

echo "$ATTACKS" | sed "s/@RING@/$RING/g" | while read -r fam name img exp args; do
	selected "$fam.$name" "$fam" && attack "$fam" "$name" "$img" "$exp" "$args"
done

# ---- the end: everything back, then the results in one block ----
check_ok destroy_b $JH cell destroy cell-b
check_eq all_cpus_back "$(cat /sys/devices/system/cpu/online)" "$BOOT_ONLINE"
POOL_END=$(pool_used)
check_eq pool_back "$POOL_END" "$POOL_BASE"
root_alive alive_after
PANICS=$(grep -ac '^PANIC' "$HVLOG")
sleep 0.5
kill "$CONSOLE_PID" 2>/dev/null
wait "$CONSOLE_PID" 2>/dev/null
check_ok disable $JH disable
sleep 0.3
sed 's/^/ATTACKRES /' "$RES"
sed 's/^/ATTACKCT /' "$CT"
sed 's/^/ATTACKHV /' "$HVR"
echo "ATTACKEND pool_after_enable=$POOL_BASE pool_end=$POOL_END panics=$PANICS results=$(wc -l <"$RES" | tr -d ' ')"
scenario_done
