# SPDX-License-Identifier: GPL-2.0
"""How ci/run-scenarios.sh counts a console log (its --parse mode).

The root Linux and the hypervisor share one UART, so result lines get
garbled. Nothing may then be counted twice, and no failure may be lost."""
import os
import re
import subprocess

from conftest import REPO

RUNNER = os.path.join(REPO, "ci", "run-scenarios.sh")


def count(tmp_path, text, scenarios="alpha beta", rc=0):
    log = tmp_path / "console.log"
    log.write_text(text)
    counts = tmp_path / "counts"
    res = subprocess.run(
        ["bash", RUNNER, "--counts", str(counts), "--parse",
         f"g|{scenarios}|{rc}", str(log)],
        capture_output=True, text=True, check=False)
    passed, failed = (int(v) for v in counts.read_text().split())
    return passed, failed, res


def done(scen, p, f):
    return f"JHTEST DONE {scen} passed={p} failed={f}\n" * 2


CLEAN = ("JHTEST BEGIN alpha\nJHTEST PASS alpha.one\nJHTEST PASS alpha.two\n"
         + done("alpha", 2, 0) +
         "JHTEST BEGIN beta\nJHTEST PASS beta.one\n" + done("beta", 1, 0) +
         "JHTEST POWEROFF\n")


def test_clean_log(tmp_path):
    passed, failed, res = count(tmp_path, CLEAN)
    assert (passed, failed) == (4, 0)   # 3 checks + the poweroff
    assert res.returncode == 0


def test_pass_garbled_into_another_name_counts_once(tmp_path):
    text = CLEAN.replace("JHTEST PASS alpha.two\n",
                         "JHTEST PASS alphcell ca.tell-a: wo reset\n")
    passed, failed, _ = count(tmp_path, text)
    assert (passed, failed) == (4, 0)


def test_pass_line_lost_is_recovered_from_totals(tmp_path):
    text = CLEAN.replace("JHTEST PASS alpha.two\n", "JHTEST PAcell-a: xx\n")
    passed, failed, res = count(tmp_path, text)
    assert (passed, failed) == (4, 0)
    assert "garbled" in res.stdout


def test_garbled_failure_is_counted_and_named(tmp_path):
    text = CLEAN.replace(
        "JHTEST PASS alpha.two\n" + done("alpha", 2, 0),
        "JHTEST FAcell-a: oopsIL alpha.two boom\n"
        + ("JHTEST FAILED alpha two \n" + done("alpha", 1, 1)[:40] + "\n") * 2)
    passed, failed, res = count(tmp_path, text)
    assert (passed, failed) == (3, 1)
    assert "failed checks: two" in res.stdout
    assert res.returncode != 0


def test_failure_garbled_into_another_name_counts_once(tmp_path):
    text = CLEAN.replace(
        "JHTEST PASS alpha.two\n" + done("alpha", 2, 0),
        "JHTEST FAIL alcell-ba.two boom\n"
        "JHTEST FAILED alpha two \n" + done("alpha", 1, 1))
    passed, failed, _ = count(tmp_path, text)
    assert (passed, failed) == (3, 1)


def test_missing_done_fails(tmp_path):
    text = CLEAN.replace(done("beta", 1, 0), "")
    passed, failed, res = count(tmp_path, text)
    assert failed == 1
    assert "beta.done" in res.stdout


def test_cell_cannot_forge_results(tmp_path):
    text = CLEAN.replace("JHTEST PASS beta.one\n",
                         "[cell-a] JHTEST PASS beta.one\n"
                         "JHTEST FAIL beta.one x\n").replace(
                             done("beta", 1, 0), done("beta", 0, 1))
    passed, failed, _ = count(tmp_path, text)
    assert (passed, failed) == (3, 1)


def test_no_planned_poweroff_fails(tmp_path):
    passed, failed, res = count(tmp_path, CLEAN.replace("JHTEST POWEROFF\n", ""))
    assert (passed, failed) == (3, 1)
    assert "poweroff" in res.stdout


def test_kernel_oops_fails(tmp_path):
    text = CLEAN + "[   12.3] Unable to handle kernel paging request\n"
    passed, failed, _ = count(tmp_path, text)
    assert failed == 1


def test_cell_kernel_panic_is_the_cells(tmp_path):
    """A Linux cell's own panic (its console lines carry "[NAME] ") is
    checked by its scenario; root's panic still fails the group."""
    cell = CLEAN + ("[linux] [    3.1] Kernel panic - not syncing: "
                    "sysrq triggered crash\n[cell-a] BUG: x\n")
    assert count(tmp_path, cell)[:2] == (4, 0)
    root = CLEAN + "[    3.1] Kernel panic - not syncing: oops\n"
    assert count(tmp_path, root)[:2] == (4, 1)


def planned_log(n):
    names = "".join(f"JHTEST PASS incell.c{i}\n" for i in range(n))
    return ("JHTEST BEGIN incell\n" + names + done("incell", n, 0) +
            "JHTEST POWEROFF\n")


def test_scenario_with_all_planned_checks(tmp_path):
    plan = int(re.search(r"^PLAN=(\d+)$", open(os.path.join(
        REPO, "ci", "scenarios", "incell.sh")).read(), re.M).group(1))
    passed, failed, res = count(tmp_path, planned_log(plan), scenarios="incell")
    assert (passed, failed) == (plan + 1, 0), res.stdout
    # One check never ran: the scenario's own totals look clean, the
    # declared plan does not.
    passed, failed, res = count(tmp_path, planned_log(plan - 1), scenarios="incell")
    assert (passed, failed) == (plan, 1)
    assert f"incell.plan  ({plan - 1} of {plan} planned checks ran: 1 missing)" in res.stdout
    assert res.returncode != 0
