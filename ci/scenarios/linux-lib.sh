# SPDX-License-Identifier: GPL-2.0
# Helpers for the scenarios that boot Linux in cell "linux" (linux-cell,
# linux-panic, linux-virtio, uboot-cell, link-net, bench-links,
# bench-linux). Source it after lib.sh:
#     . /scenarios/linux-lib.sh
# The cell's /init is ci/linux-cell-init.sh; words on the kernel command
# line (lc_hold, lc_reboot, lc_panic, ...) choose what it does and it
# prints "LINUXCELL <KEY> ..." lines for the checks.

LC_CFG=$JH_CELLS/qemu-arm64-linux.cell
LC_DIR=/lib/firmware/linux
LC_OUT=/tmp/linux-cell.out
LC_BOOT_S=${LINUX_CELL_BOOT_S:-240}

# lc_output: what the cell printed since its latest start: the "[linux]"
# lines of the hypervisor console (the emulated PL011 copies them there),
# without the CRs of the cell's CRLF line ends.
lc_output() {
	$JH console 2>/dev/null | tr -d '\r' | awk 'index($0, "Started cell \"linux\"") { n = 0 }
		/^\[linux\] / { l[n++] = substr($0, 9) }
		END { for (i = 0; i < n; i++) print l[i] }'
}

# lc_wait_line TEXT SECONDS: until the cell printed TEXT.
lc_wait_line() {
	_end=$(($(uptime_cs) + $2 * 100))
	until lc_output | grep -q -- "$1"; do
		[ "$(uptime_cs)" -gt "$_end" ] && return 1
		sleep 1
	done
}

# lc_value KEY: the number after "LINUXCELL KEY " in the cell's output.
lc_value() {
	lc_output | sed -n "s/.*LINUXCELL $1 \([0-9-]*\).*/\1/p" | tail -n 1
}

lc_fatal_count() {
	console_count 'FATAL'
}

# lc_start [ARGS]: jailhouse cell linux with the packed kernel and initrd;
# ARGS are appended to the command line. loglevel=5 keeps kernel warnings
# on the console, and only those. Sets lc_why on failure.
lc_start() {
	lc_why=""
	$JH cell linux "$LC_CFG" "$LC_DIR/Image" -i "$LC_DIR/initrd.cpio.gz" \
		-c "cma=0 loglevel=5 $1" >"$LC_OUT" 2>&1 ||
		lc_why="cell linux failed: $(tail -n 2 $LC_OUT)"
	[ -z "$lc_why" ]
}

# lc_boot MARKER [ARGS]: one boot until the cell printed "LINUXCELL
# MARKER" and shut down; prints nothing, sets lc_why.
lc_boot() {
	lc_start "$2"
	[ -z "$lc_why" ] && ! lc_wait_line "LINUXCELL $1" "$LC_BOOT_S" &&
		lc_why="no $1 marker within $LC_BOOT_S s (state $(cell_state linux)): $(lc_output | tail -n 3)"
	[ -z "$lc_why" ] && ! wait_state linux "shut down" 30 &&
		lc_why="state '$(cell_state linux)' after $1"
	[ -z "$lc_why" ]
}
