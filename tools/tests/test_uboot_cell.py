# SPDX-License-Identifier: GPL-2.0
"""The U-Boot cell: its config, its control DT and the other cell configs.

U-Boot for qemu_arm64 runs from guest 0, reads its DT at 0x4000_0000 and
its flash environment at 0x0400_0000 (without a region there the cell
fails on a stage-2 abort); the DT must describe exactly the cell's RAM
and UART. For `booti` its RAM is cell linux's 128 MiB. Cell configs of qemu-arm64.yaml must take their memory from
root's inmate area and may share it only when they cannot exist at once
(they need a common CPU).
"""
import glob
import os
import re
import shutil
import subprocess

import pytest
import yaml

from conftest import REPO

UBOOT_YAML = os.path.join(REPO, "configs", "qemu-arm64-uboot.yaml")
UBOOT_DTS = os.path.join(REPO, "ci", "uboot-cell.dts")
UNITS = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def num(v):
    if isinstance(v, int):
        return v
    v = str(v).replace("_", "")
    if v[-1] in UNITS:
        return int(v[:-1], 0) * UNITS[v[-1]]
    return int(v, 0)


def load(path):
    with open(path) as f:
        return yaml.safe_load(f)


def regions(cfg):
    return {r["name"]: r for r in cfg["cell"]["memory"]}


def test_uboot_layout():
    cfg = load(UBOOT_YAML)
    cell, mem = cfg["cell"], regions(cfg)
    assert num(cell["entry"]) == 0
    assert cell["cpus"] == "2-3"
    assert num(cell["uart"]["address"]) == 0x0900_0000
    flash = mem["flash"]
    assert num(flash["virt"]) == 0
    assert {"execute", "loadable"} <= set(flash["flags"])
    size = os.path.getsize("/usr/lib/u-boot/qemu_arm64/u-boot.bin") \
        if os.path.exists("/usr/lib/u-boot/qemu_arm64/u-boot.bin") else 0
    assert num(flash["size"]) >= size
    assert num(mem["ram"]["virt"]) == 0x4000_0000
    assert {"execute", "loadable"} <= set(mem["ram"]["flags"])
    # booti: room for a stock kernel; cell linux's RAM (same CPUs).
    linux = regions(load(os.path.join(REPO, "configs",
                                      "qemu-arm64-linux.yaml")))["ram"]
    assert num(mem["ram"]["size"]) == num(linux["size"]) == 128 << 20
    assert num(mem["ram"]["phys"]) == num(linux["phys"])
    env = mem["env"]
    assert num(env["virt"]) == 0x0400_0000 and num(env["size"]) >= 0x40000
    assert {"read", "write"} <= set(env["flags"])


def dtc_dump():
    if not shutil.which("dtc"):
        pytest.fail("dtc missing (device-tree-compiler, ci/deps.sh)")
    dtb = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", UBOOT_DTS],
                         capture_output=True, check=True).stdout
    return subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", "-"],
                          input=dtb, capture_output=True,
                          check=True).stdout.decode()


def regs_of(dts, node):
    """(address, size) pairs of the node's reg (2 + 2 cells each)."""
    m = re.search(node + r" \{[^}]*?reg = <([^;]*)>;", dts, re.S)
    assert m, f"no reg in {node}"
    c = [int(x, 0) for x in re.findall(r"0x[0-9a-f]+|\d+", m.group(1))]
    return [(c[i] << 32 | c[i + 1], c[i + 2] << 32 | c[i + 3])
            for i in range(0, len(c), 4)]


def reg_of(dts, node):
    return regs_of(dts, node)[0]


def test_uboot_dt_matches_config():
    dts, mem = dtc_dump(), regions(load(UBOOT_YAML))
    assert regs_of(dts, r"memory@40000000") == [
        (num(mem["ram"]["virt"]), num(mem["ram"]["size"]))]
    assert reg_of(dts, r"pl011@9000000")[0] == 0x0900_0000
    m = re.search(r"config \{(.*?)\};", dts, re.S)
    assert m, "no /config node"
    assert 'bootcmd = "echo UBOOT BOOTCMD OK; poweroff";' in m.group(1)
    assert "bootdelay = <0x00>;" in m.group(1)


# Variants of another cell config (same RAM, never run beside it; cell-nodev
# is cell-a plus a window in the fw-cfg page, outside the inmate area).
VARIANTS = {"qemu-arm64-linux-virtio.yaml", "qemu-arm64-cell-nodev.yaml"}


def cell_configs():
    out = []
    for p in sorted(glob.glob(os.path.join(REPO, "configs", "*.yaml"))):
        cfg = load(p)
        if "cell" in cfg and os.path.basename(p) not in VARIANTS:
            out.append((os.path.basename(p), cfg))
    return out


def test_cell_configs_disjoint_and_in_inmates():
    system = load(os.path.join(REPO, "configs", "qemu-arm64.yaml"))["system"]
    root = regions({"cell": system["root_cell"]})
    # the inmate area is split around the links' memory (links.md)
    areas = [(num(r["phys"]), num(r["phys"]) + num(r["size"]))
             for name, r in root.items() if name.startswith("inmates")]
    assert len(areas) == 2 and system["links"]
    spans = []
    for name, cfg in cell_configs():
        for r in cfg["cell"]["memory"]:
            start = num(r["phys"])
            spans.append((start, start + num(r["size"]),
                          f"{name}:{r['name']}", cpu_set(cfg)))
    assert any("qemu-arm64-uboot" in s[2] for s in spans)
    for s in spans:
        assert any(lo <= s[0] and s[1] <= hi for lo, hi in areas), \
            f"{s[2]} outside root's inmates"
    # link-a/link-b are cell-a/cell-b plus a link: same memory by design
    variants = [s for s in spans if "-link-" in s[2]]
    spans = [s for s in spans if "-link-" not in s[2]]
    for s in variants:
        assert any((t[0], t[1], t[2]) == (s[0], s[1],
                   s[2].replace("-link-", "-cell-")) for t in spans), s
    shared = set()
    for i, a in enumerate(spans):
        for b in spans[i + 1:]:
            if a[0] < b[1] and b[0] < a[1]:
                assert a[3] & b[3], f"{a[2]} overlaps {b[2]}, no CPU in common"
                shared.add((a[2], b[2]))
    # The one planned sharing: U-Boot's RAM (booti) is cell linux's.
    assert shared == {("qemu-arm64-linux.yaml:ram",
                       "qemu-arm64-uboot.yaml:ram")}


def cpu_set(cfg):
    cpus = set()
    for part in str(cfg["cell"]["cpus"]).split(","):
        lo, _, hi = part.partition("-")
        cpus |= set(range(int(lo), int(hi or lo) + 1))
    return cpus
