# SPDX-License-Identifier: GPL-2.0
"""The host test harness itself (ci/jhtest): result lines, the suites
table and its expected counts, JUnit XML, the make-test totals, the QEMU
command line. No QEMU is started."""
import io
import contextlib
import os
import xml.etree.ElementTree as ET

from jhtest_helpers import fake_sh, fuzz_log, plan_of, scenario_list, unit_log
from jhtest import cli, junit, maketest, qemu, runner, suites  # noqa: E402
from jhtest.results import Result, counts, parse_line  # noqa: E402

CLEAN = ("JHTEST BEGIN env-kvm\n"
         + "".join(f"JHTEST PASS env-kvm.c{i}\n" for i in range(5))
         + "JHTEST DONE env-kvm passed=5 failed=0\n" * 2 + "JHTEST POWEROFF\n")


def test_one_line_format_round_trips():
    for r in (Result("main-6.1", "enable.foo", "PASS"),
              Result("incell-6.1", "vgic.x", "FAIL", "no DONE (hang)"),
              Result("incell-6.1", "vgic.y", "SKIP", "GICv2 only")):
        back = parse_line(r.line())
        assert (back.suite, back.check, back.verdict, back.reason) == \
            (r.suite, r.check, r.verdict, r.reason)
    assert Result("a", "b", "FAIL", "why").line() == "FAIL a/b  (why)"
    assert counts([Result("a", "b", "SKIP"), Result("a", "c", "PASS")]) == (1, 0)


def test_expected_counts_match_the_scenarios():
    """The table's numbers are written apart from the PLAN=N and SUITES
    lines; when one of them changes, this says which suite to update."""
    for s in suites.SUITES:
        if s.kind == "scenarios":
            want = sum(plan_of(n) for n in s.scenarios) + 1
        elif s.kind == "incell":
            want = sum(int(l.split(":")[1]) for l in scenario_list("incell", "SUITES"))
        elif s.kind == "attacks":
            lines = scenario_list("attacks", "SUITES")
            want = (len(scenario_list("attacks", "ATTACKS"))
                    + sum(int(l.split()[1]) + 1 for l in lines))
        else:
            want = plan_of("root-panic") + 6
        assert s.expected == want, f"{s.name}: suites.py says {s.expected}, scenarios {want}"
    assert len({s.name for s in suites.SUITES}) == len(suites.SUITES)


def test_suite_with_a_lost_check_fails_its_count(tmp_path):
    """A check removed together with its PLAN number is still caught."""
    log = tmp_path / "kvm.log"
    suite = suites.by_name("kvm-6.1")
    log.write_text(CLEAN + "JHHOST EXIT 0 3.1\n")
    res, _ = runner.run(suite, None, log=str(log))
    assert counts(res) == (6, 0)
    short = suites.Suite("kvm-6.1", "scenarios", "systest", "--series 6.1 --kvm",
                         "env-kvm", 120, 7)
    res, _ = runner.run(short, None, log=str(log))
    assert counts(res) == (6, 1)
    assert ("FAIL kvm-6.1/count  (6 checks reported (6 passed, 0 failed), "
            "7 expected in ci/jhtest/suites.py)") in [r.line() for r in res]


def test_missing_log_is_a_failure(tmp_path):
    res, _ = runner.run(suites.by_name("kvm-6.1"), None, log=str(tmp_path / "none.log"))
    assert [r.line()[:22] for r in res] == ["FAIL kvm-6.1/boot  (no"]


def test_junit_xml(tmp_path):
    res = [Result("main-6.1", "enable.a", "PASS"),
           Result("main-6.1", "enable.b", "FAIL", "x < y & z"),
           Result("incell-6.1", "s.c", "SKIP", "n/a"),
           Result("incell-6.1", "s.d", "PASS")]
    path = tmp_path / "j" / "junit.xml"
    junit.write(str(path), res)
    root = ET.parse(path).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("4", "1", "1")
    ts = root.findall("testsuite")
    assert [(t.get("name"), t.get("tests"), t.get("failures")) for t in ts] == \
        [("main-6.1", "2", "1"), ("incell-6.1", "2", "0")]
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == ["enable.a", "enable.b", "s.c", "s.d"]
    assert cases[1].find("failure").get("message") == "x < y & z"
    assert cases[2].find("skipped") is not None


def test_cli_parse_of_a_saved_log(tmp_path):
    log = tmp_path / "console.log"
    log.write_text(CLEAN.replace("JHTEST PASS env-kvm.c3\n", "") + "JHHOST EXIT 0 2.0\n")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = cli.main(["parse", "kvm-6.1", str(log), "--junit", str(tmp_path / "j.xml")])
    text = out.getvalue()
    assert rc == 0
    assert "PASS kvm-6.1/env-kvm.garbled_pass1" in text
    assert text.endswith("6 passed, 0 failed\n")
    assert ET.parse(tmp_path / "j.xml").getroot().get("tests") == "6"
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["parse", "g|env-kvm|0", str(log)]) == 0
        assert cli.main(["parse", "g|env-kvm|124", str(log)]) == 1


def test_unit_and_pytest_counts():
    unit = ("[  PASSED  ] 12 test(s).\n[  PASSED  ] 3 test(s).\n"
            "[  FAILED  ] 2 test(s), listed below:\n")
    assert maketest.unit_counts(unit) == (15, 2)
    assert maketest.pytest_counts("...\n3 failed, 560 passed, 1 error in 50.1s\n") == (560, 4)
    assert maketest.pytest_counts("==== 570 passed in 51.58s ====\n") == (570, 0)
    assert maketest.fuzz_counts("x\n4 passed, 1 failed\n") == (4, 1)
    assert maketest.fuzz_counts("nothing\n") is None


def test_layer_that_breaks_is_one_failure_and_the_total_line():
    t = maketest.Totals()

    def broken(_t):
        raise OSError("runner gone")

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        t.layer("unit", 10, 0)
        maketest.guarded(t, "incell", broken)
    assert (t.passed, t.failed) == (10, 1)
    assert "incell:           0 passed,    1 failed  (harness error: OSError('runner gone'))" \
        in out.getvalue()


def test_finish_line_and_status(tmp_path):
    for p, f, status in ((5, 0, 0), (5, 1, 1), (0, 0, 1)):
        t = maketest.Totals()
        with contextlib.redirect_stdout(io.StringIO()):
            t.layer("unit", p, f, "", [Result("u", f"p{i}", "PASS") for i in range(p)]
                    + [Result("u", f"f{i}", "FAIL") for i in range(f)])
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert maketest.finish(t, str(tmp_path), 0) == status
        assert out.getvalue().split("\n")[-2] == f"{p} passed, {f} failed"
    assert os.path.exists(tmp_path / "junit.xml")


def test_boot_that_left_no_results_fails():
    chosen = [suites.by_name("main-6.1"), suites.by_name("kvm-6.1")]
    res = maketest.with_missing([Result("main-6.1", "poweroff", "PASS")], chosen)
    assert [r.line() for r in res[1:]] == \
        ["FAIL kvm-6.1/run  (no results: the boot did not finish)"]


def test_every_layer_is_run():
    assert maketest.suites.LAYERS == ["systest", "incell", "attacks", "root-panic"]
    assert all(suites.of_layer(l) for l in suites.LAYERS)
    assert {s.layer for s in suites.SUITES} == set(suites.LAYERS)


def test_qemu_command_line():
    a = qemu.parser().parse_args(["--series", "6.12", "--gic", "2", "--kvm", "--no-mem",
                                  "--cpu", "max", "--icount", "0", "--append", "x=1",
                                  "--append", "y=2"])
    args = qemu.qemu_args(a, "K", "I", [])
    assert args[:6] == ["-machine", "virt,gic-version=2,virtualization=on",
                        "-cpu", "max,pauth-impdef=on", "-smp", "4"]
    assert args[args.index("-append") + 1] == "console=ttyAMA0 panic=-1 x=1 y=2"
    assert args[-2:] == ["-icount", "shift=0,sleep=off"]
    d = qemu.parser().parse_args(["--no-virt"])
    assert qemu.machine_of(d) == "virt,gic-version=3"
    assert qemu.kernel_cmdline(d) == "console=ttyAMA0 panic=-1 kvm-arm.mode=none mem=768M"


def test_qemu_virtio_disks(tmp_path):
    dev = qemu.device_args(["linux-virtio"], str(tmp_path))
    assert dev.count("-device") == 2
    data = (tmp_path / "cell.img").read_bytes()
    assert len(data) == 1 << 20
    assert data.startswith(b"jailhouse virtio cell disk\njailhouse")
    assert qemu.device_args(["enable"], str(tmp_path)) == []


def test_boot_note(tmp_path):
    (tmp_path / "kvm-6.1.txt").write_text(
        "PASS kvm-6.1/poweroff\nkvm-6.1: 6 passed, 0 failed, boot 3.1 s, QEMU exit 0, log x\n")
    assert maketest.boot_note(str(tmp_path), "kvm-6.1") == ", boot 3.1 s, QEMU exit 0, log x"
    assert maketest.boot_note(str(tmp_path), "main-6.1") == ""


def test_make_test_flow(tmp_path, monkeypatch):
    """maketest.main over fake commands: every layer runs, each boot's
    checks (not its pytest item) count, the last line sums them all."""
    ran = []
    fake = fake_sh(unit_log([f"t{i}" for i in range(7)]), (9, 0), fuzz_log(3), ran)
    monkeypatch.setenv("BUILD", str(tmp_path))
    monkeypatch.setattr(maketest, "sh", fake)
    monkeypatch.setattr(maketest.subprocess, "call", lambda *a, **k: 0)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert maketest.main() == 1
    lines = out.getvalue().split("\n")
    n_boots = len(suites.SUITES)
    # 7 unit + 9 pytest + one pass per boot (kvm-6.12 left none: one
    # failure) + 3 fuzz; one failure per boot layer (the canned FAIL).
    assert lines[-2] == f"{7 + 9 + n_boots - 1 + 3} passed, {len(suites.LAYERS) + 1} failed"
    assert "    FAIL kvm-6.12/run  (no results: the boot did not finish)" in lines
    assert ran[:7] == ["deps.log"] + [f"build-{c}.log" for c in
                                      ("hypervisor", "driver", "tools", "configs", "inmates")] + ["unit.log"]
    root = ET.parse(tmp_path / "test" / "junit.xml").getroot()
    assert root.get("tests") == str(7 + 9 + n_boots + len(suites.LAYERS) + 3)


def test_missing_fuzz_smoke_target_fails(monkeypatch, tmp_path):
    """`make -n fuzz-smoke` failing (no target) is a failed layer, and a
    fuzz run without its closing counts line is one too."""
    t = maketest.Totals()
    monkeypatch.setattr(maketest.subprocess, "call", lambda *a, **k: 2)
    with contextlib.redirect_stdout(io.StringIO()) as out:
        maketest.fuzz_smoke(t, str(tmp_path))
    assert (t.passed, t.failed) == (0, 1)
    assert "no fuzz-smoke target in the Makefile" in out.getvalue()
    monkeypatch.setattr(maketest.subprocess, "call", lambda *a, **k: 0)
    monkeypatch.setattr(maketest, "sh", lambda cmd, log, env=None: 0)
    with contextlib.redirect_stdout(io.StringIO()):
        maketest.fuzz_smoke(t, str(tmp_path))
    assert (t.passed, t.failed) == (0, 2)
