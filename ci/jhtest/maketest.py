# SPDX-License-Identifier: GPL-2.0
"""`make test`: dependencies, build, then every test layer in order.

Each layer prints one line and adds to the totals; a layer that cannot
build or run counts as one failure and the run goes on. The boot layers
(systest, incell, attacks, root-panic) run as pytest items (boots.py) and
count their checks, not their items. The last line is exactly
"N passed, N failed"; the exit status is non-zero if anything failed or
nothing passed. Logs: build/test/. build/test/junit.xml holds one
testcase per counted case of every layer; finish() checks that its
passed/failed cases equal the printed totals."""
import os
import re
import subprocess
import time

from . import junit, layercases, suites
from .paths import PYTHON, TOP, build_dir, child_env
from .results import Result, counts, read_jsonl

KSERIES = ("6.1", "6.12")
MAX_FAIL_LINES = 20


def pytest_cmd(paths):
    return [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"] + list(paths)


class Totals:
    """The printed totals and, apart from them, the cases of the XML:
    a layer's counts come from its summary lines, its cases from its
    per-case lines, so check_xml() can compare the two."""
    def __init__(self):
        self.passed = self.failed = 0
        self.results = []
        self.layers = []

    def layer(self, name, p, f, note="", cases=()):
        print("%-14s %4d passed, %4d failed%s" % (name + ":", p, f,
                                                  f"  ({note})" if note else ""), flush=True)
        self.passed += p
        self.failed += f
        self.layers.append((name, p, f, list(cases)))
        self.results += cases


def sh(cmd, log, env=None):
    with open(log, "w", encoding="utf-8") as out:
        return subprocess.call(cmd, cwd=TOP, stdout=out, stderr=subprocess.STDOUT,
                               env=env or child_env())


def text_of(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as src:
            return src.read()
    except OSError:
        return ""


def secs(t):
    return f"{int(time.monotonic() - t)} s"


def unit_counts(text):
    """cmocka's "[  PASSED  ] N test(s)" / "[  FAILED  ] N test(s)" lines."""
    p = sum(int(n) for n in re.findall(r"^\[  PASSED  \] (\d+) test", text, re.M))
    f = sum(int(n) for n in re.findall(r"^\[  FAILED  \] (\d+) test", text, re.M))
    return p, f


def pytest_counts(text):
    """The last pytest summary line: (passed, failed + errors)."""
    lines = re.findall(r"^(?:=+ )?\d+ (?:passed|failed|errors?).*$", text, re.M)
    if not lines:
        return 0, 0
    last = lines[-1]
    p = sum(int(n) for n in re.findall(r"(\d+) passed", last))
    f = sum(int(n) for n in re.findall(r"(\d+) (?:failed|errors?)", last))
    return p, f


def fuzz_counts(text):
    found = re.findall(r"^(\d+) passed, (\d+) failed$", text, re.M)
    return (int(found[-1][0]), int(found[-1][1])) if found else None


def with_missing(res, chosen):
    """A suite that left no results (its item crashed, pytest died) is a
    failure: the totals never shrink silently."""
    seen = {r.suite for r in res}
    return res + [Result(s.name, "run", "FAIL", "no results: the boot did not finish")
                  for s in chosen if s.name not in seen]


def boot_note(outdir, name):
    """", boot S s, QEMU exit N, log F" from the boot's report, if any."""
    last = text_of(os.path.join(outdir, name + ".txt")).rstrip("\n").split("\n")[-1]
    m = re.match(r"^%s: \d+ passed, \d+ failed(, .*)$" % re.escape(name), last)
    return m.group(1) if m else ""


def boot_layer(t, layer, logs):
    chosen = suites.of_layer(layer)
    outdir = os.path.join(logs, layer)
    os.makedirs(outdir, exist_ok=True)
    sink = os.path.join(logs, layer + ".jsonl")
    if os.path.exists(sink):
        os.remove(sink)
    t0 = time.monotonic()
    env = child_env(JHTEST_SUITES=" ".join(s.name for s in chosen),
                    JHTEST_OUTDIR=outdir, JHTEST_RESULTS=sink)
    sh(pytest_cmd([os.path.join(TOP, "ci", "jhtest", "boots.py")]),
       os.path.join(logs, layer + ".log"), env)
    res = with_missing(read_jsonl(sink), chosen)
    for s in chosen:
        p, f = counts([r for r in res if r.suite == s.name])
        print(f"    {s.name}: {p} passed, {f} failed{boot_note(outdir, s.name)}")
    fails = [r.line()[:160] for r in res if r.verdict == "FAIL"]
    for line in fails[:MAX_FAIL_LINES]:
        print("    " + line)
    if len(fails) > MAX_FAIL_LINES:
        print(f"    ... {len(fails) - MAX_FAIL_LINES} more failures in {outdir}/")
    p, f = counts(res)
    t.layer(layer, p, f, f"{secs(t0)}, logs in {outdir}/", res)


def deps(t, logs):
    if sh(["bash", "ci/deps.sh"], os.path.join(logs, "deps.log")) != 0:
        print("\n".join(text_of(os.path.join(logs, "deps.log")).split("\n")[-20:]))
        why = f"ci/deps.sh failed, see {logs}/deps.log"
        t.layer("deps", 0, 1, why, [Result("deps", "deps", "FAIL", why)])
        return False
    return True


def build(t, logs):
    """Each component on its own: one broken piece does not hide the rest."""
    t0, broken = time.monotonic(), []
    for c in ("hypervisor", "driver", "tools", "configs", "inmates"):
        if sh(["make", c], os.path.join(logs, f"build-{c}.log")) != 0:
            broken.append(c)
    note = secs(t0) + (f"; failed: {' '.join(broken)}, see {logs}/build-*.log" if broken else "")
    t.layer("build", 0, len(broken), note,
            [Result("build", c, "FAIL", f"make {c} failed, see {logs}/build-{c}.log")
             for c in broken])


def command_layer(t, layer, check, rc, counts, t0, cases, why):
    """A layer counted from a command's own output; a command that failed
    without a failing test adds one failure, <layer>/<check>."""
    p, f = counts
    if rc != 0 and f == 0:
        t.layer(layer, p, 1, why, cases + [Result(layer, check, "FAIL", why)])
    else:
        t.layer(layer, p, f, secs(t0), cases)


def unit(t, logs):
    t0, log = time.monotonic(), os.path.join(logs, "unit.log")
    rc = sh(["make", "unit"], log)
    text = text_of(log)
    command_layer(t, "unit", "make", rc, unit_counts(text), t0, layercases.unit_cases(text),
                  f"make unit failed (exit {rc}), see {log}")


def pytest_layer(t, logs):
    """Python tests of the tools and of this harness. Exit 5: nothing
    collected."""
    t0, log = time.monotonic(), os.path.join(logs, "pytest.log")
    xml = os.path.join(logs, "pytest-junit.xml")
    if os.path.exists(xml):
        os.remove(xml)
    rc = sh(pytest_cmd(["--junitxml", xml, "tools/tests"]), log)
    cases = layercases.pytest_cases(xml)
    if rc == 5:
        t.layer("pytest", 0, 0, "no tests collected", cases)
    else:
        command_layer(t, "pytest", "run", rc, pytest_counts(text_of(log)), t0, cases,
                      f"pytest exit {rc}, see {log}")


def fuzz_smoke(t, logs):
    if subprocess.call(["make", "-n", "fuzz-smoke"], cwd=TOP, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL) != 0:
        why = "no fuzz-smoke target in the Makefile"
        t.layer("fuzz-smoke", 0, 1, why, [Result("fuzz-smoke", "target", "FAIL", why)])
        return
    t0, log = time.monotonic(), os.path.join(logs, "fuzz-smoke.log")
    rc = sh(["make", "fuzz-smoke"], log)
    # One case per fuzzer: ci/fuzz.sh ends with "N passed, M failed".
    text = text_of(log)
    got, cases = fuzz_counts(text), layercases.fuzz_cases(text)
    if rc == 0 and got:
        t.layer("fuzz-smoke", got[0], got[1], secs(t0), cases)
    else:
        p, f = got or (0, 0)
        why = f"make fuzz-smoke exit {rc}" + ("" if got else ", no counts line") + f", see {log}"
        extra = [] if f else [Result("fuzz-smoke", "run", "FAIL", why)]
        t.layer("fuzz-smoke", p, max(f, 1), f"see {log}", cases + extra)


def guarded(t, name, fn, *args):
    """A layer that raises is one failure, and the run goes on."""
    try:
        return fn(t, *args)
    except Exception as exc:  # noqa: BLE001 - any harness bug is a failure
        why = f"harness error: {exc!r}"
        t.layer(name, 0, 1, why, [Result(name, "harness", "FAIL", why)])
        return None


def check_xml(t):
    """The XML must hold exactly the counted cases. Counts and cases are
    read apart, so a parser that loses or invents a case shows up here as
    one failure naming the layers that disagree (its own case keeps the
    difference as it was)."""
    got = counts(t.results)
    if got == (t.passed, t.failed):
        return
    bad = ["%s %d/%d counted, %d/%d in the XML" % ((name, p, f) + counts(cases))
           for name, p, f, cases in t.layers if counts(cases) != (p, f)]
    why = (f"totals {t.passed} passed, {t.failed} failed, junit.xml {got[0]} passed, "
           f"{got[1]} failed: " + ("; ".join(bad) or "no layer recorded"))
    t.layer("junit", 0, 1, why, [Result("junit", "counts", "FAIL", why)])


def finish(t, logs, t_start):
    guarded(t, "junit", check_xml)
    junit.write(os.path.join(logs, "junit.xml"), t.results)
    print(f"total wall time: {secs(t_start)}")
    print(f"{t.passed} passed, {t.failed} failed", flush=True)
    return 0 if t.failed == 0 and t.passed > 0 else 1


def main():
    logs = os.path.join(build_dir(), "test")
    os.makedirs(logs, exist_ok=True)
    t, t_start = Totals(), time.monotonic()
    if not guarded(t, "deps", deps, logs):
        return finish(t, logs, t_start)
    guarded(t, "build", build, logs)
    guarded(t, "unit", unit, logs)
    guarded(t, "pytest", pytest_layer, logs)
    for layer in suites.LAYERS:
        guarded(t, layer, boot_layer, layer, logs)
    guarded(t, "fuzz-smoke", fuzz_smoke, logs)
    return finish(t, logs, t_start)
