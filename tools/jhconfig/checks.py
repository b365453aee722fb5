# SPDX-License-Identifier: GPL-2.0
"""Semantic checks of one configuration and of a set (system + cells)."""
from .checks_links import LinkChecks
from .findings import Finding
from .model import MEM_FLAGS, NAME_MAX, fmt_range
from .spans import ADDR_LIMIT, PAGE, SPI_END, SPI_FIRST, where
from .spans import inside as _inside
from .spans import overlap as _overlap

GICD_SIZE = 0x10000
GICR_FRAME_SIZE = 0x20000
GICC_SIZE = 0x2000
GICH_SIZE = 0x2000
GITS_ALIGN = 0x10000
# What the hypervisor needs of its memory before the page pool: the same
# budget as include/jailhouse/config_check.h (JH_HV_*), which the
# hypervisor's linker script enforces for the core.
U32_MAX = 0xffffffff
HV_CORE_BUDGET = 0x80000
HV_PERCPU_SIZE = 0x4000
HV_MIN_POOL_PAGES = 16
HEADER_SIZE, SYSTEM_FIXED, REGION_SIZE, IRQ_SIZE = 24, 264, 32, 8
LINK_SIZE, MEMBER_SIZE = 48, 40
# Sub-page I/O windows (config_check.h: jh_cc_subpage).
SUBPAGE_ALIGN = 8
SUBPAGE_BAD = MEM_FLAGS["execute"] | MEM_FLAGS["comm_region"] | \
    MEM_FLAGS["loadable"] | MEM_FLAGS["rootshared"]


def is_subpage(r):
    return bool(r.flags & MEM_FLAGS["subpage"])


def shape_ok(r):
    """A region whose addresses the per-region checks accepted."""
    if is_subpage(r):
        return r.size and not (r.phys | r.virt | r.size) % SUBPAGE_ALIGN
    return r.size and not (r.phys | r.virt | r.size) % PAGE


class Checker(LinkChecks):
    def __init__(self):
        self.findings = []

    def error(self, path, line, message, hint):
        self.findings.append(Finding(path, line, message, hint))

    # ---- one cell ------------------------------------------------------

    def cell(self, cell):
        p = cell.path
        name = cell.name.encode("utf-8")
        if b"\0" in name:
            # the binary config ends the name at the first NUL
            self.error(p, cell.line("name"), "cell name '"
                       + cell.name.replace("\0", "\\0") + "' contains a "
                       "NUL byte", "remove the \\0 from the name")
        elif len(name) > NAME_MAX:
            self.error(p, cell.line("name"),
                       f"cell name '{cell.name}' is {len(name)} bytes long "
                       f"(at most {NAME_MAX})", "choose a shorter name")
        self.cpus(cell)
        for region in cell.regions:
            self.region(cell, region)
        self.region_overlaps(cell)
        self.irqs(cell)
        if not cell.is_root:
            self.entry(cell)
        self.uart(cell)
        self.members(cell)
        self.timeout(cell)

    def timeout(self, cell):
        """A 32-bit field of the binary config (build could not write
        more)."""
        if cell.shutdown_timeout_ms > U32_MAX:
            self.error(cell.path, cell.line("shutdown_timeout_ms"),
                       f"{cell.label}: shutdown_timeout_ms "
                       f"{cell.shutdown_timeout_ms} does not fit in 32 bits "
                       f"(at most {U32_MAX}, about 49 days)",
                       "give the timeout in milliseconds")

    def uart(self, cell):
        """The emulated PL011 (config_check.h: jh_cc_uart): a free page of
        guest addresses and an SPI of the cell; root has none."""
        p, line = cell.path, cell.line("uart.address") or cell.line("uart")
        if not cell.uart_base and not cell.uart_irq:
            return
        if cell.is_root:
            self.error(p, line, f"{cell.label}: has a uart (only cells get an "
                       "emulated UART)", "remove it; only cells "
                       "get an emulated UART; root drives the real one")
            return
        if not cell.uart_base:
            self.error(p, line, f"{cell.label}: uart irq {cell.uart_irq} "
                       "without an address", "give uart: {address, irq}")
            return
        if cell.uart_base % PAGE or cell.uart_base >= ADDR_LIMIT:
            self.error(p, line, f"{cell.label}: uart address "
                       f"{cell.uart_base:#x} is not 4K aligned or beyond 48 "
                       "bits", "use a page address, e.g. 0x0900_0000")
            return
        for r in cell.regions:
            if _overlap(cell.uart_base, PAGE, r.virt, r.size):
                self.error(p, line, f"{cell.label}: uart address "
                           f"{cell.uart_base:#x} overlaps {r.label} "
                           f"({r.span(True)}, guest)", "the emulated UART "
                           "needs a guest page no region maps")
                return
        if not any(i.first <= cell.uart_irq < i.first + i.count
                   for i in cell.irqs):
            self.error(p, cell.line("uart.irq") or line, f"{cell.label}: "
                       f"uart irq {cell.uart_irq} is not in the cell's irqs",
                       "add it to irqs (an SPI the cell owns)")

    def cpus(self, cell):
        p, line = cell.path, cell.line("cpus")
        if not cell.cpus:
            self.error(p, line, f"{cell.label} has no CPU", "list its CPUs")
        elif cell.is_root and 0 not in cell.cpus:
            self.error(p, line, "the root cell must own CPU 0",
                       "add CPU 0 to root_cell.cpus (cpus: \"0-3\")")
        elif not cell.is_root and 0 in cell.cpus:
            self.error(p, line, f"{cell.label} takes CPU 0, which the root "
                       "cell must keep", "give the cell other CPUs")

    def region(self, cell, r):
        p = cell.path
        if r.size == 0:
            self.error(p, r.line("size"), f"{cell.label} {r.label}: size is 0",
                       "give the region a size (e.g. 4K)")
            return
        if is_subpage(r):
            if not self.subpage(cell, r):
                return
        for key, value in (("phys", r.phys), ("virt", r.virt),
                           ("size", r.size)):
            if not is_subpage(r) and value % PAGE:
                self.error(p, r.line(key), f"{cell.label} {r.label}: {key} "
                           f"{value:#x} is not 4K aligned",
                           "phys, virt and size must be multiples of 0x1000")
                return
        for key, start in (("phys", r.phys), ("virt", r.virt)):
            if start + r.size > ADDR_LIMIT:
                self.error(p, r.line(key), f"{cell.label} {r.label}: {key} "
                           f"{start:#x} + size {r.size:#x} ends beyond the "
                           "48-bit address space", "check phys/virt and size")
                return
        if cell.is_root and r.virt != r.phys:
            self.error(p, r.line("virt"), f"{cell.label} {r.label}: virt "
                       f"{r.virt:#x} differs from phys {r.phys:#x}",
                       "root cell regions are identity mapped: drop 'virt'")

    def subpage(self, cell, r):
        """A window smaller than a page that the hypervisor emulates:
        8-byte granules inside one page, the same page offset in guest and
        physical addresses, device memory only; never in root."""
        p = cell.path
        off = r.phys % PAGE
        if (r.phys | r.virt | r.size) % SUBPAGE_ALIGN or \
                off + r.size > PAGE or off != r.virt % PAGE:
            self.error(p, r.line(), f"{cell.label} {r.label}: subpage "
                       f"window ({r.span()}) must be 8-byte aligned, inside "
                       "one page, with the same page offset in virt and "
                       "phys", "e.g. phys: 0x0a00_3e00, size: 0x200")
            return False
        if not r.is_io or r.flags & SUBPAGE_BAD:
            self.error(p, r.line("flags"), f"{cell.label} {r.label}: "
                       "subpage windows must be io and neither execute, "
                       "comm_region, loadable nor rootshared",
                       "flags: [read, write, io, subpage]")
            return False
        if cell.is_root:
            self.error(p, r.line("flags"), f"{cell.label} {r.label}: the "
                       "root cell has whole pages; only cells get subpage "
                       "windows", "drop 'subpage' from the root region")
            return False
        return True

    def region_overlaps(self, cell):
        ok = [r for r in cell.regions if shape_ok(r)]
        for i, a in enumerate(ok):
            for b in ok[i + 1:]:
                for virt in (False, True):
                    sa, sb = (a.virt, b.virt) if virt else (a.phys, b.phys)
                    if _overlap(sa, a.size, sb, b.size):
                        kind = "guest (virt)" if virt else "physical"
                        self.error(cell.path, b.line(), f"{cell.label} "
                                   f"{b.label} ({b.span(virt)}) overlaps "
                                   f"{a.label} ({a.span(virt)}, "
                                   f"{where(a, path=cell.path)}) in "
                                   f"{kind} addresses",
                                   "regions of one cell must not overlap")
                        break
        comms = [r for r in cell.regions if r.flags & MEM_FLAGS["comm_region"]]
        for extra in comms[1:]:
            self.error(cell.path, extra.line("flags"), f"{cell.label} "
                       f"{extra.label}: second comm_region (first is "
                       f"{comms[0].label})", "a cell has one comm region")

    def irqs(self, cell):
        for irq in cell.irqs:
            if irq.count == 0 or irq.first < SPI_FIRST or \
                    irq.first + irq.count > SPI_END:
                self.error(cell.path, irq.line(), f"{cell.label} {irq.label}: "
                           f"first {irq.first}, count {irq.count} is not a "
                           f"range of SPIs", f"SPIs are {SPI_FIRST}.."
                           f"{SPI_END - 1} and count must be at least 1")
        good = [i for i in cell.irqs if i.count]
        for n, a in enumerate(good):
            for b in good[n + 1:]:
                if _overlap(a.first, a.count, b.first, b.count):
                    self.error(cell.path, b.line(), f"{cell.label} {b.label} "
                               f"overlaps {a.label} "
                               f"({where(a, path=cell.path)})",
                               "list each interrupt once")

    def entry(self, cell):
        code = [r for r in cell.regions if r.flags & MEM_FLAGS["execute"]]
        if not any(_inside(cell.entry, 4, r.virt, r.size) for r in code):
            self.error(cell.path, cell.line("entry"), f"{cell.label}: entry "
                       f"{cell.entry:#x} is not inside an executable region",
                       "point entry into a region with the 'execute' flag")
        comm = [r for r in cell.regions if r.flags & MEM_FLAGS["comm_region"]]
        if cell.comm_region % PAGE:
            self.error(cell.path, cell.line("comm_region"), f"{cell.label}: "
                       f"comm_region {cell.comm_region:#x} is not 4K aligned",
                       "use a page address")
        elif comm and cell.comm_region != comm[0].virt:
            self.error(cell.path, cell.line("comm_region"), f"{cell.label}: "
                       f"comm_region {cell.comm_region:#x} is not the virt "
                       f"address of {comm[0].label} ({comm[0].virt:#x})",
                       f"set comm_region: {comm[0].virt:#x}")

    # ---- system --------------------------------------------------------

    def system(self, sys):
        p, root = sys.root.path, sys.root
        self.cell(root)
        hv_line = sys.lines.get("hypervisor_memory.size") or sys.line()
        if sys.hv_size == 0 or (sys.hv_phys | sys.hv_size) % PAGE or \
                sys.hv_phys + sys.hv_size > ADDR_LIMIT:
            self.error(p, hv_line, f"hypervisor_memory phys {sys.hv_phys:#x} "
                       f"size {sys.hv_size:#x} is empty, not 4K aligned or "
                       "beyond 48 bits", "e.g. {phys: 0x7000_0000, size: 4M}")
        else:
            for r in root.regions:
                if _overlap(r.phys, r.size, sys.hv_phys, sys.hv_size):
                    self.error(p, r.line(), f"{root.label} {r.label} "
                               f"({r.span()}) overlaps hypervisor_memory "
                               f"({fmt_range(sys.hv_phys, sys.hv_size)}, "
                               f"{p}:{sys.line('hypervisor_memory')})",
                               "the root cell must not map hypervisor memory")
        self.console(sys)
        self.gic(sys)
        self.hv_size(sys)
        self.links(sys)
        self.members_in(sys, root)

    def hv_size(self, sys):
        """Core, per-CPU areas of the root CPUs, the config copy and a
        minimal page pool must fit (the driver checks the real sizes)."""
        root = sys.root
        ncpus = max(root.cpus, default=-1) + 1
        config = SYSTEM_FIXED + REGION_SIZE * len(root.regions) + \
            IRQ_SIZE * len(root.irqs) + MEMBER_SIZE * len(root.links) + \
            LINK_SIZE * len(sys.links)
        need = HV_CORE_BUDGET + ncpus * HV_PERCPU_SIZE + \
            -(-config // PAGE) * PAGE + HV_MIN_POOL_PAGES * PAGE
        if sys.hv_size and sys.hv_size < need:
            self.error(root.path, sys.lines.get("hypervisor_memory.size")
                       or sys.line(), f"hypervisor_memory size "
                       f"{sys.hv_size:#x} is too small: {ncpus} CPUs need at "
                       f"least {need:#x}", f"use at least {need:#x} (e.g. 4M)")

    def needs_region(self, sys, key, what, start, size, line):
        if not any(r.is_io and _inside(start, size, r.phys, r.size)
                   for r in sys.root.regions):
            self.error(sys.root.path, line, f"{what} "
                       f"({fmt_range(start, size)}) is not covered by an io "
                       f"region of {sys.root.label}", f"add a memory region "
                       f"{{phys: {start:#x}, size: {size:#x}, flags: [read, "
                       "write, io]} to root_cell")

    def console(self, sys):
        if not sys.console_type:
            return
        line = sys.lines.get("debug_console.address") or sys.line("debug_console")
        if not sys.console_address or sys.console_address % PAGE or \
                not sys.console_size:
            self.error(sys.root.path, line, f"debug_console address "
                       f"{sys.console_address:#x} size {sys.console_size:#x} "
                       "invalid", "give a page aligned MMIO address and size")
            return
        self.needs_region(sys, "console", "debug_console",
                          sys.console_address, sys.console_size, line)

    def gic(self, sys):
        p = sys.root.path
        line = sys.line("gic")
        if sys.gic_version == 3:
            need, forbid = ("gicr",), ("gicc", "gich", "gicv")
        else:
            need, forbid = ("gicc", "gich", "gicv"), ("gicr",)
        bad = False
        for key in ("gicd",) + need:
            value = getattr(sys, key)
            if not value or value % PAGE:
                self.error(p, sys.lines.get(f"gic.{key}") or line, f"GICv"
                           f"{sys.gic_version} {key} {value:#x} missing or "
                           "not 4K aligned", f"GICv{sys.gic_version} needs "
                           + ", ".join(("gicd",) + need))
                bad = True
        for key in forbid:
            if getattr(sys, key):
                self.error(p, sys.lines.get(f"gic.{key}") or line, f"GICv"
                           f"{sys.gic_version} has no {key}",
                           f"remove {key} (or set version: "
                           f"{5 - sys.gic_version})")
        if not 16 <= sys.maintenance_irq < 32:
            self.error(p, sys.lines.get("gic.maintenance_irq") or line,
                       f"maintenance_irq {sys.maintenance_irq} is not a PPI",
                       "PPIs are INTIDs 16..31 (QEMU virt: 25)")
        if bad:
            return
        self.needs_region(sys, "gicd", "GIC distributor (gicd)", sys.gicd,
                          GICD_SIZE, sys.lines.get("gic.gicd") or line)
        if sys.gic_version == 3:
            ncpus = max(sys.root.cpus, default=0) + 1
            self.needs_region(sys, "gicr", f"GIC redistributors of {ncpus} "
                              "CPUs (gicr)", sys.gicr, ncpus * GICR_FRAME_SIZE,
                              sys.lines.get("gic.gicr") or line)
        else:
            self.needs_region(sys, "gicc", "GIC CPU interface (gicc)",
                              sys.gicc, GICC_SIZE,
                              sys.lines.get("gic.gicc") or line)
        self.its(sys, line)

    def its(self, sys, line):
        if not sys.gits and not sys.gits_size:
            return
        line = sys.lines.get("gic.gits") or line
        if sys.gic_version != 3 or not sys.gits or not sys.gits_size or \
                (sys.gits | sys.gits_size) % GITS_ALIGN or \
                sys.gits + sys.gits_size > ADDR_LIMIT:
            self.error(sys.root.path, line, f"GIC ITS gits {sys.gits:#x} "
                       f"gits_size {sys.gits_size:#x} invalid", "a GICv3 ITS "
                       "needs both, 64K aligned (QEMU virt: gits: "
                       "0x0808_0000, gits_size: 128K)")
            return
        self.needs_region(sys, "gits", "GIC ITS (gits)", sys.gits,
                          sys.gits_size, line)

    # ---- a set of configs ----------------------------------------------

    def cell_set(self, sys, cells, together=True):
        root = sys.root
        names = {root.name: root}
        owner_cpu, owner_irq = {}, {}
        for cell in cells:
            if cell.name in names:
                other = names[cell.name]
                self.error(cell.path, cell.line("name"), f"{cell.label}: "
                           f"name also used by {other.label} "
                           f"({where(other, 'name')})", "names must be unique")
            names[cell.name] = cell
            self.set_cpus(root, cell, owner_cpu)
            self.set_irqs(root, cell, owner_irq)
            for r in cell.regions:
                self.set_region(sys, cell, r)
                self.emulated(sys, cell, r)
                self.subpage_console(sys, cell, r)
            self.uart_gic(sys, cell)
            self.comm(cell)
            self.dma(cell)
            self.dma_device(root, cell)
        for n, a in enumerate(cells):
            for b in cells[n + 1:]:
                self.cells_overlap(a, b)
        self.set_links(sys, cells)
        if together:
            self.set_links_together(sys, cells)

    def set_cpus(self, root, cell, owner):
        for cpu in sorted(cell.cpus):
            if cpu not in root.cpus:
                self.error(cell.path, cell.line("cpus"), f"{cell.label}: "
                           f"CPU {cpu} is not a CPU of {root.label} "
                           f"({where(root, 'cpus')})",
                           "cells take their CPUs from the root cell")
            elif cpu in owner:
                other = owner[cpu]
                self.error(cell.path, cell.line("cpus"), f"{cell.label}: "
                           f"CPU {cpu} is also assigned to {other.label} "
                           f"({where(other, 'cpus')})",
                           "give each CPU to one cell only")
            else:
                owner[cpu] = cell

    def set_irqs(self, root, cell, owner):
        for irq in cell.irqs:
            for intid in range(irq.first, irq.first + min(irq.count, 1024)):
                if not any(r.first <= intid < r.first + r.count
                           for r in root.irqs):
                    self.error(cell.path, irq.line(), f"{cell.label} "
                               f"{irq.label}: interrupt {intid} is not in "
                               f"the irqs of {root.label}", "cells take their "
                               "interrupts from the root cell's irqs")
                    break
                if intid in owner:
                    other, oirq = owner[intid]
                    self.error(cell.path, irq.line(), f"{cell.label} "
                               f"{irq.label}: interrupt {intid} is also "
                               f"assigned to {other.label} {oirq.label} "
                               f"({where(oirq, path=other.path)})",
                               "give each interrupt to one cell only")
                    break
                owner[intid] = (cell, irq)

    def set_region(self, sys, cell, r):
        if not shape_ok(r):
            return
        root = sys.root
        if _overlap(r.phys, r.size, sys.hv_phys, sys.hv_size):
            self.error(cell.path, r.line(), f"{cell.label} {r.label} "
                       f"({r.span()}) overlaps hypervisor_memory "
                       f"({fmt_range(sys.hv_phys, sys.hv_size)}, "
                       f"{root.path}:{sys.line('hypervisor_memory')})",
                       "cells must not touch hypervisor memory")
            return
        if self.gic_reserved(sys, cell, r):
            return
        host = [h for h in root.regions
                if _inside(r.phys, r.size, h.phys, h.size)]
        if not host:
            self.error(cell.path, r.line(), f"{cell.label} {r.label} "
                       f"({r.span()}) lies outside every {root.label} region",
                       "cells take memory from the root cell: put it inside "
                       "a root region (e.g. the inmate area)")
        elif host[0].is_io != r.is_io:
            h = host[0]
            self.error(cell.path, r.line(), f"{cell.label} {r.label} "
                       f"({'io' if r.is_io else 'RAM'}) lies in {root.label} "
                       f"{h.label} ({'io' if h.is_io else 'RAM'}, "
                       f"{where(h, path=root.path)})",
                       "device regions must come from root device regions, "
                       "RAM from root RAM")
        elif self.linux_ram(host[0]) and \
                not r.flags & MEM_FLAGS["rootshared"]:
            h = host[0]
            self.error(cell.path, r.line(), f"{cell.label} {r.label} "
                       f"({r.span()}) lies in Linux RAM: {root.label} "
                       f"{h.label} is an execute region "
                       f"({where(h, path=root.path)})", "take cell memory "
                       "from a root RAM region without 'execute' (the "
                       "inmate area); only rootshared regions may be in "
                       "Linux RAM")

    @staticmethod
    def linux_ram(root_region):
        """Root RAM with 'execute' is what Linux runs in (config create
        writes it so); the driver also asks the running kernel."""
        return not root_region.is_io and \
            root_region.flags & MEM_FLAGS["execute"]

    def forbidden(self, sys):
        """GIC frames no cell may map (config_check.h: jh_cc_forbidden)."""
        ranges = [("GICD", sys.gicd, GICD_SIZE)]
        if sys.gic_version == 3:
            ncpus = max(sys.root.cpus, default=-1) + 1
            ranges.append(("GICR", sys.gicr, ncpus * GICR_FRAME_SIZE))
        else:
            ranges.append(("GICH", sys.gich, GICH_SIZE))
        return ranges

    def emulated(self, sys, cell, r):
        for what, start, size in self.forbidden(sys):
            for virt in (False, True):
                base = r.virt if virt else r.phys
                if _overlap(base, r.size, start, size):
                    self.error(cell.path, r.line(), f"{cell.label} {r.label} "
                               f"({r.span(virt)}, {'guest' if virt else 'phys'}"
                               f") covers the emulated interrupt controller "
                               f"({what} {fmt_range(start, size)})",
                               "cells get the GIC emulated; do not map it "
                               "(nor put other regions at its guest address)")
                    return

    def uart_gic(self, sys, cell):
        if not cell.uart_base or cell.uart_base % PAGE:
            return
        for what, start, size in self.forbidden(sys):
            if _overlap(cell.uart_base, PAGE, start, size):
                self.error(cell.path, cell.line("uart.address") or
                           cell.line("uart"), f"{cell.label}: uart address "
                           f"{cell.uart_base:#x} is in the emulated interrupt "
                           f"controller ({what} {fmt_range(start, size)})",
                           "choose another guest page")
                return

    def comm(self, cell):
        """The comm page: one RAM page, neither rootshared nor loadable
        (the hypervisor writes it; root must not see or load it)."""
        bad = MEM_FLAGS["io"] | MEM_FLAGS["rootshared"] | MEM_FLAGS["loadable"]
        comms = [r for r in cell.regions if r.flags & MEM_FLAGS["comm_region"]]
        for r in comms:
            if r.size != PAGE or r.flags & bad:
                self.error(cell.path, r.line(), f"{cell.label} {r.label}: "
                           "the comm region must be one RAM page, neither "
                           "io, rootshared nor loadable",
                           "size: 4K, flags: [read, write, comm_region]")
        if cell.comm_region and not comms:
            self.error(cell.path, cell.line("comm_region"), f"{cell.label}: "
                       f"comm_region {cell.comm_region:#x} but no region has "
                       "the comm_region flag", "add the comm page region or "
                       "drop comm_region")

    def dma(self, cell):
        """Devices DMA with physical addresses: with a device assigned, a
        dma region must be identity mapped."""
        io = [r for r in cell.regions if r.is_io]
        if not io:
            return
        for r in cell.regions:
            if r.flags & MEM_FLAGS["dma"] and r.virt != r.phys:
                self.error(cell.path, r.line(), f"{cell.label} {r.label}: "
                           f"dma region with virt {r.virt:#x} != phys "
                           f"{r.phys:#x} while {io[0].label} (a device) is "
                           "assigned", "map dma regions at virt == phys")

    def subpage_console(self, sys, cell, r):
        """The hypervisor maps a window's page while the window exists and
        unmaps it after: never its debug console's page (jh_cc_subpage_
        console in config_check.h)."""
        if not is_subpage(r) or not shape_ok(r) or not sys.console_type:
            return
        page = r.phys - r.phys % PAGE
        if _overlap(page, PAGE, sys.console_address, sys.console_size):
            self.error(cell.path, r.line(), f"{cell.label} {r.label} "
                       f"({r.span()}) is in a page of the hypervisor's "
                       f"debug_console ({sys.console_address:#x})",
                       "choose a window in another page")

    def dma_device(self, root, cell):
        """A dma device (flagged here or in root) uses the guest addresses
        the cell's driver gives it as physical ones: all the cell's RAM
        must be identity mapped (config_check.h: jh_cc_dma_device). No
        IOMMU: it still reaches all memory (Documentation/isolation.md)."""
        dma = MEM_FLAGS["dma"]
        for r in cell.regions:
            if not r.is_io:
                continue
            host = [h for h in root.regions
                    if _inside(r.phys, r.size, h.phys, h.size)]
            if not (r.flags & dma or any(h.flags & dma for h in host)):
                continue
            for m in cell.regions:
                if m.is_io or m.flags & MEM_FLAGS["comm_region"] or \
                        m.virt == m.phys:
                    continue
                self.error(cell.path, r.line(), f"{cell.label} {r.label} "
                           f"({r.span()}) is a DMA device (flagged dma here "
                           f"or in {root.label}), but RAM {m.label} has "
                           f"virt {m.virt:#x} != phys {m.phys:#x} "
                           f"({where(m, path=cell.path)})", "a DMA device "
                           "needs all the cell's RAM identity mapped "
                           "(virt == phys); it still reaches all memory "
                           "(no IOMMU)")
                return

    def gic_reserved(self, sys, cell, r):
        """The ITS, a DMA master, stays with root (jh_cc_its in
        config_check.h); GICD/GICR are checked by emulated()."""
        if sys.gits_size and _overlap(r.phys, r.size, sys.gits,
                                      sys.gits_size):
            self.error(cell.path, r.line(), f"{cell.label} {r.label} "
                       f"({r.span()}) covers the GIC ITS (gits), a DMA "
                       f"master ({fmt_range(sys.gits, sys.gits_size)})",
                       "the hypervisor refuses it: remove the region")
            return True
        return False

    def cells_overlap(self, a, b):
        shared = MEM_FLAGS["rootshared"]
        for ra in a.regions:
            for rb in b.regions:
                if ra.flags & rb.flags & shared:
                    continue
                if _overlap(ra.phys, ra.size, rb.phys, rb.size):
                    self.error(b.path, rb.line(), f"{b.label} {rb.label} "
                               f"({rb.span()}) overlaps {a.label} {ra.label} "
                               f"({ra.span()}, {where(ra, path=a.path)})",
                               "cells must not share memory unless both "
                               "regions are flagged rootshared")


def check_config(config):
    checker = Checker()
    if config.kind == "system":
        checker.system(config.system)
    else:
        checker.cell(config.cell)
    return checker.findings


def check_set(system_config, cell_configs, together=True):
    """The cells against the system config; together=False leaves out the
    rules about cells running at the same time (peer IDs, doorbells),
    which a validator of one cell config cannot know."""
    checker = Checker()
    checker.cell_set(system_config.system, [c.cell for c in cell_configs],
                     together)
    return checker.findings
