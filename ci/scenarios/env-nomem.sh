# SPDX-License-Identifier: GPL-2.0
# Environment refusal, booted with ci/qemu.sh --no-mem: Linux uses all RAM, including the hypervisor memory.
# enable must fail with [EADDRINUSE]; Linux keeps running; the driver unloads.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=5
. /scenarios/lib.sh
env_refusal EADDRINUSE
