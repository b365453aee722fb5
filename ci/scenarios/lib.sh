# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2034 # the variables are for the scenarios sourcing this
# Helpers for scenario scripts (busybox ash). Source it first:
#     . /scenarios/lib.sh
# Every check prints exactly one result line on the console:
#     JHTEST PASS <scenario>.<name>
#     JHTEST FAIL <scenario>.<name> <reason>
# and each scenario ends with `scenario_done` (prints JHTEST DONE <scenario>).
# The host (the host harness (ci/jhtest)) counts those lines; a scenario without DONE
# counts as failed. Checks return 0 on pass and 1 on fail so that a scenario
# can decide what to do next, but it never skips a check silently.

JH=/usr/sbin/jailhouse
JH_SYS=/sys/devices/jailhouse
JH_CELL=/etc/jailhouse/qemu-arm64.cell
JH_BAD=/etc/jailhouse/bad
JH_KO=/lib/modules/jailhouse.ko
JH_FW=/lib/firmware/jailhouse.bin
SCEN=${SCEN:-$(basename "$0" .sh)}
# CPUs online when the scenario started: root_alive expects them back.
BOOT_ONLINE=$(cat /sys/devices/system/cpu/online)
# The highest CPU (hot-unplug tests use it) and the online list without it.
LAST_CPU=${BOOT_ONLINE##*[-,]}
if [ "$LAST_CPU" -gt 1 ]; then
	ONLINE_BUT_LAST=0-$((LAST_CPU - 1))
else
	ONLINE_BUT_LAST=0
fi
# md5sum of the output of `seq 1 2000`, computed on the host.
SEQ_MD5=ea4d0a24dabcaa11f9aa979b872d162b

# Results are also counted in files, so the host can tell when a result
# line was garbled on the shared console (the hypervisor writes there too).
JHT_COUNT=/tmp/jhtest-count
mkdir -p $JHT_COUNT

pass() {
	echo "JHTEST PASS $SCEN.$1"
	echo >>"$JHT_COUNT/$SCEN.pass"
	return 0
}

# fail NAME REASON...
fail() {
	_n=$1
	shift
	_r=$(echo "$*" | tr '\n' ' ' | cut -c1-300)
	echo "JHTEST FAIL $SCEN.$_n $_r"
	echo "$_n $_r" >>"$JHT_COUNT/$SCEN.fail"
	return 1
}

# count_of FILE: lines in FILE, 0 if missing.
count_of() {
	if [ -f "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi
}

# The totals are printed twice: one intact copy is enough for the host.
# Failures are repeated by name (JHTEST FAILED) so that one whose result
# line was garbled on the shared console is still named in the summary.
scenario_done() {
	_p=$(count_of "$JHT_COUNT/$SCEN.pass")
	_f=$(count_of "$JHT_COUNT/$SCEN.fail")
	for _i in 1 2; do
		[ "$_f" -gt 0 ] && echo "JHTEST FAILED $SCEN" \
			"$(cut -d' ' -f1 "$JHT_COUNT/$SCEN.fail" | tr '\n' ' ')"
		echo "JHTEST DONE $SCEN passed=$_p failed=$_f"
		sleep 0.2
	done
}

# rd FILE: contents of a (sysfs) file, or "<missing FILE>".
rd() {
	cat "$1" 2>/dev/null || echo "<missing $1>"
}

# check_eq NAME ACTUAL EXPECTED
check_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "got '$2', expected '$3'"
	fi
}

# check_gt NAME VALUE MIN: VALUE is an integer greater than MIN.
check_gt() {
	case $2 in
	''|*[!0-9]*) fail "$1" "'$2' is not a number"; return 1;;
	esac
	if [ "$2" -gt "$3" ]; then
		pass "$1"
	else
		fail "$1" "$2 is not greater than $3"
	fi
}

# check_contains NAME HAYSTACK NEEDLE
check_contains() {
	case $2 in
	*"$3"*) pass "$1";;
	*) fail "$1" "'$3' not found in: $(echo "$2" | tail -n 5)";;
	esac
}

# check_ok NAME CMD...: CMD exits 0.
check_ok() {
	_n=$1
	shift
	_out=$("$@" 2>&1)
	_rc=$?
	if [ $_rc = 0 ]; then
		pass "$_n"
	else
		fail "$_n" "'$*' exited $_rc: $_out"
	fi
}

# expect_fail NAME "CMD" "SUBSTRING": CMD (run by eval) exits non-zero and
# prints exactly one line (stdout and stderr together) containing SUBSTRING.
expect_fail() {
	_out=$(eval "$2" 2>&1)
	_rc=$?
	_lines=$(printf '%s\n' "$_out" | grep -c .)
	if [ $_rc = 0 ]; then
		fail "$1" "'$2' succeeded, expected failure with '$3'"
	elif [ "$_lines" != 1 ]; then
		fail "$1" "'$2' printed $_lines lines, expected one: $_out"
	else
		check_contains "$1" "$_out" "$3"
	fi
}

# now_cs: sets NOW_CS to /proc/uptime in centiseconds. The shell's read
# builtin needs no process: under TCG every fork costs about 10 ms and
# every exec of a busybox applet 15-20 ms more, which polling loops pay
# on each round.
now_cs() {
	read -r _u _rest </proc/uptime
	NOW_CS=$((${_u%.*} * 100 + 1${_u#*.} - 100))
}

# uptime_cs: /proc/uptime in centiseconds, printed (for $(...) callers).
uptime_cs() {
	now_cs
	echo "$NOW_CS"
}

# read_val VAR FILE: VAR = the first line of FILE, or "<missing FILE>" as
# rd prints it, also when the read fails (a sysfs value gone with the
# hypervisor) or the file is empty; without a process, for one-line
# (sysfs) values read in loops.
read_val() {
	_rv=""
	{ IFS= read -r _rv <"$2" || [ -n "$_rv" ]; } 2>/dev/null ||
		_rv="<missing $2>"
	eval "$1=\$_rv"
}

# cpu_of_task: prints the CPU the calling process runs on.
cpu_of_task() {
	cut -d' ' -f39 /proc/self/stat
}

# run_on CPU: a short workload pinned to CPU; prints "<cpu> <md5>".
run_on() {
	taskset -c "$1" sh -c 'echo "$(cut -d" " -f39 /proc/self/stat) $(seq 1 2000 | md5sum | cut -d" " -f1)"' 2>&1
}

# root_alive NAME [ONLINE]: Linux still works: fork+exec, clock, /proc,
# a busybox workload, and the expected CPUs (default: as at start) online.
root_alive() {
	_want=${2:-$BOOT_ONLINE}
	_why=""
	sh -c 'exit 7'
	[ $? = 7 ] || _why="$_why fork+exec failed;"
	case $(date +%s) in
	''|*[!0-9]*) _why="$_why date failed;";;
	esac
	grep -q '^MemTotal:' /proc/meminfo || _why="$_why /proc/meminfo unreadable;"
	_sum=$(seq 1 2000 | md5sum | cut -d' ' -f1)
	[ "$_sum" = "$SEQ_MD5" ] || _why="$_why workload md5 '$_sum';"
	_on=$(cat /sys/devices/system/cpu/online)
	[ "$_on" = "$_want" ] || _why="$_why CPUs online '$_on', expected '$_want';"
	if [ -z "$_why" ]; then
		pass "$1"
	else
		fail "$1" "$_why"
	fi
}

# ipi_counts: per-CPU sums of all IPI rows of /proc/interrupts, one line.
ipi_counts() {
	grep '^ *IPI' /proc/interrupts | awk '
		{ for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s[i - 2] += $i;
		  if (i - 2 > n) n = i - 2 }
		END { for (i = 0; i < n; i++) printf "%d ", s[i]; print "" }'
}

# load_driver: insmod the driver unless it is loaded (no result line).
load_driver() {
	grep -q '^jailhouse ' /proc/modules && return 0
	insmod "$JH_KO"
}

driver_loaded() {
	grep -q '^jailhouse ' /proc/modules
}

# enable_disable NAME: a valid enable followed by a disable both work.
enable_disable() {
	_why=""
	_o=$($JH enable "$JH_CELL" 2>&1) || _why="$_why enable failed: $_o;"
	[ "$(rd $JH_SYS/enabled)" = 1 ] || _why="$_why enabled='$(rd $JH_SYS/enabled)' after enable;"
	_o=$($JH disable 2>&1) || _why="$_why disable failed: $_o;"
	[ "$(rd $JH_SYS/enabled)" = 0 ] || _why="$_why enabled='$(rd $JH_SYS/enabled)' after disable;"
	if [ -z "$_why" ]; then
		pass "$1"
	else
		fail "$1" "$_why"
	fi
}

# recovered NAME: after a refusal, Linux runs, nothing is enabled, and a
# valid enable + disable still works.
recovered() {
	check_eq "$1.not_enabled" "$(rd $JH_SYS/enabled)" 0
	root_alive "$1.alive"
	enable_disable "$1.enable_disable"
}

# env_refusal ERRNO: for boots with a broken environment. The driver
# loads, enable is refused with [ERRNO], Linux keeps running and the
# driver unloads.
env_refusal() {
	check_ok insmod insmod "$JH_KO"
	expect_fail refused "$JH enable $JH_CELL" "[$1]"
	check_eq not_enabled "$(rd $JH_SYS/enabled)" 0
	root_alive alive
	check_ok rmmod rmmod jailhouse
	scenario_done
}

# ipis_reach_all NAME: a workload pinned to each online CPU runs there, and
# every CPU's IPI count grows meanwhile (the scheduler wakes the idle CPUs).
ipis_reach_all() {
	_name=$1
	_why=""
	_i0=$(ipi_counts)
	for _c in $(seq 0 $(($(nproc) - 1))); do
		_r=$(run_on $_c)
		[ "$_r" = "$_c $SEQ_MD5" ] || _why="$_why CPU$_c ran '$_r';"
	done
	_i1=$(ipi_counts)
	set -- $_i1
	for _b in $_i0; do
		[ "$1" -gt "$_b" ] || _why="$_why IPI count not growing ($_i0-> $_i1);"
		shift
	done
	if [ -z "$_why" ]; then
		pass "$_name"
	else
		fail "$_name" "$_why"
	fi
}

# ---- cells ----
JH_CELLS=/etc/jailhouse
JH_INMATES=/lib/firmware/inmates

# cell_dir NAME: the sysfs directory of the cell called NAME (or nothing).
cell_dir() {
	for _d in $JH_SYS/cells/*; do
		read_val _cn "$_d/name"
		[ "$_cn" = "$1" ] && echo "$_d" && return 0
	done
	return 1
}

# cell_state NAME: its sysfs state, or "<none>". Polled by wait_state:
# read_val needs no process per cell.
cell_state() {
	_d=$(cell_dir "$1") && read_val _cs "$_d/state" &&
		[ "$_cs" != "<missing $_d/state>" ] && echo "$_cs" ||
		echo "<none>"
}

# console_count PATTERN: lines of the hypervisor console matching PATTERN.
console_count() {
	$JH console 2>/dev/null | grep -c -- "$1"
}

# wait_console PATTERN COUNT SECONDS: until PATTERN appeared COUNT times;
# returns 1 on timeout.
wait_console() {
	now_cs
	_end=$((NOW_CS + $3 * 100))
	while [ "$(console_count "$1")" -lt "$2" ]; do
		now_cs
		[ "$NOW_CS" -gt "$_end" ] && return 1
		sleep 0.2
	done
	return 0
}

# check_console NAME PATTERN COUNT SECONDS
check_console() {
	if wait_console "$2" "$3" "$4"; then
		pass "$1"
	else
		fail "$1" "'$2' seen $(console_count "$2") times, expected $3 within $4 s: $($JH console | tail -n 3)"
	fi
}

# seen_since_start CELL TEXT: 1 if TEXT (fixed string) appeared on the console after
# the cell's most recent start, else 0 (immune to the ring wrapping).
seen_since_start() {
	$JH console 2>/dev/null | awk -v start="Started cell \"$1\"" \
		-v pat="$2" 'index($0, start) { seen = 0 } index($0, pat) { seen = 1 }
		END { print seen + 0 }'
}

# wait_since_start CELL TEXT SECONDS
wait_since_start() {
	now_cs
	_end=$((NOW_CS + $3 * 100))
	while [ "$(seen_since_start "$1" "$2")" != 1 ]; do
		now_cs
		[ "$NOW_CS" -gt "$_end" ] && return 1
		sleep 0.2
	done
	return 0
}

# ---- following the console ----
# `jailhouse console` copies the whole ring (up to 16 KiB) and the helpers
# above scan it again on every poll: 3-4 processes per round. A loop that
# waits for one line per round follows the console instead: fd 7 stays
# open on the device, whose file offset is the reader's absolute ring
# position (Documentation/sysfs.md), so each read returns only what is
# new. A new enable starts a new ring: follow again after it.

# console_follow: open fd 7 on the console; reading starts at the oldest
# byte still in the ring. Without the device (driver not loaded) fd 7 reads
# nothing, so follow_since_start times out instead of the failed
# redirection of `exec` ending the scenario before its checks.
console_follow() {
	if [ -c /dev/jailhouse ]; then
		exec 7</dev/jailhouse
		return 0
	fi
	echo "console_follow: no /dev/jailhouse (jailhouse.ko not loaded?)"
	exec 7</dev/null
	return 1
}

# console_unfollow: close fd 7 (an open device keeps the module loaded).
console_unfollow() {
	exec 7<&-
}

# follow_since_start CELL TEXT SECONDS: waits until TEXT (fixed string)
# appears on the followed console after the latest "Started cell "CELL""
# that this call read; 1 on timeout. What earlier calls read is gone, so
# a hello from an earlier start never counts.
follow_since_start() {
	_fs="" _fst=0
	now_cs
	_end=$((NOW_CS + $3 * 100))
	while :; do
		# The dot keeps trailing newlines, which $(...) strips.
		_fx=$(cat <&7; echo .)
		_fs=$_fs${_fx%.}
		case $_fs in
		*"Started cell \"$1\""*)
			_fst=1
			_fs=${_fs##*"Started cell \"$1\""};;
		esac
		if [ $_fst = 1 ]; then
			case $_fs in
			*"$2"*) return 0;;
			esac
		fi
		now_cs
		[ "$NOW_CS" -gt "$_end" ] && return 1
		sleep 0.05
	done
}

# last_tick CELL: the highest "hello: tick N" the cell printed since its
# most recent start, 0 if none. Unlike counting lines, this cannot stall
# when the console ring is full and old lines drop out as new ones come.
last_tick() {
	$JH console 2>/dev/null | awk -v start="Started cell \"$1\"" \
		-v pat="[$1] hello: tick " 'index($0, start) { n = 0 }
		index($0, pat) { v = substr($0, index($0, pat) + length(pat)) + 0
			if (v > n) n = v }
		END { print n + 0 }'
}

# check_ticks NAME CELL N SECONDS: the cell's tick count grows by N.
check_ticks() {
	_t0=$(last_tick "$2")
	now_cs
	_end=$((NOW_CS + $4 * 100))
	while [ "$(last_tick "$2")" -lt $((_t0 + $3)) ]; do
		now_cs
		if [ "$NOW_CS" -gt "$_end" ]; then
			fail "$1" "$2 ticks at $(last_tick "$2") from $_t0, expected +$3 within $4 s: $($JH console | tail -n 3)"
			return 1
		fi
		sleep 0.2
	done
	pass "$1"
}

# check_rises NAME FILE N SECONDS: the counter in FILE (a statistics file)
# grows by N. The hypervisor counts whatever the console ring drops.
check_rises() {
	_c0=$(rd "$2")
	case $_c0 in
	''|*[!0-9]*) fail "$1" "'$_c0' is not a number"; return 1;;
	esac
	now_cs
	_end=$((NOW_CS + $4 * 100))
	while :; do
		_c=$(rd "$2")
		case $_c in
		''|*[!0-9]*) ;;
		*) [ "$_c" -ge $((_c0 + $3)) ] && break;;
		esac
		now_cs
		if [ "$NOW_CS" -gt "$_end" ]; then
			fail "$1" "$2 at '$_c' from $_c0, expected +$3 within $4 s"
			return 1
		fi
		sleep 0.2
	done
	pass "$1"
}

# wait_state NAME STATE SECONDS
wait_state() {
	now_cs
	_end=$((NOW_CS + $3 * 100))
	while [ "$(cell_state "$1")" != "$2" ]; do
		now_cs
		[ "$NOW_CS" -gt "$_end" ] && return 1
		sleep 0.1
	done
	return 0
}

# cell_up NAME CONFIG IMAGE [LOAD ARGS...]: create, load and start.
cell_up() {
	_name=$1 _cfg=$2 _img=$3
	shift 3
	$JH cell create "$JH_CELLS/$_cfg" >/dev/null &&
	$JH cell load "$_name" "$JH_INMATES/$_img" "$@" >/dev/null &&
	$JH cell start "$_name" >/dev/null
}

pool_used() {
	rd $JH_SYS/mem_pool_used
}

# devmem_on CPU ARGS...: exit code of busybox devmem pinned to CPU, or
# "hung" after 20 s (a parked CPU would never finish it).
devmem_on() {
	_c=$1
	shift
	rm -f /tmp/devmem.rc
	(taskset -c "$_c" devmem "$@" >/tmp/devmem.out 2>&1
	 echo $? >/tmp/devmem.rc) &
	_end=$(($(uptime_cs) + 2000))
	while [ ! -f /tmp/devmem.rc ]; do
		[ "$(uptime_cs)" -gt "$_end" ] && echo hung && return
		sleep 0.1
	done
	sleep 0.1
	cat /tmp/devmem.rc
}
