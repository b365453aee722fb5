# SPDX-License-Identifier: GPL-2.0
# GICv2 machine: enable with the GICv2 system config, root keeps working
# (its GIC untouched), cells are refused with EOPNOTSUPP and nothing
# changes, disable works.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=9
. /scenarios/lib.sh

load_driver
check_ok enable $JH enable $JH_CELLS/qemu-arm64-gicv2.cell
base=$(pool_used)
root_alive alive_enabled
ipis_reach_all ipis_enabled
expect_fail cell_refused "$JH cell create $JH_CELLS/qemu-arm64-cell-a.cell" "[EOPNOTSUPP]"
check_eq no_cell "$(ls $JH_SYS/cells | tr '\n' ' ')" "0 "
check_eq pool "$(pool_used)" "$base"
root_alive alive_after_refusal
check_ok disable $JH disable
check_eq disabled "$(rd $JH_SYS/enabled)" 0
scenario_done
