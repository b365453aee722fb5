# SPDX-License-Identifier: GPL-2.0
# Environment refusal, booted with ci/qemu.sh --no-virt: the machine has no EL2.
# enable must fail with [ENODEV]; Linux keeps running; the driver unloads.
. /scenarios/lib.sh
env_refusal ENODEV
