# SPDX-License-Identifier: GPL-2.0
# Foundation acceptance test: hand the running Linux to the hypervisor, check
# that it keeps working as the root cell, take it back, repeat, and finally
# leave the hypervisor enabled: /init then powers off from the enabled state
# and the host checks that QEMU exits 0 (so run this scenario last in a boot).
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=31
. /scenarios/lib.sh

root_alive alive_before
check_ok insmod insmod "$JH_KO"
check_ok devnode test -c /dev/jailhouse
check_eq enabled_initially "$(rd $JH_SYS/enabled)" 0

check_ok enable $JH enable "$JH_CELL"
check_eq enabled "$(rd $JH_SYS/enabled)" 1
check_gt mem_pool_size "$(rd $JH_SYS/mem_pool_size)" 0
check_gt mem_pool_used "$(rd $JH_SYS/mem_pool_used)" 0
name=$(rd $JH_SYS/cells/0/name)
case $name in
''|'<missing'*) fail cell0_name "root cell name: '$name'";;
*) pass cell0_name;;
esac
check_eq cell0_state "$(rd $JH_SYS/cells/0/state)" running
root_alive alive_enabled

# The timer still interrupts: sleep 1 returns and uptime moved about 1 s.
u0=$(uptime_cs)
timeout 30 sleep 1
u1=$(uptime_cs)
d=$((u1 - u0))
if [ $d -ge 95 ] && [ $d -le 1000 ]; then
	pass timer_sleep1
else
	fail timer_sleep1 "sleep 1 took $d centiseconds of uptime"
fi

ipis_reach_all ipis_all_cpus
check_contains console "$($JH console 2>&1)" "hypervisor enabled"
# -f keeps following: it must show new hypervisor output (CPU 1 re-entering
# after an offline/online cycle) that appears while it runs.
$JH console -f > /tmp/follow.txt 2>&1 &
follow=$!
sleep 1
echo 0 > /sys/devices/system/cpu/cpu1/online
echo 1 > /sys/devices/system/cpu/cpu1/online
sleep 1
kill -INT $follow 2>/dev/null
wait $follow
check_eq console_follow_exit 0 $?
check_contains console_follow "$(cat /tmp/follow.txt)" "CPU 1 entered"
check_eq console_follow_new_lines 2 "$(grep -c 'CPU 1 entered' /tmp/follow.txt)"

# CPU hotplug of the highest CPU while enabled (PSCI CPU_OFF / CPU_ON through the hypervisor).
check_ok cpulast_offline sh -c "echo 0 > /sys/devices/system/cpu/cpu$LAST_CPU/online"
check_eq cpulast_offline_list "$(cat /sys/devices/system/cpu/online)" $ONLINE_BUT_LAST
root_alive alive_cpulast_offline $ONLINE_BUT_LAST
check_ok cpulast_online sh -c "echo 1 > /sys/devices/system/cpu/cpu$LAST_CPU/online"
check_eq cpulast_online_list "$(cat /sys/devices/system/cpu/online)" "$BOOT_ONLINE"
check_eq cpulast_runs_task "$(run_on $LAST_CPU)" "$LAST_CPU $SEQ_MD5"

check_ok disable $JH disable
check_eq disabled "$(rd $JH_SYS/enabled)" 0
root_alive alive_disabled

# 20 cycles; the pool usage right after enable must not drift (no leaks).
first=""
why=""
drift=""
i=1
while [ $i -le 20 ]; do
	o=$($JH enable "$JH_CELL" 2>&1) || why="$why cycle $i enable: $o;"
	[ "$(rd $JH_SYS/enabled)" = 1 ] || why="$why cycle $i not enabled;"
	used=$(rd $JH_SYS/mem_pool_used)
	case $used in
	''|*[!0-9]*|0) drift="$drift cycle $i: mem_pool_used '$used';";;
	esac
	[ -n "$first" ] || first=$used
	[ "$used" = "$first" ] || drift="$drift cycle $i: $used (first $first);"
	o=$($JH disable 2>&1) || why="$why cycle $i disable: $o;"
	[ "$(rd $JH_SYS/enabled)" = 0 ] || why="$why cycle $i not disabled;"
	i=$((i + 1))
done
[ -z "$why" ] && pass cycles20 || fail cycles20 "$why"
[ -z "$drift" ] && pass cycles_pool_stable || fail cycles_pool_stable "$drift"
root_alive alive_after_cycles

check_ok final_enable $JH enable "$JH_CELL"
check_eq final_enabled "$(rd $JH_SYS/enabled)" 1
scenario_done
