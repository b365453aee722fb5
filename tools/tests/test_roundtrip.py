# SPDX-License-Identifier: GPL-2.0
"""build -> show -> build gives identical bytes."""
import glob
import os

import pytest

from conftest import REPO, run

CONFIGS = sorted(glob.glob(os.path.join(REPO, "configs/*.yaml")) +
                 glob.glob(os.path.join(REPO, "tools/tests/good/*.yaml")))


def test_configs_present():
    names = [os.path.basename(p) for p in CONFIGS]
    assert "qemu-arm64.yaml" in names and "qemu-arm64-gicv2.yaml" in names
    assert any(n.startswith("cell-") for n in names)


@pytest.mark.parametrize("path", CONFIGS, ids=os.path.basename)
def test_build_show_build(path, tmp_path):
    first, second = tmp_path / "a.cell", tmp_path / "b.cell"
    shown = tmp_path / "shown.yaml"
    res = run("build", path, "-o", first)
    assert res.returncode == 0, res.stderr
    res = run("show", first)
    assert res.returncode == 0, res.stderr
    shown.write_text(res.stdout)
    res = run("build", shown, "-o", second)
    assert res.returncode == 0, res.stderr
    assert first.read_bytes() == second.read_bytes()
    # show of the YAML source keeps the human region names
    res = run("show", path)
    assert res.returncode == 0 and "region0" not in res.stdout


def test_show_of_yaml_builds_identically(tmp_path):
    src = os.path.join(REPO, "configs/qemu-arm64.yaml")
    res = run("show", src)
    assert "name: gicd" in res.stdout and "size: 768M" in res.stdout
    (tmp_path / "s.yaml").write_text(res.stdout)
    run("build", src, "-o", tmp_path / "a.cell")
    run("build", tmp_path / "s.yaml", "-o", tmp_path / "b.cell")
    assert (tmp_path / "a.cell").read_bytes() == \
        (tmp_path / "b.cell").read_bytes()


def test_units_and_defaults_equal_long_form(tmp_path):
    short = tmp_path / "short.yaml"
    long_ = tmp_path / "long.yaml"
    short.write_text("cell:\n  name: c\n  cpus: \"1-2\"\n  memory:\n"
                     "    - {phys: 0x7040_0000, virt: 0, size: 1M, "
                     "flags: [read, execute]}\n")
    long_.write_text("cell:\n  name: c\n  cpus: [1, 2]\n  entry: 0\n"
                     "  comm_region: 0\n  shutdown_timeout_ms: 0\n"
                     "  flags: []\n  memory:\n"
                     "    - {phys: 1883242496, virt: 0x0, size: 0x10_0000, "
                     "flags: [execute, read]}\n  irqs: []\n")
    for f in (short, long_):
        assert run("build", f, "-o", f.with_suffix(".cell")).returncode == 0
    assert short.with_suffix(".cell").read_bytes() == \
        long_.with_suffix(".cell").read_bytes()


def test_make_configs(tmp_path):
    import subprocess
    res = subprocess.run(["make", "-s", "configs", f"BUILD={tmp_path}"],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "configs/qemu-arm64.cell").read_bytes()[:8] == \
        b"JHCONFIG"
    assert (tmp_path / "configs/qemu-arm64-gicv2.cell").exists()
