# SPDX-License-Identifier: GPL-2.0
"""ci/mkarm32hello.py: the 32-bit ARM program the Linux cell test runs."""
import os
import shutil
import subprocess

import pytest

from conftest import REPO

GEN = os.path.join(REPO, "ci", "mkarm32hello.py")


def test_elf_header_and_segment(tmp_path):
    if not shutil.which("readelf"):
        pytest.skip("no readelf")
    out = tmp_path / "hello32"
    subprocess.run(["python3", GEN, str(out)], check=True)
    res = subprocess.run(["readelf", "-h", "-l", "-W", str(out)],
                         capture_output=True, text=True, check=True)
    text = res.stdout
    assert "ELF32" in text and "Machine:                           ARM" in text
    assert "Version5 EABI" in text and "EXEC" in text
    entry = int(text.split("Entry point address:")[1].split()[0], 16)
    load = next(l.split() for l in text.splitlines()
                if l.strip().startswith("LOAD"))
    vaddr, memsz = int(load[2], 16), int(load[5], 16)
    assert vaddr <= entry < vaddr + memsz and "R E" in " ".join(load)


def test_code_disassembles_to_write_and_exit(tmp_path):
    """The hand-assembled words are the instructions their comments say."""
    if not shutil.which("llvm-mc"):
        pytest.skip("no llvm-mc")
    out = tmp_path / "hello32"
    subprocess.run(["python3", GEN, str(out)], check=True)
    code = out.read_bytes()[84:84 + 32]
    hexes = " ".join("0x%02x" % b for b in code)
    res = subprocess.run(["llvm-mc", "-triple=armv7", "-disassemble"],
                         input=hexes, capture_output=True, text=True,
                         check=True)
    insns = [" ".join(l.split()) for l in res.stdout.splitlines()
             if l.startswith("\t") and not l.strip().startswith(".")]
    assert insns == ["mov r0, #1", "add r1, pc, #20", "mov r2, #9",
                     "mov r7, #4", "svc #0", "mov r0, #0", "mov r7, #1",
                     "svc #0"]
    assert out.read_bytes()[84 + 32:] == b"arm32 ok\n"
