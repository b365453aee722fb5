# SPDX-License-Identifier: GPL-2.0
"""One result type and one result-line format for every layer.

Every check of every layer (scenario, in-cell test, attack, root panic)
is one Result; it prints as
    PASS <suite>/<check>
    FAIL <suite>/<check>  (<reason>)
    SKIP <suite>/<check>  (<why>)
SKIP is neither a pass nor a failure (an in-cell check that could not
run on this machine); it is listed so that it is not silent."""
import json
import re

VERDICTS = ("PASS", "FAIL", "SKIP")
LINE_RE = re.compile(r"^(PASS|FAIL|SKIP) ([^/ ]+)/(\S+)(?:  \((.*)\))?$")


class Result:
    __slots__ = ("suite", "check", "verdict", "reason")

    def __init__(self, suite, check, verdict, reason=""):
        if verdict not in VERDICTS:
            raise ValueError(f"verdict {verdict!r}")
        self.suite, self.check = suite, check
        self.verdict, self.reason = verdict, reason or ""

    def line(self):
        tail = f"  ({self.reason})" if self.reason else ""
        return f"{self.verdict} {self.suite}/{self.check}{tail}"

    def to_dict(self):
        return {"suite": self.suite, "check": self.check,
                "verdict": self.verdict, "reason": self.reason}

    @classmethod
    def from_dict(cls, d):
        return cls(d["suite"], d["check"], d["verdict"], d.get("reason", ""))

    def __repr__(self):
        return f"Result({self.line()!r})"


def parse_line(text):
    """A printed result line back into a Result, or None."""
    m = LINE_RE.match(text)
    if not m:
        return None
    return Result(m.group(2), m.group(3), m.group(1), m.group(4) or "")


def counts(results):
    """(passed, failed): SKIP counts as neither."""
    p = sum(1 for r in results if r.verdict == "PASS")
    f = sum(1 for r in results if r.verdict == "FAIL")
    return p, f


def summary_line(suite, results, extra=""):
    p, f = counts(results)
    return f"{suite}: {p} passed, {f} failed{extra}"


def write_jsonl(path, results):
    with open(path, "a", encoding="utf-8") as out:
        for r in results:
            out.write(json.dumps(r.to_dict()) + "\n")


def read_jsonl(path):
    out = []
    try:
        with open(path, encoding="utf-8") as src:
            for line in src:
                if line.strip():
                    out.append(Result.from_dict(json.loads(line)))
    except FileNotFoundError:
        pass
    return out
