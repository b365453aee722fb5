#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot one inmate bare on QEMU virt (no hypervisor, EL1 only, PSCI on hvc)
# and show its console.
#
#   ci/run-bare-inmate.sh NAME [extra qemu args...]
#     NAME                 build/inmates/NAME.bin (built first if needed)
#   Environment:
#     CMDLINE="k=v ..."    patched into the image's command line (offset 0x1000),
#                          as "jailhouse cell load ... -s ... -a 0x1000" does
#     SMP=N                vCPUs (default 2)
#     TIMEOUT=S            host-side limit (default 60)
#     LOAD_ADDR=ADDR       load address (default 0x40100000, see below)
#     LOG=FILE             also write the console here
#
# QEMU places its generated DTB at the start of RAM (0x40000000-0x400fffff)
# whenever no -kernel is given and refuses overlapping images, so the
# inmate (position independent) loads right after it. The CPU starts at
# the image with all registers zero: x0 = 0 means "no comm region".
# Exit status: QEMU's (0 after the inmate's PSCI SYSTEM_OFF), 124 on timeout.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
[ $# -ge 1 ] || { sed -n '3,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
name=$1
shift

make -s -C "$top/inmates" O="$BUILD/inmates" >/dev/null
bin=$BUILD/inmates/$name.bin
[ -f "$bin" ] || { echo "run-bare-inmate: $bin missing" >&2; exit 1; }

img=$bin
if [ -n "${CMDLINE:-}" ]; then
	[ ${#CMDLINE} -lt 256 ] || { echo "run-bare-inmate: CMDLINE longer than 255 bytes" >&2; exit 2; }
	img=$(mktemp "${TMPDIR:-/tmp}/inmate-$name.XXXXXX.bin")
	trap 'rm -f "$img"' EXIT
	cp "$bin" "$img"
	printf '%s\0' "$CMDLINE" | dd of="$img" bs=1 seek=4096 conv=notrunc status=none
fi

addr=${LOAD_ADDR:-0x40100000}
set +e
timeout "${TIMEOUT:-60}" qemu-system-aarch64 \
	-machine virt,gic-version=3 -cpu cortex-a57 -smp "${SMP:-2}" -m 256M \
	-nographic -nic none -no-reboot \
	-device loader,file="$img",addr="$addr",force-raw=on \
	-device loader,addr="$addr",cpu-num=0 \
	"$@" </dev/null 2>&1 | stdbuf -oL tr -d '\r' | if [ -n "${LOG:-}" ]; then tee "$LOG"; else cat; fi
rc=${PIPESTATUS[0]}
set -e
exit "$rc"
