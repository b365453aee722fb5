#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install host packages and fetch stock Debian arm64 kernels (6.1 and 6.12)
# plus busybox (arm64, and armhf for the Linux cell's 32-bit user space)
# into a cache under the build tree. apt checks every .deb against the
# archive's signed index, as for the host's own packages.
#
#   ci/deps.sh [--host-only] [--kernels-only] [--busybox-only]
# Environment:
#   CACHE=build/cache      where kernels and busybox are extracted
#   PIN_61=VER             pin the 6.1 package version (e.g. 6.1.192-2)
#   PIN_612=VER            pin the 6.12 package version (e.g. 6.12.57-1~deb12u1)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${CACHE:-$top/build/cache}
APT="apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

# dpkg-dev, debhelper: make deb; pkgconf: the inmate SDK test; groff-base,
# man-db: the man page test.
host_pkgs="qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	device-tree-compiler cpio make gcc libcmocka-dev python3 python3-yaml
	python3-jsonschema python3-pytest clang libclang-rt-14-dev bc
	u-boot-qemu
	dpkg-dev debhelper pkgconf groff-base man-db"

need_host() {
	local p missing=""
	for p in $host_pkgs; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
	echo "$missing"
}

# Foreign architectures whose packages we download: arm64 (kernels,
# busybox) and armhf (busybox-static for the Linux cell's COMPAT test).
foreign_archs="arm64 armhf"

arch_ready() {
	dpkg --print-foreign-architectures | grep -qx "$1"
}

updated=0
apt_update() {
	[ $updated = 1 ] && return
	$SUDO $APT update -qq
	updated=1
}

install_host() {
	local missing
	missing=$(need_host)
	local a
	for a in $foreign_archs; do
		arch_ready "$a" && continue
		$SUDO dpkg --add-architecture "$a"
		updated=0
	done
	if [ -n "$missing" ]; then
		echo "deps: installing$missing"
		apt_update
		DEBIAN_FRONTEND=noninteractive $SUDO $APT install -y -q \
			--no-install-recommends $missing
	fi
}

# Print "ABI VERSION" of the newest 6.1 arm64 image whose version also
# exists for linux-kbuild-6.1 (the archive keeps one kbuild per suite).
newest_61() {
	local v p
	for v in $(apt-cache madison linux-kbuild-6.1:amd64 | awk '{print $3}' | sort -rV); do
		for p in $(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-arm64-unsigned$' |
			awk '{print $1}' | sort -rV); do
			if apt-cache madison "$p:arm64" | awk '{print $3}' | grep -qx "$v"; then
				echo "$p $v" | sed -E 's/linux-image-(.*)-arm64-unsigned/\1/'
				return 0
			fi
		done
	done
	return 1
}

# fetch_kernel SERIES: sets up $CACHE/linux-$SERIES with boot/, headers, kbuild
fetch_kernel() {
	local series=$1 ver abi pkgs
	local dir="$CACHE/linux-$series"
	if [ -f "$dir/.ready" ]; then
		echo "deps: linux-$series cached ($(cat "$dir/.ready"))"
		return
	fi
	apt_update
	if [ "$series" = 6.1 ]; then
		if [ -n "${PIN_61:-}" ]; then
			ver=$PIN_61
			abi=$(echo "$ver" | awk -F- '{print $1}')
			abi="6.1.0-$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-arm64-unsigned$' |
				awk '{print $1}' | while read -r p; do apt-cache madison "$p:arm64" |
				awk '{print $3}' | grep -qx "$ver" && echo "$p"; done |
				sed -E 's/linux-image-6\.1\.0-([0-9]+)-.*/\1/' | head -n1)"
		else
			read -r abi ver < <(newest_61) || true
		fi
		[ -n "${abi:-}" ] && [ -n "${ver:-}" ] || { echo "deps: no consistent 6.1 kernel/kbuild pair" >&2; exit 1; }
		pkgs="linux-image-$abi-arm64-unsigned:arm64=$ver linux-headers-$abi-arm64:arm64=$ver
		      linux-headers-$abi-common=$ver linux-kbuild-6.1:amd64=$ver"
	else
		if [ -n "${PIN_612:-}" ]; then
			ver=$PIN_612
		else
			ver=$(apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-arm64-unsigned$' |
				awk '{print $1}' | sed -E 's/linux-image-(6\.12\.[0-9]+)\+deb12.*/\1/' |
				sort -V | tail -n1)
			[ -n "$ver" ] || { echo "deps: no 6.12 kernel in the archive" >&2; exit 1; }
			ver=$(apt-cache madison "linux-image-$ver+deb12-arm64-unsigned:arm64" |
				awk '{print $3}' | sort -rV | head -n1)
		fi
		abi=$(echo "$ver" | sed -E 's/^(6\.12\.[0-9]+).*/\1/')+deb12
		pkgs="linux-image-$abi-arm64-unsigned:arm64=$ver linux-headers-$abi-arm64:arm64=$ver
		      linux-headers-$abi-common=$ver linux-kbuild-$abi:amd64=$ver"
	fi
	echo "deps: linux-$series: $abi ($ver)"
	local dl="$CACHE/dl-$series"
	rm -rf "$dl" "$dir"
	mkdir -p "$dl" "$dir"
	chmod 777 "$dl"
	(cd "$dl" && $APT download $pkgs)
	for d in "$dl"/*.deb; do dpkg -x "$d" "$dir"; done
	# The arm64 headers include the common Makefile by absolute path.
	local mk="$dir/usr/src/linux-headers-$abi-arm64/Makefile"
	sed -i "s#/usr/src/linux-headers-$abi-common#$dir/usr/src/linux-headers-$abi-common#g" "$mk"
	ln -sfn "usr/src/linux-headers-$abi-arm64" "$dir/kdir"
	ln -sfn "$(cd "$dir/boot" && ls vmlinuz-*)" "$dir/boot/Image"
	rm -rf "$dl"
	echo "$abi $ver" > "$dir/.ready"
}

# elf_class_machine FILE: "CLASS MACHINE" of an ELF file (1 40: 32-bit
# ARM, 2 183: AArch64), so a package of the wrong architecture is caught.
elf_class_machine() {
	echo "$(od -An -tu1 -j4 -N1 "$1" | tr -d ' ') $(od -An -tu2 -j18 -N2 "$1" | tr -d ' ')"
}

# fetch_busybox ARCH DIR "CLASS MACHINE": busybox-static of ARCH into
# DIR/bin/busybox.
fetch_busybox() {
	local arch=$1 dir=$2 want=$3 got
	[ -x "$dir/bin/busybox" ] && return
	apt_update
	local dl="$CACHE/dl-bb-$arch"
	rm -rf "$dl" "$dir"; mkdir -p "$dl" "$dir"; chmod 777 "$dl"
	(cd "$dl" && $APT download "busybox-static:$arch")
	dpkg -x "$dl"/busybox-static_*_"$arch".deb "$dl/x"
	got=$(elf_class_machine "$dl/x/bin/busybox")
	if [ "$got" != "$want" ]; then
		echo "deps: busybox-static:$arch is ELF class/machine '$got', expected '$want'" >&2
		rm -rf "$dl" "$dir"
		exit 1
	fi
	mkdir -p "$dir/bin"
	cp "$dl/x/bin/busybox" "$dir/bin/busybox"
	rm -rf "$dl"
}

fetch_busyboxes() {
	fetch_busybox arm64 "$CACHE/busybox" "2 183"
	fetch_busybox armhf "$CACHE/busybox-armhf" "1 40"
}

mode=${1:-all}
case $mode in
all|--host-only|--kernels-only|--busybox-only) ;;
*) echo "deps: unknown option '$mode'" >&2; exit 2;;
esac
[ "$mode" = --kernels-only ] || install_host
if [ "$mode" != --host-only ]; then
	mkdir -p "$CACHE"
	fetch_busyboxes
fi
if [ "$mode" = all ] || [ "$mode" = --kernels-only ]; then
	fetch_kernel 6.1
	fetch_kernel 6.12
fi
echo "deps: ready"
