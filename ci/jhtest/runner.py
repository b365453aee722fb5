# SPDX-License-Identifier: GPL-2.0
"""One suite: boot it (or read a saved log), count it, check the total."""
import os
import subprocess
import time

from . import attacks, incell, rootpanic, scenarios
from .paths import child_env, exit_status_of, jhtest_cmd, read_log, rel
from .results import Result, counts


def guard_of(timeout):
    """The guest's per-scenario guard: 30 s under the host timeout, at
    least half of it."""
    return max(timeout - 30, timeout // 2)


def boot(suite, log, extra=()):
    """Run QEMU for SUITE, console to LOG; returns (status, seconds)."""
    os.makedirs(os.path.dirname(os.path.abspath(log)), exist_ok=True)
    host = os.path.splitext(log)[0] + ".host"
    guard = rootpanic.TIMEOUT - 30 if suite.kind == "root-panic" else guard_of(suite.timeout)
    cmd = jhtest_cmd() + ["qemu"] + suite.qemu + list(extra) + [
        "--scenarios", " ".join(suite.scenarios), "--timeout", str(suite.timeout),
        "--log", log, "--quiet"]
    t0 = time.monotonic()
    with open(host, "w", encoding="utf-8") as err:
        rc = subprocess.call(cmd, stdout=err, stderr=err, env=child_env(GUARD=guard))
    return rc, time.monotonic() - t0


def count_check(suite, results):
    """The suite's total against the table's expected number: a FAIL
    result when they differ (nothing when they agree: the count is not a
    check of its own, the totals stay those of the checks)."""
    if suite.expected is None:
        return []
    p, f = counts(results)
    if p + f == suite.expected:
        return []
    return [Result(suite.name, "count", "FAIL",
                   f"{p + f} checks reported ({p} passed, {f} failed), "
                   f"{suite.expected} expected in ci/jhtest/suites.py")]


def parse_log(suite, text, rc, only=""):
    """(results, report lines) of one saved console log."""
    info = []
    if suite.kind == "root-panic":
        res, info = rootpanic.parse(suite.name, text, rc)
    else:
        unplanned = []
        res = scenarios.parse(suite.name, text, 0 if rc is None else rc,
                              suite.scenarios, unplanned)
        if unplanned:
            info.append("note: no PLAN= declared in: " + " ".join(unplanned))
        if suite.kind == "incell":
            res, info = incell.parse(suite.name, text, res)
        elif suite.kind == "attacks":
            res, info = attacks.parse(suite.name, text, res, only)
    if not only:
        res += count_check(suite, res)
    return res, info


def run(suite, outdir, log=None, rc=None, only=""):
    """Boot SUITE (or count LOG) and return (results, report lines)."""
    secs = 0.0
    if log is None:
        log = os.path.join(outdir, suite.name + ".log")
        extra = ["--append", f"attacks.only={only}"] if only else []
        rc, secs = boot(suite, log, extra)
    text = read_log(log)
    if rc is None:
        rc = exit_status_of(text)
    elif rc == "none":
        rc = None
    if text:
        res, info = parse_log(suite, text, rc, only)
    else:
        res, info = [Result(suite.name, "boot", "FAIL", f"no console log {rel(log)}")], []
    p, f = counts(res)
    info.append(f"{suite.name}: {p} passed, {f} failed, boot {secs:.1f} s, "
                f"QEMU exit {rc}, log {rel(log)}")
    return res, info
