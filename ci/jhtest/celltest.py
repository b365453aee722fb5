# SPDX-License-Identifier: GPL-2.0
"""CELLTEST records, shared by the in-cell and attack layers.

  CELLTEST PASS <suite>.<check>              passed
  CELLTEST FAIL <suite>.<check>: <detail>    failed
  CELLTEST SKIP <suite>.<check>: <why>       skipped (not a pass)
  CELLTEST DONE <suite> passed=N failed=M    the suite ran to its end
Strictly formed records only: a line the UART interleaved with other
output fails these patterns (or leaves a fragment that appears once)."""
import re

RECORD = re.compile(r"CELLTEST (PASS [a-z0-9-]+\.[A-Za-z0-9_]+$|"
                    r"(?:FAIL|SKIP) [a-z0-9-]+\.[A-Za-z0-9_]+: .*|"
                    r"DONE [a-z0-9-]+ passed=[0-9]+ failed=[0-9]+$)")
RANK = {"PASS": 0, "SKIP": 1, "FAIL": 2}


def records(lines):
    """Every strictly formed record in LINES (several per line possible)."""
    out = []
    for line in lines:
        out += [m.group(0) for m in RECORD.finditer(line)]
    return out


def better(old, new):
    """A check is one result: FAIL beats SKIP beats PASS."""
    return old is None or RANK[new] > RANK[old]
