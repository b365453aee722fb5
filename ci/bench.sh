#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: deterministic measurements, never part of make test.
# Boots the 6.1 root Linux under QEMU -icount (virtual time advances with
# executed instructions, so times are instruction-count derived), enables
# and disables three times, and reports pool usage, EL2 entry and enable
# and disable cost, plus the hypervisor image size.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
make -s deps all >/dev/null
log=build/bench/bench.log
mkdir -p build/bench
bash ci/qemu.sh --series 6.1 --icount 0 --scenarios bench --timeout 600 \
	--log "$log" --quiet || true
elf=build/hypervisor/hypervisor.elf
echo "== make bench (QEMU -icount shift=0: 1 virtual ns per instruction)"
printf "hypervisor image jailhouse.bin: %s bytes\n" "$(stat -c %s build/hypervisor/jailhouse.bin)"
aarch64-linux-gnu-size "$elf" | awk 'NR==2 {printf "  text %s, data %s, bss %s bytes\n", $1, $2, $3}'
grep -a '^BENCH' "$log" | sed 's/^BENCH /  /' | tr -d '\r'
grep -aq '^BENCH enable_us' "$log" || { echo "bench: no enable measurement (see $log)"; exit 1; }
