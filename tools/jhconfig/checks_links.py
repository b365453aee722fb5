# SPDX-License-Identifier: GPL-2.0
"""Checks of inter-cell links: the system link table and the cells'
memberships. The same rules as include/jailhouse/config_check.h
(jh_cc_links, jh_cc_members, jh_cc_region_links), plus what only a set of
configs shows (a peer ID used twice, root's doorbell given to a cell).
Documentation/links.md, "Configuration", lists them."""
from .model import LINK_MAX_PEERS, LINK_NAME_MAX, LINK_REG_SIZE, MAX_LINKS
from .spans import ADDR_LIMIT, PAGE, SPI_END, SPI_FIRST, overlap, where

LINK_HINT = "see Documentation/links.md, \"Configuration\""


def _line(item, key=None):
    return item.line(key) if item else None


class LinkChecks:
    """Mixin of checks.Checker (error(), forbidden() come from there)."""

    # ---- the system table ----------------------------------------------

    def links(self, sys):
        p = sys.root.path
        if len(sys.links) > MAX_LINKS:
            self.error(p, _line(sys.links[MAX_LINKS]), f"{len(sys.links)} "
                       f"links, at most {MAX_LINKS}", "drop some links")
        seen = []
        for link in sys.links:
            if self.link(p, link) and self.link_place(sys, link):
                self.link_pairs(p, link, seen)
                seen.append(link)

    def link(self, p, link):
        """One table entry by itself; False when its span is unusable."""
        if not self.link_name(p, link, link.label):
            return False
        if link.flags:
            self.error(p, link.line(), f"{link.label}: flags {link.flags:#x}"
                       ", must be 0", "rebuild the config from YAML")
            return False
        if not 2 <= link.max_peers <= LINK_MAX_PEERS:
            self.error(p, link.line("max_peers"), f"{link.label}: max_peers "
                       f"{link.max_peers} is not in 2..{LINK_MAX_PEERS}",
                       "a link joins 2 to 16 cells")
            return False
        for key, value in (("address", link.phys), ("rw_size", link.rw_size),
                           ("out_size", link.out_size)):
            if value % PAGE:
                self.error(p, link.line(key), f"{link.label}: {key} "
                           f"{value:#x} is not 4K aligned", "address, "
                           "rw_size and out_size are multiples of 0x1000")
                return False
        if max(link.phys, link.rw_size, link.out_size) >= ADDR_LIMIT or \
                link.phys + link.size > ADDR_LIMIT:
            self.error(p, link.line("address"), f"{link.label}: address "
                       f"{link.phys:#x} + size {link.size:#x} ends beyond "
                       "the 48-bit address space", "check the sizes")
            return False
        return True

    def link_name(self, p, item, label):
        name = item.name.encode("utf-8")
        if b"\0" in name:
            self.error(p, item.line("name"), f"{label}: name contains a "
                       "NUL byte", "remove the \\0 from the name")
            return False
        if not name or len(name) > LINK_NAME_MAX:
            self.error(p, item.line("name"), f"{label}: name is "
                       f"{len(name)} bytes long (1..{LINK_NAME_MAX})",
                       "choose a shorter link name")
            return False
        return True

    def link_place(self, sys, link):
        """Link memory belongs to no one but the hypervisor, which maps it
        into the members: not root's, not the hypervisor's own."""
        p, root = sys.root.path, sys.root
        span = f"{link.phys:#x}-{link.phys + link.size - 1:#x}"
        if overlap(link.phys, link.size, sys.hv_phys, sys.hv_size):
            self.error(p, link.line("address"), f"{link.label} ({span}) "
                       "overlaps hypervisor_memory", "move the link memory "
                       "into a hole of root's memory map")
            return False
        for r in root.regions:
            if overlap(link.phys, link.size, r.phys, r.size):
                self.error(p, link.line("address"), f"{link.label} ({span})"
                           f" overlaps {root.label} {r.label} ({r.span()}, "
                           f"{where(r, path=p)})", "carve the link memory "
                           "out of root's regions (split the region around "
                           "it)")
                return False
        return True

    def link_pairs(self, p, link, seen):
        for other in seen:
            if other.name == link.name:
                self.error(p, link.line("name"), f"{link.label}: name used "
                           f"twice (also links[{other.index}])",
                           "link names must be unique")
            elif overlap(link.phys, link.size, other.phys, other.size):
                self.error(p, link.line("address"), f"{link.label} "
                           f"({link.phys:#x}, size {link.size:#x}) overlaps "
                           f"{other.label} ({other.phys:#x}, size "
                           f"{other.size:#x})", "links need disjoint memory")

    # ---- memberships, what the cell config alone shows ------------------

    def members(self, cell):
        p = cell.path
        if len(cell.links) > MAX_LINKS:
            self.error(p, cell.line("links"), f"{cell.label}: joins "
                       f"{len(cell.links)} links, at most {MAX_LINKS}",
                       "drop some links")
        for n, m in enumerate(cell.links):
            if not self.link_name(p, m, f"{cell.label} {m.label}"):
                continue
            self.member_alone(cell, m)
            for other in cell.links[:n]:
                self.member_pair_alone(cell, other, m)

    def member_alone(self, cell, m):
        p, lbl = cell.path, f"{cell.label} {m.label}"
        if m.peer >= LINK_MAX_PEERS:
            self.error(p, m.line("peer"), f"{lbl}: peer {m.peer} is not "
                       f"below {LINK_MAX_PEERS}", "peers are numbered from 0")
        self.member_page(cell, m, "registers", m.reg, LINK_REG_SIZE)
        if m.shm % PAGE or m.shm >= ADDR_LIMIT:
            self.error(p, m.line("address"), f"{lbl}: address {m.shm:#x} is "
                       "not 4K aligned or beyond 48 bits", "use a page "
                       "address for the link memory")
        self.member_irq(cell, m)

    def member_page(self, cell, m, key, start, size):
        """A guest range of the member that nothing else of the cell uses
        (the hypervisor traps or maps it itself)."""
        p, lbl = cell.path, f"{cell.label} {m.label}"
        what = "register page" if key == "registers" else "link memory"
        if start % PAGE or start >= ADDR_LIMIT or size > ADDR_LIMIT - start:
            self.error(p, m.line(key), f"{lbl}: {what} {start:#x} is not 4K "
                       "aligned or beyond 48 bits", "use a page address")
            return False
        for r in cell.regions:
            if overlap(start, size, r.virt, r.size):
                self.error(p, m.line(key), f"{lbl}: {what} ({start:#x}, size "
                           f"{size:#x}) overlaps {r.label} ({r.span(True)}, "
                           "guest)", "choose guest addresses no region uses")
                return False
        if cell.uart_base and overlap(start, size, cell.uart_base, PAGE):
            self.error(p, m.line(key), f"{lbl}: {what} ({start:#x}, size "
                       f"{size:#x}) overlaps the emulated UART at "
                       f"{cell.uart_base:#x}", "choose another guest address")
            return False
        return True

    def member_irq(self, cell, m):
        p, lbl, line = cell.path, f"{cell.label} {m.label}", m.line("irq")
        if not SPI_FIRST <= m.irq < SPI_END:
            self.error(p, line, f"{lbl}: irq {m.irq} is not an SPI",
                       f"SPIs are {SPI_FIRST}..{SPI_END - 1}")
        elif not cell.is_root and not any(
                i.first <= m.irq < i.first + i.count for i in cell.irqs):
            self.error(p, line, f"{lbl}: irq {m.irq} is not in the cell's "
                       "irqs", "add the doorbell SPI to the cell's irqs")
        elif cell.uart_base and m.irq == cell.uart_irq:
            self.error(p, line, f"{lbl}: irq {m.irq} is the uart irq",
                       "give the doorbell its own SPI")

    def member_pair_alone(self, cell, a, b):
        p, lbl = cell.path, f"{cell.label} {b.label}"
        if a.name == b.name:
            self.error(p, b.line("name"), f"{lbl}: joins link '{b.name}' "
                       f"twice (also {a.label})", "join each link once")
        elif a.irq == b.irq:
            self.error(p, b.line("irq"), f"{lbl}: irq {b.irq} is also the "
                       f"doorbell of {a.label}", "give each link its own SPI")
        elif overlap(a.reg, LINK_REG_SIZE, b.reg, LINK_REG_SIZE):
            self.error(p, b.line("registers"), f"{lbl}: register page "
                       f"{b.reg:#x} overlaps the one of {a.label}",
                       "each link needs its own register page")

    # ---- memberships against the system table --------------------------

    def members_in(self, sys, cell):
        """What needs the link table: the name, the peer, the size of the
        link memory in the cell's guest addresses."""
        table = {link.name: link for link in sys.links}
        placed = []
        for m in cell.links:
            link = table.get(m.name)
            if link is None:
                self.error(cell.path, m.line("name"), f"{cell.label} "
                           f"{m.label}: no link '{m.name}' in the system "
                           f"config ({sys.root.path})", "declare it in the "
                           "system config's links, or fix the name")
            elif self.member_in(sys, cell, m, link):
                self.member_overlaps(cell, m, link, placed)
                placed.append((m, link))

    def member_in(self, sys, cell, m, link):
        p, lbl = cell.path, f"{cell.label} {m.label}"
        if m.peer >= link.max_peers:
            self.error(p, m.line("peer"), f"{lbl}: peer {m.peer}, but "
                       f"{link.label} has {link.max_peers} peers (0.."
                       f"{link.max_peers - 1})", "use a free peer number "
                       "below max_peers")
            return False
        if cell.is_root and m.shm != link.phys:
            self.error(p, m.line("address"), f"{lbl}: root sees link memory "
                       f"at its address {link.phys:#x}, not {m.shm:#x}",
                       "drop 'address' in root_cell.links")
            return False
        if m.shm % PAGE or m.reg % PAGE or \
                not self.member_page(cell, m, "address", m.shm, link.size):
            return False
        for key, start, size in (("registers", m.reg, LINK_REG_SIZE),
                                 ("address", m.shm, link.size)):
            if not self.member_gic(sys, cell, m, key, start, size):
                return False
        if overlap(m.reg, LINK_REG_SIZE, m.shm, link.size):
            self.error(p, m.line("registers"), f"{lbl}: register page "
                       f"{m.reg:#x} overlaps the link memory ({m.shm:#x}, "
                       f"size {link.size:#x})", "put the register page "
                       "outside the link memory")
            return False
        return True

    def member_gic(self, sys, cell, m, key, start, size):
        for what, gstart, gsize in self.forbidden(sys):
            if overlap(start, size, gstart, gsize):
                self.error(cell.path, m.line(key), f"{cell.label} {m.label}: "
                           f"{key} {start:#x} (size {size:#x}) overlaps the "
                           f"emulated interrupt controller ({what})",
                           "choose another guest address")
                return False
        return True

    def member_overlaps(self, cell, m, link, placed):
        for other, olink in placed:
            if overlap(m.shm, link.size, other.shm, olink.size) or \
                    overlap(m.reg, LINK_REG_SIZE, other.shm, olink.size) or \
                    overlap(other.reg, LINK_REG_SIZE, m.shm, link.size):
                self.error(cell.path, m.line("address"), f"{cell.label} "
                           f"{m.label} overlaps {other.label} in guest "
                           "addresses", "links need disjoint guest ranges")
                return

    # ---- a set of configs ----------------------------------------------

    def set_links(self, sys, cells):
        """Every cell against the table (the one validator's rules)."""
        for cell in cells:
            self.members_in(sys, cell)
            self.regions_off_links(sys, cell)

    def set_links_together(self, sys, cells):
        """What only running the cells together shows: a peer ID taken
        twice (cell create refuses it with -EBUSY) and a cell taking an
        SPI root rings as a link doorbell."""
        root = sys.root
        peers = {(m.name, m.peer): root for m in root.links}
        doorbells = {m.irq: m for m in root.links}
        for cell in cells:
            for m in cell.links:
                other = peers.setdefault((m.name, m.peer), cell)
                if other is not cell:
                    self.error(cell.path, m.line("peer"), f"{cell.label} "
                               f"{m.label}: peer {m.peer} is also "
                               f"{other.label} ({where(other, 'name')})",
                               "give each member of a link its own peer")
            for irq in cell.irqs:
                for intid, m in doorbells.items():
                    if irq.first <= intid < irq.first + irq.count:
                        self.error(cell.path, irq.line(), f"{cell.label} "
                                   f"{irq.label}: interrupt {intid} is the "
                                   f"doorbell of {root.label} {m.label}",
                                   "leave root's doorbell SPIs to root")

    def regions_off_links(self, sys, cell):
        for r in cell.regions:
            for link in sys.links:
                if overlap(r.phys, r.size, link.phys, link.size):
                    self.error(cell.path, r.line(), f"{cell.label} "
                               f"{r.label} ({r.span()}) overlaps the memory "
                               f"of {link.label}", "nobody maps link memory "
                               "as a region: join the link instead")
                    break
