# SPDX-License-Identifier: GPL-2.0
"""The QEMU boots as pytest items, one per suite of suites.py.

Run by `python3 -m jhtest test` (make test) and `python3 -m jhtest run
--pytest`, which pass in the environment:
  JHTEST_SUITES   the suite names to run (all when unset)
  JHTEST_OUTDIR   where the console logs and reports go
  JHTEST_RESULTS  a JSON-lines file every item appends its checks to
An item fails when any of its checks failed; the per-check results (not
the number of items) feed the "N passed, N failed" line."""
import os

import pytest

from jhtest import results, runner, suites
from jhtest.paths import build_dir

# Set but empty: no suite (a caller's empty selection never means all).
NAMES = os.environ.get("JHTEST_SUITES")
SELECTED = [s for s in suites.SUITES if NAMES is None or s.name in NAMES.split()]


@pytest.mark.parametrize("suite", SELECTED, ids=[s.name for s in SELECTED])
def test_boot(suite):
    outdir = os.environ.get("JHTEST_OUTDIR") or os.path.join(build_dir(), "test", suite.layer)
    res, info = runner.run(suite, outdir)
    with open(os.path.join(outdir, suite.name + ".txt"), "w", encoding="utf-8") as rep:
        rep.write("".join(r.line() + "\n" for r in res) + "\n".join(info) + "\n")
    sink = os.environ.get("JHTEST_RESULTS")
    if sink:
        results.write_jsonl(sink, res)
    for line in info:
        print(line)
    failed = [r.line() for r in res if r.verdict == "FAIL"]
    assert res and not failed, "\n".join(failed[:20]) or "no results"
