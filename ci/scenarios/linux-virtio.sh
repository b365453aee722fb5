# SPDX-License-Identifier: GPL-2.0
# A virtio-mmio transport in a Linux cell (configs/qemu-arm64-linux-virtio
# .yaml): ci/qemu.sh plugs two 1 MiB virtio-blk disks of known content
# into QEMU virt's two highest transports, 0x0a00_3e00 (the cell's) and
# 0x0a00_3c00 (root's), one page. Root unbinds its driver from the
# cell's transport, the cell reads its disk through the hypervisor's
# sub-page emulation (checksum), writes a sector; meanwhile root reads its
# own disk in the same page, reads an unused transport's registers there
# and gets SIGBUS on the cell's window. The cell touching root's
# transport (after unbinding its own driver: /dev/mem refuses pages with a
# driver's registers) fails it. Destroy gives the window back: root reads it again,
# rebinds its driver and finds the sector the cell wrote. A second boot
# with -d DTB (a tree without the transport) gets the node added and
# reads the disk as the first boot left it.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=36
. /scenarios/lib.sh
. /scenarios/linux-lib.sh

LV_CFG=$JH_CELLS/qemu-arm64-linux-virtio.cell
LC_PLAIN_CFG=$JH_CELLS/qemu-arm64-linux.cell
VIRTIO_DRV=/sys/bus/platform/drivers/virtio-mmio
CELL_DEV=a003e00.virtio_mmio
ROOT_DEV=a003c00.virtio_mmio
CELL_WIN=0x0a003e00
SPARE_WIN=0x0a003a00	# an empty transport of the page: root's, unbound
VIRTIO_MAGIC=0x74726976	# "virt"
SIGBUS_RC=135		# 128 + SIGBUS (7)
CELL_WROTE="written by the linux cell"
ONLINE_WITHOUT_CELL=0-1	# the cell has CPUs 2-3

# disk_md5 TEXT: what ci/qemu.sh wrote, 1 MiB of TEXT lines.
disk_md5() {
	yes "$1" | head -c 1048576 | md5sum | cut -d' ' -f1
}
WANT_CELL=$(disk_md5 "jailhouse virtio cell disk")
WANT_ROOT=$(disk_md5 "jailhouse virtio root disk")
# The cell's disk after its first boot wrote CELL_WROTE to sector 1024.
WANT_WRITTEN=$({ yes "jailhouse virtio cell disk" | head -c 524288
	printf '%s' "$CELL_WROTE" | dd bs=512 conv=sync 2>/dev/null
	yes "jailhouse virtio cell disk" | head -c 1048576 | tail -c 523776
	} | md5sum | cut -d' ' -f1)

# blk_of DEV: the block device of a virtio-mmio platform device, waiting
# up to 30 s for the driver to probe it.
blk_of() {
	_i=0
	while [ $_i -lt 300 ]; do
		_b=$(ls /sys/bus/platform/devices/$1/virtio*/block 2>/dev/null | head -n 1)
		[ -n "$_b" ] && [ -b "/dev/$_b" ] && echo "$_b" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	echo "<no disk at $1>"
}

# read_md5 BLK: checksum of the whole disk, read from the device.
read_md5() {
	blockdev --flushbufs "/dev/$1" 2>/dev/null
	echo 3 >/proc/sys/vm/drop_caches
	md5sum <"/dev/$1" | cut -d' ' -f1
}

# devmem_rc ARGS: busybox devmem's output, or its exit code when killed.
devmem_rc() {
	_o=$(devmem "$@" 2>/dev/null)
	_rc=$?
	[ $_rc = 0 ] && echo "$_o" || echo "$_rc"
}

# lv_value KEY: the word after "LINUXCELL KEY " in the cell's output.
lv_value() {
	lc_output | sed -n "s/.*LINUXCELL $1 \([^ ]*\).*/\1/p" | tail -n 1
}

for m in virtio_mmio virtio_blk; do
	insmod /lib/modules/virtio/$m.ko 2>/dev/null
done
check_eq root_virtio_modules "$(grep -E -c '^virtio_(mmio|blk) ' /proc/modules)" 2
# QEMU put the disks where the config expects them.
cblk=$(blk_of $CELL_DEV)
rblk=$(blk_of $ROOT_DEV)
check_eq cell_disk_before "$(read_md5 "$cblk")" "$WANT_CELL"
check_eq root_disk_before "$(read_md5 "$rblk")" "$WANT_ROOT"
echo $CELL_DEV >$VIRTIO_DRV/unbind
check_eq unbound "$([ -e /sys/bus/platform/devices/$CELL_DEV/driver ] && echo bound)" ""

load_driver
check_ok enable $JH enable $JH_CELL
base=$(pool_used)
fatal0=$(console_count FATAL)
check_ok cell_linux $JH cell linux "$LV_CFG" "$LC_DIR/Image" \
	-i "$LC_DIR/initrd.cpio.gz" -c "cma=0 loglevel=5 lc_virtio" \
	-w /tmp/lv-virtio.dtb
if lc_wait_line "LINUXCELL VIRTIO READY" "$LC_BOOT_S"; then
	pass cell_ready
else
	fail cell_ready "no READY within $LC_BOOT_S s (state $(cell_state linux)): $(lc_output | tail -n 5)"
fi
check_eq cell_disk_md5 "$(lv_value VIRTIO_MD5)" "$WANT_CELL"
check_eq cell_disk_write "$(lv_value VIRTIO_WROTE)" ok
check_eq cell_no_insmod_error "$(lc_output | grep -c VIRTIO_INSMOD)" 0
# Root's side of the page while the cell owns its window.
check_eq root_disk_same_page "$(read_md5 "$rblk")" "$WANT_ROOT"
# /dev/mem refuses a page with a driver's registers (IO_STRICT_DEVMEM in
# Debian's kernels): root's driver lets go of its transport for the reads.
echo $ROOT_DEV >$VIRTIO_DRV/unbind
check_eq root_spare_magic "$(devmem_rc $SPARE_WIN 32)" $VIRTIO_MAGIC
check_eq root_cell_window_sigbus "$(devmem_rc $CELL_WIN 32)" $SIGBUS_RC
check_console root_abort_reported \
	"read at IPA 0xa003e00 .* in memory of cell \"linux\": external abort injected" 1 10
root_alive root_alive_with_cell "$ONLINE_WITHOUT_CELL"
# The cell reads root's transport of the same page: a fault, cell failed.
if wait_state linux failed 120; then
	pass cell_stray_fails
else
	fail cell_stray_fails "state '$(cell_state linux)': $(lc_output | tail -n 3)"
fi
check_console stray_reported \
	"cell linux: read of 4 bytes at IPA 0xa003c00 is outside its sub-page windows" 1 10
check_eq stray_not_survived "$(lc_output | grep -c 'STRAY SURVIVED')" 0
check_eq one_fatal "$(console_count FATAL)" $((fatal0 + 1))
check_ok destroy $JH cell destroy linux
check_eq pool_back "$(pool_used)" "$base"
# Root's page as before: the window reads directly again.
check_eq window_back_magic "$(devmem_rc $CELL_WIN 32)" $VIRTIO_MAGIC
check_eq window_back_devid "$(devmem_rc $((CELL_WIN + 8)) 32)" 0x00000002
# The same with a device tree given by -d that lacks the transport: a
# tree generated for the plain linux cell (no virtio window). cell linux
# adds the node as it does to a generated tree, and the cell finds the
# disk the first boot wrote to. The virtio tree given for the plain cell
# is refused: that cell has no window there.
check_ok d_plain_dtb $JH cell linux "$LC_PLAIN_CFG" "$LC_DIR/Image" -n \
	-w /tmp/lv-plain.dtb
check_eq d_plain_no_virtio "$(grep -a -c virtio,mmio /tmp/lv-plain.dtb)" 0
expect_fail d_virtio_dtb_refused "$JH cell linux $LC_PLAIN_CFG $LC_DIR/Image -n -d /tmp/lv-virtio.dtb" \
	"/virtio_mmio@a003e00 is a virtio-mmio node at 0xa003e00, where the cell has no virtio-mmio window (it has: none)"
check_ok d_cell_linux $JH cell linux "$LV_CFG" "$LC_DIR/Image" \
	-i "$LC_DIR/initrd.cpio.gz" -c "cma=0 loglevel=5 lc_virtio" \
	-d /tmp/lv-plain.dtb -w /tmp/lv-d.dtb
check_eq d_dtb_has_virtio "$(grep -a -c virtio,mmio /tmp/lv-d.dtb)" 1
if lc_wait_line "LINUXCELL VIRTIO READY" "$LC_BOOT_S"; then
	pass d_cell_ready
else
	fail d_cell_ready "no READY within $LC_BOOT_S s (state $(cell_state linux)): $(lc_output | tail -n 5)"
fi
check_eq d_cell_disk_md5 "$(lv_value VIRTIO_MD5)" "$WANT_WRITTEN"
check_ok d_destroy $JH cell destroy linux
echo $CELL_DEV >$VIRTIO_DRV/bind
echo $ROOT_DEV >$VIRTIO_DRV/bind
cblk=$(blk_of $CELL_DEV)
rblk=$(blk_of $ROOT_DEV)
check_eq rebound "$(for d in $CELL_DEV $ROOT_DEV; do
	[ -e /sys/bus/platform/devices/$d/driver ] && echo bound; done | grep -c bound)" 2
check_eq root_sees_cell_write \
	"$(dd if=/dev/$cblk bs=512 skip=1024 count=1 2>/dev/null | tr -d '\0')" \
	"$CELL_WROTE"
check_eq root_disk_after "$(read_md5 "$rblk")" "$WANT_ROOT"
check_eq cpus_back "$(cat /sys/devices/system/cpu/online)" "$BOOT_ONLINE"
check_ok disable $JH disable
scenario_done
