# SPDX-License-Identifier: GPL-2.0
# Third-party firmware in a cell: Debian's U-Boot for qemu_arm64
# (u-boot-qemu) runs in cell "uboot" (configs/qemu-arm64-uboot.yaml) from
# guest 0 with its control DT (ci/uboot-cell.dts) at guest 0x4000_0000,
# prints its banner through the emulated PL011, runs the bootcmd from the
# DT's /config node and powers off (PSCI SYSTEM_OFF: the cell shuts down,
# nothing FATAL); twice, the second run on the same cell reloaded. Then
# U-Boot boots Linux: `booti` of the stock kernel, loaded with its initrd
# and the device tree `jailhouse cell linux -n -w` makes for cell linux
# (whose CPUs cell uboot has too), to the cell's /init on both CPUs and
# its poweroff. Destroy gives the pool pages and the CPUs back.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=22
. /scenarios/lib.sh
. /scenarios/linux-lib.sh

UB_CFG=$JH_CELLS/qemu-arm64-uboot.cell
UB_DIR=/lib/firmware/uboot
UB_BOOT_S=${UBOOT_CELL_BOOT_S:-120}

# ub_console: the cell's own console ring (jailhouse cell console).
ub_console() {
	$JH cell console uboot 2>&1 | tr -d '\r'
}

# ub_wait TEXT SECONDS: until the cell printed TEXT since its start; gives
# up early once the cell stopped (failed or shut down) without it.
ub_wait() {
	_end=$(($(uptime_cs) + $2 * 100))
	while [ "$(seen_since_start uboot "$1")" != 1 ]; do
		case $(cell_state uboot) in
		failed|"shut down")
			[ "$(seen_since_start uboot "$1")" = 1 ]
			return;;
		esac
		[ "$(uptime_cs)" -gt "$_end" ] && return 1
		sleep 0.5
	done
}

# ub_boot WHAT MARKER SECONDS LOAD_ARGS...: `jailhouse cell load uboot
# LOAD_ARGS` (image -a address pairs), start it, wait for MARKER
# (named WHAT in the reason) and the shut-down state its poweroff leaves;
# sets ub_why when something is missing.
ub_boot() {
	_what=$1 _marker=$2 _secs=$3
	shift 3
	ub_why=""
	! $JH cell load uboot "$@" >/tmp/uboot-load.out 2>&1 &&
		ub_why="load failed: $(tail -n 2 /tmp/uboot-load.out)"
	[ -z "$ub_why" ] && ! $JH cell start uboot >/dev/null 2>&1 &&
		ub_why="start failed"
	[ -z "$ub_why" ] && ! ub_wait "$_marker" "$_secs" &&
		ub_why="no $_what within $_secs s (state $(cell_state uboot)): $($JH console | tail -n 4)"
	[ -z "$ub_why" ] && ! wait_state uboot "shut down" 30 &&
		ub_why="state '$(cell_state uboot)' after poweroff"
	[ -z "$ub_why" ]
}

# ub_run: U-Boot with its own DT, until the bootcmd marker and poweroff.
ub_run() {
	ub_boot "bootcmd marker" "UBOOT BOOTCMD OK" "$UB_BOOT_S" \
		"$UB_DIR/u-boot.bin" -a 0 "$UB_DIR/uboot.dtb" -a 0x40000000
}

UB_LINUX_DTB=/tmp/uboot-linux.dtb
UB_DRY=/tmp/uboot-linux.dry

# ub_linux_dt: the device tree `jailhouse cell linux -n -w` makes for cell
# linux (CPUs 2-3 as in cell uboot, GIC, UART, bootargs); U-Boot replaces
# its memory node and initrd by its own.
ub_linux_dt() {
	$JH cell linux "$LC_CFG" "$LC_DIR/Image" -i "$LC_DIR/initrd.cpio.gz" \
		-c "cma=0 loglevel=5" -n -w "$UB_LINUX_DTB" >"$UB_DRY" 2>&1
}

# ub_booti: U-Boot with the booti bootcmd (ci/initramfs.sh), the kernel,
# initrd and DT where it expects them; until the cell's /init powered off.
ub_booti() {
	if ! read -r _k _i _f <"$UB_DIR/booti-addresses"; then
		ub_why="no $UB_DIR/booti-addresses"
		return 1
	fi
	ub_boot "Linux poweroff" "LINUXCELL POWEROFF" "$LC_BOOT_S" \
		"$UB_DIR/u-boot.bin" -a 0 "$UB_DIR/uboot-booti.dtb" -a 0x40000000 \
		"$LC_DIR/Image" -a "$_k" "$LC_DIR/initrd.cpio.gz" -a "$_i" \
		"$UB_LINUX_DTB" -a "$_f"
}

if [ ! -f "$UB_DIR/u-boot.bin" ]; then
	fail packed "no $UB_DIR/u-boot.bin (install u-boot-qemu: ci/deps.sh)"
else
	pass packed
fi
load_driver
check_ok enable $JH enable $JH_CELL
base=$(pool_used)
fatal0=$(console_count 'FATAL')
check_ok create $JH cell create "$UB_CFG"
if ub_run; then pass run; else fail run "$ub_why"; $JH cell stats uboot; fi
check_contains banner "$(ub_console)" "U-Boot 20"
check_contains bootcmd_marker "$(ub_console | grep -v '^=>')" "UBOOT BOOTCMD OK"
check_eq state_after_poweroff "$(cell_state uboot)" "shut down"
check_eq no_fatal "$(console_count 'FATAL')" "$fatal0"
# The cell that shut down is reused: load and start again.
if ub_run; then pass rerun; else fail rerun "$ub_why"; fi
check_eq rerun_no_fatal "$(console_count 'FATAL')" "$fatal0"
# booti: U-Boot boots the stock kernel, whose /init powers off.
check_ok booti_dt ub_linux_dt
if ub_booti; then pass booti_run; else fail booti_run "$ub_why"; $JH cell stats uboot; fi
check_contains booti_starting "$(ub_console)" "Starting kernel"
check_contains booti_init "$(ub_console)" "LINUXCELL INIT OK"
check_contains booti_cpus "$(ub_console)" "LINUXCELL CPUS 0-1"
# U-Boot's memory node: the kernel has most of the 128 MiB.
check_gt booti_memtotal_kb "$(ub_console | sed -n 's/.*LINUXCELL MemTotal: *\([0-9]*\) kB.*/\1/p' | tail -n 1)" 90000
check_eq booti_no_fatal "$(console_count 'FATAL')" "$fatal0"
check_ok destroy $JH cell destroy uboot
check_eq pool_after_destroy "$(pool_used)" "$base"
check_eq cpus_back "$(cat /sys/devices/system/cpu/online)" "$BOOT_ONLINE"
root_alive alive_after_uboot
check_ok disable $JH disable
scenario_done
