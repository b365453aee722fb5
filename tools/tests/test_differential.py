# SPDX-License-Identifier: GPL-2.0
"""Differential test: `jailhouse-config check` (its Python API) and the
C validator the hypervisor and the driver share
(include/jailhouse/config_check.h, run on the host by build/unit/hvcheck,
made by `make unit`) must give the same verdict, accept or refuse, on
every config of a generated corpus (tools/tests/gen_corpus.py: seeded,
a few thousand mutations of the real configs).

Rules that need the running system (other cells, online CPUs, what Linux
really uses, the hypervisor's real image size) are outside the
comparison: see Documentation/config-format.md, "One validator"."""
import collections
import os
import subprocess

import pytest

from conftest import REPO
from gen_corpus import write
from jhconfig import checks

HVCHECK = os.path.join(REPO, "build", "unit", "hvcheck")
COUNT = 3000


def python_verdict(sys_cfg, cell_cfg):
    findings = checks.check_config(sys_cfg)
    if cell_cfg is not None:
        findings += checks.check_config(cell_cfg)
        findings += checks.check_set(sys_cfg, [cell_cfg])
    return findings


def c_verdicts(list_path):
    with open(list_path) as f:
        res = subprocess.run([HVCHECK, "--batch"], stdin=f,
                             capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    return res.stdout.splitlines()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    if not os.access(HVCHECK, os.X_OK):
        pytest.fail(f"{HVCHECK} missing: run 'make unit' first")
    outdir = tmp_path_factory.mktemp("corpus")
    entries = write(str(outdir), seed=1, count=COUNT)
    verdicts = c_verdicts(os.path.join(outdir, "list.txt"))
    assert len(verdicts) == len(entries)
    return entries, verdicts


def test_corpus_is_deterministic(tmp_path):
    first = [open(e[1], "rb").read() for e in write(str(tmp_path / "a"),
                                                       seed=1, count=50)]
    again = [open(e[1], "rb").read() for e in write(str(tmp_path / "b"),
                                                       seed=1, count=50)]
    assert first == again


def test_corpus_covers_both_verdicts(corpus):
    """A corpus that is all valid or all refused proves nothing."""
    entries, verdicts = corpus
    valid = sum(v == "valid" for v in verdicts)
    assert len(entries) >= COUNT
    assert 0.15 * len(entries) < valid < 0.85 * len(entries), valid
    errnos = collections.Counter(v.split(":")[0] for v in verdicts
                                 if v != "valid")
    # Every rule family the issue names is hit by some config.
    for errno in ("rejected -22", "rejected -34", "rejected -98",
                  "rejected -99", "rejected -12", "rejected -1",
                  "rejected -16"):
        assert errnos[errno] > 0, errnos


def test_python_and_c_agree(corpus):
    entries, verdicts = corpus
    disagree = []
    for (name, _, _, done, sys_cfg, cell_cfg), c in zip(entries, verdicts):
        findings = python_verdict(sys_cfg, cell_cfg)
        if (c == "valid") != (not findings):
            disagree.append(f"{name} {'+'.join(done) or 'unmutated'}: "
                            f"C says {c!r}; Python says "
                            f"{findings[0].message if findings else 'ok'}")
    for line in disagree:
        print(line)
    assert not disagree, f"{len(disagree)} of {len(entries)} disagree:\n" + \
        "\n".join(disagree[:20])
