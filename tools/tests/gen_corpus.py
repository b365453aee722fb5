# SPDX-License-Identifier: GPL-2.0
"""Seeded, deterministic corpus of (system, cell) configs for the
differential test: the valid configs of configs/*.yaml (and the demo cell)
mutated one or two fields at a time, near the edges the rules draw
(alignment, sizes, overlaps, flags, the comm page, the GIC frames, Linux
RAM, hypervisor memory, CPUs, interrupts, dma with devices, the
emulated UART, inter-cell links: the system table and memberships).

    python3 tools/tests/gen_corpus.py [--seed N] [--count N] OUTDIR

writes OUTDIR/NNNN-sys.cell and, for most entries, OUTDIR/NNNN-cell.cell,
plus OUTDIR/list.txt with one "SYSTEM [CELL]" line each (the input of
build/unit/hvcheck --batch)."""
import argparse
import copy
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from jhconfig import binfmt  # noqa: E402
from jhconfig.loader import load_config  # noqa: E402
from jhconfig.model import (MEM_FLAGS, IrqRange, Link, LinkMember,  # noqa
                            Region)

REPO = os.path.dirname(os.path.dirname(HERE))
PAGE = 0x1000
SYSTEMS = ["configs/qemu-arm64.yaml", "configs/qemu-arm64-gicv2.yaml"]
CELLS = ["configs/qemu-arm64-cell-a.yaml", "configs/qemu-arm64-cell-b.yaml",
         "tools/tests/good/cell-demo.yaml", "configs/qemu-arm64-link-a.yaml",
         "configs/qemu-arm64-link-b.yaml"]
F = MEM_FLAGS

# Interesting addresses of the QEMU virt machine the configs describe.
SPOTS = [0x0800_0000, 0x0800_f000, 0x0801_0000, 0x0803_0000, 0x0808_0000,
         0x080a_0000, 0x0811_f000, 0x0812_0000, 0x0900_0000, 0x4000_0000,
         0x6fff_f000, 0x7000_0000, 0x703f_f000, 0x7040_0000, 0x7080_0000,
         0x7fff_f000, 0x8000_0000, 0x0, 0x1000, 0x8000_0000_0000 - PAGE]
DELTAS = [0, PAGE, -PAGE, 0x800, 0x10000, -0x10000, 0x100000, 1]
SIZES = [0, 1, PAGE, 0x1800, 0x2000, 0x10000, 0x100000, 0x200000,
         0x0fc0_0000, 1 << 47, 1 << 48]


def _load(rel):
    return load_config(os.path.join(REPO, rel))


def _u64(value):
    return value & ((1 << 64) - 1)


def _region(rng, regions):
    return rng.choice(regions) if regions else None


# ---- system mutations ------------------------------------------------

def m_hv_size(rng, s, c):
    s.system.hv_size = rng.choice([0, PAGE, 0x80000, 0x9f000, 0xa0000,
                                   0xa6000, 0xa7000, 0xc0000, 0x100000,
                                   4 << 20, (4 << 20) + 0x800])


def m_hv_phys(rng, s, c):
    s.system.hv_phys = _u64(s.system.hv_phys + rng.choice(DELTAS +
                                                          [-0x400000]))


def m_root_region(rng, s, c):
    r = _region(rng, s.cell.regions)
    key = rng.choice(["phys", "size", "both"])
    if key in ("phys", "both"):
        r.phys = r.virt = _u64(rng.choice(SPOTS) + rng.choice([0, 0, 0x800]))
    if key in ("size", "both"):
        r.size = rng.choice(SIZES)


def m_root_virt(rng, s, c):
    r = _region(rng, s.cell.regions)
    r.virt = _u64(r.virt + rng.choice(DELTAS))


def m_root_flags(rng, s, c):
    r = _region(rng, s.cell.regions)
    r.flags ^= rng.choice([F["io"], F["execute"], F["dma"], F["rootshared"],
                           F["comm_region"]])


def m_root_drop(rng, s, c):
    s.cell.regions.pop(rng.randrange(len(s.cell.regions)))


def m_root_cpus(rng, s, c):
    s.cell.cpus = frozenset(rng.choice([set(), {0}, {1, 2, 3}, {0, 1},
                                        set(range(8)), set(range(5)),
                                        {0, 3}, {0, 255}]))


def m_gic(rng, s, c):
    sy = s.system
    what = rng.choice(["gicd", "gicr", "gicc", "gich", "gicv", "maint",
                       "version"])
    if what == "maint":
        sy.maintenance_irq = rng.choice([15, 16, 25, 31, 32])
    elif what == "version":
        sy.gic_version = 5 - sy.gic_version
    else:
        setattr(sy, what, _u64(getattr(sy, what) +
                               rng.choice([0x800, PAGE, -0x10000, 0x20000]))
                if getattr(sy, what) else rng.choice([0, 0x0801_0000]))


def m_console(rng, s, c):
    sy = s.system
    what = rng.choice(["type", "address", "size"])
    if what == "type":
        sy.console_type = 1 - sy.console_type
    elif what == "address":
        sy.console_address = rng.choice([0, 0x0900_0800, 0x0901_0000,
                                         0x0a00_0000, 0x7040_0000])
    else:
        sy.console_size = rng.choice([0, PAGE, 0x2000, 0x10000])


def m_root_irqs(rng, s, c):
    irqs = s.cell.irqs
    if rng.random() < 0.5 and irqs:
        irqs[0].first = rng.choice([16, 31, 32, 48, 64, 1000])
        irqs[0].count = rng.choice([0, 1, 16, 256, 988, 989])
    else:
        irqs.append(IrqRange(rng.choice([40, 300, 900]),
                             rng.choice([1, 8]), index=len(irqs)))


# Around the links' memory hole 0x7380_0000-0x7400_0000 and the MMIO hole
# of the register pages.
LINK_SPOTS = [0x7380_0000, 0x737f_f000, 0x73a1_0000, 0x73a1_1000,
              0x73c0_0000, 0x73ff_b000, 0x73ff_c000, 0x7000_0000,
              0x0b00_0000, 0x0800_0000, 0x8020_0000, 0x8000_0000, 0x0,
              0x7380_0800, (1 << 48) - PAGE]
LINK_SIZES = [0, PAGE, 0x800, 0x10000, 0x100000, 0x3f_0000, 1 << 47]


def _link(rng, links):
    return rng.choice(links) if links else None


def m_link(rng, s, c):
    """One field of a system link: place, sizes, peers, name, flags."""
    link = _link(rng, s.system.links)
    what = rng.choice(["phys", "rw", "out", "peers", "name", "flags"])
    if what == "phys":
        link.phys = _u64(rng.choice([link.phys + rng.choice(DELTAS),
                                     rng.choice(LINK_SPOTS)]))
    elif what == "rw":
        link.rw_size = rng.choice(LINK_SIZES)
    elif what == "out":
        link.out_size = rng.choice(LINK_SIZES)
    elif what == "peers":
        link.max_peers = rng.choice([0, 1, 2, 3, 16, 17])
    elif what == "name":
        link.name = rng.choice([l.name for l in s.system.links] +
                               ["x" * 15, "pp1"])
    else:
        link.flags = rng.choice([0, 1])


def m_link_add(rng, s, c):
    links = s.system.links
    links.append(Link(rng.choice(["pp1", "net0", "big"]),
                      rng.choice(LINK_SPOTS), rng.choice([0, PAGE]),
                      rng.choice([PAGE, 0x10000]), rng.choice([2, 4]),
                      index=len(links)))


def m_link_drop(rng, s, c):
    if s.system.links:
        s.system.links.pop(rng.randrange(len(s.system.links)))


def _member(rng, cell, links):
    """One field of a membership: name, peer, addresses, doorbell."""
    m = _link(rng, cell.links)
    if m is None:
        return
    what = rng.choice(["name", "peer", "shm", "reg", "irq"])
    if what == "name":
        m.name = rng.choice([l.name for l in links] + ["nope", "net0"])
    elif what == "peer":
        m.peer = rng.choice([0, 1, 2, 3, 15, 16])
    elif what == "shm":
        m.shm = _u64(rng.choice([m.shm + rng.choice(DELTAS),
                                 rng.choice(LINK_SPOTS)]))
    elif what == "reg":
        m.reg = _u64(rng.choice([m.reg + rng.choice(DELTAS),
                                 rng.choice(LINK_SPOTS + [0x0900_0000])]))
    else:
        m.irq = rng.choice([27, 44, 48, 140, 141, 142, 143, 144, 1020] +
                           [other.irq for other in cell.links])


def m_root_member(rng, s, c):
    _member(rng, s.cell, s.system.links)


SYSTEM_MUTATIONS = [m_hv_size, m_hv_phys, m_root_region, m_root_virt,
                    m_root_flags, m_root_drop, m_root_cpus, m_gic,
                    m_console, m_root_irqs, m_link, m_link_add, m_link_drop,
                    m_root_member]


# ---- cell mutations --------------------------------------------------

def m_cell_phys(rng, s, c):
    r = _region(rng, c.cell.regions)
    if r:
        r.phys = _u64(rng.choice([r.phys + rng.choice(DELTAS),
                                  rng.choice(SPOTS)]))


def m_cell_virt(rng, s, c):
    r = _region(rng, c.cell.regions)
    if r:
        r.virt = _u64(rng.choice([r.virt + rng.choice(DELTAS),
                                  rng.choice(SPOTS)]))
        if r.flags & F["comm_region"] and rng.random() < 0.7:
            c.cell.comm_region = r.virt


def m_cell_size(rng, s, c):
    r = _region(rng, c.cell.regions)
    if r:
        r.size = rng.choice(SIZES)


def m_cell_flags(rng, s, c):
    r = _region(rng, c.cell.regions)
    if r:
        r.flags ^= rng.choice(list(F.values()))


def m_cell_add(rng, s, c):
    regions = c.cell.regions
    sub = F["read"] | F["write"] | F["io"] | F["subpage"]
    kind = rng.choice(["uart", "uart-shared", "dma", "dma-ident", "gic",
                       "its", "linux", "linux-shared", "comm", "inmates",
                       "virtio", "virtio-page", "subpage", "subpage-odd",
                       "subpage-cross", "subpage-shift", "subpage-ram"])
    phys, virt, size, flags = {
        "uart": (0x0900_0000, 0x0900_0000, PAGE, F["read"] | F["io"]),
        "uart-shared": (0x0900_0000, 0x0900_0000, PAGE,
                        F["read"] | F["io"] | F["rootshared"]),
        "dma": (0x7090_0000, 0x10_0000, 0x10_0000, F["read"] | F["dma"]),
        "dma-ident": (0x7090_0000, 0x7090_0000, 0x10_0000,
                      F["read"] | F["dma"]),
        "gic": (0x0800_0000, 0x0800_0000, 0x10000, F["read"] | F["io"]),
        "its": (0x0808_0000, 0x0808_0000, 0x20000, F["read"] | F["io"]),
        "linux": (0x4000_0000, 0x9000_0000, 0x10_0000, F["read"]),
        "linux-shared": (0x4000_0000, 0x9000_0000, 0x10_0000,
                         F["read"] | F["rootshared"]),
        "comm": (0x70a0_0000, 0x8000_1000, PAGE, F["read"] |
                 F["comm_region"]),
        "inmates": (0x7100_0000, 0x4000_0000, 0x10_0000, F["read"]),
        # virtio-mmio is dma in root: the cell's RAM must be identity.
        "virtio-page": (0x0a00_3000, 0x0a00_3000, PAGE, F["read"] | F["io"]),
        "virtio": (0x0a00_3e00, 0x0a00_3e00, 0x200, sub),
        "subpage": (0x0903_0e00, 0x0903_0e00, 0x200, sub),
        "subpage-odd": (0x0903_0e04, 0x0903_0e04, 0x200, sub),
        "subpage-cross": (0x0903_0f00, 0x0903_0f00, 0x200, sub),
        "subpage-shift": (0x0903_0e00, 0x1000_0c00, 0x200, sub),
        "subpage-ram": (0x7090_0200, 0x7090_0200, 0x200,
                        sub & ~F["io"]),
    }[kind]
    regions.append(Region(phys, virt, size, flags, None, index=len(regions)))


def m_cell_drop(rng, s, c):
    if c.cell.regions:
        c.cell.regions.pop(rng.randrange(len(c.cell.regions)))
        for n, r in enumerate(c.cell.regions):
            r.index = n


def m_cell_cpus(rng, s, c):
    c.cell.cpus = frozenset(rng.choice([set(), {0}, {1}, {3}, {4}, {1, 2},
                                        {255}, {0, 1}]))


def m_cell_entry(rng, s, c):
    c.cell.entry = rng.choice([0, 4, 0xffc, 0xffd, 0x10_0000 - 4,
                               0x10_0000, 0x8000_0000, _u64(-2)])


def m_cell_comm(rng, s, c):
    c.cell.comm_region = rng.choice([0, 0x8000_0800, 0x8000_1000,
                                     0x0800_0000, 0x080a_0000])
    if rng.random() < 0.5:
        for r in c.cell.regions:
            if r.flags & F["comm_region"]:
                r.virt = c.cell.comm_region


def m_cell_irqs(rng, s, c):
    irqs = c.cell.irqs
    if irqs and rng.random() < 0.6:
        irqs[0].first = rng.choice([27, 32, 48, 287, 288, 1019, 1020])
        irqs[0].count = rng.choice([0, 1, 2])
    else:
        irqs.append(IrqRange(rng.choice([48, 49, 60, 300]), 1, index=len(irqs)))


def m_cell_uart(rng, s, c):
    """The emulated PL011: free or taken guest pages, GIC frames, owned
    or foreign SPIs, a stray irq without an address, reset_stops."""
    c.cell.uart_base = rng.choice([0, 0x0900_0000, 0x0900_0800, 0x0,
                                   0x8000_0000, 0x0800_0000, 0x080a_0000,
                                   0x0812_0000, 0x1_0000_0000,
                                   1 << 48])
    c.cell.uart_irq = rng.choice([0, 27, 33, 48, 49, 50] +
                                 [i.first for i in c.cell.irqs])
    if rng.random() < 0.2:
        c.cell.flags ^= 0x2


def m_cell_member(rng, s, c):
    _member(rng, c.cell, s.system.links)


def m_cell_member_add(rng, s, c):
    """A second membership (or a first one), often clashing."""
    links = c.cell.links
    links.append(LinkMember(rng.choice(["pp0", "net0", "nope"]),
                            rng.choice([1, 2]), rng.choice(LINK_SPOTS),
                            rng.choice([0x8010_0000, 0x8011_0000,
                                        0x0b00_0000]),
                            rng.choice([48, 143, 145]), index=len(links)))
    if rng.random() < 0.5:
        c.cell.irqs.append(IrqRange(links[-1].irq, 1, index=len(c.cell.irqs)))


CELL_MUTATIONS = [m_cell_phys, m_cell_virt, m_cell_size, m_cell_flags,
                  m_cell_add, m_cell_drop, m_cell_cpus, m_cell_entry,
                  m_cell_comm, m_cell_irqs, m_cell_uart, m_cell_member,
                  m_cell_member_add]


def generate(seed=1, count=3000):
    """Yield (name, system Config, cell Config or None, mutations)."""
    rng = random.Random(seed)
    systems = [_load(p) for p in SYSTEMS]
    cells = [_load(p) for p in CELLS]
    for n in range(count):
        sys_cfg = copy.deepcopy(rng.choice(systems))
        cell_cfg = copy.deepcopy(rng.choice(cells)) if n % 5 else None
        done = []
        for _ in range(rng.choice([0, 1, 1, 1, 2])):
            pool = SYSTEM_MUTATIONS if cell_cfg is None or \
                rng.random() < 0.25 else CELL_MUTATIONS
            mutate = rng.choice(pool)
            mutate(rng, sys_cfg, cell_cfg)
            done.append(mutate.__name__)
        yield f"{n:04d}", sys_cfg, cell_cfg, done


def write(outdir, seed=1, count=3000):
    """Write the corpus; return [(name, sys path, cell path, mutations)]."""
    os.makedirs(outdir, exist_ok=True)
    entries = []
    for name, sys_cfg, cell_cfg, done in generate(seed, count):
        sys_path = os.path.join(outdir, f"{name}-sys.cell")
        with open(sys_path, "wb") as f:
            f.write(binfmt.encode(sys_cfg))
        cell_path = None
        if cell_cfg is not None:
            cell_path = os.path.join(outdir, f"{name}-cell.cell")
            with open(cell_path, "wb") as f:
                f.write(binfmt.encode(cell_cfg))
        entries.append((name, sys_path, cell_path, done, sys_cfg, cell_cfg))
    with open(os.path.join(outdir, "list.txt"), "w") as f:
        for _, sp, cp, *_ in entries:
            f.write(f"{sp} {cp}\n" if cp else f"{sp}\n")
    return entries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("outdir")
    args = parser.parse_args()
    entries = write(args.outdir, args.seed, args.count)
    print(f"{len(entries)} entries in {args.outdir}/list.txt")


if __name__ == "__main__":
    main()
