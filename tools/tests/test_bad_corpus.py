# SPDX-License-Identifier: GPL-2.0
"""Every bad file is refused with its expected message, at the marked line.

Each tools/tests/bad/*.yaml carries:
  # expect: TEXT        the message (substring) the checker must print
  # with: FILES...      (optional) check the file after these, as a set
and marks the offending line with '# <-- error'.
"""
import glob
import os

import pytest

from conftest import REPO, run

BAD = sorted(glob.glob(os.path.join(REPO, "tools/tests/bad/*.yaml")))


def meta(path):
    text = open(path, encoding="utf-8").read()
    expect = [l[len("# expect: "):] for l in text.splitlines()
              if l.startswith("# expect: ")]
    with_ = [l[len("# with: "):].split() for l in text.splitlines()
             if l.startswith("# with: ")]
    marks = [n for n, l in enumerate(text.splitlines(), 1)
             if l.rstrip().endswith("# <-- error")]
    assert len(expect) == 1 and len(marks) == 1, path
    return expect[0], (with_[0] if with_ else []), marks[0]


def test_corpus_is_large():
    assert len(BAD) >= 40


@pytest.mark.parametrize("path", BAD, ids=os.path.basename)
def test_check_reports(path):
    expect, with_, line = meta(path)
    rel = os.path.relpath(path, REPO)
    res = run("check", *with_, rel)
    assert res.returncode == 1, res.stdout + res.stderr
    located = [l for l in res.stderr.splitlines()
               if l.startswith(f"{rel}:{line}: error:")]
    assert any(expect in l for l in located), res.stderr
    assert "\n  hint: " in res.stderr


@pytest.mark.parametrize("path", BAD, ids=os.path.basename)
def test_build_refuses(path, tmp_path):
    expect, with_, line = meta(path)
    out = tmp_path / "out.cell"
    res = run("build", path, "-o", out)
    if with_:
        # set-level errors need the other configs; the file alone is valid
        assert res.returncode == 0, res.stderr
        assert out.exists()
    else:
        assert res.returncode == 1
        assert f"{path}:{line}: error:" in res.stderr and expect in res.stderr
        assert not out.exists()


def test_plain_device_cell_accepted():
    """The control for cell-its, cell-dma-device and cell-dma-flag: the same
    cell with a device that does no DMA passes the set check."""
    res = run("check", "tools/tests/good/system-its.yaml",
              "tools/tests/good/cell-plain-io.yaml")
    assert res.returncode == 0, res.stdout + res.stderr


def test_dma_identity_cell_accepted():
    """The control for cell-dma-device and cell-dma-flag: a dma device is
    accepted once all the cell's RAM is identity mapped."""
    res = run("check", "tools/tests/good/system-its.yaml",
              "tools/tests/good/cell-dma-identity.yaml")
    assert res.returncode == 0, res.stdout + res.stderr


def test_subpage_cell_accepted():
    """The control for cell-subpage-*: QEMU's highest virtio-mmio
    transport as a subpage window of a cell with identity RAM."""
    res = run("check", "configs/qemu-arm64.yaml",
              "configs/qemu-arm64-linux-virtio.yaml")
    assert res.returncode == 0, res.stdout + res.stderr
