# SPDX-License-Identifier: GPL-2.0
"""Verdicts of the attack and in-cell runners on saved logs (--log mode).

An attack passes only when the hypervisor reported the fault it was meant
to provoke (EC, IPA), not on any FATAL line; a suite that reports fewer
checks than declared fails; so does a runner or layer that is missing
from `make test`."""
import os
import re
import shutil
import subprocess

from conftest import REPO

ATTACKS = os.path.join(REPO, "ci", "attacks.sh")
INCELL = os.path.join(REPO, "ci", "incell.sh")
TEST_SH = os.path.join(REPO, "ci", "test.sh")


def scenario_list(name, var):
    text = open(os.path.join(REPO, "ci", "scenarios", name)).read()
    body = re.search(r'^%s="(.*?)"$' % var, text, re.S | re.M).group(1)
    return [line for line in body.split("\n") if line]


def attack_plan(suite):
    for line in scenario_list("attacks.sh", "SUITES"):
        if line.split()[0] == suite:
            return int(line.split()[1])
    raise KeyError(suite)


FATAL = 'FATAL: CPU 1, cell "cell-a": unhandled trap: EC {ec} ({what}), ESR 0x93c48005'
ABORT = " guest read of 8 bytes at IPA {ipa} (VA {ipa})"


def attack_log(results, hv, suite_checks=None, suite="attack-hvc"):
    """results: id -> PASS/FAIL; hv: id -> list of hypervisor lines."""
    lines = ["attacks: pool 18 pages after enable, console ring at 0x7000e200, fdt x"]
    for aid, kind in results.items():
        lines.append(f"ATTACKRES {kind} {aid} parked: whatever")
    if suite_checks is not None:
        for i in range(suite_checks):
            lines.append(f"ATTACKCT [cell-a] CELLTEST PASS {suite}.check{i}")
        lines.append(f"ATTACKCT [cell-a] CELLTEST DONE {suite} "
                     f"passed={suite_checks} failed=0")
    for aid, hvl in hv.items():
        lines += [f"ATTACKHV {aid} {h}" for h in hvl]
    lines.append("ATTACKEND pool_after_enable=18 pool_end=18 panics=0 results=1")
    lines.append("JHHOST EXIT 0 (done)")
    return "\n".join(lines) + "\n"


def run_attacks(tmp_path, text, only):
    log = tmp_path / "attacks.log"
    log.write_text(text)
    counts = tmp_path / "counts"
    res = subprocess.run(
        ["bash", ATTACKS, "--log", str(log), "--only", only,
         "--outdir", str(tmp_path / "out"), "--counts", str(counts)],
        capture_output=True, text=True, check=False)
    passed, failed = (int(v) for v in counts.read_text().split())
    return passed, failed, res


def stage2_read(ec="0x24", ipa="0x40000000", what="data abort (stage 2)"):
    return [FATAL.format(ec=ec, what=what), " PC 0x0000000000001234 SPSR 0x3c5",
            ABORT.format(ipa=ipa)]


def test_attack_with_its_fault_passes(tmp_path):
    text = attack_log({"mem.root_ram_read": "PASS"},
                      {"mem.root_ram_read": stage2_read()})
    passed, failed, res = run_attacks(tmp_path, text, "mem.root_ram_read")
    assert (passed, failed) == (1, 0), res.stdout
    assert res.returncode == 0


def test_fatal_with_wrong_ec_fails(tmp_path):
    hv = stage2_read(ec="0x20", what="instruction abort (stage 2)")
    text = attack_log({"mem.root_ram_read": "PASS"}, {"mem.root_ram_read": hv})
    passed, failed, res = run_attacks(tmp_path, text, "mem.root_ram_read")
    assert (passed, failed) == (0, 1)
    assert "FAIL mem.root_ram_read hypervisor reported EC 0x20, expected EC 0x24" in res.stdout
    assert res.returncode != 0


def test_fatal_at_wrong_ipa_fails(tmp_path):
    text = attack_log({"mem.root_ram_read": "PASS"},
                      {"mem.root_ram_read": stage2_read(ipa="0x40001000")})
    passed, failed, res = run_attacks(tmp_path, text, "mem.root_ram_read")
    assert (passed, failed) == (0, 1)
    assert "IPA 0x40001000, expected 0x40000000" in res.stdout


def test_any_fatal_is_not_enough(tmp_path):
    """A guest panic (EL1 fault) is not the stage-2 abort the attack
    claims, and no report at all proves nothing."""
    panic = ['FATAL: CPU 1, cell "cell-a": guest panic: ESR 0x96000000 ELR 0x1 FAR 0x2']
    text = attack_log({"mem.root_ram_read": "PASS", "mem.hv_read": "PASS"},
                      {"mem.root_ram_read": panic})
    passed, failed, res = run_attacks(tmp_path, text, "mem.root_ram_read,mem.hv_read")
    assert (passed, failed) == (0, 2)
    assert "expected a trap with EC 0x24" in res.stdout
    assert "FAIL mem.hv_read no hypervisor FATAL report" in res.stdout


def test_el1_fault_is_an_architecture_check(tmp_path):
    aid = "mem.ipa_48bit_top_read"
    panic = ['FATAL: CPU 1, cell "cell-a": guest panic: ESR 0x96000000 ELR 0x1 FAR 0x2']
    passed, failed, res = run_attacks(
        tmp_path, attack_log({aid: "PASS"}, {aid: panic}), aid)
    assert (passed, failed) == (1, 0)
    assert re.search(r"^total\s+1\s+0\s+1\s+0$", res.stdout, re.M), res.stdout
    # The same attack reaching EL2 is not what it claims either.
    passed, failed, res = run_attacks(
        tmp_path, attack_log({aid: "PASS"}, {aid: stage2_read()}), aid)
    assert (passed, failed) == (0, 1)


def test_harmless_attack_must_not_be_reported(tmp_path):
    aid = "mem.hv_dccivac"
    passed, failed, res = run_attacks(tmp_path, attack_log({aid: "PASS"}, {}), aid)
    assert (passed, failed) == (1, 0)
    passed, failed, res = run_attacks(
        tmp_path, attack_log({aid: "PASS"}, {aid: stage2_read()}), aid)
    assert (passed, failed) == (0, 1)
    assert "unexpected hypervisor report" in res.stdout


def test_ring_address_comes_from_the_log(tmp_path):
    aid = "mem.hv_ring_write"
    passed, failed, _ = run_attacks(
        tmp_path, attack_log({aid: "PASS"}, {aid: stage2_read(ipa="0x7000e200")}), aid)
    assert (passed, failed) == (1, 0)


def test_suite_missing_a_check_fails(tmp_path):
    n = attack_plan("attack-hvc")
    good = attack_log({"attack-hvc.aftermath": "PASS"}, {}, suite_checks=n)
    passed, failed, res = run_attacks(tmp_path, good, "attack-hvc")
    assert (passed, failed) == (n + 1, 0), res.stdout
    short = attack_log({"attack-hvc.aftermath": "PASS"}, {}, suite_checks=n - 1)
    passed, failed, res = run_attacks(tmp_path, short, "attack-hvc")
    assert (passed, failed) == (n, 1)
    assert f"FAIL attack-hvc.plan only {n - 1} of {n} declared checks" in res.stdout


def test_report_separates_sweeps(tmp_path):
    ids = ["mem.root_ram_read", "mem.hv_read", "mem.root_ram_write"]
    hv = {"mem.root_ram_read": stage2_read(),
          "mem.hv_read": stage2_read(ipa="0x70000000"),
          "mem.root_ram_write": stage2_read(ipa="0x40000000")}
    _, failed, res = run_attacks(
        tmp_path, attack_log({i: "PASS" for i in ids}, hv), ",".join(ids))
    assert failed == 0, res.stdout
    # read swept over two targets, write once: 2 techniques, 1 sweep case.
    assert "2 distinct attacks, 1 sweep cases" in res.stdout


def incell_log(drop=None):
    lines = ["JHTEST BEGIN incell"]
    for line in scenario_list("incell.sh", "SUITES"):
        suite, n = line.split(":")[0], int(line.split(":")[1])
        names = [f"{suite}.check{i}" for i in range(n) if (suite, i) != drop]
        for _ in range(2):      # the scenario copies them twice
            lines += [f"INCELL [cell-b] CELLTEST PASS {c}" for c in names]
            lines.append(f"INCELL [cell-b] CELLTEST DONE {suite} "
                         f"passed={len(names)} failed=0")
    return "\n".join(lines) + "\n"


def run_incell(tmp_path, text):
    log = tmp_path / "incell.log"
    log.write_text(text)
    counts = tmp_path / "counts"
    res = subprocess.run(
        ["bash", INCELL, "--log", str(log), "--outdir", str(tmp_path / "out"),
         "--counts", str(counts)], capture_output=True, text=True, check=False)
    passed, failed = (int(v) for v in counts.read_text().split())
    return passed, failed, res


def test_incell_all_declared_checks(tmp_path):
    _, failed, res = run_incell(tmp_path, incell_log())
    assert failed == 0, res.stdout
    assert res.returncode == 0


def test_incell_missing_check_fails(tmp_path):
    """The suite says passed=N-1 failed=0 and ends: still a failure,
    because the scenario declares N checks for it."""
    passed, failed, res = run_incell(tmp_path, incell_log(drop=("cell-hvc", 3)))
    assert failed == 1, res.stdout
    assert "FAIL cell-hvc.plan" in res.stdout
    assert "1 missing" in res.stdout
    assert res.returncode != 0


def fake_repo(tmp_path, runners, fuzz=True):
    """A copy of ci/test.sh over stub builds and runners that each report
    one pass; runners lists which counted runners exist."""
    root = tmp_path / "repo"
    ci = root / "ci"
    ci.mkdir(parents=True)
    shutil.copy(TEST_SH, ci / "test.sh")
    ok = "#!/bin/bash\nwhile [ $# -gt 0 ]; do [ \"$1\" = --counts ] && echo '1 0' >\"$2\"; shift; done\nexit 0\n"
    for name in ["deps.sh", "run-scenarios.sh"] + runners:
        (ci / name).write_text(ok)
    targets = "hypervisor driver tools configs inmates unit"
    if fuzz:
        targets += " fuzz-smoke"
    mk = "".join(f"{t}:\n\t@true\n" for t in targets.split())
    mk = mk.replace("fuzz-smoke:\n\t@true", "fuzz-smoke:\n\t@echo '1 passed, 0 failed'")
    (root / "Makefile").write_text(mk)
    (root / "tools" / "tests").mkdir(parents=True)
    (root / "tools" / "tests" / "test_x.py").write_text("def test_x():\n    pass\n")
    return root


def run_test_sh(root):
    res = subprocess.run(["bash", str(root / "ci" / "test.sh")], cwd=root,
                         capture_output=True, text=True, check=False,
                         env=dict(os.environ, BUILD=str(root / "build")))
    last = res.stdout.strip().split("\n")[-1]
    passed, failed = (int(v) for v in re.match(r"(\d+) passed, (\d+) failed", last).groups())
    return passed, failed, res


ALL_RUNNERS = ["incell.sh", "attacks.sh", "check-root-panic.sh"]


def test_make_test_with_every_layer(tmp_path):
    passed, failed, res = run_test_sh(fake_repo(tmp_path, ALL_RUNNERS))
    assert failed == 0, res.stdout
    assert res.returncode == 0


def test_make_test_missing_runner_fails(tmp_path):
    for gone in ALL_RUNNERS:
        runners = [r for r in ALL_RUNNERS if r != gone]
        passed, failed, res = run_test_sh(fake_repo(tmp_path / gone, runners))
        assert failed >= 1, (gone, res.stdout)
        assert f"ci/{gone} missing" in res.stdout
        assert res.returncode != 0


def test_make_test_missing_fuzz_layer_fails(tmp_path):
    passed, failed, res = run_test_sh(fake_repo(tmp_path, ALL_RUNNERS, fuzz=False))
    assert failed == 1, res.stdout
    assert "fuzz-smoke" in res.stdout


def test_root_panic_missing_check_fails(tmp_path):
    plan = int(re.search(r"^PLAN=(\d+)$", open(os.path.join(
        REPO, "ci", "scenarios", "root-panic.sh")).read(), re.M).group(1))

    def parse(n):
        log = tmp_path / f"rp{n}.log"
        log.write_text("".join(f"JHTEST PASS root-panic.c{i}\n" for i in range(n)) +
                       f"JHTEST DONE root-panic passed={n} failed=0\n" * 2)
        return subprocess.run(
            ["bash", os.path.join(REPO, "ci", "check-root-panic.sh"), "--log", str(log),
             "--outdir", str(tmp_path / "out")],
            capture_output=True, text=True, check=False).stdout

    assert "root-panic.plan" not in parse(plan)
    assert f"FAIL root-panic-6.1/root-panic.plan  ({plan - 1} checks ran, {plan} planned)" in parse(plan - 1)
