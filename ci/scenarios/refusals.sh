# SPDX-License-Identifier: GPL-2.0
# Every refusal of enable/disable: the CLI exits non-zero with one line that
# names the cause ([ERRNO] from include/jailhouse/errno.h), and afterwards
# Linux runs and a valid enable + disable still works.
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=51
. /scenarios/lib.sh

load_driver
check_eq driver_loaded "$(grep -c '^jailhouse ' /proc/modules)" 1

# refuse NAME ERRNO CMD: one refusal and the recovery after it.
refuse() {
	expect_fail "$1" "$3" "[$2]"
	recovered "$1"
}

refuse cfg_truncated ENODATA "$JH enable $JH_BAD/truncated.cell"
refuse cfg_magic ENOEXEC "$JH enable $JH_BAD/magic.cell"
refuse cfg_revision EPROTO "$JH enable $JH_BAD/revision.cell"
refuse cfg_arch EXDEV "$JH enable $JH_BAD/arch.cell"
refuse cfg_checksum EBADMSG "$JH enable $JH_BAD/checksum.cell"
refuse cfg_overlap EADDRNOTAVAIL "$JH enable $JH_BAD/overlap.cell"

# Hypervisor image missing, then corrupt (one byte flipped on the host).
mv "$JH_FW" /tmp/jailhouse.bin.orig
expect_fail image_missing "$JH enable $JH_CELL" "[ENOENT]"
mv /tmp/jailhouse.bin.orig "$JH_FW"
recovered image_missing
mv "$JH_FW" /tmp/jailhouse.bin.orig
cp /lib/firmware/jailhouse-corrupt.bin "$JH_FW"
expect_fail image_corrupt "$JH enable $JH_CELL" "[ELIBBAD]"
mv /tmp/jailhouse.bin.orig "$JH_FW"
recovered image_corrupt
# A sound image of another release: refused by the version in its header.
mv "$JH_FW" /tmp/jailhouse.bin.orig
cp /lib/firmware/jailhouse-otherver.bin "$JH_FW"
expect_fail image_version "$JH enable $JH_CELL" "[ENOPKG]"
dmesg | grep -q "is version 0.0.0-other-release, driver is version" &&
	pass image_version.message ||
	fail image_version.message "no version mismatch line in dmesg"
mv /tmp/jailhouse.bin.orig "$JH_FW"
recovered image_version

# State refusals.
check_ok enable $JH enable "$JH_CELL"
expect_fail enable_twice "$JH enable $JH_CELL" "[EALREADY]"
check_eq enable_twice.still_enabled "$(rd $JH_SYS/enabled)" 1
root_alive enable_twice.alive
rmmod jailhouse >/dev/null 2>&1
rc=$?
[ $rc != 0 ] && pass rmmod_enabled_refused ||
	fail rmmod_enabled_refused "rmmod succeeded while enabled"
check_eq rmmod_enabled.module_stays "$(grep -c '^jailhouse ' /proc/modules)" 1
check_eq rmmod_enabled.still_enabled "$(rd $JH_SYS/enabled)" 1
check_ok disable $JH disable
expect_fail disable_twice "$JH disable" "[ESRCH]"
recovered disable_twice
check_ok rmmod_disabled rmmod jailhouse
scenario_done
