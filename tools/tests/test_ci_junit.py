# SPDX-License-Identifier: GPL-2.0
"""build/test/junit.xml of `make test`: every counted case of every
layer (build, unit, pytest, boots, fuzz-smoke) is one testcase, and a
disagreement between the printed totals and the XML is one failure. Fake
commands only; no QEMU, no make."""
import contextlib
import io
import os
import subprocess
import xml.etree.ElementTree as ET

from jhtest_helpers import fake_sh, fuzz_log, pytest_xml, unit_log
from jhtest import layercases, maketest, suites  # noqa: E402
from jhtest.paths import PYTHON  # noqa: E402
from jhtest.results import Result, counts  # noqa: E402

REAL_RUN_REAL = ('JH_REAL_CONFIGS="/b/configs/a.cell" /b/unit/test_realcfg\n'
                 "/b/configs/a.cell: valid (208 bytes)\n"
                 "[==========] Running 1 test(s).\n[ RUN      ] test_real_configs\n"
                 "[       OK ] test_real_configs\n[==========] 1 test(s) run.\n"
                 "[  PASSED  ] 1 test(s).\n")


def run_main(tmp_path, monkeypatch, fake):
    monkeypatch.setenv("BUILD", str(tmp_path))
    monkeypatch.setattr(maketest, "sh", fake)
    monkeypatch.setattr(maketest.subprocess, "call", lambda *a, **k: 0)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = maketest.main()
    root = ET.parse(tmp_path / "test" / "junit.xml").getroot()
    return rc, out.getvalue().split("\n"), root


def xml_counts(root):
    """(passed, failed) of the testcases, checking every count attribute
    against the testcases it stands for."""
    p = f = s = 0
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        sf = sum(1 for c in cases if c.find("failure") is not None)
        ss = sum(1 for c in cases if c.find("skipped") is not None)
        assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == \
            (str(len(cases)), str(sf), str(ss)), suite.get("name")
        p, f, s = p + len(cases) - sf - ss, f + sf, s + ss
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == \
        (str(p + f + s), str(f), str(s))
    return p, f


def test_unit_cases_from_cmocka_output():
    """Failures come twice and before the buffered OK lines; the
    run-real program has no === line."""
    text = (unit_log(["a", "b"], ["c"]) + unit_log(["d"]).replace("test_fake", "test_two")
            + "unit: 1 of 2 test programs failed\n" + REAL_RUN_REAL)
    cases = layercases.unit_cases(text)
    assert [(r.suite, r.check, r.verdict) for r in cases] == [
        ("unit.test_fake", "c", "FAIL"), ("unit.test_fake", "a", "PASS"),
        ("unit.test_fake", "b", "PASS"), ("unit.test_two", "d", "PASS"),
        ("unit.test_realcfg", "test_real_configs", "PASS")]
    assert counts(cases) == maketest.unit_counts(text) == (4, 1)


# Real cmocka 1.1.5 output (Debian 12): pass, assertion failure, skip(),
# failed setup. Its "listed below" line counts 1 failure, its own
# "2 FAILED TEST(S)" two: the setup error is not in the counted total.
CMOCKA_115 = "\n".join([
    '=== test_demo',
    '[==========] Running 4 test(s).',
    '[ RUN      ] test_ok',
    '[       OK ] test_ok',
    '[ RUN      ] test_bad',
    '[  ERROR   ] --- 0x1 != 0x2',
    '[   LINE   ] --- t.c:7: error: Failure!',
    '[  FAILED  ] test_bad',
    '[ RUN      ] test_skip',
    '[  SKIPPED ] test_skip',
    '[ RUN      ] test_err',
    'Could not run test: Test setup failed',
    '[  ERROR   ] test_err',
    '[==========] 4 test(s) run.',
    '[  PASSED  ] 1 test(s).',
    '[  SKIPPED ] 1 test(s), listed below:',
    '[  SKIPPED ] test_skip',
    '',
    ' 1 SKIPPED TEST(S)',
    '[  FAILED  ] 1 test(s), listed below:',
    '[  FAILED  ] test_bad',
    '',
    ' 2 FAILED TEST(S)',
    '',
])


def test_cmocka_setup_error_is_a_case_and_the_check_reports_it():
    """unit_counts (the totals, unchanged) misses the setup error; the
    XML has it, so the run reports the disagreement instead of hiding
    it."""
    cases = layercases.unit_cases(CMOCKA_115)
    assert [r.line() for r in cases] == [
        "PASS unit.test_demo/test_ok", "FAIL unit.test_demo/test_bad  (cmocka: FAILED)",
        "SKIP unit.test_demo/test_skip  (cmocka: skipped)",
        "FAIL unit.test_demo/test_err  (cmocka: ERROR)"]
    t = maketest.Totals()
    with contextlib.redirect_stdout(io.StringIO()) as out:
        t.layer("unit", *maketest.unit_counts(CMOCKA_115), "", cases)
        maketest.check_xml(t)
    assert (t.passed, t.failed) == (1, 2)
    assert "unit 1/1 counted, 1/2 in the XML" in out.getvalue()


def test_pytest_cases_match_a_real_pytest_run(tmp_path):
    """pytest itself writes the file: pass, fail, skip, error in setup."""
    (tmp_path / "test_x.py").write_text(
        "import pytest\n\n@pytest.fixture\ndef bad():\n    raise OSError('x')\n\n"
        "def test_ok():\n    pass\n\ndef test_ok2():\n    pass\n\n"
        "def test_no():\n    assert 0\n\ndef test_err(bad):\n    pass\n\n"
        "def test_skip():\n    pytest.skip('n/a')\n")
    xml = tmp_path / "p.xml"
    run = subprocess.run(maketest.pytest_cmd(["--junitxml", str(xml), str(tmp_path)]),
                         cwd=tmp_path, capture_output=True, text=True, check=False)
    assert run.returncode == 1, run.stdout
    cases = layercases.pytest_cases(str(xml))
    assert counts(cases) == maketest.pytest_counts(run.stdout) == (2, 2)
    assert sorted(r.check.split("::")[-1] for r in cases if r.verdict == "FAIL") == \
        ["test_err", "test_no"]
    assert [r.verdict for r in cases if r.check.endswith("test_skip")] == ["SKIP"]
    assert layercases.pytest_cases(str(tmp_path / "none.xml")) == []


def test_fuzz_cases_one_per_fuzzer_line():
    text = fuzz_log(2, 1) + "fuzz: vgic: no such fuzzer (/x)\n"
    cases = layercases.fuzz_cases(text)
    assert [(r.check, r.verdict) for r in cases] == \
        [("f0", "PASS"), ("f1", "PASS"), ("g0", "FAIL"), ("vgic", "FAIL")]
    assert cases[2].reason.startswith("5 runs, 1 finding")
    broken = "fuzz: config: build failed (log x)\nfuzz: cell: build failed (log x)\n"
    assert counts(layercases.fuzz_cases(broken + "0 passed, 2 failed\n")) == (0, 2)


def test_every_layer_lands_in_the_xml(tmp_path, monkeypatch):
    """The whole flow over fake commands: one testsuite per unit program,
    pytest, boot and fuzz-smoke; the XML's passed/failed testcases equal
    the printed totals."""
    fake = fake_sh(unit_log(["u1", "u2"], ["u3"]), (4, 1), fuzz_log(2, 1))
    rc, lines, root = run_main(tmp_path, monkeypatch, fake)
    assert rc == 1
    total = lines[-2]
    assert xml_counts(root) == tuple(int(w) for w in total.split()[::2])
    names = [s.get("name") for s in root.findall("testsuite")]
    assert names[:2] == ["unit.test_fake", "pytest"]
    assert set(names[2:-1]) == {s.name for s in suites.SUITES if s.name != "kvm-6.12"} \
        | {"kvm-6.12"}
    assert names[-1] == "fuzz-smoke"
    fuzz = root.find("testsuite[@name='fuzz-smoke']")
    assert [c.get("name") for c in fuzz.findall("testcase")] == ["f0", "f1", "g0"]
    assert fuzz.find("testcase[@name='g0']/failure") is not None
    unit = root.find("testsuite[@name='unit.test_fake']")
    assert unit.find("testcase[@name='u3']/failure").get("message") == "cmocka: FAILED"
    assert not any(l.startswith("junit:") for l in lines)


def test_layer_failures_without_cases_are_cases(tmp_path, monkeypatch):
    """A broken build component, a `make unit` that failed without a
    FAILED line, a fuzz run without its counts line: each one failure,
    each one testcase."""
    def fake(cmd, log, env=None):
        name = os.path.basename(log)
        with open(log, "w", encoding="utf-8") as out:
            out.write({"unit.log": unit_log(["u1"]), "fuzz-smoke.log": "killed\n"}
                      .get(name, ""))
        if "--junitxml" in cmd:
            pytest_xml(cmd[cmd.index("--junitxml") + 1], 0)
        return 2 if name in ("build-driver.log", "unit.log", "pytest.log",
                              "fuzz-smoke.log") else 0

    monkeypatch.setattr(suites, "LAYERS", [])
    rc, lines, root = run_main(tmp_path, monkeypatch, fake)
    assert rc == 1
    assert lines[-2] == "1 passed, 4 failed"
    assert xml_counts(root) == (1, 4)
    failed = [(c.get("classname"), c.get("name")) for c in root.iter("testcase")
              if c.find("failure") is not None]
    assert failed == [("build", "driver"), ("unit", "make"), ("pytest", "run"),
                      ("fuzz-smoke", "run")]


def test_a_mismatch_is_one_failure(tmp_path, monkeypatch):
    """cmocka's totals say 3 passed but only 2 OK lines made it to the
    log: the totals keep 3 and the run fails once, naming the layer."""
    unit = unit_log(["u1", "u2", "u3"]).replace("[       OK ] u3\n", "")
    monkeypatch.setattr(suites, "LAYERS", [])
    rc, lines, root = run_main(tmp_path, monkeypatch, fake_sh(unit, (1, 0), fuzz_log(1)))
    assert rc == 1
    assert lines[-2] == "5 passed, 1 failed"
    junit_line = [l for l in lines if l.startswith("junit:")]
    assert junit_line == ["junit:            0 passed,    1 failed  (totals 5 passed, "
                          "0 failed, junit.xml 4 passed, 0 failed: "
                          "unit 3/0 counted, 2/0 in the XML)"]
    case = root.find("testsuite[@name='junit']/testcase[@name='counts']/failure")
    assert "unit 3/0 counted, 2/0 in the XML" in case.get("message")
    assert xml_counts(root) == (4, 1)


def test_check_xml_quiet_when_counts_agree():
    t = maketest.Totals()
    with contextlib.redirect_stdout(io.StringIO()) as out:
        t.layer("x", 1, 1, "", [Result("x", "a", "PASS"), Result("x", "b", "FAIL"),
                                Result("x", "c", "SKIP")])
        maketest.check_xml(t)
    assert (t.passed, t.failed) == (1, 1)
    assert "junit" not in out.getvalue()
