# SPDX-License-Identifier: GPL-2.0
"""ci/mkcpio.py: the initramfs is packed without root. Device nodes come
from ci/initramfs.list, every entry is owned by root, the archive is
what GNU cpio (and the kernel) read, and the same inputs give the same
bytes."""
import os
import subprocess

import pytest

from conftest import REPO

MKCPIO = os.path.join(REPO, "ci", "mkcpio.py")
LIST = os.path.join(REPO, "ci", "initramfs.list")


def stage(tmp_path):
    s = tmp_path / "stage"
    (s / "bin").mkdir(parents=True)
    (s / "dev").mkdir()
    (s / "bin" / "tool").write_bytes(b"#!/bin/sh\necho hi\n")
    os.chmod(s / "bin" / "tool", 0o755)
    (s / "odd").write_bytes(b"abcde")     # length not a multiple of 4
    os.symlink("tool", s / "bin" / "link")
    return s


def pack(src, lst, env=None):
    res = subprocess.run(["/usr/bin/python3", MKCPIO, str(src), str(lst)],
                         capture_output=True, env=env)
    return res


def test_listing(tmp_path):
    res = pack(stage(tmp_path), LIST)
    assert res.returncode == 0, res.stderr
    lst = subprocess.run(["cpio", "-itv", "--quiet"], input=res.stdout,
                         capture_output=True, check=True).stdout.decode()
    names = [line.split()[-1] if "->" not in line else line.split()[-3]
             for line in lst.splitlines()]
    rows = dict(zip(names, (line.split() for line in lst.splitlines())))
    assert rows["dev/console"][0] == "crw-------"
    assert rows["dev/console"][4:6] == ["5,", "1"]
    assert rows["dev/null"][0] == "crw-rw-rw-"
    assert rows["dev/null"][4:6] == ["1,", "3"]
    assert rows["bin/tool"][0] == "-rwxr-xr-x"
    assert rows["bin/link"][0].startswith("l")
    for r in rows.values():
        assert r[2:4] == ["root", "root"], r
    # Parents come before what they hold.
    assert names.index("dev") < names.index("dev/console")
    assert names.index("bin") < names.index("bin/tool")


def test_round_trip(tmp_path):
    res = pack(stage(tmp_path), LIST)
    out = tmp_path / "out"
    out.mkdir()
    subprocess.run(["cpio", "-idm", "--quiet", "--no-absolute-filenames",
                    "--nonmatching", "dev/*"], input=res.stdout, cwd=out,
                   check=True)
    assert (out / "bin" / "tool").read_bytes() == b"#!/bin/sh\necho hi\n"
    assert (out / "odd").read_bytes() == b"abcde"
    assert os.readlink(out / "bin" / "link") == "tool"


def test_reproducible(tmp_path):
    s = stage(tmp_path)
    a = pack(s, LIST).stdout
    os.utime(s / "odd", (12345, 12345))
    assert pack(s, LIST).stdout == a


@pytest.mark.parametrize("line", ["nod /dev/x 0600 0 0 q 1 1",
                                  "nod /dev/x 0600 0 0 c 1",
                                  "nod /dev/x 9z 0 0 c 1 3",
                                  "pipe /x 0600 0 0"])
def test_bad_list(tmp_path, line):
    lst = tmp_path / "bad.list"
    lst.write_text(line + "\n")
    res = pack(stage(tmp_path), lst)
    assert res.returncode != 0
    assert b"bad.list:1" in res.stderr


def test_duplicate_refused(tmp_path):
    s = stage(tmp_path)
    (s / "dev" / "null").write_text("")
    res = pack(s, LIST)
    assert res.returncode != 0 and b"'dev/null'" in res.stderr


def test_initramfs_needs_no_mknod():
    with open(os.path.join(REPO, "ci", "initramfs.sh")) as f:
        script = f.read()
    code = [ln for ln in script.splitlines()
            if not ln.lstrip().startswith("#")]
    assert not [ln for ln in code if "mknod" in ln]
    assert "ci/mkcpio.py" in script and "initramfs.list" in script
