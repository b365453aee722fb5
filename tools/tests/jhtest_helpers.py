# SPDX-License-Identifier: GPL-2.0
"""Shared helpers for the tests of the host test harness (ci/jhtest)."""
import os
import re
import sys

from conftest import REPO

sys.path.insert(0, os.path.join(REPO, "ci"))

# pylint: disable=wrong-import-position
from jhtest import paths, results, scenarios  # noqa: E402


def out_text(res, info=()):
    """What the harness prints for RES and INFO."""
    return "\n".join([r.line() for r in res] + list(info)) + "\n"


def count(text, scen="alpha beta", rc=0, group="g"):
    """(passed, failed, printed text) of one boot's console log."""
    res = scenarios.parse(group, text.replace("\r", ""), rc, scen.split())
    p, f = results.counts(res)
    return p, f, out_text(res)


def done(scen, p, f):
    return f"JHTEST DONE {scen} passed={p} failed={f}\n" * 2


def plan_of(scenario):
    return int(re.search(r"^PLAN=(\d+)$", open(os.path.join(
        REPO, "ci", "scenarios", scenario + ".sh")).read(), re.M).group(1))


def scenario_list(name, var):
    return paths.scenario_list(name, var)
