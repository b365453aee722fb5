# SPDX-License-Identifier: GPL-2.0
"""Host test harness: boots QEMU, counts the console's result lines and
runs every layer of `make test`. Stdlib only (plus pytest for the boots).

    /usr/bin/python3 -m jhtest --help      (with ci/ on PYTHONPATH)
"""
