#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Print the release string every part of a build carries (image header,
# MODULE_VERSION, jailhouse --version). A tagged git checkout names itself
# (tag v0.12.0 -> 0.12.0, later commits 0.12.0-3-gabcdef); anything else
# (no tags, a tarball, the DKMS source tree) uses the VERSION file beside
# this directory, so the same sources always give the same string.
top=$(cd "$(dirname "$0")/.." && pwd)
if v=$(git -C "$top" describe --tags --match 'v[0-9]*' 2>/dev/null); then
	echo "${v#v}"
else
	cat "$top/VERSION"
fi
