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


# What each object defines (T) and uses (U) in the fake nm's answers.
LAYERED = {
    "irqchip_mmio.o": ["T irqchip_mmio", "U irqchip_post_sgis",
                       "U irqchip_lock", "U vgic_dist_access",
                       "U gicv3_gicd_base"],
    "irqchip_cpu.o": ["T irqchip_post_sgis", "U irqchip_foreign_spi",
                      "U gicv3_ack", "U vgic_irq_is_cells"],
    "irqchip.o": ["T irqchip_foreign_spi", "B irqchip_lock",
                  "U gicv3_dist_read", "U vgic_spi_to_root", "U per_cpu"],
    "vgic.o": ["T vgic_dist_access", "T vgic_irq_is_cells",
               "T vgic_spi_to_root"],
    "gicv3.o": ["T gicv3_ack", "T gicv3_dist_read", "T gicv3_gicd_base"],
}


def fake_nm(tmp_path, extra=None, missing=()):
    """An nm printing LAYERED (plus @extra lines) per object."""
    table = {k: list(v) for k, v in LAYERED.items()}
    for obj, line in (extra or {}).items():
        table[obj].append(line)
    cases = "".join(
        f"*/{obj}) printf '"
        + "".join(f"0000000000000000 {l}\\n" if l[0] != "U" else
                  f"                 {l}\\n" for l in lines)
        + "';;\n" for obj, lines in table.items())
    nm = tmp_path / "nm"
    nm.write_text(f"#!/bin/sh\ncase \"$1\" in\n{cases}esac\n")
    nm.chmod(nm.stat().st_mode | stat.S_IXUSR)
    objs = tmp_path / "objs"
    objs.mkdir()
    for obj in table:
        if obj not in missing:
            (objs / obj).write_bytes(b"")
    return nm, objs


def check_objs(tmp_path, **kw):
    nm, objs = fake_nm(tmp_path, **kw)
    return check("--src", ARM64, "--objs", objs, "--nm", nm)


def test_objects_in_order_pass(tmp_path):
    r = check_objs(tmp_path)
    assert r.returncode == 0, r.stderr


def test_leaf_referencing_outside_symbol_caught(tmp_path):
    r = check_objs(tmp_path, extra={"vgic.o": "U cell_owns_irq"})
    assert r.returncode == 1
    assert "vgic.o: references cell_owns_irq" in r.stderr


def test_emulation_calling_driver_caught(tmp_path):
    r = check_objs(tmp_path, extra={"vgic.o": "U gicv3_dist_read"})
    assert r.returncode == 1
    assert "vgic.o: references gicv3_dist_read" in r.stderr


def test_policy_calling_up_caught(tmp_path):
    r = check_objs(tmp_path, extra={"irqchip.o": "U irqchip_post_sgis"})
    assert r.returncode == 1
    assert ("irqchip.o: references irqchip_post_sgis of irqchip_cpu.o"
            in r.stderr)


def test_missing_object_caught(tmp_path):
    r = check_objs(tmp_path, missing=("gicv3.o",))
    assert r.returncode == 1
    assert "gicv3.o: not built" in r.stderr
