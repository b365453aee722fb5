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


def unit_log(passed, failed=()):
    """`make unit` output of one cmocka 1.1.5 program as it lands in a
    log: stderr (FAILED, the totals) before the buffered stdout."""
    err = [f"[  FAILED  ] {n}" for n in failed]
    tail = [f"[  PASSED  ] {len(passed)} test(s)."]
    if failed:
        tail += [f"[  FAILED  ] {len(failed)} test(s), listed below:"] + err
    run = [f"[ RUN      ] {n}\n[       OK ] {n}" for n in passed]
    run += [f"[ RUN      ] {n}" for n in failed]
    return "\n".join(["=== test_fake"] + err + tail + [
        f"[==========] Running {len(passed) + len(failed)} test(s)."] + run) + "\n"


def pytest_xml(path, passed, failed=0):
    """A --junitxml file the way pytest writes it."""
    cases = "".join(f'<testcase classname="t.test_a" name="test_p{i}" time="0"/>'
                    for i in range(passed))
    cases += "".join(f'<testcase classname="t.test_a" name="test_f{i}" time="0">'
                     f'<failure message="assert 0">x</failure></testcase>'
                     for i in range(failed))
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?><testsuites>'
                  f'<testsuite name="pytest" tests="{passed + failed}">{cases}'
                  '</testsuite></testsuites>')


def fuzz_log(passed, failed=0):
    """ci/fuzz.sh output: one line per fuzzer, then the totals."""
    lines = [f"fuzz: f{i}: 10 runs, 0 findings (1 s, 10 runs/s)" for i in range(passed)]
    lines += [f"  ERROR: AddressSanitizer\nfuzz: g{i}: 5 runs, 1 finding (exit 1), "
              f"log x, artifacts in y/" for i in range(failed)]
    return "\n".join(lines + [f"{passed} passed, {failed} failed"]) + "\n"


def fake_sh(unit, pytest_pf, fuzz, ran=None):
    """A stand-in for maketest.sh: each command writes its canned log
    (and pytest its --junitxml file); a boot layer's pytest run writes
    one PASS per boot but kvm-6.12 and one FAIL for its first boot."""
    canned = {"unit.log": unit, "pytest.log": "%d passed, %d failed in 1s\n" % pytest_pf,
              "fuzz-smoke.log": fuzz}

    def run(cmd, log, env=None):
        if ran is not None:
            ran.append(os.path.basename(log))
        with open(log, "w", encoding="utf-8") as out:
            out.write(canned.get(os.path.basename(log), ""))
        if "--junitxml" in cmd:
            pytest_xml(cmd[cmd.index("--junitxml") + 1], *pytest_pf)
        if env and env.get("JHTEST_RESULTS"):
            names = env["JHTEST_SUITES"].split()
            res = [results.Result(n, "c", "PASS") for n in names if n != "kvm-6.12"]
            res.append(results.Result(names[0], "d", "FAIL", "boom"))
            results.write_jsonl(env["JHTEST_RESULTS"], res)
        return 0
    return run
