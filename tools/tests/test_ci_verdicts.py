# SPDX-License-Identifier: GPL-2.0
"""Verdicts of the attack, in-cell and root-panic parsers (ci/jhtest) on
canned logs.

An attack passes only when the hypervisor reported the fault it was meant
to provoke (EC, IPA), not on any FATAL line; a suite that reports fewer
checks than declared fails; so do crashes, leaks and the scenario's own
failed steps."""
import re

from jhtest_helpers import out_text, plan_of, scenario_list
from jhtest import attacks, incell, results, rootpanic, scenarios  # noqa: E402


def attack_plan(suite):
    for line in scenario_list("attacks", "SUITES"):
        if line.split()[0] == suite:
            return int(line.split()[1])
    raise KeyError(suite)


FATAL = 'FATAL: CPU 1, cell "cell-a": unhandled trap: EC {ec} ({what}), ESR 0x93c48005'
ABORT = " guest read of 8 bytes at IPA {ipa} (VA {ipa})"
END = "ATTACKEND pool_after_enable=18 pool_end={end} panics=0 results=1"


def attack_log(res, hv, suite_checks=None, suite="attack-hvc", end=18, rc=0):
    """res: id -> PASS/FAIL; hv: id -> list of hypervisor lines."""
    lines = ["attacks: pool 18 pages after enable, console ring at 0x7000e200, fdt x"]
    for aid, kind in res.items():
        lines.append(f"ATTACKRES {kind} {aid} parked: whatever")
    if suite_checks is not None:
        for i in range(suite_checks):
            lines.append(f"ATTACKCT [cell-a] CELLTEST PASS {suite}.check{i}")
        lines.append(f"ATTACKCT [cell-a] CELLTEST DONE {suite} "
                     f"passed={suite_checks} failed=0")
    for aid, hvl in hv.items():
        lines += [f"ATTACKHV {aid} {h}" for h in hvl]
    if end is not None:
        lines.append(END.format(end=end))
    if rc is not None:
        lines.append(f"JHHOST EXIT {rc} 12.0")
    return "\n".join(lines) + "\n"


def run_attacks(text, only, scen=()):
    res, info = attacks.parse("attacks-6.1", text, list(scen), only)
    p, f = results.counts(res)
    return p, f, out_text(res, info)


def stage2_read(ec="0x24", ipa="0x40000000", what="data abort (stage 2)"):
    return [FATAL.format(ec=ec, what=what), " PC 0x0000000000001234 SPSR 0x3c5",
            ABORT.format(ipa=ipa)]


def test_attack_with_its_fault_passes():
    text = attack_log({"mem.root_ram_read": "PASS"},
                      {"mem.root_ram_read": stage2_read()})
    assert run_attacks(text, "mem.root_ram_read")[:2] == (1, 0)


def test_fatal_with_wrong_ec_fails():
    hv = stage2_read(ec="0x20", what="instruction abort (stage 2)")
    text = attack_log({"mem.root_ram_read": "PASS"}, {"mem.root_ram_read": hv})
    passed, failed, out = run_attacks(text, "mem.root_ram_read")
    assert (passed, failed) == (0, 1)
    assert ("FAIL attacks-6.1/mem.root_ram_read  (hypervisor reported EC 0x20, "
            "expected EC 0x24") in out


def test_fatal_at_wrong_ipa_fails():
    text = attack_log({"mem.root_ram_read": "PASS"},
                      {"mem.root_ram_read": stage2_read(ipa="0x40001000")})
    passed, failed, out = run_attacks(text, "mem.root_ram_read")
    assert (passed, failed) == (0, 1)
    assert "IPA 0x40001000, expected 0x40000000" in out


def test_any_fatal_is_not_enough():
    """A guest panic (EL1 fault) is not the stage-2 abort the attack
    claims, and no report at all proves nothing."""
    panic = ['FATAL: CPU 1, cell "cell-a": guest panic: ESR 0x96000000 ELR 0x1 FAR 0x2']
    text = attack_log({"mem.root_ram_read": "PASS", "mem.hv_read": "PASS"},
                      {"mem.root_ram_read": panic})
    passed, failed, out = run_attacks(text, "mem.root_ram_read,mem.hv_read")
    assert (passed, failed) == (0, 2)
    assert "expected a trap with EC 0x24" in out
    assert "FAIL attacks-6.1/mem.hv_read  (no hypervisor FATAL report" in out


def test_el1_fault_is_an_architecture_check():
    aid = "mem.ipa_48bit_top_read"
    panic = ['FATAL: CPU 1, cell "cell-a": guest panic: ESR 0x96000000 ELR 0x1 FAR 0x2']
    passed, failed, out = run_attacks(attack_log({aid: "PASS"}, {aid: panic}), aid)
    assert (passed, failed) == (1, 0)
    assert re.search(r"^total\s+1\s+0\s+1\s+0$", out, re.M), out
    # The same attack reaching EL2 is not what it claims either.
    passed, failed, out = run_attacks(attack_log({aid: "PASS"}, {aid: stage2_read()}), aid)
    assert (passed, failed) == (0, 1)


def test_harmless_attack_must_not_be_reported():
    aid = "mem.hv_dccivac"
    assert run_attacks(attack_log({aid: "PASS"}, {}), aid)[:2] == (1, 0)
    passed, failed, out = run_attacks(attack_log({aid: "PASS"}, {aid: stage2_read()}), aid)
    assert (passed, failed) == (0, 1)
    assert "unexpected hypervisor report" in out


def test_ring_address_comes_from_the_log():
    aid = "mem.hv_ring_write"
    text = attack_log({aid: "PASS"}, {aid: stage2_read(ipa="0x7000e200")})
    assert run_attacks(text, aid)[:2] == (1, 0)


def test_attack_without_result_fails():
    passed, failed, out = run_attacks(attack_log({}, {}), "mem.hv_read")
    assert (passed, failed) == (0, 1)
    assert "mem.hv_read  (no result (the run hung" in out


def test_suite_missing_a_check_fails():
    n = attack_plan("attack-hvc")
    good = attack_log({"attack-hvc.aftermath": "PASS"}, {}, suite_checks=n)
    assert run_attacks(good, "attack-hvc")[:2] == (n + 1, 0)
    short = attack_log({"attack-hvc.aftermath": "PASS"}, {}, suite_checks=n - 1)
    passed, failed, out = run_attacks(short, "attack-hvc")
    assert (passed, failed) == (n, 1)
    assert f"FAIL attacks-6.1/attack-hvc.plan  (only {n - 1} of {n} declared checks" in out


def test_report_separates_sweeps():
    ids = ["mem.root_ram_read", "mem.hv_read", "mem.root_ram_write"]
    hv = {"mem.root_ram_read": stage2_read(),
          "mem.hv_read": stage2_read(ipa="0x70000000"),
          "mem.root_ram_write": stage2_read(ipa="0x40000000")}
    _, failed, out = run_attacks(attack_log({i: "PASS" for i in ids}, hv), ",".join(ids))
    assert failed == 0, out
    # read swept over two targets, write once: 2 techniques, 1 sweep case.
    assert "2 distinct attacks, 1 sweep cases" in out


def test_leak_crash_and_steps_fail():
    aid = "mem.hv_dccivac"
    passed, failed, out = run_attacks(attack_log({aid: "PASS"}, {}, end=19), aid)
    assert (passed, failed) == (1, 1)
    assert "FAIL attacks-6.1/pool.leak  (1 pages leaked" in out
    passed, failed, out = run_attacks(attack_log({aid: "PASS"}, {}, end=None), aid)
    assert (passed, failed) == (1, 2)       # no end: no pool figures either
    assert "FAIL attacks-6.1/hv.end" in out
    panic = attack_log({aid: "PASS"}, {}) + "PANIC: CPU 2 stuck\n"
    assert run_attacks(panic, aid)[:2] == (1, 1)
    passed, failed, out = run_attacks(attack_log({aid: "PASS"}, {}, rc=124), aid)
    assert (passed, failed) == (1, 1)
    assert "FAIL attacks-6.1/hv.qemu_exit  (QEMU exit status 124)" in out
    # The scenario's own failed steps count, its per-attack lines do not
    # (they are the attacks above, judged here).
    scen = [results.Result("attacks-6.1", "attacks.enable", "FAIL", "x"),
            results.Result("attacks-6.1", "attacks.atk.mem.hv_dccivac", "FAIL", "y"),
            results.Result("attacks-6.1", "attacks.victim", "PASS")]
    passed, failed, out = run_attacks(attack_log({aid: "PASS"}, {}), aid, scen)
    assert (passed, failed) == (1, 1)
    assert "FAIL attacks-6.1/scenario.attacks.enable" in out


def incell_log(drop=None, fail=None):
    lines = ["JHTEST BEGIN incell"]
    for line in scenario_list("incell", "SUITES"):
        suite, n = line.split(":")[0], int(line.split(":")[1])
        names = [f"{suite}.check{i}" for i in range(n) if (suite, i) != drop]
        for _ in range(2):      # the scenario copies them twice
            lines += [f"INCELL [cell-b] CELLTEST PASS {c}" for c in names
                      if (suite, c) != fail]
            if fail and fail[0] == suite:
                lines.append(f"INCELL [cell-b] CELLTEST FAIL {fail[1]}: boom")
            lines.append(f"INCELL [cell-b] CELLTEST DONE {suite} "
                         f"passed={len(names)} failed=0")
    return "\n".join(lines) + "\n"


def run_incell(text, scen=()):
    res, table = incell.parse("incell-6.1", text, list(scen))
    p, f = results.counts(res)
    return p, f, out_text(res, table)


def incell_total():
    return sum(int(l.split(":")[1]) for l in scenario_list("incell", "SUITES"))


def test_incell_all_declared_checks():
    passed, failed, out = run_incell(incell_log())
    assert (passed, failed) == (incell_total(), 0), out


def test_incell_missing_check_fails():
    """The suite says passed=N-1 failed=0 and ends: still a failure,
    because the scenario declares N checks for it."""
    passed, failed, out = run_incell(incell_log(drop=("cell-hvc", 3)))
    assert (passed, failed) == (incell_total() - 1, 1), out
    assert "FAIL incell-6.1/cell-hvc.plan  (21 distinct checks reported, 22 declared: 1 missing)" in out


def test_incell_failure_beats_pass_and_counts_once():
    passed, failed, out = run_incell(incell_log(fail=("cell-sgi", "cell-sgi.check2")))
    assert (passed, failed) == (incell_total() - 1, 1), out
    assert "FAIL incell-6.1/cell-sgi.check2  (boom)" in out


def test_incell_missing_done_and_scenario_failures():
    text = incell_log().replace("CELLTEST DONE cell-spi ", "CELLTEST DXNE cell-spi ")
    scen = [results.Result("incell-6.1", "poweroff", "FAIL", "QEMU exit status 1"),
            results.Result("incell-6.1", "incell.x", "PASS")]
    passed, failed, out = run_incell(text, scen)
    assert (passed, failed) == (incell_total(), 2), out
    assert "FAIL incell-6.1/cell-spi.done" in out
    assert "FAIL incell-6.1/scenario.poweroff" in out


def test_incell_interleaved_fragment_is_dropped():
    """A fragment seen once next to whole lines seen twice is not a check."""
    text = incell_log() + "INCELL [cell-b] CELLTEST PASS cell-hvc.chec\n"
    assert run_incell(text)[:2] == (incell_total(), 0)


def root_panic_log(n, ticks=40):
    lines = [f"JHTEST PASS root-panic.c{i}" for i in range(n)]
    lines += [f"JHTEST DONE root-panic passed={n} failed=0"] * 2
    lines += ["[cell-a] fuzz-victim: pattern 0x10 crc 0xabc",
              "[cell-b] hello: tick 5", "[   9.1] Kernel panic - not syncing: sysrq"]
    for i in range(ticks):
        lines += [f"[cell-b] hello: tick {6 + i}",
                  f"[cell-a] fuzz-victim: tick {i} crc 0xabc stray 0"]
    return "\n".join(lines) + "\n"


def run_root_panic(text, rc=0):
    res, info = rootpanic.parse("root-panic-6.1", text, rc)
    p, f = results.counts(res)
    return p, f, out_text(res, info)


def test_root_panic_clean_and_missing_check():
    plan = plan_of("root-panic")
    assert run_root_panic(root_panic_log(plan))[:2] == (plan + 6, 0)
    passed, failed, out = run_root_panic(root_panic_log(plan - 1))
    assert failed == 1
    assert f"FAIL root-panic-6.1/root-panic.plan  ({plan - 1} checks ran, {plan} planned)" in out


def test_root_panic_cells_must_go_on():
    plan = plan_of("root-panic")
    passed, failed, out = run_root_panic(root_panic_log(plan, ticks=3))
    assert failed == 2, out
    assert "FAIL root-panic-6.1/b_ticks_after" in out
    assert "FAIL root-panic-6.1/a_ticks_after" in out
    bad_crc = root_panic_log(plan).replace("tick 4 crc 0xabc", "tick 4 crc 0xdef")
    assert "FAIL root-panic-6.1/a_ticks_after  (1 ticks with a CRC" in run_root_panic(bad_crc)[2]


def test_root_panic_reset():
    plan = plan_of("root-panic")
    text = root_panic_log(plan)
    assert "FAIL root-panic-6.1/reset  (QEMU still running" in run_root_panic(text, 124)[2]
    assert "reset" not in run_root_panic(text, None)[2]
    off = text + "JHTEST POWEROFF\n"
    assert "FAIL root-panic-6.1/reset  (QEMU exited 0, but not" in run_root_panic(off)[2]


def test_scenario_parser_fails_the_root_panic_boot():
    """Why root-panic has its own parser: the scenario rules fail it."""
    res = scenarios.parse("g", root_panic_log(plan_of("root-panic")), 0, ["root-panic"])
    assert {r.check for r in res if r.verdict == "FAIL"} == {"kernel", "poweroff"}
