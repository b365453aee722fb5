#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make demo`: fetch dependencies, build, boot QEMU (Linux 6.1) and walk
# through enable / console / workload / two cells / disable with narration.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
cd "$top" || exit 1

bash ci/deps.sh || { echo "demo: ci/deps.sh failed" >&2; exit 1; }
echo "demo: building (hypervisor, driver, CLI, configs, inmates)..."
if ! make -s -k all >"$BUILD/demo-build.log" 2>&1; then
	echo "demo: the build failed; the demo runs with whatever was built." >&2
	echo "demo: last lines of $BUILD/demo-build.log:" >&2
	tail -n 15 "$BUILD/demo-build.log" >&2
fi
echo "demo: booting QEMU (boot messages hidden with 'quiet'; full log in build/demo.log)"
bash ci/qemu.sh --series 6.1 --scenarios demo --append quiet --timeout 240 \
	--log "$BUILD/demo.log" --quiet
rc=$?
# Show the guest's side of the session without the test protocol markers.
tr -d '\r' <"$BUILD/demo.log" | sed -n '/^JHTEST BEGIN demo/,/^JHTEST DONE demo/p' |
	grep -v '^JHTEST'
if [ $rc = 0 ] && grep -q '^DEMO OK' "$BUILD/demo.log"; then
	echo "demo: finished; the machine powered off cleanly."
	exit 0
fi
echo "demo: did not complete (QEMU exit $rc); see $BUILD/demo.log" >&2
exit 1
