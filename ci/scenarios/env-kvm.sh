# SPDX-License-Identifier: GPL-2.0
# Environment refusal, booted with ci/qemu.sh --kvm: KVM owns EL2.
# enable must fail with [EBUSY]; Linux keeps running; the driver unloads.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=5
. /scenarios/lib.sh
env_refusal EBUSY
