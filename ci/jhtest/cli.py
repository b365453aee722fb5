# SPDX-License-Identifier: GPL-2.0
"""Command line of the host test harness.

    ci/jhtest.sh list                       the suites (boots) and their counts
    ci/jhtest.sh run main-6.1 incell-6.1    boot these suites, count them
    ci/jhtest.sh run --layer incell         every suite of one layer
    ci/jhtest.sh run --group "smoke|--series 6.12|smoke|60"
                                            an ad-hoc boot
    ci/jhtest.sh run attacks-6.1 --only mem.hv_read,attack-hvc
    ci/jhtest.sh parse links-6.1 build/test/systest/links-6.1.log
    ci/jhtest.sh parse "g|alpha beta|0" console.log
                                            count a saved console log
    ci/jhtest.sh qemu --series 6.12 --scenarios enable    (= ci/qemu.sh)
    ci/jhtest.sh test                       everything make test runs

Every check prints one line, the same for every layer:
    PASS <suite>/<check>
    FAIL <suite>/<check>  (<reason>)
A run ends with "N passed, N failed"; the exit status is non-zero when
anything failed or nothing passed. `run` and `parse` also write JUnit XML
(--junit FILE)."""
import argparse
import os
import subprocess
import sys

from . import junit, maketest, qemu, runner, suites
from .paths import TOP, build_dir, child_env, err
from .results import counts, read_jsonl


def pick(names, layer, groups):
    out = []
    for spec in groups:
        out.append(suites.adhoc(spec))
    for n in names:
        s = suites.by_name(n)
        if s is None:
            raise ValueError(f"unknown suite '{n}' (see `list`)")
        out.append(s)
    if layer:
        if layer not in suites.LAYERS:
            raise ValueError(f"unknown layer '{layer}' ({', '.join(suites.LAYERS)})")
        out += suites.of_layer(layer)
    if not (names or layer or groups):
        out = list(suites.SUITES)
    return out


def report(res, info, junit_path):
    for r in res:
        print(r.line())
    for line in info:
        print(line)
    return summary(res, junit_path)


def cmd_list(_a):
    print("%-14s %-10s %-28s %5s %5s  %s" % ("suite", "layer", "qemu options",
                                             "tmo", "checks", "scenarios"))
    for s in suites.SUITES:
        print(s.row())
    total = sum(s.expected for s in suites.SUITES)
    print(f"expected checks of all boots: {total}")
    return 0


def run_pytest(chosen, outdir, junit_path):
    sink = os.path.join(outdir, "results.jsonl")
    if os.path.exists(sink):
        os.remove(sink)
    os.makedirs(outdir, exist_ok=True)
    env = child_env(JHTEST_SUITES=" ".join(s.name for s in chosen),
                    JHTEST_OUTDIR=outdir, JHTEST_RESULTS=sink)
    subprocess.call(maketest.pytest_cmd([os.path.join(TOP, "ci", "jhtest", "boots.py")]),
                    cwd=TOP, env=env)
    res = maketest.with_missing(read_jsonl(sink), chosen)
    return report(res, [], junit_path)


def cmd_run(a):
    try:
        chosen = pick(a.suites, a.layer, a.group)
    except ValueError as exc:
        err(f"jhtest: {exc}")
        return 2
    outdir = a.outdir or os.path.join(build_dir(), "test", "run")
    if a.pytest:
        if a.only:
            err("jhtest: --only needs a plain run (no --pytest)")
            return 2
        return run_pytest(chosen, outdir, a.junit)
    res = []
    for s in chosen:
        print(f"=== {s.name}: {' '.join(s.scenarios)} ({' '.join(s.qemu)})", flush=True)
        r, i = runner.run(s, outdir, only=a.only or "")
        for x in r:
            print(x.line())
        print("\n".join(i), flush=True)
        res += r
    return summary(res, a.junit)


def summary(res, junit_path):
    if junit_path:
        junit.write(junit_path, res)
    p, f = counts(res)
    print(f"{p} passed, {f} failed")
    return 0 if f == 0 and p > 0 else 1


def cmd_parse(a):
    if "|" in a.suite:
        f = a.suite.split("|")
        name, scen = f[0], f[1] if len(f) > 1 else ""
        rc = int(f[2]) if len(f) > 2 and f[2] else 0
        s = suites.Suite(name, "scenarios", "systest", "--series 6.1", scen, 0, None)
    else:
        s = suites.by_name(a.suite)
        if s is None:
            err(f"jhtest: unknown suite '{a.suite}' (see `list`)")
            return 2
        if a.no_count:
            s = suites.Suite(s.name, s.kind, s.layer, " ".join(s.qemu),
                             " ".join(s.scenarios), s.timeout, None)
        rc = a.rc
        if rc is not None and rc != "none":
            try:
                rc = int(rc)
            except ValueError:
                err(f"jhtest: --rc wants a number or 'none', not '{rc}'")
                return 2
    if not os.path.isfile(a.log):
        err(f"jhtest: no log {a.log}")
        return 2
    res, info = runner.run(s, None, log=a.log, rc=rc, only=a.only or "")
    return report(res, info, a.junit)


def parser():
    p = argparse.ArgumentParser(prog="ci/jhtest.sh", description=__doc__.split("\n\n")[0],
                                epilog=__doc__.split("\n\n", 1)[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list", help="the suites table")
    r = sub.add_parser("run", help="boot suites and count them")
    r.add_argument("suites", nargs="*", help="suite names (default: all)")
    r.add_argument("--layer", help="every suite of this layer")
    r.add_argument("--group", action="append", default=[],
                   metavar="NAME|QEMU OPTIONS|SCENARIOS|TIMEOUT", help="an ad-hoc boot")
    r.add_argument("--only", help="attacks: suites, families or family.name")
    r.add_argument("--outdir", help="logs (default build/test/run)")
    r.add_argument("--junit", help="write JUnit XML here")
    r.add_argument("--pytest", action="store_true",
                   help="one pytest item per suite, as make test runs them")
    q = sub.add_parser("parse", help="count a saved console log, no boot")
    q.add_argument("suite", help='a suite name, or "NAME|SCENARIOS|QEMU EXIT"')
    q.add_argument("log")
    q.add_argument("--rc", help="QEMU's exit status (default: the log's JHHOST "
                   "EXIT line; 'none': unknown, root-panic then leaves its reset "
                   "check out)")
    q.add_argument("--no-count", action="store_true",
                   help="leave out the expected-count check (compare with an "
                   "older log)")
    q.add_argument("--only", help="attacks: the selection the boot ran")
    q.add_argument("--junit", help="write JUnit XML here")
    sub.add_parser("qemu", help="boot QEMU (ci/qemu.sh; --help for its options)",
                   add_help=False)
    sub.add_parser("test", help="everything `make test` runs")
    return p


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "qemu":
        return qemu.main(argv[1:])
    a = parser().parse_args(argv)
    return {"list": cmd_list, "run": cmd_run, "parse": cmd_parse,
            "test": lambda _a: maketest.main()}[a.cmd](a)
