# SPDX-License-Identifier: GPL-2.0
"""Exit codes, usage errors, set checks of good files, script invocation."""
import os

from conftest import REPO, run, run_script

SYSTEM = os.path.join(REPO, "configs/qemu-arm64.yaml")
DEMO = os.path.join(REPO, "tools/tests/good/cell-demo.yaml")


def test_script_runs_by_absolute_path_from_elsewhere(tmp_path):
    out = tmp_path / "q.cell"
    res = run_script("build", SYSTEM, "-o", out, cwd="/")
    assert res.returncode == 0, res.stderr
    res = run_script("check", out, DEMO, cwd=tmp_path)
    assert res.returncode == 0 and "ok: 2 config(s)" in res.stdout
    res = run_script("show", out, cwd="/")
    assert res.returncode == 0 and "gicr: 0x080a_0000" in res.stdout


def test_script_exit_codes(tmp_path):
    assert run_script("check", "/nonexistent.yaml").returncode == 2
    assert run_script().returncode == 2
    assert run_script("frobnicate").returncode == 2
    bad = os.path.join(REPO, "tools/tests/bad/misaligned.yaml")
    assert run_script("check", bad).returncode == 1


def test_good_set_passes():
    res = run("check", SYSTEM, DEMO)
    assert res.returncode == 0, res.stderr
    res = run("check", os.path.join(REPO, "configs/qemu-arm64-gicv2.yaml"),
              DEMO)
    assert res.returncode == 0, res.stderr


def test_usage_errors(tmp_path):
    res = run("check", "/nonexistent.yaml")
    assert res.returncode == 2 and "cannot read /nonexistent.yaml" in \
        res.stderr
    res = run("check", SYSTEM, os.path.join(REPO, "configs",
                                            "qemu-arm64-gicv2.yaml"))
    assert res.returncode == 2 and "more than one system config" in res.stderr
    res = run("check", DEMO, SYSTEM)
    assert res.returncode == 2 and "system config first" in res.stderr
    assert run("build").returncode == 2
    assert run("create", "--mem-hv", "3X", "--dtb", "x").returncode == 2
    res = run("build", SYSTEM, "-o", SYSTEM)
    assert res.returncode == 2 and "overwrite" in res.stderr


def test_build_default_output_name(tmp_path):
    src = tmp_path / "demo.yaml"
    src.write_text(open(DEMO).read())
    assert run("build", src).returncode == 0
    assert (tmp_path / "demo.cell").read_bytes()[:8] == b"JHCONFIG"


def test_cell_alone_checks_without_set():
    res = run("check", DEMO)
    assert res.returncode == 0 and "cross-cell checks skipped" in res.stdout


def test_binary_set_messages_name_regions(tmp_path):
    sys_cell, cell = tmp_path / "s.cell", tmp_path / "c.cell"
    assert run("build", SYSTEM, "-o", sys_cell).returncode == 0
    bad = tmp_path / "c.yaml"
    bad.write_text(open(DEMO).read().replace("0x7040_0000", "0x2_0000_0000"))
    other = tmp_path / "o.yaml"
    other.write_text(open(DEMO).read().replace("name: demo", "name: other")
                     .replace('"3"', '"2"').replace("first: 33", "first: 34"))
    assert run("build", bad, "-o", cell).returncode == 0
    res = run("check", sys_cell, cell, other)
    assert res.returncode == 1
    # the binary file has no lines: the item is named instead
    assert f"{cell}: error: cell 'demo' memory[0] 'region0' " \
        "(0x200000000-0x2000fffff) lies outside every root cell" in res.stderr
    assert f"{other}:13: error: cell 'other' memory[1] 'comm'" in res.stderr
    assert f"overlaps cell 'demo' memory[1] 'region1' (0x70500000-0x70500fff" \
        f", {cell})" in res.stderr
