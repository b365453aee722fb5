# SPDX-License-Identifier: GPL-2.0
"""The cases of the layers that are not boots, for build/test/junit.xml.

These parsers only list cases; the totals of `make test` still come from
the summary lines (maketest.unit_counts, pytest_counts, fuzz_counts).
Reading both from independent text is what lets maketest notice when the
XML and the printed totals disagree, so nothing here pads or trims a list
to match a count."""
import re
import xml.etree.ElementTree as ET

from .results import Result

# cmocka 1.1.5 (Debian 12) prints no group name, so the test program
# comes from the "=== test_x" line of `make run`, or from the command
# line `make run-real` echoes. Test names are C identifiers, which keeps
# the "[  FAILED  ] 2 test(s), listed below:" totals out.
CMOCKA_CASE = re.compile(r"^\[ *(OK|FAILED|ERROR|SKIPPED) *\] ([A-Za-z_]\w*)\s*$")
UNIT_PROGRAM = re.compile(r"^(?:=== (\S+)|[^\[].*/(test_\w+))\s*$")
FUZZ_LINE = re.compile(r"^fuzz: ([\w.-]+): (.*)$")


def _unit_section(suite, seen):
    out = []
    for name, marks in seen.items():
        if marks & {"FAILED", "ERROR"}:
            out.append(Result(suite, name, "FAIL", "cmocka: " + "/".join(sorted(marks))))
        elif "SKIPPED" in marks:
            out.append(Result(suite, name, "SKIP", "cmocka: skipped"))
        else:
            out.append(Result(suite, name, "PASS"))
    return out


def unit_cases(text):
    """One case per cmocka test from `make unit` output. cmocka writes OK
    to stdout and FAILED to stderr, so within one program the lines may
    come in any order, and a failure is listed twice (when it happens and
    in the closing list): a test is its set of marks, per program."""
    out, suite, seen = [], "unit", {}
    for line in text.split("\n"):
        prog = UNIT_PROGRAM.match(line)
        if prog:
            out += _unit_section(suite, seen)
            suite, seen = "unit." + (prog.group(1) or prog.group(2)), {}
            continue
        m = CMOCKA_CASE.match(line)
        if m:
            seen.setdefault(m.group(2), set()).add(m.group(1))
    return out + _unit_section(suite, seen)


def pytest_cases(path):
    """One case per <testcase> of pytest's --junitxml file; a case with
    <failure> or <error> fails. No file (pytest died) gives no cases."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return []
    out = []
    for case in root.iter("testcase"):
        name = "::".join(x for x in (case.get("classname"), case.get("name")) if x)
        bad = case.find("failure")
        if bad is None:
            bad = case.find("error")
        if bad is not None:
            out.append(Result("pytest", name, "FAIL", bad.get("message") or "failed"))
        elif case.find("skipped") is not None:
            out.append(Result("pytest", name, "SKIP", case.find("skipped").get("message")))
        else:
            out.append(Result("pytest", name, "PASS"))
    return out


def fuzz_cases(text):
    """One case per "fuzz: NAME: ..." line of ci/fuzz.sh: only
    "0 findings" passes (a finding, a missing fuzzer and a failed build
    all fail)."""
    out = []
    for line in text.split("\n"):
        m = FUZZ_LINE.match(line)
        if m:
            ok = ", 0 findings" in m.group(2)
            out.append(Result("fuzz-smoke", m.group(1), "PASS" if ok else "FAIL",
                              "" if ok else m.group(2)))
    return out
