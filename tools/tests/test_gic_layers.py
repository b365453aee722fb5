# SPDX-License-Identifier: GPL-2.0
"""The arm64 GIC code depends one way (hypervisor/scripts/check_gic_layers.py,
also run on every hypervisor link): the tree passes, and each kind of
back-edge, put into a copy of the tree, is caught."""
import os
import shutil
import stat
import subprocess
import sys

import pytest

from conftest import REPO

SCRIPT = os.path.join(REPO, "hypervisor", "scripts", "check_gic_layers.py")
ARM64 = os.path.join(REPO, "hypervisor", "arch", "arm64")


def check(*args):
    return subprocess.run([sys.executable, SCRIPT, *map(str, args)],
                          capture_output=True, text=True)


def test_tree_is_layered():
    r = check("--src", ARM64)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""


@pytest.fixture
def tree(tmp_path):
    dst = tmp_path / "arm64"
    shutil.copytree(ARM64, dst)
    return dst


def edit(path, old, new):
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


BREAKS = {
    "emulation calls the driver": (
        "vgic.c", "static u64 vgic_size_mask(unsigned int size)\n{\n",
        "static u64 vgic_size_mask(unsigned int size)\n{\n"
        "\tgicv3_dist_read(0, 4);\n",
        "vgic.c:", "gicv3_dist_read"),
    "emulation includes the policy": (
        "vgic.c", "#include <asm/vgic.h>\n",
        "#include <asm/vgic.h>\n#include <asm/irqchip.h>\n",
        "vgic.c:", "asm/irqchip.h"),
    "emulation asks the cells itself": (
        "vgic.c", "static u64 vgic_size_mask(unsigned int size)\n{\n",
        "static u64 vgic_size_mask(unsigned int size)\n{\n"
        "\t(void)&root_cell;\n",
        "vgic.c:", "root_cell"),
    "driver knows cells": (
        "gicv3.c", "bool gicv3_present(void)\n{\n",
        "bool gicv3_present(void)\n{\n\tstruct cell *c = 0;\n\n\t(void)c;\n",
        "gicv3.c:", "struct cell"),
    "driver includes the emulation": (
        "gicv3.c", "#include <asm/gicv3.h>\n",
        "#include <asm/gicv3.h>\n#include <asm/vgic.h>\n",
        "gicv3.c:", "asm/vgic.h"),
    "driver calls the policy": (
        "gicv3.c", "bool gicv3_present(void)\n{\n",
        "bool gicv3_present(void)\n{\n\tirqchip_cpu_kick(0);\n",
        "gicv3.c:", "irqchip_cpu_kick"),
    "GIC register outside the driver": (
        "setup.c", "int arch_cpu_init(struct per_cpu *cpu)\n{\n",
        "int arch_cpu_init(struct per_cpu *cpu)\n{\n"
        "\twrite_sysreg(0, ICH_HCR_EL2);\n",
        "setup.c:", "ICH_HCR_EL2"),
    "GIC register by encoding outside the driver": (
        "irqchip_cpu.c", "void irqchip_cpu_kick(struct per_cpu *cpu)\n{\n",
        "void irqchip_cpu_kick(struct per_cpu *cpu)\n{\n"
        "\twrite_sysreg(0, S3_4_C12_C11_0);\n",
        "irqchip_cpu.c:", "S3_4_C12_C11_0"),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_back_edge_caught(tree, name):
    rel, old, new, where, what = BREAKS[name]
    edit(tree / rel, old, new)
    r = check("--src", tree)
    assert r.returncode == 1
    lines = [l for l in r.stderr.splitlines() if what in l]
    assert lines and all(where in l for l in lines), r.stderr


def test_comments_may_name_anything(tree):
    edit(tree / "gicv3.c", "bool gicv3_present(void)\n",
         "/* Not for struct cell, root_cell or irqchip_mmio(). */\n"
         "bool gicv3_present(void)\n")
    r = check("--src", tree)
    assert r.returncode == 0, r.stderr


def fake_nm(tmp_path, undefined):
    """An nm that reports @undefined for vgic.o and nothing for the rest."""
    nm = tmp_path / "nm"
    nm.write_text("#!/bin/sh\ncase \"$2\" in\n*/vgic.o) printf '"
                  + "".join(f"                 U {s}\\n" for s in undefined)
                  + "';;\nesac\n")
    nm.chmod(nm.stat().st_mode | stat.S_IXUSR)
    objs = tmp_path / "objs"
    objs.mkdir()
    for name in ("vgic.o", "gicv3.o"):
        (objs / name).write_bytes(b"")
    return nm, objs


def test_objects_without_outside_symbols_pass(tmp_path):
    nm, objs = fake_nm(tmp_path, [])
    r = check("--src", ARM64, "--objs", objs, "--nm", nm)
    assert r.returncode == 0, r.stderr


def test_object_referencing_outside_symbol_caught(tmp_path):
    nm, objs = fake_nm(tmp_path, ["cell_owns_irq"])
    r = check("--src", ARM64, "--objs", objs, "--nm", nm)
    assert r.returncode == 1
    assert "vgic.o: references cell_owns_irq" in r.stderr


def test_missing_object_caught(tmp_path):
    nm, objs = fake_nm(tmp_path, [])
    (objs / "gicv3.o").unlink()
    r = check("--src", ARM64, "--objs", objs, "--nm", nm)
    assert r.returncode == 1
    assert "gicv3.o: not built" in r.stderr
