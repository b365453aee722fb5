# SPDX-License-Identifier: GPL-2.0
"""Documentation that names code must keep up with it:
Documentation/sysfs.md lists every file driver/sysfs.c creates, and
Documentation/porting.md explains every errno the enable path refuses
with (tools/errmsg.c's enable table)."""
import os
import re

from conftest import REPO


def read(*path):
    with open(os.path.join(REPO, *path)) as f:
        return f.read()


def sysfs_files():
    src = read("driver", "sysfs.c")
    names = set(re.findall(r"DEVICE_ATTR_RO\((\w+)\)", src))
    names |= set(re.findall(r"__ATTR_RO\((\w+)\)", src))
    names |= set(re.findall(r"JH_STAT_ATTR\(([a-z]\w*),", src))
    names |= set(re.findall(r'\.name = "(\w+)"', src))
    return names


def test_sysfs_doc_lists_every_file():
    names = sysfs_files()
    assert {"enabled", "last_error", "state", "exits_total",
            "console"} <= names
    doc = read("Documentation", "sysfs.md")
    missing = sorted(n for n in names if f"`{n}`" not in doc)
    assert missing == []


def test_porting_doc_explains_every_enable_refusal():
    src = read("tools", "errmsg.c")
    table = src[src.index("jh_enable_msgs[]"):]
    table = table[:table.index("};")]
    errnos = set(re.findall(r"JH_(E[A-Z]+)", table))
    assert {"ENOPKG", "EBUSY", "ENODEV"} <= errnos
    doc = read("Documentation", "porting.md")
    missing = sorted(e for e in errnos if f"`{e}`" not in doc)
    assert missing == []
