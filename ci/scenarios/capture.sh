#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copy what `jailhouse config create` reads from a running system (device
# tree, /proc/iomem, CPU list) out of the root Linux, base64 on the
# console between JHCAPTURE markers; tools/tests/test_create_guest.py
# generates a config from it. Also checks the CLI's `config` dispatch
# when the target has no Python.
. /scenarios/lib.sh
r=/tmp/root
mkdir -p $r/proc $r/sys/devices/system/cpu
cp -r /sys/firmware/devicetree/base $r/proc/device-tree
cat /proc/iomem > $r/proc/iomem
cat /sys/devices/system/cpu/present > $r/sys/devices/system/cpu/present
echo "JHCAPTURE BEGIN"
tar czf - -C $r . | base64
echo "JHCAPTURE END"
out=$(/usr/sbin/jailhouse config check /etc/jailhouse/qemu-arm64.cell 2>&1)
rc=$?
check_eq config_no_python_rc 2 "$rc"
check_contains config_no_python_msg "$out" "Python"
echo "JHTEST DONE capture"
