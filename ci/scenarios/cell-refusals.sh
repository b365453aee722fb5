# SPDX-License-Identifier: GPL-2.0
# Cell configs the driver or the hypervisor must refuse: each gives one
# line with its errno, and nothing changes (no cell, same pool, all CPUs
# still online, Linux alive). Also cell commands on unknown cells and
# disable while a cell exists.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=90
. /scenarios/lib.sh

load_driver
check_ok enable $JH enable $JH_CELL
base=$(pool_used)

# unchanged NAME: the refusal left no trace.
unchanged() {
	check_eq "$1.no_cell" "$(ls $JH_SYS/cells | tr '\n' ' ')" "0 "
	check_eq "$1.pool" "$(pool_used)" "$base"
	root_alive "$1.alive"
}

# refuse_cell NAME ERRNO FILE
refuse_cell() {
	expect_fail "$1" "$JH cell create $JH_BAD/$3" "[$2]"
	unchanged "$1"
}

refuse_cell cpu0 EPERM cell-cpu0.cell
refuse_cell linux_ram EADDRINUSE cell-linux-ram.cell
refuse_cell hv_memory EADDRNOTAVAIL cell-hv-memory.cell
refuse_cell irq_foreign EBUSY cell-irq-foreign.cell
refuse_cell unaligned ERANGE cell-unaligned.cell
refuse_cell absurd_size ERANGE cell-absurd-size.cell
refuse_cell gic EINVAL cell-gic.cell
# Rootshared is no way into root's own RAM (the driver knows Linux RAM).
refuse_cell linux_ram_shared EADDRINUSE cell-linux-ram-shared.cell
check_contains linux_ram_shared.why \
	"$($JH cell create $JH_BAD/cell-linux-ram-shared.cell 2>&1)" \
	"rootshared but Linux System RAM"
# A comm page is the cell's alone: the hypervisor maps it for itself.
refuse_cell comm_rootshared EINVAL cell-comm-rootshared.cell
check_contains comm_rootshared.why \
	"$($JH cell create $JH_BAD/cell-comm-rootshared.cell 2>&1)" \
	"neither rootshared nor loadable"
# The GIC ITS and DMA-capable devices are DMA masters: root only.
refuse_cell its EINVAL cell-its.cell
# A dma device only for a cell with identity-mapped RAM (cell-a's is at 0).
refuse_cell dma_device EPERM cell-dma.cell
check_contains dma_device.why \
	"$($JH cell create $JH_BAD/cell-dma.cell 2>&1)" \
	"needs identity-mapped RAM"
# The control: the same cell with a device that does no DMA is fine.
check_ok plain_io_create $JH cell create $JH_BAD/cell-plain-io.cell
check_ok plain_io_destroy $JH cell destroy cell-a
unchanged plain_io
# And the dma device once the RAM is identity mapped.
check_ok dma_ident_create $JH cell create $JH_BAD/cell-dma-ident.cell
check_ok dma_ident_destroy $JH cell destroy cell-a
unchanged dma_ident
# A sub-page window must stay inside one page.
refuse_cell subpage_cross ERANGE cell-subpage-cross.cell
expect_fail system_config "$JH cell create $JH_CELL" "[EINVAL]"
unchanged system_config
expect_fail unknown_cell "$JH cell start no-such-cell" "no-such-cell"
expect_fail root_destroy "$JH cell destroy 0" "[EINVAL]"

# With cell-b in place: its memory and CPUs are taken, disable refused.
check_ok create_b $JH cell create $JH_CELLS/qemu-arm64-cell-b.cell
used_b=$(pool_used)
expect_fail other_cell "$JH cell create $JH_BAD/cell-other-cell.cell" "[EADDRINUSE]"
expect_fail same_name "$JH cell create $JH_CELLS/qemu-arm64-cell-b.cell" "[EEXIST]"
check_eq other_cell.pool "$(pool_used)" "$used_b"
# No comm page is shared with another cell, whatever the flags say.
expect_fail comm_overlap "$JH cell create $JH_BAD/cell-comm-overlap.cell" "[EADDRINUSE]"
expect_fail shared_on_comm "$JH cell create $JH_BAD/cell-shared-on-comm.cell" "[EADDRINUSE]"
check_console shared_on_comm.why "overlaps the comm region 1 of cell \"cell-b\"" 2 5
check_eq comm_overlap.pool "$(pool_used)" "$used_b"
check_eq comm_overlap.cells "$(ls $JH_SYS/cells | tr '\n' ' ')" "0 1 "
# cell-b's management still works through its comm page.
check_ok comm_overlap.b_load $JH cell load cell-b $JH_INMATES/hello.bin
check_ok comm_overlap.b_start $JH cell start cell-b
check_ok comm_overlap.b_hello wait_since_start cell-b "[cell-b] Hello from CPU" 30
check_ok comm_overlap.b_shutdown $JH cell shutdown cell-b
check_eq comm_overlap.b_shut_down "$(cell_state cell-b)" "shut down"
expect_fail disable_with_cell "$JH disable" "[ENOTEMPTY]"
# Linux cannot take a cell's CPU back behind the hypervisor's back.
echo 1 > /sys/devices/system/cpu/cpu2/online 2>/dev/null
check_eq cell_cpu_stays_offline "$(rd /sys/devices/system/cpu/cpu2/online)" 0
check_eq cell_cpu_still_assigned "$(rd "$(cell_dir cell-b)/cpus_assigned_list")" 2-3
check_eq still_enabled "$(rd $JH_SYS/enabled)" 1
check_ok destroy_b $JH cell destroy cell-b
check_eq pool_back "$(pool_used)" "$base"
root_alive alive_after
check_ok disable $JH disable
scenario_done
