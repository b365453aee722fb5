# SPDX-License-Identifier: GPL-2.0
# Environment refusal, booted with ci/qemu.sh --kvm: KVM owns EL2.
# enable must fail with [EBUSY]; Linux keeps running; the driver unloads.
. /scenarios/lib.sh
env_refusal EBUSY
