# SPDX-License-Identifier: GPL-2.0
# The packages as a user gets them: jailhouse-tools and jailhouse-firmware
# (make deb) are extracted over the initramfs (ci/initramfs.sh), and
# everything here uses only their paths: /usr/sbin/jailhouse, the image in
# /lib/firmware, configs and inmates in /usr/share/jailhouse. One release
# string everywhere (CLI, module, image), a cell runs the packaged hello,
# then an inmate built outside the tree against the SDK package.
# (The module is the build's: the DKMS build of the packaged sources is
# checked on the host, tools/tests/test_install.py.)
# Checks this scenario runs (the host harness, ci/jhtest, fails missing ones).
PLAN=17
. /scenarios/lib.sh

SHARE=/usr/share/jailhouse

for p in jailhouse-tools jailhouse-firmware; do
	if [ -s /var/lib/dpkg/info/$p.md5sums ]; then
		out=$(cd / && md5sum -c /var/lib/dpkg/info/$p.md5sums 2>&1 | grep -v ': OK$')
		check_eq "files_of_$p" "$out" ""
	else
		fail "files_of_$p" "package not packed (see ci/initramfs.sh, make deb)"
	fi
done
check_eq config_link "$(readlink -f /usr/sbin/jailhouse-config)" \
	"$SHARE/tools/jailhouse-config"

load_driver
modver=$(cat /sys/module/jailhouse/version 2>/dev/null)
check_eq version_cli "$($JH --version)" "jailhouse $modver"
check_eq version_image "$(dd if=/lib/firmware/jailhouse.bin bs=1 skip=80 count=32 2>/dev/null | tr -d '\000')" "$modver"

check_ok enable $JH enable $SHARE/configs/qemu-arm64.cell
check_ok create $JH cell create $SHARE/configs/qemu-arm64-cell-a.cell
check_ok load $JH cell load cell-a $SHARE/inmates/hello.bin
check_ok start $JH cell start cell-a
check_ok hello wait_since_start cell-a "[cell-a] Hello from CPU" 30

check_ok sdk_load $JH cell load cell-a /opt/sdk/sdk-hello.bin -s name=sdk -a 0x1000
check_ok sdk_start $JH cell start cell-a
check_ok sdk_hello wait_since_start cell-a "[cell-a] sdk-hello: hello sdk from CPU" 30

check_ok destroy $JH cell destroy cell-a
check_ok disable $JH disable
root_alive alive
# Leave the module unloaded, as found: the next scenario loads its own.
check_ok rmmod rmmod jailhouse
scenario_done
