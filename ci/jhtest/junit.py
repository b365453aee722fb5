# SPDX-License-Identifier: GPL-2.0
"""JUnit XML: one <testsuite> per suite, one <testcase> per check, so a
CI front end shows exactly the checks of the "N passed, N failed" line."""
import os
import xml.etree.ElementTree as ET

from .results import counts


def element(results):
    root = ET.Element("testsuites")
    order = []
    by_suite = {}
    for r in results:
        if r.suite not in by_suite:
            order.append(r.suite)
            by_suite[r.suite] = []
        by_suite[r.suite].append(r)
    tp = tf = ts = 0
    for name in order:
        rs = by_suite[name]
        p, f = counts(rs)
        s = len(rs) - p - f
        tp, tf, ts = tp + p, tf + f, ts + s
        suite = ET.SubElement(root, "testsuite", name=name, tests=str(len(rs)),
                              failures=str(f), skipped=str(s), errors="0")
        for r in rs:
            case = ET.SubElement(suite, "testcase", classname=name, name=r.check)
            if r.verdict == "FAIL":
                ET.SubElement(case, "failure", message=r.reason or "failed")
            elif r.verdict == "SKIP":
                ET.SubElement(case, "skipped", message=r.reason)
    root.set("tests", str(tp + tf + ts))
    root.set("failures", str(tf))
    root.set("skipped", str(ts))
    return root


def write(path, results):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tree = ET.ElementTree(element(results))
    tree.write(path, encoding="utf-8", xml_declaration=True)
