#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot a stock Debian arm64 kernel on QEMU virt with the test initramfs,
# always under `timeout`, and capture the console: ci/jhtest/qemu.py.
# Same options as before (ci/qemu.sh --help); exit status QEMU's, 124 on
# timeout.
exec bash "$(dirname "$0")/jhtest.sh" qemu "$@"
