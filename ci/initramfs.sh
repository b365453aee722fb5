#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Pack a busybox initramfs that runs test scenarios (or an interactive shell).
#
#   ci/initramfs.sh [--interactive] SERIES OUT.cpio.gz [SCENARIO...]
#
# Contents (each piece is optional: a missing piece is reported on stderr and
# the scenarios that need it fail inside the guest with a clear message):
#   /bin/busybox                 applets installed at boot (busybox --install -s)
#   /lib/modules/jailhouse.ko    build/driver-SERIES/jailhouse.ko (insmod by path)
#   /lib/modules/jh_hostile.ko   build/driver-SERIES/tests/jh_hostile.ko (test only)
#   /lib/modules/link/*.ko       build/driver-SERIES/link/ (jailhouse_uio,
#                                jailhouse_net) and the series' own uio.ko
#   /usr/sbin/jh-linktest        build/tools/jh-linktest (link echo over uio)
#   /usr/sbin/jailhouse          build/tools/jailhouse
#   /lib/firmware/jailhouse.bin  build/hypervisor/jailhouse.bin
#   /lib/firmware/jailhouse-corrupt.bin  same image, one byte flipped
#   /etc/jailhouse/*.cell        build/configs/*.cell
#   /etc/jailhouse/bad/*.cell    broken variants made by ci/mkbadconfigs.py
#   /etc/jailhouse/links/*.cell  link test configs: build/configs/qemu-arm64
#                                .cell, -link-a.cell, -link-b.cell
#   /lib/firmware/linux/Image    the stock kernel of SERIES, uncompressed, and
#   /lib/firmware/linux/initrd.cpio.gz  busybox + ci/linux-cell-init.sh + a
#                                32-bit ARM hello (ci/mkarm32hello.py) +
#                                the link modules, jh-linktest and
#                                ci/link-net-cell.sh (/link-net.sh, run on
#                                lc_net): what
#                                scenario linux-cell boots in a cell (packed
#                                only when it or bench-linux runs)
#   /lib/firmware/uboot/u-boot.bin  Debian's U-Boot for qemu_arm64 (u-boot-qemu)
#   /lib/firmware/uboot/uboot.dtb   its control DT, ci/uboot-cell.dts: what
#                                scenario uboot-cell runs in a cell (packed
#                                only when that scenario runs)
#   /scenarios/*.sh              ci/scenarios/*.sh
#   /etc/jhtest/scenarios        the scenario names to run, in order
#   /init                        ci/init.sh: mounts, runs the scenarios (or a
#                                shell with --interactive), poweroff -f
# Environment: BUILD (default build/), GUARD (per-scenario guard in seconds),
# UBOOT_BIN (default /usr/lib/u-boot/qemu_arm64/u-boot.bin).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
CACHE=${CACHE:-$BUILD/cache}
GUARD=${GUARD:-600}
PYTHON=${PYTHON:-/usr/bin/python3}
UBOOT_BIN=${UBOOT_BIN:-/usr/lib/u-boot/qemu_arm64/u-boot.bin}

interactive=0
if [ "${1:-}" = --interactive ]; then
	interactive=1
	shift
fi
if [ $# -lt 2 ]; then
	echo "usage: $0 [--interactive] SERIES OUT.cpio.gz [SCENARIO...]" >&2
	exit 2
fi
series=$1 out=$2
shift 2
scenarios="$*"

busybox=$CACHE/busybox/bin/busybox
[ -x "$busybox" ] || { echo "initramfs: $busybox missing (run ci/deps.sh)" >&2; exit 1; }
for s in $scenarios; do
	[ -f "$top/ci/scenarios/$s.sh" ] ||
		{ echo "initramfs: unknown scenario '$s' (no ci/scenarios/$s.sh)" >&2; exit 2; }
done

stage=$(mktemp -d "${TMPDIR:-/tmp}/jh-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root} \
	"$stage"/{lib/modules,lib/firmware,etc/jailhouse/bad,etc/jhtest,scenarios}
mknod "$stage/dev/console" c 5 1
mknod "$stage/dev/null" c 1 3
cp "$busybox" "$stage/bin/busybox"

# optional PIECE DEST: copy when it exists, otherwise say what is missing.
optional() {
	if [ -f "$1" ]; then
		cp "$1" "$2"
	else
		echo "initramfs: note: ${1#"$top"/} not built, not packed" >&2
	fi
}

optional "$BUILD/driver-$series/jailhouse.ko" "$stage/lib/modules/jailhouse.ko"
optional "$BUILD/driver-$series/tests/jh_hostile.ko" "$stage/lib/modules/jh_hostile.ko"
optional "$BUILD/tools/jailhouse" "$stage/usr/sbin/jailhouse"
optional "$BUILD/tools/jh-linktest" "$stage/usr/sbin/jh-linktest"
[ -f "$stage/usr/sbin/jh-linktest" ] && chmod 755 "$stage/usr/sbin/jh-linktest"
# The link modules and the stock uio.ko they need (6.12 ships it xz'd,
# busybox insmod takes it plain).
mkdir -p "$stage/lib/modules/link"
optional "$BUILD/driver-$series/link/jailhouse_uio.ko" "$stage/lib/modules/link/jailhouse_uio.ko"
optional "$BUILD/driver-$series/link/jailhouse_net.ko" "$stage/lib/modules/link/jailhouse_net.ko"
uio_ko=$(find "$CACHE/linux-$series/lib/modules" -name 'uio.ko*' 2>/dev/null | head -n 1)
case $uio_ko in
*.xz) xz -dc "$uio_ko" >"$stage/lib/modules/link/uio.ko";;
?*) cp "$uio_ko" "$stage/lib/modules/link/uio.ko";;
*) echo "initramfs: note: no uio.ko for $series, not packed" >&2;;
esac
[ -f "$stage/usr/sbin/jailhouse" ] && chmod 755 "$stage/usr/sbin/jailhouse"
optional "$BUILD/hypervisor/jailhouse.bin" "$stage/lib/firmware/jailhouse.bin"
if [ -f "$stage/lib/firmware/jailhouse.bin" ]; then
	"$PYTHON" "$top/ci/mkbadconfigs.py" corrupt-image \
		"$stage/lib/firmware/jailhouse.bin" "$stage/lib/firmware/jailhouse-corrupt.bin"
fi
shopt -s nullglob
cells=("$BUILD"/configs/*.cell)
[ ${#cells[@]} -gt 0 ] && cp "${cells[@]}" "$stage/etc/jailhouse/"
if [ -f "$BUILD/configs/qemu-arm64.cell" ]; then
	"$PYTHON" "$top/ci/mkbadconfigs.py" configs \
		"$BUILD/configs/qemu-arm64.cell" "$stage/etc/jailhouse/bad"
else
	echo "initramfs: note: build/configs/qemu-arm64.cell not built, no configs packed" >&2
fi
if [ -f "$BUILD/configs/qemu-arm64-cell-a.cell" ]; then
	"$PYTHON" "$top/ci/mkbadconfigs.py" cells \
		"$BUILD/configs/qemu-arm64-cell-a.cell" "$stage/etc/jailhouse/bad"
fi
# Inter-cell link test configs (system with links, link-a, link-b).
if [ -f "$BUILD/configs/qemu-arm64.cell" ] &&
   [ -f "$BUILD/configs/qemu-arm64-link-a.cell" ] &&
   [ -f "$BUILD/configs/qemu-arm64-link-b.cell" ]; then
	mkdir -p "$stage/etc/jailhouse/links"
	cp "$BUILD/configs/qemu-arm64.cell" "$stage/etc/jailhouse/links/system.cell"
	for c in link-a link-b; do
		cp "$BUILD/configs/qemu-arm64-$c.cell" \
			"$stage/etc/jailhouse/links/$c.cell"
	done
fi
# Inmates (demos and in-cell tests), flat binaries.
mkdir -p "$stage/lib/firmware/inmates"
inmates=("$BUILD"/inmates/*.bin)
if [ ${#inmates[@]} -gt 0 ]; then
	cp "${inmates[@]}" "$stage/lib/firmware/inmates/"
else
	echo "initramfs: note: build/inmates not built, no inmates packed" >&2
fi
# pack_linux_cell: the kernel and initrd a Linux cell boots.
pack_linux_cell() {
	local img=$CACHE/linux-$series/boot/Image dir=$stage/lib/firmware/linux
	local cstage

	mkdir -p "$dir"
	case $(head -c 2 "$img" | od -An -tx1 | tr -d ' ') in
	1f8b) zcat "$img" >"$dir/Image";;
	*) cp "$img" "$dir/Image";;
	esac
	cstage=$(mktemp -d "${TMPDIR:-/tmp}/jh-cellrd.XXXXXX")
	mkdir -p "$cstage"/{bin,dev,proc,sys,tmp}
	mknod "$cstage/dev/console" c 5 1
	mknod "$cstage/dev/null" c 1 3
	cp "$busybox" "$cstage/bin/busybox"
	install -m 755 "$top/ci/linux-cell-init.sh" "$cstage/init"
	"$PYTHON" "$top/ci/mkarm32hello.py" "$cstage/bin/hello32"
	chmod 755 "$cstage/bin/hello32"
	mkdir -p "$cstage/lib/modules"
	optional "$BUILD/driver-$series/link/jailhouse_net.ko" "$cstage/lib/modules/jailhouse_net.ko"
	[ -f "$stage/lib/modules/link/uio.ko" ] && cp "$stage/lib/modules/link/uio.ko" "$cstage/lib/modules/"
	optional "$BUILD/driver-$series/link/jailhouse_uio.ko" "$cstage/lib/modules/jailhouse_uio.ko"
	mkdir -p "$cstage/usr/sbin"
	optional "$BUILD/tools/jh-linktest" "$cstage/usr/sbin/jh-linktest"
	install -m 755 "$top/ci/link-net-cell.sh" "$cstage/link-net.sh"
	(cd "$cstage" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --owner=0:0 --quiet) | gzip -9 >"$dir/initrd.cpio.gz"
	rm -rf "$cstage"
}
# pack_uboot_cell: U-Boot and the device tree it reads in a cell.
pack_uboot_cell() {
	local dir=$stage/lib/firmware/uboot

	mkdir -p "$dir"
	optional "$UBOOT_BIN" "$dir/u-boot.bin"
	dtc -q -I dts -O dtb -o "$dir/uboot.dtb" "$top/ci/uboot-cell.dts"
}
case " $scenarios " in
*" linux-cell "*|*" bench-linux "*|*" link-net "*|*" bench-links "*) pack_linux_cell;;
*) [ $interactive = 1 ] && pack_linux_cell;;
esac
case " $scenarios " in
*" uboot-cell "*) pack_uboot_cell;;
*) [ $interactive = 1 ] && pack_uboot_cell;;
esac
cp "$top"/ci/scenarios/*.sh "$stage/scenarios/"
echo "$scenarios" > "$stage/etc/jhtest/scenarios"
echo "$GUARD" > "$stage/etc/jhtest/guard"
echo "$series" > "$stage/etc/jhtest/series"

if [ $interactive = 1 ]; then
	echo interactive > "$stage/etc/jhtest/mode"
else
	echo scenarios > "$stage/etc/jhtest/mode"
fi
install -m 755 "$top/ci/init.sh" "$stage/init"

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --owner=0:0 --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
