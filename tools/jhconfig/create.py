# SPDX-License-Identifier: GPL-2.0
"""'create': write a system config for a running arm64 Linux or a DTB."""
import os
import sys

from . import checks, emit, fdt
from .model import (MAX_CPUS, MEM_FLAGS, Cell, Config, IrqRange, Region,
                    System, flags_value)
from .units import UNITS, UnitError, fmt_hex, fmt_size, parse_int

PAGE = 0x1000
ALIGN_2M = 0x200000
GICR_FRAME_SIZE = 0x20000
GICV3 = ("arm,gic-v3",)
GICV2 = ("arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic",
         "arm,cortex-a7-gic", "arm,arm11mp-gic", "arm,gic-v2")
RAM_FLAGS = flags_value(["read", "write", "execute", "dma"], MEM_FLAGS)
INMATE_FLAGS = flags_value(["read", "write"], MEM_FLAGS)
IO_FLAGS = flags_value(["read", "write", "io"], MEM_FLAGS)
DMA_FLAGS = flags_value(["read", "write", "io", "dma"], MEM_FLAGS)
PCI_SPACES = {1: "pio", 2: "mmio", 3: "mmio-high"}
GIC_ITS = "arm,gic-v3-its"
# Devices that master DMA: without an IOMMU only root may have them.
DMA_COMPAT = ("virtio,mmio", "qemu,fw-cfg-mmio")


class CreateError(Exception):
    def __init__(self, message, hint=None):
        super().__init__(message)
        self.hint = hint


def _up(value, align):
    return (value + align - 1) // align * align


def _down(value, align):
    return value // align * align


def _split(cells, counts):
    """Split a cell list into tuples of numbers of the given cell counts."""
    step = sum(counts)
    if step == 0 or len(cells) % step:
        return []
    out = []
    for i in range(0, len(cells), step):
        values, pos = [], i
        for count in counts:
            value = 0
            for cell in cells[pos:pos + count]:
                value = value << 32 | cell
            values.append(value)
            pos += count
        out.append(tuple(values))
    return out


class Machine:
    """What create learns about the hardware from the device tree."""

    def __init__(self, root):
        self.root = root
        self.devices = []       # (start, size, name, node path)
        self.memory = []        # (start, size) DT memory banks
        self.gic = None
        self.nomap = []         # (start, size) reserved-memory with no-map
        self.its = None         # (start, size) of the first GICv3 ITS
        self.dma_names = set()  # device names (see _merge) that master DMA
        self._walk(root, 2, 1, lambda addr: addr)
        self._reserved(root)

    def _reserved(self, root):
        """/reserved-memory children with no-map: never Linux or cell RAM."""
        node = root.child("reserved-memory")
        if node is None:
            return
        acells = node.u32("#address-cells", 2)
        scells = node.u32("#size-cells", 1)
        for child in node.children:
            if "no-map" in child.props and \
                    child.string("status", "okay") in ("okay", "ok"):
                self.nomap += self._reg(child, acells, scells,
                                        lambda addr: addr)

    def _reg(self, node, acells, scells, xlate):
        out = []
        for addr, size in _split(node.cells("reg") or [], (acells, scells)):
            addr = xlate(addr)
            if addr is not None and size:
                out.append((addr, size))
        return out

    def _child_xlate(self, node, acells, xlate):
        """Address translation for node's children, None if not mapped."""
        if node.parent is None:
            return xlate
        ranges = node.cells("ranges")
        if ranges is None:
            return None
        if not ranges:
            return xlate
        cac = node.u32("#address-cells", 2)
        csc = node.u32("#size-cells", 1)
        table = _split(ranges, (cac, acells, csc))

        def child_xlate(addr):
            for child, parent, size in table:
                if child <= addr < child + size:
                    return xlate(parent + addr - child)
            return None
        return child_xlate

    def _walk(self, node, acells, scells, xlate):
        if node.string("status", "okay") not in ("okay", "ok"):
            return
        if node.name in ("cpus", "chosen", "aliases", "reserved-memory"):
            return
        if node.parent is not None:
            self._classify(node, acells, scells, xlate)
        if node.string("device_type") == "pci":
            return
        child_xlate = self._child_xlate(node, acells, xlate)
        if child_xlate is None:
            return
        cac = node.u32("#address-cells", 2)
        csc = node.u32("#size-cells", 1)
        for child in node.children:
            self._walk(child, cac, csc, child_xlate)

    def _classify(self, node, acells, scells, xlate):
        regs = self._reg(node, acells, scells, xlate)
        compat = node.strings("compatible")
        if node.string("device_type") == "memory":
            self.memory += regs
        elif "interrupt-controller" in node.props and \
                any(c in GICV3 + GICV2 for c in compat) and self.gic is None:
            self.gic = (3 if any(c in GICV3 for c in compat) else 2, regs,
                        node)
        elif node.string("device_type") == "pci":
            self._pci(node, regs, acells, xlate)
        elif GIC_ITS in compat and regs:
            if self.its is None:
                self.its = regs[0]
            self.devices.append((regs[0][0], regs[0][1], "gic-its",
                                 node.path))
        else:
            if any(c in DMA_COMPAT for c in compat):
                self.dma_names.add(node.basename)
            for start, size in regs:
                self.devices.append((start, size, node.basename, node.path))

    def _pci(self, node, regs, acells, xlate):
        self.dma_names.update(f"pcie-{kind}" for kind in
                              ("ecam",) + tuple(PCI_SPACES.values()))
        for start, size in regs:
            self.devices.append((start, size, "pcie-ecam", node.path))
        csc = node.u32("#size-cells", 2)
        for hi, _mid, parent, size in _split(node.cells("ranges") or [],
                                       (1, 2, acells, csc)):
            kind = PCI_SPACES.get(hi >> 24 & 3)
            addr = xlate(parent)
            if kind and addr is not None and size:
                self.devices.append((addr, size, f"pcie-{kind}",
                                     f"{node.path}#{kind}"))

    def compatible(self, compat):
        for node in self.root.walk():
            if compat in node.strings("compatible"):
                yield node


def _merge(devices):
    """Page-align device ranges; merge overlapping ones, and adjacent ones
    of one node or of same-named nodes (flash banks, virtio-mmio slots)."""
    spans = sorted((_down(s, PAGE), _up(s + n, PAGE), name, path)
                   for s, n, name, path in devices)
    merged = []
    for start, end, name, path in spans:
        if merged and (start < merged[-1][1] or
                       (start == merged[-1][1] and (path == merged[-1][3] or
                                                   name == merged[-1][2]))):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, name, path])
    return [(s, e - s, name) for s, e, name, _ in merged]


def _console(machine):
    chosen = machine.root.child("chosen")
    target = chosen.string("stdout-path") if chosen else None
    node = None
    if target:
        target = target.split(":", 1)[0]
        if not target.startswith("/"):
            aliases = machine.root.child("aliases")
            target = aliases.string(target) if aliases else None
        node = machine.root.find(target) if target else None
    if node is None or "arm,pl011" not in node.strings("compatible"):
        node = next(machine.compatible("arm,pl011"), None)
    if node is None:
        return None
    path = node.path
    for start, size, _name, dev_path in machine.devices:
        if dev_path == path:
            return start, _up(size, PAGE)
    return None


def _cpus(root_dir, machine):
    present = os.path.join(root_dir, "sys/devices/system/cpu/present") \
        if root_dir else None
    if present and os.path.exists(present):
        return _present_cpus(present)
    cpus_node = machine.root.child("cpus")
    count = sum(1 for c in (cpus_node.children if cpus_node else [])
                if c.string("device_type") == "cpu")
    if not count:
        raise CreateError("no CPUs found in the device tree")
    return list(range(count))


def _present_cpus(path):
    """The CPU list file (0-3,5): checked, as --root may be any copy."""
    with open(path, encoding="ascii", errors="replace") as f:
        text = f.read().strip()
    cpus = set()
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        try:
            lo, hi = int(lo), int(hi or lo)
        except ValueError:
            raise CreateError(f"{path}: '{part}' is not a CPU number or "
                              "range (the file reads like 0-3,5)") from None
        if not 0 <= lo <= hi < MAX_CPUS:
            raise CreateError(f"{path}: CPU range '{part}' is empty or "
                              f"goes beyond CPU {MAX_CPUS - 1}")
        cpus.update(range(lo, hi + 1))
    return sorted(cpus)


def _iomem_span(path, number, span):
    """(start, end) of one 'start-end' of /proc/iomem, end exclusive."""
    try:    # ValueError too when there are not exactly two numbers
        lo, hi = (int(x, 16) for x in span.split("-"))
    except ValueError:
        lo = hi = None
    if lo is None or lo > hi:
        raise CreateError(f"{path}:{number}: '{span}' is not a range "
                          "start-end of hexadecimal addresses")
    return lo, hi + 1


def _iomem(root_dir):
    """Top-level 'System RAM' ranges of /proc/iomem, None if unavailable."""
    path = os.path.join(root_dir, "proc/iomem") if root_dir else None
    if not path or not os.path.exists(path):
        return None
    ranges = []
    with open(path, encoding="ascii", errors="replace") as f:
        lines = f.read().splitlines()
    for number, line in enumerate(lines, 1):
        if line.startswith(" ") or ":" not in line:
            continue
        span, name = (x.strip() for x in line.split(":", 1))
        if name == "System RAM":
            ranges.append(_iomem_span(path, number, span))
    if not ranges or all(lo == 0 and hi <= 1 for lo, hi in ranges):
        raise CreateError(f"{path} shows no addresses: the kernel hides "
                          "them from users other than root",
                          "run as root (e.g. sudo jailhouse-config create)")
    merged = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def linux_size(value):
    """A size Linux's memparse() reads (mem=1536M): no underscores."""
    for unit in ("G", "M", "K"):
        if value and value % UNITS[unit] == 0:
            return f"{value // UNITS[unit]}{unit}"
    return str(value)


def _without(ranges, holes):
    """[lo, hi) ranges minus the (start, size) holes."""
    for start, size in holes:
        out = []
        for lo, hi in ranges:
            if start >= hi or start + size <= lo:
                out.append((lo, hi))
                continue
            if lo < start:
                out.append((lo, start))
            if start + size < hi:
                out.append((start + size, hi))
        ranges = out
    return ranges


def _carve(machine, linux_ram, mem_hv, mem_inmates):
    """Return (root RAM ranges, hv start, inmates start, inmates size, note)."""
    if not machine.memory:
        raise CreateError("no memory node in the device tree")
    bank_start, bank_size = max(machine.memory)
    bank_end = bank_start + bank_size
    if linux_ram is not None:
        used = [hi for lo, hi in linux_ram if bank_start <= lo < bank_end]
        free = _up(max(used, default=bank_start), ALIGN_2M)
        if mem_inmates is None:
            mem_inmates = max(bank_end - free - mem_hv, 0)
        ram = [(_up(lo, PAGE), _down(hi, PAGE)) for lo, hi in linux_ram]
        note = "Linux RAM from /proc/iomem"
    else:
        if mem_inmates is None:
            carve = _down(bank_size // 4, ALIGN_2M)
            mem_inmates = max(carve - mem_hv, 0)
        free = _down(bank_end - mem_hv - mem_inmates, ALIGN_2M)
        ram = [(lo, lo + size) for lo, size in sorted(machine.memory)]
        ram = [(lo, min(hi, free)) for lo, hi in ram if lo < free]
        total = sum(hi - lo for lo, hi in ram)
        ram = _without([(_up(lo, PAGE), _down(hi, PAGE)) for lo, hi in ram],
                       [(_down(s, PAGE), _up(s + n, PAGE) - _down(s, PAGE))
                        for s, n in machine.nomap])
        note = (f"no /proc/iomem: boot Linux with mem={linux_size(total)} "
                "so that it leaves the carved range alone")
    if free + mem_hv + mem_inmates > bank_end or free < bank_start:
        raise CreateError(
            f"no room for {fmt_size(mem_hv)} of hypervisor memory and "
            f"{fmt_size(mem_inmates)} of inmate memory at the end of RAM "
            f"({fmt_hex(bank_start)}-{fmt_hex(bank_end - 1)}, Linux uses up "
            f"to {fmt_hex(free)})", "boot Linux with a smaller mem= or "
            "lower --mem-hv / --mem-inmates")
    for start, size in machine.nomap:
        if start < free + mem_hv + mem_inmates and free < start + size:
            raise CreateError(
                f"the carved range {fmt_hex(free)}-"
                f"{fmt_hex(free + mem_hv + mem_inmates - 1)} overlaps no-map "
                f"reserved memory at {fmt_hex(start)} (size {fmt_size(size)})",
                "lower --mem-hv / --mem-inmates or boot Linux with a smaller "
                "mem=")
    return [r for r in ram if r[1] > r[0]], free, free + mem_hv, \
        mem_inmates, note


def _gic(machine, ncpus):
    if machine.gic is None:
        raise CreateError("no GICv2/GICv3 interrupt controller in the "
                          "device tree")
    version, regs, node = machine.gic
    need = 2 if version == 3 else 4
    if len(regs) < need:
        raise CreateError(f"{node.path}: GICv{version} reg has {len(regs)} "
                          f"frames, expected at least {need}")
    maintenance = _maintenance_irq(node)
    if version == 3:
        gicr_size = min(regs[1][1], ncpus * GICR_FRAME_SIZE)
        frames = {"gicd": regs[0][0], "gicr": regs[1][0]}
        root_io = [(regs[0][0], regs[0][1], "gicd", "gicd"),
                   (regs[1][0], gicr_size, "gicr", "gicr")]
    else:
        frames = {"gicd": regs[0][0], "gicc": regs[1][0],
                  "gich": regs[2][0], "gicv": regs[3][0]}
        root_io = [(regs[0][0], regs[0][1], "gicd", "gicd"),
                   (regs[1][0], regs[1][1], "gicc", "gicc")]
    return version, maintenance, frames, root_io


def _maintenance_irq(gic):
    """The GIC's own interrupt (type, number, flags), INTID 25 if absent."""
    irq = gic.cells("interrupts") or [1, 9, 4]
    if len(irq) < 3:
        raise CreateError(f"{gic.path}: interrupts has {len(irq)} cell(s), "
                          "expected 3 (type, number, flags) for the "
                          "maintenance interrupt")
    return irq[1] + (16 if irq[0] == 1 else 32)


def _spi_count(machine):
    highest = 0
    for node in machine.root.walk():
        cells = node.cells("interrupts") if "interrupts" in node.props \
            else None
        for kind, number, _flags in _split(cells or [], (1, 1, 1)):
            if kind == 0:
                highest = max(highest, number + 1)
    return min(max(256, _up(highest, 32)), 988)


def generate(tree, root_dir, mem_hv, mem_inmates, source):
    machine = Machine(tree)
    cpus = _cpus(root_dir, machine)
    version, maintenance, frames, gic_io = _gic(machine, len(cpus))
    console = _console(machine)
    ram, hv, inmates, inmates_size, note = _carve(
        machine, _iomem(root_dir), mem_hv, mem_inmates)
    regions = [Region(lo, lo, hi - lo, RAM_FLAGS,
                      "ram" if i == 0 else f"ram{i}")
               for i, (lo, hi) in enumerate(ram)]
    if inmates_size:
        regions.append(Region(inmates, inmates, inmates_size, INMATE_FLAGS,
                              "inmates"))
    devices = _merge(machine.devices + gic_io)
    regions += [Region(s, s, n, DMA_FLAGS if name in machine.dma_names
                       else IO_FLAGS, name) for s, n, name in devices]
    for i, region in enumerate(regions):
        region.index = i
    root = Cell(name=(tree.string("model") or "root").replace(",", "-")[:31]
                .replace(" ", "-"), cpus=frozenset(cpus), regions=regions,
                irqs=[IrqRange(32, _spi_count(machine))], is_root=True,
                path=source)
    system = System(hv, mem_hv, 1 if console else 0,
                    console[0] if console else 0,
                    console[1] if console else 0, version, maintenance,
                    frames.get("gicd", 0), frames.get("gicr", 0),
                    frames.get("gicc", 0), frames.get("gich", 0),
                    frames.get("gicv", 0),
                    *(machine.its if machine.its and version == 3
                      else (0, 0)), root)
    header = [f"SPDX-License-Identifier: GPL-2.0", "",
              f"System configuration created by 'jailhouse-config create' "
              f"from {source}.", note,
              "Review every region before use."]
    return Config("system", "(created)", root, system), header


# Links need memory no region maps, and only the user knows which hole of
# the inmate area to give up: offer an empty table and show the syntax.
LINKS_EXAMPLE = """\
  # Inter-cell links (Documentation/links.md): memory outside every root
  # region (split the inmates region around it), e.g.
  #   links:
  #     - {name: net0, address: 0x7380_0000, rw_size: 64K, out_size: 1M, max_peers: 2}
  # and in root_cell (and each member cell):
  #   links:
  #     - {name: net0, peer: 0, registers: 0x0b00_0000, irq: 140}
  links: []
"""


def with_links_example(text):
    """The emitted system YAML with an empty link table before root_cell."""
    return text.replace("\n  root_cell:\n", "\n" + LINKS_EXAMPLE +
                        "  root_cell:\n", 1)


def run(args):
    try:
        mem_hv = parse_int(args.mem_hv)
        mem_inmates = None if args.mem_inmates is None \
            else parse_int(args.mem_inmates)
    except UnitError as err:
        print(f"jailhouse-config: create: {err}", file=sys.stderr)
        return 2
    if mem_hv % PAGE or not mem_hv or (mem_inmates or 0) % PAGE:
        print("jailhouse-config: create: --mem-hv and --mem-inmates must be "
              "multiples of 4K (and --mem-hv not 0)", file=sys.stderr)
        return 2
    try:
        if args.dtb:
            with open(args.dtb, "rb") as f:
                tree = fdt.parse_dtb(f.read())
            root_dir, source = None, args.dtb
        else:
            dt_dir = os.path.join(args.root, "proc/device-tree")
            if not os.path.isdir(dt_dir):
                raise CreateError(f"{dt_dir} not found: not an arm64 system "
                                  "with a device tree", "pass --dtb FILE")
            tree = fdt.read_dir(dt_dir)
            root_dir, source = args.root, dt_dir
        config, header = generate(tree, root_dir, mem_hv, mem_inmates, source)
    except OSError as err:
        print(f"jailhouse-config: create: {err}", file=sys.stderr)
        return 2
    except (CreateError, fdt.FdtError) as err:
        print(f"jailhouse-config: create: error: {err}", file=sys.stderr)
        if getattr(err, "hint", None):
            print(f"  hint: {err.hint}", file=sys.stderr)
        return 1
    findings = checks.check_config(config)
    for finding in findings:
        print(finding, file=sys.stderr)
    text = with_links_example(emit.to_yaml(config, header))
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 1 if findings else 0
