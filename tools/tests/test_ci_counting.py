# SPDX-License-Identifier: GPL-2.0
"""How the harness (ci/jhtest/scenarios.py) counts a console log.

The root Linux and the hypervisor share one UART, so result lines get
garbled. Nothing may then be counted twice, and no failure may be lost."""
from jhtest_helpers import count, done, plan_of

CLEAN = ("JHTEST BEGIN alpha\nJHTEST PASS alpha.one\nJHTEST PASS alpha.two\n"
         + done("alpha", 2, 0) +
         "JHTEST BEGIN beta\nJHTEST PASS beta.one\n" + done("beta", 1, 0) +
         "JHTEST POWEROFF\n")


def test_clean_log():
    passed, failed, out = count(CLEAN)
    assert (passed, failed) == (4, 0), out   # 3 checks + the poweroff
    assert "PASS g/alpha.two\n" in out
    assert "PASS g/poweroff\n" in out


def test_crlf_console():
    assert count(CLEAN.replace("\n", "\r\n"))[:2] == (4, 0)


def test_pass_garbled_into_another_name_counts_once():
    text = CLEAN.replace("JHTEST PASS alpha.two\n",
                         "JHTEST PASS alphcell ca.tell-a: wo reset\n")
    passed, failed, _ = count(text)
    assert (passed, failed) == (4, 0)


def test_pass_line_lost_is_recovered_from_totals():
    text = CLEAN.replace("JHTEST PASS alpha.two\n", "JHTEST PAcell-a: xx\n")
    passed, failed, out = count(text)
    assert (passed, failed) == (4, 0)
    assert "garbled" in out


def test_garbled_failure_is_counted_and_named():
    text = CLEAN.replace(
        "JHTEST PASS alpha.two\n" + done("alpha", 2, 0),
        "JHTEST FAcell-a: oopsIL alpha.two boom\n"
        + ("JHTEST FAILED alpha two \n" + done("alpha", 1, 1)[:40] + "\n") * 2)
    passed, failed, out = count(text)
    assert (passed, failed) == (3, 1)
    assert "FAIL g/alpha.garbled" in out
    assert "failed checks: two)" in out


def test_failure_garbled_into_another_name_counts_once():
    text = CLEAN.replace(
        "JHTEST PASS alpha.two\n" + done("alpha", 2, 0),
        "JHTEST FAIL alcell-ba.two boom\n"
        "JHTEST FAILED alpha two \n" + done("alpha", 1, 1))
    passed, failed, _ = count(text)
    assert (passed, failed) == (3, 1)


def test_missing_done_fails():
    text = CLEAN.replace(done("beta", 1, 0), "")
    passed, failed, out = count(text)
    assert (passed, failed) == (4, 1)
    assert "FAIL g/beta.done  (no JHTEST DONE: scenario ended early (QEMU exit 0))" in out


def test_missing_done_reasons():
    cut = CLEAN.replace(done("beta", 1, 0), "").replace("JHTEST POWEROFF\n", "")
    assert "beta.done  (no JHTEST DONE: host timeout)" in count(cut, rc=124)[2]
    guard = cut + "JHTEST TIMEOUT beta after 60 s\n"
    assert "beta.done  (no JHTEST DONE: guest guard timed out)" in count(guard)[2]
    never = cut.replace("JHTEST BEGIN beta\n", "")
    assert "beta.done  (no JHTEST DONE: never started)" in count(never)[2]


def test_host_timeout_fails_poweroff():
    passed, failed, out = count(CLEAN, rc=124)
    assert (passed, failed) == (3, 1)
    assert "FAIL g/poweroff  (host timeout: QEMU still running)" in out
    assert count(CLEAN, rc=1)[:2] == (3, 1)


def test_cell_cannot_forge_results():
    text = CLEAN.replace("JHTEST PASS beta.one\n",
                         "[cell-a] JHTEST PASS beta.one\n"
                         "JHTEST FAIL beta.one x\n").replace(
                             done("beta", 1, 0), done("beta", 0, 1))
    passed, failed, out = count(text)
    assert (passed, failed) == (3, 1)
    # Nor can it forge the totals or the poweroff.
    forged = CLEAN.replace(done("beta", 1, 0), "[cell-a] JHTEST DONE beta passed=1 failed=0\n")
    forged = forged.replace("JHTEST POWEROFF", "[cell-a] JHTEST POWEROFF")
    passed, failed, out = count(forged)
    assert "FAIL g/beta.done" in out and "FAIL g/poweroff" in out


def test_no_planned_poweroff_fails():
    passed, failed, out = count(CLEAN.replace("JHTEST POWEROFF\n", ""))
    assert (passed, failed) == (3, 1)
    assert "poweroff  (QEMU exited 0 without the planned poweroff)" in out


def test_kernel_oops_fails():
    text = CLEAN + "[   12.3] Unable to handle kernel paging request\n"
    passed, failed, out = count(text)
    assert (passed, failed) == (4, 1)
    assert "FAIL g/kernel  (Unable to handle kernel paging request)" in out


def test_cell_kernel_panic_is_the_cells():
    """A Linux cell's own panic (its console lines carry "[NAME] ") is
    checked by its scenario; root's panic still fails the group."""
    cell = CLEAN + ("[linux] [    3.1] Kernel panic - not syncing: "
                    "sysrq triggered crash\n[cell-a] BUG: x\n")
    assert count(cell)[:2] == (4, 0)
    root = CLEAN + "[    3.1] Kernel panic - not syncing: oops\n"
    assert count(root)[:2] == (4, 1)


def planned_log(n, extra=0):
    names = "".join(f"JHTEST PASS incell.c{i}\n" for i in range(n + extra))
    return ("JHTEST BEGIN incell\n" + names + done("incell", n + extra, 0) +
            "JHTEST POWEROFF\n")


def test_scenario_with_all_planned_checks():
    plan = plan_of("incell")
    passed, failed, out = count(planned_log(plan), scen="incell")
    assert (passed, failed) == (plan + 1, 0), out
    # One check never ran: the scenario's own totals look clean, the
    # declared plan does not.
    passed, failed, out = count(planned_log(plan - 1), scen="incell")
    assert (passed, failed) == (plan, 1)
    assert f"incell.plan  ({plan - 1} of {plan} planned checks ran: 1 missing)" in out


def test_scenario_with_more_checks_than_planned():
    plan = plan_of("incell")
    passed, failed, out = count(planned_log(plan, extra=1), scen="incell")
    assert (passed, failed) == (plan + 2, 1)
    assert f"{plan + 1} checks ran, PLAN={plan} in ci/scenarios/incell.sh" in out


def test_early_done_in_long_log():
    """A scenario whose DONE line comes early, then far more output than a
    pipe holds (the bash runner once lost it to SIGPIPE under pipefail)."""
    lines = ["JHTEST BEGIN alpha\n", "JHTEST PASS alpha.one\n",
             done("alpha", 1, 0), "JHTEST BEGIN beta\n"]
    lines += [f"JHTEST INFO beta {i:05d} {'x' * 80}\n" for i in range(3000)]
    lines += ["JHTEST PASS beta.one\n", done("beta", 1, 0), "JHTEST POWEROFF\n"]
    passed, failed, out = count("".join(lines))
    assert "alpha.done" not in out
    assert (passed, failed) == (3, 0)
