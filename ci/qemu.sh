#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot a stock Debian arm64 kernel on QEMU virt with the test initramfs,
# always under `timeout`, and capture the console.
#
#   ci/qemu.sh [options]
#     --series 6.1|6.12     kernel series (default 6.1)
#     --gic 2|3             GIC version (default 3)
#     --no-virt             no EL2 (drop virtualization=on)
#     --kvm                 let KVM take EL2 (drop kvm-arm.mode=none)
#     --no-mem              Linux gets all RAM (drop mem=768M)
#     --cpu MODEL           CPU model (default cortex-a57; "max" gets pauth-impdef=on)
#     --icount N            deterministic virtual time: -icount shift=N
#     --smp N               vCPUs (default 4)
#     --append "ARGS"       extra kernel command line
#     --timeout S           host-side limit (default 300; interactive 7200)
#     --log FILE            console log (default build/qemu.log)
#     --initrd FILE         boot this initramfs instead of packing one
#     --scenarios "A B"     pack an initramfs that runs ci/scenarios/A.sh, B.sh
#     --quiet               do not echo the console, only write the log
#     --interactive         initramfs with a shell (what `make qemu` runs)
# With scenario linux-virtio, two 1 MiB virtio-blk disks of known content
# (ci/scenarios/linux-virtio.sh) are plugged in: the first takes QEMU
# virt's highest virtio-mmio transport (0x0a00_3e00, the Linux cell's),
# the second the one below (0x0a00_3c00, root's, in the same page).
# With scenario bench-links, a virtio-net device on QEMU user networking
# (slirp, guest 10.0.2.15/24) is root's too (highest transport): TCP to
# 10.0.2.100:5000 reaches a host-side `head -c 10485760 | sha256sum`
# (guestfwd), whose answer is the SHA-256 of the first 10 MiB received:
# make bench's virtio-net side of the 10 MiB transfer over jhnet0.
# Exit status: QEMU's (0 after a guest poweroff), 124 on timeout.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
CACHE=${CACHE:-$BUILD/cache}

series=6.1 gic=3 virt=1 kvm=0 mem=1 cpu=cortex-a57 icount="" smp=4
append="" tmo="" log="$BUILD/qemu.log" initrd="" scenarios="" quiet=0 interactive=0

usage() { sed -n '3,21p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--series) series=$2; shift;;
	--gic) gic=$2; shift;;
	--no-virt) virt=0;;
	--kvm) kvm=1;;
	--no-mem) mem=0;;
	--cpu) cpu=$2; shift;;
	--icount) icount=$2; shift;;
	--smp) smp=$2; shift;;
	--append) append="$append $2"; shift;;
	--timeout) tmo=$2; shift;;
	--log) log=$2; shift;;
	--initrd) initrd=$2; shift;;
	--scenarios) scenarios=$2; shift;;
	--quiet) quiet=1;;
	--interactive) interactive=1;;
	-h|--help) usage;;
	*) echo "qemu.sh: unknown option '$1'" >&2; usage;;
	esac
	shift
done

case $series in 6.1|6.12) ;; *) echo "qemu.sh: --series must be 6.1 or 6.12" >&2; exit 2;; esac
case $gic in 2|3) ;; *) echo "qemu.sh: --gic must be 2 or 3" >&2; exit 2;; esac
kernel=$CACHE/linux-$series/boot/Image
[ -f "$kernel" ] || { echo "qemu.sh: $kernel missing (run ci/deps.sh)" >&2; exit 1; }
[ -n "$tmo" ] || { [ $interactive = 1 ] && tmo=7200 || tmo=300; }

if [ -z "$initrd" ]; then
	initrd=$BUILD/initramfs-$series-$$.cpio.gz
	own_initrd=$initrd
	trap 'rm -f "$own_initrd"' EXIT
	if [ $interactive = 1 ]; then
		bash "$top/ci/initramfs.sh" --interactive "$series" "$initrd"
	else
		bash "$top/ci/initramfs.sh" "$series" "$initrd" $scenarios
	fi
fi

# virtio_disk FILE TEXT: 1 MiB of TEXT lines, what the scenario expects.
virtio_disk() {
	yes "$2" | head -c 1048576 >"$1" || true
}
disks=()
case " $scenarios " in
*" linux-virtio "*)
	ddir=$(mktemp -d "$BUILD/virtio-disks.XXXXXX")
	trap 'rm -f "${own_initrd:-}"; rm -rf "$ddir"' EXIT
	virtio_disk "$ddir/cell.img" "jailhouse virtio cell disk"
	virtio_disk "$ddir/root.img" "jailhouse virtio root disk"
	for d in cell root; do
		disks+=(-drive "if=none,id=$d,format=raw,file=$ddir/$d.img"
			-device "virtio-blk-device,drive=$d")
	done;;
esac

nets=()
case " $scenarios " in
*" bench-links "*)
	nets=(-netdev "user,id=n0,net=10.0.2.0/24,guestfwd=tcp:10.0.2.100:5000-cmd:sh -c 'head -c 10485760 | sha256sum'"
	      -device virtio-net-device,netdev=n0);;
esac

machine="virt,gic-version=$gic"
[ $virt = 1 ] && machine="$machine,virtualization=on"
[ "$cpu" = max ] && cpu="max,pauth-impdef=on"
cmdline="console=ttyAMA0 panic=-1"
[ $kvm = 0 ] && cmdline="$cmdline kvm-arm.mode=none"
[ $mem = 1 ] && cmdline="$cmdline mem=768M"
cmdline="$cmdline$append"

args=(-machine "$machine" -cpu "$cpu" -smp "$smp" -m 1G -nographic -no-reboot
      -nic none -kernel "$kernel" -initrd "$initrd" -append "$cmdline"
      "${disks[@]}" "${nets[@]}")
[ -n "$icount" ] && args+=(-icount "shift=$icount,sleep=off")

mkdir -p "$(dirname "$log")"
echo "qemu: series $series, -machine $machine -cpu $cpu -smp $smp${icount:+ -icount shift=$icount,sleep=off}, append \"$cmdline\", timeout ${tmo}s, log $log" >&2
start=$(date +%s.%N)
set +e
if [ $interactive = 1 ]; then
	timeout --foreground -k 5 "$tmo" qemu-system-aarch64 "${args[@]}" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
elif [ $quiet = 1 ]; then
	timeout -k 5 "$tmo" qemu-system-aarch64 "${args[@]}" </dev/null >"$log" 2>&1
	rc=$?
else
	timeout -k 5 "$tmo" qemu-system-aarch64 "${args[@]}" </dev/null 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
fi
set -e
secs=$(echo "$(date +%s.%N) - $start" | bc)
printf 'qemu: exit %d after %.1f s%s\n' "$rc" "$secs" \
	"$([ "$rc" = 124 ] && echo " (TIMEOUT at ${tmo}s)")" >&2
echo "JHHOST EXIT $rc $secs" >>"$log"
exit "$rc"
