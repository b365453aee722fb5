# SPDX-License-Identifier: GPL-2.0
"""Counting one boot's console log (what ci/run-scenarios.sh did).

Per boot (a "group" of scenarios):
  JHTEST PASS lines                      passed
  JHTEST FAIL lines                      failed
  a scenario without JHTEST DONE         failed (<scenario>.done: hang,
                                         crash, guest guard)
  fewer checks than the scenario's PLAN=N line declares (N+: at least
  N), or more than an exact N             failed (<scenario>.plan)
  result lines garbled on the shared console: the scenario's own DONE
  totals are authoritative; missing passes are recovered, a missing
  failure fails as <scenario>.garbled
  kernel Oops / BUG: / panic / WARNING   failed, one per line (kernel),
                                         not in a cell's "[NAME] " lines
  no clean poweroff                      failed (poweroff): /init must
                                         reach its poweroff -f and QEMU
                                         exit 0 before the timeout (124)
Lines a cell printed ("[NAME] text") never count: an inmate cannot forge
results."""
import re

from .paths import scenario_text
from .results import Result

CELL_LINE = re.compile(r"^\[[^\] ]*\] ")
CELL_LINE_KERNEL = re.compile(r"^\[[A-Za-z_][A-Za-z0-9_.-]*\] ")
JHTEST = re.compile(r"^.*(JHTEST [A-Z]+(?: .*)?)$")
KERNEL_BAD = re.compile(r"Internal error: Oops|Unable to handle kernel|BUG: |"
                        r"Kernel panic|WARNING: CPU: |SError Interrupt|Bad mode in")
KERNEL_STAMP = re.compile(r"^\[ *[0-9.]*\] ")
MAX_KERNEL_LINES = 10


def jhtest_lines(text):
    """The JHTEST records of a log (the last one on each line), without
    the lines a cell printed."""
    out = []
    for line in text.split("\n"):
        if CELL_LINE.match(line):
            continue
        m = JHTEST.match(line)
        if m:
            out.append(m.group(1))
    return out


def planned(scenario):
    """The scenario's PLAN=N ("N" exact, "N+" at least) or None. The
    host reads it from the scenario file, not from the guest."""
    m = re.search(r"^PLAN=(\d+\+?)(?: .*)?$", scenario_text(scenario), re.M)
    return m.group(1) if m else None


def done_totals(lines, scen):
    pat = re.compile(r"^JHTEST DONE %s passed=(\d*) failed=(\d*)$" % re.escape(scen))
    for line in lines:
        m = pat.match(line)
        if m:
            return m.group(1), m.group(2)
    return None


def garbled(group, scen, lines):
    """Recover passes and failures lost to garbling from DONE totals."""
    out = []
    tot = done_totals(lines, scen)
    if tot is None or tot[0] == "" or tot[1] == "":
        return out
    p, f = int(tot[0]), int(tot[1])
    pp = sum(1 for l in lines if l.startswith(f"JHTEST PASS {scen}."))
    pf = sum(1 for l in lines if l.startswith(f"JHTEST FAIL {scen}."))
    for i in range(p - pp):
        out.append(Result(group, f"{scen}.garbled_pass{i + 1}", "PASS",
                          f"{p - pp} passing result line(s) garbled on the console, "
                          "counted from the scenario's totals"))
    if f > pf:
        names = next((l[len(f"JHTEST FAILED {scen} "):] for l in lines
                      if l.startswith(f"JHTEST FAILED {scen} ")), "").strip()
        out.append(Result(group, f"{scen}.garbled", "FAIL",
                          f"{f - pf} failing check(s) whose result lines were garbled "
                          f"on the console; failed checks: {names or 'unknown'}"))
    return out


def plan_check(group, scen, lines, unplanned):
    """A check that never ran is a failure, whatever the totals say."""
    want = planned(scen)
    if want is None:
        unplanned.append(scen)
        return []
    tot = done_totals(lines, scen) or ("", "")
    n = int(tot[0] or 0) + int(tot[1] or 0)
    least = int(want.rstrip("+"))
    if n < least:
        return [Result(group, f"{scen}.plan", "FAIL",
                       f"{n} of {least} planned checks ran: {least - n} missing")]
    if not want.endswith("+") and n > least:
        return [Result(group, f"{scen}.plan", "FAIL",
                       f"{n} checks ran, PLAN={want} in ci/scenarios/{scen}.sh: update it")]
    return []


def not_done_reason(scen, lines, rc):
    if any(l.startswith(f"JHTEST TIMEOUT {scen}") for l in lines):
        return "guest guard timed out"
    if f"JHTEST BEGIN {scen}" not in lines:
        return "never started"
    if rc == 124:
        return "host timeout"
    return f"scenario ended early (QEMU exit {rc})"


def kernel_failures(group, text):
    """Root kernel trouble, one failure per line (at most ten). A cell's
    own lines ("[NAME] ...") are its scenario's business: linux-panic
    panics a Linux cell on purpose."""
    out = []
    for line in text.split("\n"):
        if CELL_LINE_KERNEL.match(line) or not KERNEL_BAD.search(line):
            continue
        line = KERNEL_STAMP.sub("", line, count=1).strip()
        if line:
            out.append(Result(group, "kernel", "FAIL", line))
        if len(out) == MAX_KERNEL_LINES:
            break
    return out


def poweroff(group, lines, rc):
    """A panic also ends QEMU with status 0 (panic=-1, -no-reboot): only
    the planned poweroff at the end of /init counts."""
    if rc == 0 and "JHTEST POWEROFF" in lines:
        return Result(group, "poweroff", "PASS")
    if rc == 124:
        return Result(group, "poweroff", "FAIL", "host timeout: QEMU still running")
    if rc == 0:
        return Result(group, "poweroff", "FAIL", "QEMU exited 0 without the planned poweroff")
    return Result(group, "poweroff", "FAIL", f"QEMU exit status {rc}")


def parse(group, text, rc, scenarios, unplanned=None):
    """Results of one boot: GROUP its name, TEXT the console log (CRs
    dropped), RC QEMU's exit status, SCENARIOS the boot's scenario names."""
    if unplanned is None:
        unplanned = []
    scen = list(scenarios)
    lines = jhtest_lines(text)
    out = []
    # Only names of this boot's scenarios count: a line garbled into
    # another name is recovered from the scenario's totals instead.
    for line in lines:
        m = re.match(r"^JHTEST (PASS|FAIL) (.*)$", line)
        if not m:
            continue
        words = m.group(2).split(None, 1)
        if not words or words[0].split(".")[0] not in scen:
            continue
        reason = words[1].strip() if len(words) > 1 else ""
        out.append(Result(group, words[0], m.group(1),
                          reason if m.group(1) == "FAIL" else ""))
    for s in scen:
        if any(re.match(r"^JHTEST DONE %s( |$)" % re.escape(s), l) for l in lines):
            out += garbled(group, s, lines)
            out += plan_check(group, s, lines, unplanned)
            continue
        out.append(Result(group, f"{s}.done", "FAIL",
                          "no JHTEST DONE: " + not_done_reason(s, lines, rc)))
    out += kernel_failures(group, text)
    out.append(poweroff(group, lines, rc))
    return out
