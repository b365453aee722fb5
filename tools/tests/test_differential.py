# SPDX-License-Identifier: GPL-2.0
"""Differential test: `jailhouse-config check` (its Python API) and the
C validator the hypervisor and the driver share
(include/jailhouse/config_check.h, run on the host by build/unit/hvcheck,
made by `make unit`) must give the same verdict, accept or refuse, on
every config of a generated corpus (tools/tests/gen_corpus.py: seeded,
a few thousand mutations of the real configs).

Rules that need the running system (other cells, online CPUs, what Linux
really uses, the hypervisor's real image size) are outside the
comparison: see Documentation/config-format.md, "One validator"."""
import collections
import os
import subprocess

import pytest

from conftest import REPO
from gen_corpus import write
from jhconfig import checks

HVCHECK = os.path.join(REPO, "build", "unit", "hvcheck")
COUNT = 3000


def python_verdict(sys_cfg, cell_cfg):
    findings = checks.check_config(sys_cfg)
    if cell_cfg is not None:
        findings += checks.check_config(cell_cfg)
        # peer IDs and doorbells of cells running together: the
        # hypervisor checks them against the live cells, not the validator
        findings += checks.check_set(sys_cfg, [cell_cfg], together=False)
    return findings


def c_verdicts(list_path):
    with open(list_path) as f:
        res = subprocess.run([HVCHECK, "--batch"], stdin=f,
                             capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    return res.stdout.splitlines()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    if not os.access(HVCHECK, os.X_OK):
        pytest.fail(f"{HVCHECK} missing: run 'make unit' first")
    outdir = tmp_path_factory.mktemp("corpus")
    entries = write(str(outdir), seed=1, count=COUNT)
    verdicts = c_verdicts(os.path.join(outdir, "list.txt"))
    assert len(verdicts) == len(entries)
    return entries, verdicts


def test_corpus_is_deterministic(tmp_path):
    first = [open(e[1], "rb").read() for e in write(str(tmp_path / "a"),
                                                       seed=1, count=50)]
    again = [open(e[1], "rb").read() for e in write(str(tmp_path / "b"),
                                                       seed=1, count=50)]
    assert first == again


def test_corpus_covers_both_verdicts(corpus):
    """A corpus that is all valid or all refused proves nothing."""
    entries, verdicts = corpus
    valid = sum(v == "valid" for v in verdicts)
    assert len(entries) >= COUNT
    assert 0.15 * len(entries) < valid < 0.85 * len(entries), valid
    errnos = collections.Counter(v.split(":")[0] for v in verdicts
                                 if v != "valid")
    # Every rule family the issue names is hit by some config.
    for errno in ("rejected -22", "rejected -34", "rejected -98",
                  "rejected -99", "rejected -12", "rejected -1",
                  "rejected -16", "rejected -2", "rejected -17"):
        assert errnos[errno] > 0, errnos


def test_corpus_covers_links(corpus):
    """Link mutations give both verdicts, with the link messages."""
    entries, verdicts = corpus
    linked = [v for e, v in zip(entries, verdicts)
              if any("link" in m or "member" in m for m in e[3])]
    assert len(linked) > 300, len(linked)
    refused = [v for v in linked if v != "valid"]
    assert 0.2 * len(linked) < len(refused) < 0.9 * len(linked)
    assert sum("link" in v for v in refused) > 100, refused[:5]


def test_python_and_c_agree(corpus):
    entries, verdicts = corpus
    disagree = []
    for (name, _, _, done, sys_cfg, cell_cfg), c in zip(entries, verdicts):
        findings = python_verdict(sys_cfg, cell_cfg)
        if (c == "valid") != (not findings):
            disagree.append(f"{name} {'+'.join(done) or 'unmutated'}: "
                            f"C says {c!r}; Python says "
                            f"{findings[0].message if findings else 'ok'}")
    for line in disagree:
        print(line)
    assert not disagree, f"{len(disagree)} of {len(entries)} disagree:\n" + \
        "\n".join(disagree[:20])


# ---- the rules the issue names, one by one, with their errno ----------

def _named(change):
    import copy
    from gen_corpus import _load
    sys_cfg = copy.deepcopy(_load("configs/qemu-arm64.yaml"))
    cell_cfg = copy.deepcopy(_load("configs/qemu-arm64-cell-a.yaml"))
    change(sys_cfg, cell_cfg)
    return sys_cfg, cell_cfg


def _hvcheck(tmp_path, sys_cfg, cell_cfg):
    """build/unit/hvcheck on the two configs, encoded as the driver
    passes them."""
    from jhconfig import binfmt
    paths = []
    for name, cfg in (("sys", sys_cfg), ("cell", cell_cfg)):
        paths.append(tmp_path / f"{name}.cell")
        paths[-1].write_bytes(binfmt.encode(cfg))
    return subprocess.run([HVCHECK] + [str(p) for p in paths],
                          capture_output=True, text=True)


def _io(phys, size, virt=None, flags=0x13):
    from jhconfig.model import Region
    return Region(phys, phys if virt is None else virt, size, flags)


def _gicd(s, c):
    c.cell.regions.append(_io(0x0800_0000, 0x10000))


def _gicr_guest(s, c):
    c.cell.regions[0].virt = c.cell.entry = 0x080a_0000


def _linux_ram(s, c):
    c.cell.regions[0].phys = 0x4800_0000


def _hv_small(s, c):
    s.system.hv_size = 0xa0000


def _comm_over_gicd(s, c):
    c.cell.regions[1].virt = c.cell.comm_region = 0x0800_0000


def _comm_flag(bit):
    """cell-a's comm region (regions[1]) with memory flag BIT added."""
    def change(s, c):
        c.cell.regions[1].flags |= bit
    return change


def _dma_remapped(s, c):
    c.cell.regions[0].flags |= 0x08
    c.cell.regions.append(_io(0x0900_0000, 0x1000, flags=0x93))


def _identity_ram(s, c):
    ram = c.cell.regions[0]
    ram.virt = c.cell.entry = ram.phys


def _dma_not_identity(s, c):
    """virtio-mmio is flagged dma in root; cell-a's RAM is at virt 0."""
    c.cell.regions.append(_io(0x0a00_3000, 0x1000))


def _dma_identity(s, c):
    _identity_ram(s, c)
    _dma_not_identity(s, c)


def _subpage(phys, virt=None, size=0x200, flags=0x113):
    def change(s, c):
        _identity_ram(s, c)
        c.cell.regions.append(_io(phys, size, virt, flags))
    return change


def _region_on_link(s, c):
    c.cell.regions[1].phys = 0x73c0_0000


def _link_on_root(s, c):
    s.system.links[1].phys = 0x7400_0000


def _join(link, peer):
    """cell-a joins LINK as PEER, its doorbell SPI 143 granted."""
    def change(s, c):
        from jhconfig.model import IrqRange, LinkMember
        c.cell.links.append(LinkMember(link, peer, 0x8020_0000,
                                       0x8010_0000, 143))
        c.cell.irqs.append(IrqRange(143, 1))
    return change


def _link_peers(s, c):
    s.system.links[0].max_peers = 17


NAMED = {
    "dma device with RAM at virt != phys": (_dma_not_identity, -1),
    "subpage window across a page": (_subpage(0x0a00_3f00), -34),
    "subpage window not 8-byte aligned": (_subpage(0x0a00_3e04), -34),
    "subpage window at another page offset":
        (_subpage(0x0a00_3e00, 0x1000_0c00), -34),
    "subpage window of RAM": (_subpage(0x7090_0200, flags=0x103), -22),
    "subpage window loadable": (_subpage(0x0a00_3e00, flags=0x153), -22),
    "subpage window in the debug console's page":
        (_subpage(0x0900_0e00), -22),
    "subpage window in a dma device, RAM not identity":
        (lambda s, c: c.cell.regions.append(_io(0x0a00_3e00, 0x200,
                                                flags=0x113)), -1),
    "cell region over link memory": (_region_on_link, -98),
    "link memory over a root region": (_link_on_root, -98),
    "unknown link": (_join("nope", 1), -2),
    "link max_peers 17": (_link_peers, -22),
    "peer past max_peers": (_join("pp0", 3), -22),
    "gicd in a cell": (_gicd, -22),
    "gicr at a cell's guest address": (_gicr_guest, -22),
    "linux ram": (_linux_ram, -98),
    "hypervisor memory too small": (_hv_small, -12),
    "comm region over the emulated gicd": (_comm_over_gicd, -22),
    "comm region rootshared": (_comm_flag(0x80), -22),
    "comm region loadable": (_comm_flag(0x40), -22),
    "dma virt != phys with a device": (_dma_remapped, -22),
}


@pytest.mark.parametrize("what", sorted(NAMED))
def test_named_rules(what, tmp_path):
    change, errno = NAMED[what]
    sys_cfg, cell_cfg = _named(change)
    assert python_verdict(sys_cfg, cell_cfg), f"{what}: checker accepts"
    res = _hvcheck(tmp_path, sys_cfg, cell_cfg)
    assert res.returncode == 1, f"{what}: C validator accepts: {res.stdout}"
    assert res.stdout.startswith(f"rejected {errno}:"), res.stdout


ACCEPTED = {
    "dma device with identity RAM": _dma_identity,
    "subpage window of virtio-mmio": _subpage(0x0a00_3e00),
    "two subpage windows of one page": lambda s, c: (
        _subpage(0x0a00_3e00)(s, c), _subpage(0x0a00_3c00)(s, c)),
}


@pytest.mark.parametrize("what", sorted(ACCEPTED))
def test_named_accepted(what, tmp_path):
    """The other side of the dma and subpage rules: both accept."""
    sys_cfg, cell_cfg = _named(ACCEPTED[what])
    assert not python_verdict(sys_cfg, cell_cfg), what
    res = _hvcheck(tmp_path, sys_cfg, cell_cfg)
    assert res.returncode == 0, f"{what}: {res.stdout}"


def test_named_rules_base_is_valid(tmp_path):
    """Each case above is one change away from a config both accept."""
    sys_cfg, cell_cfg = _named(lambda s, c: None)
    assert not python_verdict(sys_cfg, cell_cfg)
    res = _hvcheck(tmp_path, sys_cfg, cell_cfg)
    assert res.returncode == 0, res.stdout
