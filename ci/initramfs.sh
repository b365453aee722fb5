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
#   /lib/firmware/jailhouse-otherver.bin same image, another release string
#   /etc/jailhouse/*.cell        build/configs/*.cell
#   /etc/jailhouse/bad/*.cell    broken variants made by ci/mkbadconfigs.py
#   /etc/jailhouse/links/*.cell  link test configs: build/configs/qemu-arm64
#                                .cell, -link-a.cell, -link-b.cell
#   /lib/firmware/linux/Image    the stock kernel of SERIES, uncompressed, and
#   /lib/firmware/linux/initrd.cpio.gz  what ci/linux-cell-initrd.list
#                                lists: busybox + ci/linux-cell-init.sh + a
#                                32-bit ARM hello (ci/mkarm32hello.py) +
#                                Debian's armhf busybox as
#                                /bin/busybox-armhf, the link modules,
#                                jh-linktest and ci/link-net-cell.sh
#                                (/link-net.sh, run on lc_net): what
#                                scenarios linux-cell, linux-panic and
#                                link-net boot in a cell, uboot-cell through
#                                U-Boot (packed only when one of them or
#                                bench-linux/bench-links runs)
#   /lib/modules/virtio/*.ko    virtio_mmio and virtio_blk of SERIES (modules
#                                in the stock kernel), for root and, in the
#                                cell's initrd, for the Linux cell (packed
#                                only when scenario linux-virtio runs)
#   /lib/modules/virtio-net/*.ko virtio_mmio, failover, net_failover and
#                                virtio_net of SERIES, root's virtio-net for
#                                scenario bench-links (packed only then)
#   /lib/firmware/uboot/u-boot.bin  Debian's U-Boot for qemu_arm64 (u-boot-qemu)
#   /lib/firmware/uboot/uboot.dtb   its control DT, ci/uboot-cell.dts: what
#                                scenario uboot-cell runs in a cell (packed
#                                only when that scenario runs)
#   /lib/firmware/uboot/uboot-booti.dtb  the same with a bootcmd that
#                                boots the kernel of /lib/firmware/linux
#                                (booti-addresses: where to load kernel,
#                                initrd and its DT)
#   /usr/sbin, /usr/share/jailhouse, /lib/firmware/jailhouse.bin
#                                with scenario installed: the jailhouse-tools
#                                and jailhouse-firmware packages (make deb)
#                                extracted over the tree, their md5sums in
#                                /var/lib/dpkg/info, and /opt/sdk/sdk-hello.bin
#                                built against the jailhouse-inmate-sdk
#                                package with pkg-config only
#   /scenarios/*.sh              ci/scenarios/*.sh
#   /etc/jhtest/scenarios        the scenario names to run, in order
#   /init                        ci/init.sh: mounts, runs the scenarios (or a
#                                shell with --interactive), poweroff -f
#   /dev/console, /dev/null      from ci/initramfs.list (ci/mkcpio.py writes
#                                the archive: no mknod, no root needed)
# Environment: BUILD (default build/), GUARD (per-scenario guard in seconds),
# UBOOT_BIN (default /usr/lib/u-boot/qemu_arm64/u-boot.bin), BUSYBOX32
# (default CACHE/busybox-armhf/bin/busybox, what ci/deps.sh fetches).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
CACHE=${CACHE:-$BUILD/cache}
GUARD=${GUARD:-600}
PYTHON=${PYTHON:-/usr/bin/python3}
UBOOT_BIN=${UBOOT_BIN:-/usr/lib/u-boot/qemu_arm64/u-boot.bin}
BUSYBOX32=${BUSYBOX32:-$CACHE/busybox-armhf/bin/busybox}
# Where scenario uboot-cell loads kernel, initrd and the kernel's device
# tree in cell uboot's RAM (0x4000_0000, 128 MiB): the kernel 2 MiB
# aligned (its header allows any such place) with room for image_size
# (43 MiB for 6.12), the rest above it, U-Boot itself at the top.
UBOOT_KERNEL=0x40200000 UBOOT_FDT=0x43000000 UBOOT_INITRD=0x43200000

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
cp "$busybox" "$stage/bin/busybox"

# optional PIECE DEST: copy when it exists, otherwise say what is missing.
optional() {
	if [ -f "$1" ]; then
		cp "$1" "$2"
	else
		echo "initramfs: note: ${1#"$top"/} not built, not packed" >&2
	fi
}

# pack_stock_modules DIR [MODULE...]: the stock kernel's virtio-mmio and
# virtio-blk modules (built as modules in Debian's kernels), or the given
# ones (paths under kernel/, no suffix), uncompressed for busybox insmod
# (6.12 ships them xz'd).
pack_stock_modules() {
	local m f dir=$1

	shift
	[ $# -gt 0 ] || set -- drivers/virtio/virtio_mmio drivers/block/virtio_blk
	mkdir -p "$dir"
	for m in "$@"; do
		f=$(ls "$CACHE"/linux-$series/lib/modules/*/kernel/$m.ko* 2>/dev/null | head -n 1)
		case $f in
		"") echo "initramfs: note: $m.ko of $series missing, not packed" >&2;;
		*.xz) xz -dc "$f" >"$dir/$(basename "${f%.xz}")";;
		*) cp "$f" "$dir/";;
		esac
	done
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
pack_stock_modules "$stage/lib/modules/link" drivers/uio/uio
[ -f "$stage/usr/sbin/jailhouse" ] && chmod 755 "$stage/usr/sbin/jailhouse"
optional "$BUILD/hypervisor/jailhouse.bin" "$stage/lib/firmware/jailhouse.bin"
if [ -f "$stage/lib/firmware/jailhouse.bin" ]; then
	"$PYTHON" "$top/ci/mkbadconfigs.py" corrupt-image \
		"$stage/lib/firmware/jailhouse.bin" "$stage/lib/firmware/jailhouse-corrupt.bin"
	"$PYTHON" "$top/ci/mkbadconfigs.py" version-image \
		"$stage/lib/firmware/jailhouse.bin" "$stage/lib/firmware/jailhouse-otherver.bin"
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
# list_word WORD: WORD of a stage list with its @NAME@ placeholders filled.
list_word() {
	local w=$1

	w=${w//@TOP@/$top}
	w=${w//@BUILD@/$BUILD}
	w=${w//@SERIES@/$series}
	w=${w//@BUSYBOX32@/$BUSYBOX32}
	w=${w//@BUSYBOX@/$busybox}
	printf '%s' "$w"
}
# stage_list LIST DIR: DIR filled as LIST says (its format: the comment
# at the top of ci/linux-cell-initrd.list).
stage_list() {
	local list=$1 dir=$2 kind path src mode

	while read -r kind path src mode; do
		case $kind in
		''|'#'*) continue;;
		virtio:*) [ "$virtio" = 1 ] || continue
			kind=${kind#virtio:};;
		esac
		src=$(list_word "$src")
		[ "$kind" = dir ] || mkdir -p "$(dirname "$dir$path")"
		case $kind in
		dir) mkdir -p "$dir$path";;
		file) cp "$src" "$dir$path";;
		opt) optional "$src" "$dir$path";;
		kmod) pack_stock_modules "$dir$path" "$src";;
		gen) "$PYTHON" "$top/ci/$src" "$dir$path";;
		*) echo "initramfs: $list: unknown kind '$kind'" >&2; exit 2;;
		esac
		if [ -n "$mode" ] && [ -f "$dir$path" ]; then
			chmod "$mode" "$dir$path"
		fi
	done <"$list"
}
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
	stage_list "$top/ci/linux-cell-initrd.list" "$cstage"
	"$PYTHON" "$top/ci/mkcpio.py" "$cstage" "$top/ci/initramfs.list" |
		gzip -9 >"$dir/initrd.cpio.gz"
	rm -rf "$cstage"
}
# pack_uboot_cell: U-Boot and the device tree it reads in a cell.
pack_uboot_cell() {
	local dir=$stage/lib/firmware/uboot
	local rd=$stage/lib/firmware/linux/initrd.cpio.gz

	mkdir -p "$dir"
	optional "$UBOOT_BIN" "$dir/u-boot.bin"
	dtc -q -I dts -O dtb -o "$dir/uboot.dtb" "$top/ci/uboot-cell.dts"
	[ -f "$rd" ] || return 0
	# The same DT with a bootcmd that boots the packed kernel.
	cp "$dir/uboot.dtb" "$dir/uboot-booti.dtb"
	fdtput -t s "$dir/uboot-booti.dtb" /config bootcmd \
		"echo UBOOT BOOTCMD OK; booti $UBOOT_KERNEL $UBOOT_INITRD:$(printf '0x%x' "$(stat -c %s "$rd")") $UBOOT_FDT"
	echo "$UBOOT_KERNEL $UBOOT_INITRD $UBOOT_FDT" >"$dir/booti-addresses"
}
# pack_installed: what scenario installed runs, from the packages only.
pack_installed() {
	local deb=$BUILD/deb p sdk oldest

	# Rebuilt unless every input is older than the oldest package (make
	# test builds them in pytest, just before the boots).
	oldest=$(ls -tr "$deb"/*.deb 2>/dev/null | head -n 1)
	if [ "$(ls "$deb"/*.deb 2>/dev/null | wc -l)" != 4 ] ||
		[ -n "$(find "$top/debian" "$top/scripts" "$top/driver" "$top/include" \
			"$top/tools" "$top/inmates" "$top/configs" "$top/Documentation/man" \
			"$top/Makefile" "$top/VERSION" "$BUILD/hypervisor/jailhouse.bin" \
			"$BUILD/tools/jailhouse" "$BUILD/configs" "$BUILD/inmates" \
			-newer "$oldest" ! -path '*/__pycache__*' -print -quit)" ]; then
		make -C "$top" deb >"$BUILD/deb.log" 2>&1 ||
			{ echo "initramfs: note: make deb failed (see $BUILD/deb.log), packages not packed" >&2
			  return 0; }
	fi
	rm -f "$stage/usr/sbin/jailhouse" "$stage/lib/firmware/jailhouse.bin"
	mkdir -p "$stage/var/lib/dpkg/info" "$stage/opt/sdk"
	for p in jailhouse-tools jailhouse-firmware; do
		dpkg-deb -x "$deb/${p}_"*.deb "$stage"
		dpkg-deb --ctrl-tarfile "$deb/${p}_"*.deb | tar -xO ./md5sums \
			>"$stage/var/lib/dpkg/info/$p.md5sums"
	done
	sdk=$(mktemp -d "${TMPDIR:-/tmp}/jh-sdk.XXXXXX")
	dpkg-deb -x "$deb/jailhouse-inmate-sdk_"*.deb "$sdk/root"
	mkdir -p "$sdk/out"
	if PKG_CONFIG_PATH=$sdk/root/usr/lib/pkgconfig make -s -C "$top/inmates/sdk/example" \
		O="$sdk/out" PKG_CONFIG="pkg-config --define-variable=prefix=$sdk/root/usr" \
		>"$BUILD/sdk-example.log" 2>&1; then
		cp "$sdk/out/sdk-hello.bin" "$stage/opt/sdk/"
	else
		echo "initramfs: note: SDK example failed to build (see $BUILD/sdk-example.log)" >&2
	fi
	rm -rf "$sdk"
}
virtio=0
case " $scenarios " in
*" installed "*) pack_installed;;
esac
case " $scenarios " in
*" linux-virtio "*) virtio=1; pack_stock_modules "$stage/lib/modules/virtio";;
esac
# bench-links: root's virtio-net (ci/qemu.sh plugs it in), in load order.
case " $scenarios " in
*" bench-links "*) pack_stock_modules "$stage/lib/modules/virtio-net" \
	drivers/virtio/virtio_mmio net/core/failover drivers/net/net_failover \
	drivers/net/virtio_net;;
esac
case " $scenarios " in
*" linux-cell "*|*" linux-panic "*|*" uboot-cell "*|*" bench-linux "*|*" linux-virtio "*|*" link-net "*|*" bench-links "*)
	pack_linux_cell;;
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
# Device nodes come from ci/initramfs.list: packing needs no root.
"$PYTHON" "$top/ci/mkcpio.py" "$stage" "$top/ci/initramfs.list" |
	gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
