# SPDX-License-Identifier: GPL-2.0
# Environment refusal, booted with ci/qemu.sh --cpu max: the kernel itself runs at EL2 (VHE).
# enable must fail with [EOPNOTSUPP]; Linux keeps running; the driver unloads.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=5
. /scenarios/lib.sh
env_refusal EOPNOTSUPP
