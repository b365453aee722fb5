# SPDX-License-Identifier: GPL-2.0
"""Attack tests: inmates that try to break isolation (what ci/attacks.sh
did). The `attacks` scenario (ci/scenarios/attacks.sh) runs the in-cell
attack suites in cell-a, then one fresh cell-a per one-shot attack.
Every attack is one case:

  one-shot attack   ATTACKRES PASS (the scenario saw the expected end:
                    parked, refused, ...; the victim, root and the
                    hypervisor are fine) AND the hypervisor's own report
                    (ATTACKHV lines: the FATAL line, its EC, the IPA of
                    describe_abort) is what the attack's EXPECT column
                    says it must provoke. Any other FATAL fails it.
  in-cell check     CELLTEST PASS = refused or ignored as it must; each
                    suite must report the number of checks declared in
                    the scenario's SUITES list (<suite>.plan otherwise)
  <suite>.aftermath the suite ended, no FATAL, everybody fine

Denials (the hypervisor refused or reported the fault) and architecture
checks (never reach EL2: EXPECT el1:/runs, the ARCH_CHECKS patterns) are
counted apart; so are distinct attacks and sweep cases (the same technique
on more targets: one-shots with the same image and op=, the in-cell checks
of one SWEEPS pattern). Both kinds count as passed.

Also failures: a suite without its DONE line, an expected attack without
result, hypervisor crashes (each PANIC line, QEMU exit status != 0, a run
that never reached its end), leaked pool pages (mem_pool_used at the end
vs. after enable), and failures of the scenario's own steps (enable,
creating the victim, poweroff...)."""
import fnmatch
import re

from .celltest import better, records
from .paths import exit_status_of
from .results import Result

SCEN = "attacks"


class Lists:
    """The scenario's SUITES, ATTACKS, ARCH_CHECKS and SWEEPS lists."""

    def __init__(self, only=""):
        from .paths import scenario_list
        self.only = [o for o in only.split(",") if o]
        self.suite_lines = scenario_list(SCEN, "SUITES")
        self.attack_lines = scenario_list(SCEN, "ATTACKS")
        self.arch = " ".join(scenario_list(SCEN, "ARCH_CHECKS")).split()
        self.sweeps = " ".join(scenario_list(SCEN, "SWEEPS")).split()
        self.suites = [l.split()[0] for l in self.suite_lines
                       if self.picked(l.split()[0], l.split()[0])]
        self.oneshots = []
        for l in self.attack_lines:
            w = l.split()
            if len(w) >= 2 and self.picked(f"{w[0]}.{w[1]}", w[0]):
                self.oneshots.append(f"{w[0]}.{w[1]}")

    def picked(self, ident, family):
        return not self.only or ident in self.only or family in self.only

    def plan(self):
        out = {}
        for l in self.suite_lines:
            w = l.split()
            out[w[0]] = w[1] if len(w) > 1 else ""
        return out

    def expectations(self, ring):
        """expect[id] (the EXPECT column) and key[id] (image + op: the
        technique, for telling distinct attacks from sweeps)."""
        expect, key = {}, {}
        for l in self.attack_lines:
            w = l.split(None, 4)
            if len(w) < 2:
                continue
            fam, name = w[0], w[1]
            img = w[2] if len(w) > 2 else ""
            exp = w[3] if len(w) > 3 else ""
            args = w[4] if len(w) > 4 else ""
            expect[f"{fam}.{name}"] = exp.replace("@RING@", ring or "@RING@")
            op = re.findall(r"(?:^| )op=(\S+)", args)
            key[f"{fam}.{name}"] = f"{img} {op[0] if op else name}"
        return expect, key

    def is_arch(self, what):
        """An architecture check, not a hypervisor denial."""
        if what.startswith("el1:") or what == "runs":
            return True
        return any(fnmatch.fnmatchcase(what, p) for p in self.arch)

    def technique(self, check):
        for p in self.sweeps:
            if fnmatch.fnmatchcase(check, p):
                return p
        return check


def num(text):
    try:
        return int(text, 0)
    except (TypeError, ValueError):
        return None


def verdict_fatal(want, fatal, rep):
    want_ec = want.split("@")[0]
    if not fatal:
        return f"no hypervisor FATAL report (expected EC {want_ec});"
    m = re.search(r": EC (0x[0-9a-f]*) \(", fatal)
    if not m:
        return (f"hypervisor reported '{fatal.split(': ', 1)[1]}', "
                f"expected a trap with EC {want_ec};")
    why = ""
    if num(m.group(1)) != num(want_ec):
        why = f"hypervisor reported EC {m.group(1)}, expected EC {want_ec};"
    if "@" not in want:
        return why
    want_ipa, length = want.split("@", 1)[1], "1"
    if "+" in want_ipa:
        want_ipa, length = want_ipa.rsplit("+", 1)
    ipas = re.findall(r" at IPA (0x[0-9a-f]*)", rep)
    if not ipas:
        return why + f"no IPA in the hypervisor's report, expected {want_ipa};"
    lo, n, ipa = num(want_ipa), num(length), num(ipas[0])
    if lo is None or n is None or ipa is None or not lo <= ipa < lo + n:
        return why + (f"hypervisor reported IPA {ipas[0]}, expected {want_ipa}"
                      f"{'' if length == '1' else '+' + length};")
    return why


def verdict_el1(exp, fatal):
    m = re.search(r": guest panic: ESR (0x[0-9a-f]*) ", fatal)
    if not m:
        return ("expected the cell's own report of an EL1 exception (guest panic), "
                f"got '{fatal or 'no report'}';")
    esr = m.group(1)
    kind, val = exp.split(":", 1)
    if kind == "el1":
        ec = (num(esr) >> 26) & 0x3F
        if ec != num(val):
            return f"the cell reported an EL1 exception with EC 0x{ec:02x}, expected {val};"
        return ""
    if esr != val:
        return f"guest panic report with ESR {esr}, expected {val};"
    return ""


def hv_verdict(exp, rep):
    """Empty if REP (the hypervisor's report for one attack) is what EXP
    says it must print, else why not. A parked cell alone proves nothing:
    the fault class (EC) and address (IPA) must be the attack's."""
    fatal = next((l for l in rep.split("\n")
                  if l.startswith('FATAL: CPU 1, cell "cell-a": ')), "")
    if exp.startswith("fatal:"):
        return verdict_fatal(exp[len("fatal:"):], fatal, rep)
    if exp.startswith("el1:") or exp.startswith("panic:"):
        return verdict_el1(exp, fatal)
    if fatal:
        return f"unexpected hypervisor report: {fatal[len('FATAL: '):]};"
    return ""


class Tally:
    """Per family: tried, denied, arch, failed; distinct/sweep counts."""

    def __init__(self, group):
        self.group = group
        self.families, self.rows = [], {}
        self.results, self.seen_tech = [], set()
        self.distinct = self.sweep = self.after = 0

    def count(self, fam, ident, kind, arch, tech, detail):
        if fam not in self.rows:
            self.families.append(fam)
            self.rows[fam] = {"tried": 0, "denied": 0, "arch": 0, "failed": 0}
        row = self.rows[fam]
        row["tried"] += 1
        if kind == "PASS":
            row["arch" if arch else "denied"] += 1
            self.results.append(Result(self.group, ident, "PASS",
                                       "architecture check" if arch else ""))
        else:
            row["failed"] += 1
            self.results.append(Result(self.group, ident, "FAIL", detail))
        if not tech:
            self.after += 1
        elif tech in self.seen_tech:
            self.sweep += 1
        else:
            self.seen_tech.add(tech)
            self.distinct += 1


def oneshot_results(clean):
    """One result per attack id: the final block, else the progress lines.
    A FAIL beats a PASS seen for the same id (garbled duplicates)."""
    final = [m.group(1) for m in re.finditer(
        r"^ATTACKRES ((?:PASS|FAIL) [a-z0-9-]+\.[a-z0-9_]+(?: .*)?)$", clean, re.M)]
    if not final:
        final = [m.group(1) for m in re.finditer(
            r"ATTACK ((?:PASS|FAIL) [a-z0-9-]+\.[a-z0-9_]+(?: .*)?)$", clean, re.M)]
    res, det = {}, {}
    for line in final:
        w = line.split(None, 2)
        if w[1] not in res or w[0] == "FAIL":
            res[w[1]], det[w[1]] = w[0], (w[2] if len(w) > 2 else "")
    return res, det


def suite_records(clean):
    ct = [m.group(1) for m in re.finditer(
        r"^ATTACKCT (\[cell-a\] CELLTEST .*)", clean, re.M)]
    if not ct:
        ct = [m.group(0) for m in re.finditer(r"\[cell-a\] CELLTEST .*", clean)]
    res, det, done = {}, {}, set()
    for rec in records(ct):
        w = rec.split(None, 2)
        if w[1] == "DONE":
            done.add(w[2].split()[0])
            continue
        key = w[2].split(":", 1)[0]
        if better(res.get(key), w[1]):
            res[key] = w[1]
            det[key] = w[2].split(": ", 1)[1] if ": " in w[2] else w[2]
    return res, det, done


def hv_reports(clean):
    hvr = {}
    for m in re.finditer(r"^ATTACKHV ([a-z0-9-]+\.[a-z0-9_]+) (.*)$", clean, re.M):
        hvr[m.group(1)] = hvr.get(m.group(1), "") + m.group(2) + "\n"
    return hvr


def count_oneshots(t, lists, clean):
    ring = re.search(r"console ring at (0x[0-9a-f]*)", clean)
    expect, key = lists.expectations(ring.group(1) if ring else "")
    res, det = oneshot_results(clean)
    hvr = hv_reports(clean)
    for ident in lists.oneshots + [f"{s}.aftermath" for s in lists.suites]:
        exp = expect.get(ident, "none")
        kind, why = res.get(ident), det.get(ident, "")
        if kind is None:
            kind, why = "FAIL", "no result (the run hung or crashed before it)"
        else:
            # The hypervisor must have said exactly what the attack is
            # meant to provoke (no report block: nothing is proven).
            v = hv_verdict(exp, hvr.get(ident, ""))
            if v:
                why, kind = f"{v} (expected {exp}; scenario: {kind} {why})", "FAIL"
        t.count(ident.split(".")[0], ident, kind, lists.is_arch(exp),
                key.get(ident, ""), why)


def count_suites(t, lists, clean):
    res, det, done = suite_records(clean)
    plan = lists.plan()
    for s in lists.suites:
        n = 0
        for k in sorted(res):
            if k.split(".")[0] != s:
                continue
            n += 1
            t.count(s, k, "PASS" if res[k] == "PASS" else "FAIL",
                    lists.is_arch(k), lists.technique(k), det[k])
        if s not in done:
            t.count(s, f"{s}.done", "FAIL", False, "",
                    f"no 'CELLTEST DONE {s}' line (the suite died or hung)")
        # The declared number of checks: one that never reported is a
        # failure, not a smaller total.
        want = plan.get(s, "")
        if not want.isdigit():
            t.count(s, f"{s}.plan", "FAIL", False, "",
                    f"no number of checks declared for {s} in the SUITES list "
                    "of ci/scenarios/attacks.sh")
        elif n < int(want):
            t.count(s, f"{s}.plan", "FAIL", False, "",
                    f"only {n} of {want} declared checks reported: {int(want) - n} missing")
        elif n > int(want):
            t.count(s, f"{s}.plan", "FAIL", False, "",
                    f"{n} checks reported, {want} declared: update the SUITES list")


def health(group, clean, rc, scenario_results):
    """Crashes, leaks and the scenario's own steps: (results, lines)."""
    out = []
    panics = re.findall(r"^PANIC.*$", clean, re.M)
    out += [Result(group, "hv.panic", "FAIL", p) for p in panics]
    ends = re.findall(r"^ATTACKEND .*$", clean, re.M)
    if not ends:
        out.append(Result(group, "hv.end", "FAIL", "the run did NOT reach its end"))
    if rc != 0:
        out.append(Result(group, "hv.qemu_exit", "FAIL",
                          f"QEMU exit status {'?' if rc is None else rc}"))
    end = ends[-1] if ends else ""
    p0 = re.search(r"pool_after_enable=(\d+)", end)
    p1 = re.search(r"pool_end=(\d+)", end)
    leaked = int(p1.group(1)) - int(p0.group(1)) if p0 and p1 else "?"
    if leaked != 0:
        out.append(Result(group, "pool.leak", "FAIL",
                          f"{leaked} pages leaked (mem_pool_used after enable "
                          f"{p0.group(1) if p0 else '?'}, at the end {p1.group(1) if p1 else '?'})"))
    steps = [Result(group, "scenario." + r.check, "FAIL", r.reason)
             for r in scenario_results if r.verdict == "FAIL"
             and not r.check.startswith(("attacks.atk.", "attacks.garbled"))]
    lines = [
        f"hypervisor crashes: {len(panics) + (not ends) + (rc != 0)} (PANIC lines "
        f"{len(panics)}, QEMU exit {'?' if rc is None else rc}, run "
        f"{'reached its end' if ends else 'did NOT reach its end'})",
        f"pages leaked:       {leaked} (mem_pool_used after enable "
        f"{p0.group(1) if p0 else '?'}, at the end {p1.group(1) if p1 else '?'})",
        f"scenario steps:     {len(steps)} failed"]
    return out + steps, lines


def table(t, lists):
    out = ["%-16s %6s %7s %6s %7s" % ("family", "tried", "denied", "arch", "failed")]
    tot = {"tried": 0, "denied": 0, "arch": 0, "failed": 0}
    for fam in t.families:
        row = t.rows[fam]
        label = fam + "*" if fam in lists.suites else fam
        out.append("%-16s %6d %7d %6d %7d" % (label, row["tried"], row["denied"],
                                            row["arch"], row["failed"]))
        for k in tot:
            tot[k] += row[k]
    out.append("%-16s %6d %7d %6d %7d" % ("total", tot["tried"], tot["denied"],
                                        tot["arch"], tot["failed"]))
    out += ["  (* in-cell suite: its checks plus <suite>.aftermath)",
            "  denied: the hypervisor reported the fault the attack is meant to provoke",
            "  (EC, IPA) or refused/handled it as declared; arch: architecture checks",
            "  that never reach EL2 (UNDEF or fault at EL1, ignored by the CPU)",
            f"{t.distinct} distinct attacks, {t.sweep} sweep cases (further parameters "
            f"of the same technique), {t.after} aftermath/plan checks"]
    return out, tot


def parse(group, text, scenario_results=(), only=""):
    """Results of the attack layer for one boot, and the report lines.
    QEMU's exit status comes from the log's JHHOST EXIT line (none: a
    failure)."""
    rc = exit_status_of(text)
    lists = Lists(only)
    if not lists.suites and not lists.oneshots:
        return [Result(group, "selection", "FAIL",
                       "nothing selected from the SUITES/ATTACKS lists in "
                       "ci/scenarios/attacks.sh")], []
    t = Tally(group)
    count_oneshots(t, lists, text)
    count_suites(t, lists, text)
    rep, tot = table(t, lists)
    extra, hl = health(group, text, rc, scenario_results)
    return t.results + extra, rep + [""] + hl
