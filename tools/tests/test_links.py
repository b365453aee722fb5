# SPDX-License-Identifier: GPL-2.0
"""Inter-cell link rules of `jailhouse-config check` (checks_links.py,
Documentation/links.md "Configuration"): for each rule a config just
inside it is accepted and one just outside is refused with its message.
The configs are the real ones (configs/qemu-arm64.yaml, link-a, link-b,
linux) with one edit."""
import os

import pytest

from conftest import REPO, run
from jhconfig import checks
from jhconfig.findings import ConfigError
from jhconfig.loader import load_config

CONFIGS = os.path.join(REPO, "configs")
SYS = "qemu-arm64.yaml"
A, B, LINUX = "qemu-arm64-link-a.yaml", "qemu-arm64-link-b.yaml", \
    "qemu-arm64-linux.yaml"

NET0 = "{name: net0, address: 0x7380_0000, rw_size: 64K, out_size: 1M, " \
    "max_peers: 2}"
PP0 = "{name: pp0, address: 0x73c0_0000, rw_size: 4K, out_size: 4K, " \
    "max_peers: 3}"
ROOT_NET0 = "{name: net0, peer: 0, registers: 0x0b00_0000, irq: 140}"
ROOT_PP0 = "{name: pp0, peer: 0, registers: 0x0b00_1000, irq: 142}"
A_PP0 = "{name: pp0, peer: 1, address: 0x8020_0000, registers: " \
    "0x8010_0000, irq: 143}"
LINUX_NET0 = "{name: net0, peer: 1, address: 0x7380_0000, registers: " \
    "0x0b00_0000, irq: 141}"


def text(name):
    with open(os.path.join(CONFIGS, name), encoding="utf-8") as f:
        return f.read()


def messages(tmp_path, edits, cells=(A,)):
    """Findings of the system config and @cells after @edits, a list of
    (file, old, new) replacements (old must occur)."""
    paths = []
    tmp_path.mkdir(parents=True, exist_ok=True)
    for name in (SYS,) + tuple(cells):
        body = text(name)
        for target, old, new in edits:
            if target == name:
                assert old in body, (name, old)
                body = body.replace(old, new)
        path = tmp_path / name
        path.write_text(body)
        paths.append(path)
    found = []
    try:
        configs = [load_config(str(p)) for p in paths]
    except ConfigError as err:
        return [f.message for f in err.findings]
    for config in configs:
        found += checks.check_config(config)
    found += checks.check_set(configs[0], configs[1:])
    return [f.message for f in found]


def test_real_configs_are_clean(tmp_path):
    assert messages(tmp_path, [], (A,)) == []
    assert messages(tmp_path, [], (B,)) == []
    assert messages(tmp_path, [], (A, LINUX)) == []
    res = run("check", f"configs/{SYS}", f"configs/{A}", f"configs/{LINUX}")
    assert res.returncode == 0, res.stderr


def test_gicv2_system_carries_the_same_links(tmp_path):
    res = run("check", "configs/qemu-arm64-gicv2.yaml", f"configs/{A}",
              f"configs/{LINUX}")
    assert res.returncode == 0, res.stderr


# (what, edits that stay inside the rule, edits that break it, message)
RULES = [
    ("link name unique",
     [(SYS, "name: pp0", "name: pp1"), (A, "name: pp0", "name: pp1")],
     [(SYS, PP0, PP0.replace("pp0", "net0"))],
     "link 'net0': name used twice (also links[0])"),
    ("link name length",
     [(SYS, "name: pp0", "name: " + "p" * 15),
      (A, "name: pp0", "name: " + "p" * 15)],
     [(SYS, "name: pp0", "name: " + "p" * 16),
      (A, "name: pp0", "name: " + "p" * 16)],
     f"link '{'p' * 16}': name is 16 bytes long (1..15)"),
    ("link address aligned",
     [(SYS, "0x73c0_0000, rw", "0x73c0_1000, rw")],
     [(SYS, "0x73c0_0000, rw", "0x73c0_0800, rw")],
     "link 'pp0': address 0x73c00800 is not 4K aligned"),
    ("rw_size a page multiple",
     [(SYS, "rw_size: 4K, out", "rw_size: 0, out")],
     [(SYS, "rw_size: 4K, out", "rw_size: 0x1800, out")],
     "link 'pp0': rw_size 0x1800 is not 4K aligned"),
    ("out_size a page multiple",
     [(SYS, "out_size: 4K", "out_size: 0")],
     [(SYS, "out_size: 4K", "out_size: 100")],
     "link 'pp0': out_size 0x64 is not 4K aligned"),
    ("max_peers at most 16",
     [(SYS, "max_peers: 3", "max_peers: 16")],
     [(SYS, "max_peers: 3", "max_peers: 17")],
     "link 'pp0': max_peers 17 is not in 2..16"),
    ("max_peers at least 2",
     [(SYS, "max_peers: 3", "max_peers: 2"),
      (A, "peer: 1", "peer: 1")],
     [(SYS, "max_peers: 2}", "max_peers: 1}")],
     "link 'net0': max_peers 1 is not in 2..16"),
    ("link memory outside root regions",
     # pp0 is 0x5000 bytes: ending right at inmates-high is fine
     [(SYS, "0x73c0_0000, rw", "0x73ff_b000, rw")],
     [(SYS, "0x73c0_0000, rw", "0x73ff_c000, rw")],
     "link 'pp0' (0x73ffc000-0x74000fff) overlaps root cell 'qemu-virt' "
     "memory[2] 'inmates-high' (0x74000000-0x7fffffff, "),
    ("link memory outside hypervisor memory",
     [],
     [(SYS, "0x7380_0000, rw", "0x703f_f000, rw")],
     "link 'net0' (0x703ff000-0x7060ffff) overlaps hypervisor_memory"),
    ("links disjoint",
     [(SYS, "0x73c0_0000, rw", "0x73a1_1000, rw")],
     [(SYS, "0x73c0_0000, rw", "0x73a1_0000, rw")],
     "link 'pp0' (0x73a10000, size 0x5000) overlaps link 'net0' "
     "(0x73800000, size 0x211000)"),
    ("link memory inside 48 bits",
     [],
     [(SYS, "rw_size: 4K, out_size: 4K", "rw_size: 0xffff_9000_0000, "
       "out_size: 4K")],
     "link 'pp0': address 0x73c00000 + size 0xffff90004000 ends beyond the "
     "48-bit address space"),
    ("peer below max_peers",
     [(A, "peer: 1", "peer: 2")],
     [(A, "peer: 1", "peer: 3")],
     "cell 'link-a' links[0] 'pp0': peer 3, but link 'pp0' has 3 peers "
     "(0..2)"),
    ("peer below 16 in a cell alone",
     [(A, "peer: 1", "peer: 15"), (SYS, "max_peers: 3", "max_peers: 16")],
     [(A, "peer: 1", "peer: 16"), (SYS, "max_peers: 3", "max_peers: 16")],
     "cell 'link-a' links[0] 'pp0': peer 16 is not below 16"),
    ("member names a system link",
     [],
     [(A, "name: pp0", "name: pp9")],
     f"cell 'link-a' links[0] 'pp9': no link 'pp9' in the system config "),
    ("root sees link memory at its address",
     [(SYS, ROOT_PP0, ROOT_PP0.replace("peer: 0,", "peer: 0, address: "
                                       "0x73c0_0000,"))],
     [(SYS, ROOT_PP0, ROOT_PP0.replace("peer: 0,", "peer: 0, address: "
                                       "0x7300_0000,"))],
     "root cell 'qemu-virt' links[1] 'pp0': root sees link memory at its "
     "address 0x73c00000, not 0x73000000"),
    ("register page aligned",
     [(A, "registers: 0x8010_0000", "registers: 0x8010_1000")],
     [(A, "registers: 0x8010_0000", "registers: 0x8010_0800")],
     "cell 'link-a' links[0] 'pp0': register page 0x80100800 is not 4K "
     "aligned or beyond 48 bits"),
    ("register page off the cell's regions",
     [(A, "registers: 0x8010_0000", "registers: 0x8000_1000")],
     [(A, "registers: 0x8010_0000", "registers: 0x8000_0000")],
     "cell 'link-a' links[0] 'pp0': register page (0x80000000, size 0x1000)"
     " overlaps memory[1] 'comm' (0x80000000-0x80000fff, guest)"),
    ("link memory off the cell's regions",
     [(A, "address: 0x8020_0000", "address: 0x8000_1000")],
     [(A, "address: 0x8020_0000", "address: 0x000f_c000")],
     "cell 'link-a' links[0] 'pp0': link memory (0xfc000, size 0x5000) "
     "overlaps memory[0] 'ram' (0x0-0xfffff, guest)"),
    ("link memory of a cell aligned",
     [],
     [(A, "address: 0x8020_0000", "address: 0x8020_0010")],
     "cell 'link-a' links[0] 'pp0': address 0x80200010 is not 4K aligned or "
     "beyond 48 bits"),
    ("register page outside the link memory",
     [(A, "registers: 0x8010_0000", "registers: 0x8020_5000")],
     [(A, "registers: 0x8010_0000", "registers: 0x8020_4000")],
     "cell 'link-a' links[0] 'pp0': register page 0x80204000 overlaps the "
     "link memory (0x80200000, size 0x5000)"),
    ("register page off the GIC",
     [(A, "registers: 0x8010_0000", "registers: 0x0801_0000")],
     [(A, "registers: 0x8010_0000", "registers: 0x0800_f000")],
     "cell 'link-a' links[0] 'pp0': registers 0x800f000 (size 0x1000) "
     "overlaps the emulated interrupt controller (GICD)"),
    ("irq in the cell's irqs",
     [],
     [(A, "- {first: 143, count: 1}", "- {first: 145, count: 1}")],
     "cell 'link-a' links[0] 'pp0': irq 143 is not in the cell's irqs"),
    ("irq an SPI",
     [],
     [(SYS, ROOT_PP0, ROOT_PP0.replace("irq: 142", "irq: 27"))],
     "root cell 'qemu-virt' links[1] 'pp0': irq 27 is not an SPI"),
    ("two links of a cell, two irqs",
     [],
     [(SYS, ROOT_PP0, ROOT_PP0.replace("irq: 142", "irq: 140"))],
     "root cell 'qemu-virt' links[1] 'pp0': irq 140 is also the doorbell of "
     "links[0] 'net0'"),
    ("two links of a cell, two register pages",
     [],
     [(SYS, ROOT_PP0, ROOT_PP0.replace("0x0b00_1000", "0x0b00_0000"))],
     "root cell 'qemu-virt' links[1] 'pp0': register page 0xb000000 overlaps "
     "the one of links[0] 'net0'"),
    ("two links of a cell, disjoint guest ranges",
     [(SYS, "registers: 0x0b00_1000", "registers: 0x73a1_1000")],
     [(SYS, "registers: 0x0b00_1000", "registers: 0x73a1_0000")],
     "root cell 'qemu-virt' links[1] 'pp0' overlaps links[0] 'net0' in guest "
     "addresses"),
    ("a cell joins a link once",
     [],
     [(SYS, ROOT_PP0, ROOT_PP0.replace("pp0", "net0"))],
     "root cell 'qemu-virt' links[1] 'net0': joins link 'net0' twice (also "
     "links[0] 'net0')"),
    ("peer unique across cells",
     [],
     [(A, "peer: 1", "peer: 0")],
     "cell 'link-a' links[0] 'pp0': peer 0 is also root cell 'qemu-virt' ("),
    ("cell regions off link memory",
     [],
     [(A, "phys: 0x7050_0000, virt: 0x8000_0000", "phys: 0x73c0_4000, "
       "virt: 0x8000_0000")],
     "cell 'link-a' memory[1] 'comm' (0x73c04000-0x73c04fff) overlaps the "
     "memory of link 'pp0'"),
    ("root's doorbell stays root's",
     [],
     [(A, "- {first: 143, count: 1}", "- {first: 142, count: 2}")],
     "cell 'link-a' irqs[1] (142-143): interrupt 142 is the doorbell of root "
     "cell 'qemu-virt' links[1] 'pp0'"),
    ("a cell gives the link memory's address",
     [],
     [(A, "address: 0x8020_0000, ", "")],
     "links[0] 'pp0': 'address' (where the cell sees the link memory) is "
     "missing"),
]


@pytest.mark.parametrize("what,good,bad,message", RULES,
                         ids=[r[0] for r in RULES])
def test_link_rule(tmp_path, what, good, bad, message):
    ok = messages(tmp_path / "good", good)
    assert ok == [], ok
    found = messages(tmp_path / "bad", bad)
    assert any(m.startswith(message) for m in found), found


def test_uart_and_doorbell_irq(tmp_path):
    """The Linux cell's doorbell may not be its uart's SPI, nor may its
    link pages cover the emulated UART."""
    good = messages(tmp_path / "g", [], (LINUX,))
    assert good == []
    bad = messages(tmp_path / "b1", [(LINUX, "irq: 141}", "irq: 44}")],
                   (LINUX,))
    assert "cell 'linux' links[0] 'net0': irq 44 is the uart irq" in bad
    bad = messages(tmp_path / "b2", [(LINUX, "registers: 0x0b00_0000",
                                      "registers: 0x0900_0000")], (LINUX,))
    assert "cell 'linux' links[0] 'net0': register page (0x9000000, size " \
        "0x1000) overlaps the emulated UART at 0x9000000" in bad


def test_at_most_16_links(tmp_path):
    many = "".join(f"    - {{name: l{n}, address: {0x7380_0000 + n * 0x3000:#x}"
                   f", rw_size: 0, out_size: 4K, max_peers: 2}}\n"
                   for n in range(17))
    old = f"    - {NET0}\n    - {PP0}\n"
    members = f"    links:\n      - {ROOT_NET0}\n      - {ROOT_PP0}\n"
    bad = messages(tmp_path / "b", [(SYS, old, many),
                                    (SYS, members, "    links: []\n")], ())
    assert bad == ["17 links, at most 16"]
    ok = messages(tmp_path / "g", [(SYS, old, many.rsplit("    -", 1)[0]),
                                   (SYS, members, "    links: []\n")], ())
    assert ok == []


def test_show_round_trips_links(tmp_path):
    for name in (SYS, A):
        cell = tmp_path / (name + ".cell")
        assert run("build", f"configs/{name}", "-o", cell).returncode == 0
        shown = tmp_path / (name + ".shown.yaml")
        shown.write_text(run("show", cell).stdout)
        again = tmp_path / (name + ".again.cell")
        assert run("build", shown, "-o", again).returncode == 0
        assert again.read_bytes() == cell.read_bytes()
        assert "links:" in shown.read_text()
