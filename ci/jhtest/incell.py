# SPDX-License-Identifier: GPL-2.0
"""Layer 4, checks that run inside a cell (what ci/incell.sh did).

The `incell` scenario (ci/scenarios/incell.sh) runs each test inmate in
cell-b; the inmates' CELLTEST records (celltest.py) are counted here. A
check is counted once however often its line appears (the scenario copies
the console after each suite and at the end). Failures also: an expected
suite without DONE (<suite>.done); a suite whose distinct checks differ
from the number declared next to it in the scenario's SUITES list
(<suite>.plan: a check that never reported is not a smaller total); and
every failure of the scenario's own boot (JHTEST FAIL, kernel oops, no
clean poweroff). The scenario's own passes are not counted here."""
from .celltest import better, records
from .paths import scenario_list
from .results import Result


def plans():
    """[(suite, declared checks or None)] from the SUITES list
    ("suite:checks:args" lines)."""
    out = []
    for line in scenario_list("incell", "SUITES"):
        f = line.split(":")
        if f[0]:
            out.append((f[0], int(f[1]) if len(f) > 1 and f[1].isdigit() else None))
    return out


def collect(text):
    """res[check], detail[check], seen[check], done_total[suite]."""
    res, detail, seen, done = {}, {}, {}, {}
    for rec in records(text.split("\n")):
        w = rec.split()
        if w[1] == "DONE":
            done[w[2]] = int(w[3][len("passed="):]) + int(w[4][len("failed="):])
            continue
        key = w[2].rstrip(":")
        if w[1] != "PASS" and key not in detail:
            detail[key] = rec.split(": ", 1)[1] if ": " in rec else ""
        seen[key] = seen.get(key, 0) + 1
        if better(res.get(key), w[1]):
            res[key] = w[1]
    return res, detail, seen, done


def suite_results(group, suite, plan, res, detail, seen, done):
    """One suite's Results and its table row."""
    keys = [k for k in res if k.startswith(suite + ".")]
    many = sum(1 for k in keys if seen[k] > 1)
    # More distinct checks than the suite reported: drop the ones seen
    # only once (fragments of interleaved lines).
    drop = suite in done and len(keys) > done[suite] and many >= done[suite]
    out = []
    for k in sorted(keys):
        if drop and seen[k] < 2:
            continue
        out.append(Result(group, k, res[k], detail.get(k, "")))
    n = len(out)
    status = "ok"
    if plan is None:
        out.append(Result(group, f"{suite}.plan", "FAIL",
                          f"no number of checks declared for {suite} in the SUITES "
                          "list of ci/scenarios/incell.sh"))
    elif n != plan:
        miss = f": {plan - n} missing" if n < plan else ""
        out.append(Result(group, f"{suite}.plan", "FAIL",
                          f"{n} distinct checks reported, {plan} declared{miss}"))
    if suite not in done:
        status = "NO DONE LINE (counted as a failure)"
        out.append(Result(group, f"{suite}.done", "FAIL",
                          f"no 'CELLTEST DONE {suite}' line (hang, crash or cut-off log)"))
    elif plan is not None and n != plan:
        status = f"{n} of {plan} declared checks (counted as a failure)"
    elif n < done[suite]:
        status = f"only {n} of {done[suite]} reported checks found in the log"
    elif any(r.verdict == "FAIL" for r in out):
        status = "FAILED"
    return out, status


def parse(group, text, scenario_results=()):
    """Results of the in-cell layer for one boot. SCENARIO_RESULTS: the
    scenario's own (scenarios.parse), of which only failures count.
    Returns (results, table lines)."""
    res, detail, seen, done = collect(text)
    pl = plans()
    if not pl:
        return [Result(group, "suites", "FAIL",
                       "no SUITES list in ci/scenarios/incell.sh")], []
    out = []
    table = ["%-16s %6s %6s %6s  %s" % ("suite", "passed", "failed", "skipped", "status")]
    for suite, plan in pl:
        rs, status = suite_results(group, suite, plan, res, detail, seen, done)
        out += rs
        c = {v: sum(1 for r in rs if r.verdict == v) for v in ("PASS", "FAIL", "SKIP")}
        table.append("%-16s %6d %6d %6d  %s" % (suite, c["PASS"], c["FAIL"], c["SKIP"], status))
    scen_fail = [Result(group, "scenario." + r.check, "FAIL", r.reason)
                 for r in scenario_results if r.verdict == "FAIL"]
    if scen_fail:
        table.append("%-16s %6s %6d %6s  %s" % ("(scenario)", "-", len(scen_fail), "-",
                                               "the scenario's own failures"))
    return out + scen_fail, table
