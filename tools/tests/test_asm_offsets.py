# SPDX-License-Identifier: GPL-2.0
"""scripts/asm-offsets.sh: the markers a compiled asm-offsets.c leaves in
its .s become #defines (whichever way the compiler prints the immediate);
no marker at all is an error, not an empty header the assembly would
only trip over later."""
import os
import subprocess

from conftest import REPO

SCRIPT = os.path.join(REPO, "scripts", "asm-offsets.sh")


def run(tmp_path, text):
    s = tmp_path / "asm-offsets.s"
    s.write_text(text)
    return subprocess.run(["sh", SCRIPT, str(s), "_T_H"],
                          capture_output=True, text=True)


def test_markers_become_defines(tmp_path):
    r = run(tmp_path, '\t.text\n'
            '#APP\n'
            '// 27 "x.c" 1\n'
            '\t\n.ascii "->ASM_OFFSET CTX_ELR 248"\n'
            '\t\n.ascii "->ASM_OFFSET HV_HEADER_MAX_CPUS #68"\n'
            '\t.ascii "->ASM_OFFSET NEG -8"\n'
            '#NO_APP\n\tret\n')
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "#ifndef _T_H" in lines and "#define _T_H" in lines
    defines = [l for l in lines if l.startswith("#define ") and "_T_H" not in l]
    assert defines == ["#define CTX_ELR 248",
                       "#define HV_HEADER_MAX_CPUS 68",
                       "#define NEG -8"]


def test_no_marker_fails(tmp_path):
    r = run(tmp_path, "\t.text\n\tret\n")
    assert r.returncode != 0
    assert "no ASM_OFFSET markers" in r.stderr
