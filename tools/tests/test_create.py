# SPDX-License-Identifier: GPL-2.0
"""'create' on device trees QEMU dumps for several virt machines."""
import os
import subprocess

import pytest
import yaml

from conftest import REPO, run
from jhconfig import fdt
from jhconfig.units import parse_int

CACHE = os.path.join(REPO, "build", "tests", "dtb")
MACHINES = [(3, 4, "1G"), (2, 4, "1G"), (3, 2, "2G"), (2, 8, "512M"),
            (3, 6, "3G")]
GiB = 1 << 30


def dump_dtb(gic, smp, mem):
    """Dump (once, cached under build/) the DTB of a QEMU virt machine."""
    os.makedirs(CACHE, exist_ok=True)
    path = os.path.join(CACHE, f"virt-gic{gic}-smp{smp}-{mem}.dtb")
    if not os.path.exists(path):
        tmp = path + ".tmp"
        subprocess.run(
            ["timeout", "60", "qemu-system-aarch64", "-machine",
             f"virt,gic-version={gic},virtualization=on,dumpdtb={tmp}",
             "-cpu", "cortex-a57", "-smp", str(smp), "-m", mem,
             "-nographic", "-nic", "none"],
            check=True, capture_output=True)
        os.replace(tmp, path)
    return path


def reference(gic):
    name = "qemu-arm64.yaml" if gic == 3 else "qemu-arm64-gicv2.yaml"
    return yaml.safe_load(open(os.path.join(REPO, "configs", name)))["system"]


def mem_bytes(mem):
    return int(mem[:-1]) << (30 if mem[-1] == "G" else 20)


@pytest.mark.parametrize("gic,smp,mem", MACHINES,
                         ids=[f"gic{g}-smp{s}-{m}" for g, s, m in MACHINES])
def test_create_from_dtb(gic, smp, mem, tmp_path):
    dtb = dump_dtb(gic, smp, mem)
    out = tmp_path / "created.yaml"
    res = run("create", "--dtb", dtb, "-o", out)
    assert res.returncode == 0, res.stderr
    created = yaml.safe_load(out.read_text())["system"]
    ref = reference(gic)
    assert created["platform"]["gic"]["version"] == gic
    for key in ("gicd", "gicr", "gicc", "gich", "gicv", "gits", "gits_size",
                "maintenance_irq"):
        assert created["platform"]["gic"].get(key) == \
            ref["platform"]["gic"].get(key), key
    assert created["debug_console"] == ref["debug_console"]
    root = created["root_cell"]
    assert root["cpus"] == f"0-{smp - 1}"
    ram = root["memory"][0]
    assert ram["name"] == "ram" and ram["phys"] == \
        ref["root_cell"]["memory"][0]["phys"] == 0x40000000
    # a quarter of RAM is carved from its end: hypervisor, then inmates
    end = 0x40000000 + mem_bytes(mem)
    carve = mem_bytes(mem) // 4
    assert created["hypervisor_memory"]["phys"] == end - carve
    assert "mem=" in out.read_text()
    # every device region of the reference (except sizes that depend on
    # the CPU count) is created at the same address
    created_io = {r["phys"] for r in root["memory"] if "io" in r["flags"]}
    ref_io = {r["phys"] for r in ref["root_cell"]["memory"]
              if "io" in r["flags"]}
    assert created_io == ref_io
    # the output passes check and build
    assert run("check", out).returncode == 0
    assert run("build", out, "-o", tmp_path / "c.cell").returncode == 0


def reference_without_links(path, tmp_path):
    """configs/qemu-arm64*.yaml as create writes it: no links, so one
    inmates region without the hole the links' memory takes."""
    cfg = yaml.safe_load(open(os.path.join(REPO, path)).read())
    system = cfg["system"]
    assert system.pop("links") and system["root_cell"].pop("links")
    memory = system["root_cell"]["memory"]
    low, high = [r for r in memory if r["name"].startswith("inmates")]
    memory.remove(high)
    low["size"] = parse_int(high["phys"]) + parse_int(high["size"]) - \
        parse_int(low["phys"])
    out = tmp_path / os.path.basename(path)
    out.write_text(yaml.safe_dump(cfg))
    return out


def test_create_matches_reference_for_the_qemu_machine(tmp_path):
    """For -smp 4 -m 1G the created config builds to the same bytes as
    configs/qemu-arm64*.yaml except the root cell name and the links (the
    reference declares example links, create an empty table)."""
    for gic in (3, 2):
        out = tmp_path / f"g{gic}.yaml"
        assert run("create", "--dtb", dump_dtb(gic, 4, "1G"), "-o",
                   out).returncode == 0
        text = out.read_text()
        assert yaml.safe_load(text)["system"]["links"] == []
        assert "#     - {name: net0, address:" in text
        name = yaml.safe_load(text)["system"]["root_cell"]["name"]
        out.write_text(text.replace(f"name: {name}\n", "name: qemu-virt\n"))
        ref = reference_without_links("configs/qemu-arm64.yaml" if gic == 3
                                      else "configs/qemu-arm64-gicv2.yaml",
                                      tmp_path)
        a, b = tmp_path / "a.cell", tmp_path / "b.cell"
        assert run("build", out, "-o", a).returncode == 0
        assert run("build", ref, "-o", b).returncode == 0
        ca = run("show", a).stdout.splitlines()[2:]
        cb = run("show", b).stdout.splitlines()[2:]
        # same regions, possibly in another order
        assert sorted(ca) == sorted(cb)


def test_gicr_size_follows_cpu_count(tmp_path):
    out = tmp_path / "c.yaml"
    assert run("create", "--dtb", dump_dtb(3, 6, "3G"), "-o",
               out).returncode == 0
    regions = yaml.safe_load(out.read_text())["system"]["root_cell"]["memory"]
    gicr = [r for r in regions if r["name"] == "gicr"][0]
    assert gicr["size"] == "768K"   # 6 x 128K


def write_fake_root(tmp_path, dtb, iomem, present):
    """A fake / with /proc/device-tree as a directory tree."""
    def write(node, path):
        os.makedirs(path, exist_ok=True)
        for name, value in node.props.items():
            with open(os.path.join(path, name), "wb") as f:
                f.write(value)
        for child in node.children:
            write(child, os.path.join(path, child.name))
    tree = fdt.parse_dtb(open(dtb, "rb").read())
    write(tree, tmp_path / "proc" / "device-tree")
    (tmp_path / "proc" / "iomem").write_text(iomem)
    cpu = tmp_path / "sys" / "devices" / "system" / "cpu"
    cpu.mkdir(parents=True)
    (cpu / "present").write_text(present + "\n")
    return tmp_path


IOMEM = """00000000-03ffffff : 0.flash flash@0
09000000-09000fff : 9000000.pl011 pl011@9000000
  09000000-09000fff : 9000000.pl011 pl011@9000000
40000000-6fffffff : System RAM
  40210000-4121ffff : Kernel code
4010000000-401fffffff : PCI ECAM
"""


def test_create_from_running_system(tmp_path):
    root = write_fake_root(tmp_path, dump_dtb(3, 4, "1G"), IOMEM, "0-3")
    out = tmp_path / "c.yaml"
    res = run("create", "--root", root, "--mem-inmates", "64M", "-o", out)
    assert res.returncode == 0, res.stderr
    system = yaml.safe_load(out.read_text())["system"]
    assert system["hypervisor_memory"] == {"phys": 0x70000000, "size": "4M"}
    memory = system["root_cell"]["memory"]
    assert memory[0] == {"name": "ram", "phys": 0x40000000, "size": "768M",
                         "flags": ["read", "write", "execute", "dma"]}
    assert memory[1]["name"] == "inmates" and memory[1]["phys"] == \
        0x70400000 and memory[1]["size"] == "64M"
    assert "/proc/iomem" in out.read_text()
    # default inmate area: everything above Linux minus the hypervisor
    res = run("create", "--root", root, "--mem-hv", "8M")
    assert res.returncode == 0
    system = yaml.safe_load(res.stdout)["system"]
    assert system["root_cell"]["memory"][1]["size"] == "248M"


def test_create_without_room(tmp_path):
    full = IOMEM.replace("40000000-6fffffff", "40000000-7fffffff")
    root = write_fake_root(tmp_path, dump_dtb(3, 4, "1G"), full, "0-1")
    res = run("create", "--root", root)
    assert res.returncode == 1
    assert "no room for 4M of hypervisor memory" in res.stderr
    assert "hint: boot Linux with a smaller mem=" in res.stderr


def test_create_errors(tmp_path):
    junk = tmp_path / "junk.dtb"
    junk.write_bytes(b"\0" * 64)
    res = run("create", "--dtb", junk)
    assert res.returncode == 1 and "not a device tree blob" in res.stderr
    res = run("create", "--root", tmp_path)
    assert res.returncode == 1 and "proc/device-tree not found" in res.stderr


def test_fdt_parser_agrees_with_dtc():
    dtb = dump_dtb(3, 4, "1G")
    dts = subprocess.run(["dtc", "-I", "dtb", "-O", "dts", dtb],
                         capture_output=True, text=True, check=True).stdout
    tree = fdt.parse_dtb(open(dtb, "rb").read())
    nodes = list(tree.walk())
    assert len(nodes) == dts.count("{\n")
    assert tree.find("/intc@8000000").cells("reg") == \
        [0, 0x8000000, 0, 0x10000, 0, 0x80a0000, 0, 0xf60000]
    assert tree.find("/chosen").string("stdout-path") == "/pl011@9000000"
    assert tree.find("/intc/its").strings("compatible") == ["arm,gic-v3-its"]


def test_mem_value_linux_can_parse(tmp_path):
    """mem= must be a number Linux's memparse() reads: 1536M, never
    0x6000_0000 (underscores) or 1.5G."""
    from jhconfig.create import linux_size
    assert linux_size(768 << 20) == "768M"
    assert linux_size(1536 << 20) == "1536M"
    assert linux_size(2 << 30) == "2G"
    assert linux_size(0x1234) == str(0x1234)
    out = tmp_path / "c.yaml"
    assert run("create", "--dtb", dump_dtb(3, 6, "3G"), "-o",
               out).returncode == 0
    value = out.read_text().split("mem=", 1)[1].split()[0]
    assert value == "2304M"     # 3G minus the carved quarter
    assert "_" not in value and "." not in value


def test_hidden_iomem_asks_for_root(tmp_path):
    """Non-root users see /proc/iomem with all addresses zeroed."""
    hidden = "".join(
        "00000000-00000000 : " + line.split(" : ", 1)[1] + "\n"
        for line in IOMEM.splitlines())
    root = write_fake_root(tmp_path, dump_dtb(3, 4, "1G"), hidden, "0-3")
    res = run("create", "--root", root)
    assert res.returncode == 1
    assert "shows no addresses" in res.stderr
    assert "hint: run as root" in res.stderr


def _dtb_with_nomap(tmp_path, start, size):
    dts = subprocess.run(["dtc", "-I", "dtb", "-O", "dts",
                          dump_dtb(3, 4, "1G")], capture_output=True,
                         text=True, check=True).stdout
    node = ("\treserved-memory {\n\t\t#address-cells = <2>;\n"
            "\t\t#size-cells = <2>;\n\t\tranges;\n"
            f"\t\tfw@{start:x} {{\n\t\t\treg = <0 {start:#x} 0 {size:#x}>;"
            "\n\t\t\tno-map;\n\t\t};\n\t};\n")
    dts = dts.replace("\tchosen {", node + "\tchosen {", 1)
    src = tmp_path / "nomap.dts"
    src.write_text(dts)
    out = tmp_path / "nomap.dtb"
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out, src],
                   check=True)
    return out


def test_nomap_memory_stays_out_of_root_ram(tmp_path):
    dtb = _dtb_with_nomap(tmp_path, 0x48000000, 0x200000)
    out = tmp_path / "c.yaml"
    res = run("create", "--dtb", dtb, "-o", out)
    assert res.returncode == 0, res.stderr
    ram = [r for r in yaml.safe_load(out.read_text())["system"]["root_cell"]
           ["memory"] if "io" not in r["flags"] and r["name"] != "inmates"]
    spans = [(r["phys"], r["phys"] + mem_bytes(r["size"])
              if isinstance(r["size"], str) else r["phys"] + r["size"])
             for r in ram]
    assert (0x40000000, 0x48000000) in spans
    assert all(not (lo < 0x48200000 and 0x48000000 < hi)
               for lo, hi in spans), spans
    assert run("check", out).returncode == 0


def test_nomap_memory_in_the_carve_is_refused(tmp_path):
    # 1G machine: the carve is the last 256M, 0x70000000..0x7fffffff
    dtb = _dtb_with_nomap(tmp_path, 0x7f000000, 0x100000)
    res = run("create", "--dtb", dtb)
    assert res.returncode == 1
    assert "overlaps no-map reserved memory at 0x7f00_0000" in res.stderr
