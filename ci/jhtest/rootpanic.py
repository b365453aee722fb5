# SPDX-License-Identifier: GPL-2.0
"""Root panic test (what ci/check-root-panic.sh did): one boot of
ci/scenarios/root-panic.sh (two cells running, then root Linux panics and
reboots PANIC_S seconds later); the console log must show that the cells
kept printing while Linux was dead. The scenario parser (scenarios.py)
cannot count this boot: it fails a kernel panic and a missing poweroff.

Checks, suite root-panic-<series>:
  the scenario's own JHTEST lines before the panic (and its DONE line,
                     whose totals must match its PLAN=N line)
  panicked           the log shows "Kernel panic - not syncing"
  kernel_before      no oops/BUG/WARNING before the panic
  b_ticks_after      cell-b's "hello: tick" lines after the panic: at
                     least MIN_B, numbers rising past the last one before
  a_ticks_after      cell-a's fuzz-victim ticks after the panic: at least
                     MIN_A, the CRC as at its start, no stray interrupts
  hv_no_fault        no hypervisor FATAL/PANIC line anywhere
  reset              QEMU exited 0: root's PSCI SYSTEM_RESET after the
                     panic timeout still reached the machine (not checked
                     when the exit status is unknown)"""
import re

from .results import Result
from .scenarios import KERNEL_BAD

SCEN = "root-panic"
TIMEOUT = 240
PANIC_S = 20
# cell-b ticks every 200 ms, cell-a every 500 ms: ask for a third of what
# PANIC_S seconds give (TCG on a loaded host is slow).
MIN_B = PANIC_S * 5 // 3
MIN_A = PANIC_S * 2 // 3
PANIC = "Kernel panic - not syncing"


def scenario_part(group, all_lines):
    """The scenario's results before the panic, DONE totals, PLAN."""
    from .scenarios import planned
    lines = [m.group(1) for m in (re.match(r"^.*(JHTEST [A-Z]+(?: .*)?)$", l)
                                  for l in all_lines) if m]
    out = []
    for line in lines:
        m = re.match(r"^JHTEST (PASS|FAIL) (\S+)\s*(.*)$", line)
        if m and m.group(2).startswith(SCEN + "."):
            out.append(Result(group, m.group(2), m.group(1),
                              m.group(3).strip() if m.group(1) == "FAIL" else ""))
    done = next((m for m in (re.match(r"^JHTEST DONE root-panic passed=(\d+) failed=(\d+)$", l)
                             for l in lines) if m), None)
    if done is None:
        out.append(Result(group, "root-panic.done", "FAIL", "no JHTEST DONE root-panic"))
    else:
        p, f = int(done.group(1)), int(done.group(2))
        pp = sum(1 for l in lines if l.startswith("JHTEST PASS root-panic."))
        pf = sum(1 for l in lines if l.startswith("JHTEST FAIL root-panic."))
        # Result lines garbled on the shared UART still count.
        for i in range(p - pp):
            out.append(Result(group, f"root-panic.garbled_pass{i + 1}", "PASS",
                              "passing result line garbled, counted from the totals"))
        if f > pf:
            out.append(Result(group, "root-panic.garbled", "FAIL",
                              f"{f - pf} failing check(s) garbled"))
    plan = planned(SCEN)
    if plan is None or not plan.isdigit():
        out.append(Result(group, "root-panic.plan", "FAIL",
                          "no PLAN= line in ci/scenarios/root-panic.sh"))
    elif done is not None and p + f != int(plan):
        out.append(Result(group, "root-panic.plan", "FAIL",
                          f"{p + f} checks ran, {plan} planned"))
    return out


def cell_b(lines, pline):
    last, cnt, first, mx, down = 0, 0, 0, 0, 0
    for i, line in enumerate(lines, 1):
        m = re.search(r"\[cell-b\] hello: tick (\d+)$", line)
        if not m:
            continue
        n = int(m.group(1))
        if i < pline:
            last = n
            continue
        cnt += 1
        if not first:
            first = n
        if n <= mx:
            down += 1
        mx = max(mx, n)
    why = ""
    if cnt < MIN_B:
        why += f" {cnt} tick lines after the panic (want {MIN_B});"
    if first <= last:
        why += f" first tick after the panic {first}, last before {last};"
    if down:
        why += f" {down} tick numbers not rising;"
    info = f"cell-b: last tick before the panic {last}; after it {cnt} ticks, {first}..{mx}"
    return why, info


def cell_a(text, lines, pline):
    # The start CRC from a whole pattern line (the shared console can cut
    # a line short: a garbled one must not stand for the cell's CRC), else
    # from the first whole tick line.
    m = re.search(r"\[cell-a\] fuzz-victim: (?:pattern [^ ]+|tick [0-9]+) crc (0x[0-9a-f]+)"
                  r"(?: stray [0-9]+)?$", text, re.M)
    crc0 = m.group(1) if m else ""
    cnt, bad, stray, mx = 0, 0, 0, 0
    for line in lines[pline:]:
        m = re.search(r"\[cell-a\] fuzz-victim: tick ([0-9]+) crc (0x[0-9a-f]+) "
                      r"stray ([0-9]+)$", line)
        if not m:
            continue
        cnt += 1
        mx = max(mx, int(m.group(1)))
        bad += m.group(2) != crc0
        stray += int(m.group(3)) != 0
    why = "" if crc0 else " no start CRC;"
    if cnt < MIN_A:
        why += f" {cnt} tick lines after the panic (want {MIN_A});"
    if bad:
        why += f" {bad} ticks with a CRC other than {crc0};"
    if stray:
        why += f" {stray} ticks with stray interrupts;"
    if "fuzz-victim: CRC CHANGED" in text:
        why += " CRC CHANGED reported;"
    return why, f"cell-a: {cnt} ticks after the panic (up to {mx}), CRC {crc0}"


def verdict(group, check, why):
    return Result(group, check, "FAIL" if why else "PASS", why.strip())


def parse(group, text, rc):
    """Results of one root-panic boot (RC None: exit status unknown, the
    reset check is left out) and the information lines."""
    lines = text.split("\n")
    out = scenario_part(group, lines)
    pline = next((i for i, l in enumerate(lines, 1) if PANIC in l), None)
    if pline is None:
        out.append(Result(group, "panicked", "FAIL", f"no '{PANIC}' in the log"))
        pline = len(lines)
    else:
        out.append(Result(group, "panicked", "PASS"))
    bad = [l for l in lines[:pline - 1] if KERNEL_BAD.search(l)][:3]
    out.append(verdict(group, "kernel_before", " ".join(bad)))
    why_b, info_b = cell_b(lines, pline)
    out.append(verdict(group, "b_ticks_after", why_b))
    why_a, info_a = cell_a(text, lines, pline)
    out.append(verdict(group, "a_ticks_after", why_a))
    bad = [l for l in lines if re.match(r"^(FATAL: CPU|PANIC: )", l)][:3]
    out.append(verdict(group, "hv_no_fault", " ".join(bad)))
    if rc == 0:
        jl = [m.group(1) for m in (re.match(r"^.*(JHTEST [A-Z]+(?: .*)?)$", l)
                                   for l in lines) if m]
        ok = PANIC in text and "JHTEST POWEROFF" not in jl
        out.append(verdict(group, "reset", "" if ok else
                           "QEMU exited 0, but not by a reset after a panic"))
    elif rc == 124:
        out.append(Result(group, "reset", "FAIL",
                          f"QEMU still running at the {TIMEOUT}s timeout: the reset "
                          f"{PANIC_S} s after the panic did not happen"))
    elif rc is not None:
        out.append(Result(group, "reset", "FAIL", f"QEMU exit status {rc}"))
    return out, [info_b, info_a]
