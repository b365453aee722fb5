#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The host test harness (ci/jhtest/, Python): list, run or parse the QEMU
# suites, boot QEMU, or run everything `make test` runs.
#   ci/jhtest.sh --help
top=$(cd "$(dirname "$0")/.." && pwd)
export PYTHONPATH="$top/ci${PYTHONPATH:+:$PYTHONPATH}"
exec "${PYTHON:-/usr/bin/python3}" -m jhtest "$@"
