# SPDX-License-Identifier: GPL-2.0
"""In-memory configuration model, and its construction from a YAML tree."""
from dataclasses import MISSING, dataclass, field, fields

from .findings import ConfigError, Finding
from .units import UnitError, parse_int

MEM_FLAGS = {"read": 0x01, "write": 0x02, "execute": 0x04, "dma": 0x08,
             "io": 0x10, "comm_region": 0x20, "loadable": 0x40,
             "rootshared": 0x80, "subpage": 0x100}
CELL_FLAGS = {"console_write": 0x1, "reset_stops": 0x2}
CONSOLE_TYPES = {"none": 0, "pl011": 1}
NAME_MAX = 31
LINK_NAME_MAX = 15
MAX_LINKS = 16
LINK_MAX_PEERS = 16
LINK_STATE_SIZE = 0x1000
LINK_REG_SIZE = 0x1000
MAX_CPUS = 256
DEFAULT_MAINTENANCE_IRQ = 25


def _yaml(key, parse="num", table=None, default_from=None, **kwargs):
    """A field _Builder.item() reads from YAML key KEY: a number ("num";
    when absent 0, or the value of field DEFAULT_FROM), flag names looked
    up in TABLE ("flags") or a string ("text"). Flags and strings are
    required unless the field has a default (then absent flags are none,
    an absent string the default)."""
    meta = {"key": key, "parse": parse, "table": table,
            "default_from": default_from}
    return field(metadata=meta, **kwargs)


@dataclass
class Located:
    """Where an item came from (file, and YAML lines when known); keyword
    only, so it follows each type's own fields."""
    lines: dict = field(default_factory=dict, compare=False, repr=False,
                        kw_only=True)

    def line(self, key=None):
        return self.lines.get(key, self.lines.get(None))


@dataclass
class Entry(Located):
    """An entry of a list in a config (memory, irqs, links): its place."""
    index: int = field(default=0, kw_only=True)


@dataclass
class Region(Entry):
    phys: int = _yaml("phys")
    virt: int = _yaml("virt", default_from="phys")
    size: int = _yaml("size")
    flags: int = _yaml("flags", "flags", MEM_FLAGS)
    name: str = _yaml("name", "text", default=None)

    @property
    def label(self):
        return f"memory[{self.index}] '{self.name or f'region{self.index}'}'"

    @property
    def is_io(self):
        return bool(self.flags & MEM_FLAGS["io"])

    def span(self, virt=False):
        start = self.virt if virt else self.phys
        return f"{start:#x}-{start + self.size - 1:#x}"


@dataclass
class IrqRange(Entry):
    first: int = _yaml("first")
    count: int = _yaml("count")

    @property
    def label(self):
        return f"irqs[{self.index}] ({self.first}-{self.first + self.count - 1})"


@dataclass
class Link(Entry):
    """An entry of the system link table (struct jh_link)."""
    name: str = _yaml("name", "text")
    phys: int = _yaml("address")
    rw_size: int = _yaml("rw_size")
    out_size: int = _yaml("out_size")
    max_peers: int = _yaml("max_peers")
    flags: int = 0

    @property
    def label(self):
        return f"link '{self.name}'"

    @property
    def size(self):
        """State table, R/W section, one output per peer (link.h)."""
        return LINK_STATE_SIZE + self.rw_size + self.max_peers * self.out_size


@dataclass
class LinkMember(Entry):
    """A cell joining a link (struct jh_link_member)."""
    name: str = _yaml("name", "text")
    peer: int = _yaml("peer")
    shm: int = _yaml("address")    # defaulted by _Builder.member()
    reg: int = _yaml("registers")
    irq: int = _yaml("irq")

    @property
    def label(self):
        return f"links[{self.index}] '{self.name}'"


@dataclass
class Cell(Located):
    name: str = _yaml("name", "text")
    cpus: frozenset             # _Builder.cpus()
    flags: int = _yaml("flags", "flags", CELL_FLAGS, default=0)
    entry: int = _yaml("entry", default=0)
    comm_region: int = _yaml("comm_region", default=0)
    shutdown_timeout_ms: int = _yaml("shutdown_timeout_ms", default=0)
    uart_base: int = 0
    uart_irq: int = 0
    regions: list = field(default_factory=list)
    irqs: list = field(default_factory=list)
    links: list = field(default_factory=list)
    path: str = None
    is_root: bool = False

    @property
    def label(self):
        return f"{'root cell' if self.is_root else 'cell'} '{self.name}'"


@dataclass
class System(Located):
    hv_phys: int
    hv_size: int
    console_type: int
    console_address: int
    console_size: int
    gic_version: int
    maintenance_irq: int
    gicd: int
    gicr: int
    gicc: int
    gich: int
    gicv: int
    gits: int
    gits_size: int
    root: Cell
    links: list = field(default_factory=list)


@dataclass
class Config:
    kind: str          # "system" or "cell"
    path: str
    cell: Cell         # the root cell of a system config
    system: System = None


def flags_value(names, table):
    value = 0
    for name in names:
        value |= table[name]
    return value


def flag_names(value, table):
    return [name for name, bit in table.items() if value & bit]


def format_cpus(cpus):
    """{0,1,2,3,5} -> "0-3,5"."""
    parts, cpus = [], sorted(cpus)
    i = 0
    while i < len(cpus):
        j = i
        while j + 1 < len(cpus) and cpus[j + 1] == cpus[j] + 1:
            j += 1
        parts.append(str(cpus[i]) if i == j else f"{cpus[i]}-{cpus[j]}")
        i = j + 1
    return ",".join(parts)


def _lines(mapping):
    lines = dict(mapping.key_lines)
    lines[None] = mapping.line
    return lines


class _Builder:
    """Turns a schema-valid YAML tree into the model, collecting findings."""

    def __init__(self, path):
        self.path = path
        self.findings = []

    def error(self, line, message, hint=None):
        self.findings.append(Finding(self.path, line, message, hint))

    def num(self, mapping, key, default=0):
        if key not in mapping:
            return default
        try:
            return parse_int(mapping[key])
        except UnitError as err:
            self.error(mapping.line_of(key), f"'{key}': {err}",
                       "numbers are decimal or 0x hex, optionally with "
                       "'_' separators and a K, M or G suffix")
            return default

    def cpus(self, mapping):
        value, line = mapping["cpus"], mapping.line_of("cpus")
        if isinstance(value, int):
            value = [value]
        elif isinstance(value, str):
            items = []
            for part in value.replace(" ", "").split(","):
                lo, _, hi = part.partition("-")
                lo, hi = int(lo), int(hi or lo)
                if lo > hi:
                    self.error(line, f"cpus: range '{part}' runs backwards",
                               f"write '{hi}-{lo}'")
                items.extend(range(lo, min(hi, MAX_CPUS) + 1))
                if hi >= MAX_CPUS:
                    items.append(hi)
            value = items
        bad = [cpu for cpu in value if cpu >= MAX_CPUS]
        if bad:
            self.error(line, f"cpus: CPU {bad[0]} does not exist "
                       f"(at most {MAX_CPUS} CPUs, 0-{MAX_CPUS - 1})",
                       "use Linux CPU numbers as in /sys/devices/system/cpu")
        return frozenset(cpu for cpu in value if cpu < MAX_CPUS)

    def item(self, cls, mapping, **given):
        """A CLS from MAPPING: GIVEN, and every field declared with
        _yaml() read in declaration order (the order of the findings)."""
        values = dict(given)
        for f in fields(cls):
            if "key" in f.metadata and f.name not in values:
                values[f.name] = self.value(mapping, f, values)
        item = cls(**values)
        item.lines = _lines(mapping)
        return item

    def value(self, mapping, f, values):
        key, parse = f.metadata["key"], f.metadata["parse"]
        if parse == "num":
            src = f.metadata["default_from"]
            return self.num(mapping, key, values[src] if src else 0)
        absent = [] if parse == "flags" else f.default
        raw = mapping[key] if f.default is MISSING else mapping.get(key, absent)
        if parse == "flags":
            return flags_value(raw, f.metadata["table"])
        return raw

    def member(self, mapping, index, links):
        """Root sees link memory at its physical address, so its 'address'
        defaults to that; a cell config cannot know it and must say."""
        name = mapping["name"]
        if "address" in mapping:
            shm = self.num(mapping, "address")
        elif links is not None:
            shm = next((l.phys for l in links if l.name == name), 0)
        else:
            shm = 0
            self.error(mapping.line, f"links[{index}] '{name}': 'address' "
                       "(where the cell sees the link memory) is missing",
                       "only the root cell may leave it out (it defaults "
                       "to the link's address)")
        return self.item(LinkMember, mapping, name=name, shm=shm,
                         index=index)

    def cell(self, mapping, is_root, links=None):
        cell = self.item(Cell, mapping, cpus=self.cpus(mapping),
                         path=self.path, is_root=is_root)
        uart = mapping.get("uart")
        if uart:
            cell.uart_base = self.num(uart, "address")
            cell.uart_irq = self.num(uart, "irq")
        cell.regions = [self.item(Region, m, index=i)
                        for i, m in enumerate(mapping.get("memory", []))]
        cell.irqs = [self.item(IrqRange, m, index=i)
                     for i, m in enumerate(mapping.get("irqs", []))]
        cell.links = [self.member(m, i, links)
                      for i, m in enumerate(mapping.get("links", []))]
        if uart:
            cell.lines.update({f"uart.{k}": v
                               for k, v in uart.key_lines.items()})
        return cell

    def system(self, mapping):
        hv = mapping["hypervisor_memory"]
        con = mapping.get("debug_console")
        gic = mapping["platform"]["gic"]
        con_type = CONSOLE_TYPES[con["type"]] if con else 0
        links = [self.item(Link, m, index=i)
                 for i, m in enumerate(mapping.get("links", []))]
        system = System(
            hv_phys=self.num(hv, "phys"), hv_size=self.num(hv, "size"),
            console_type=con_type,
            console_address=self.num(con, "address") if con else 0,
            console_size=(self.num(con, "size", 0x1000 if con_type else 0)
                          if con else 0),
            gic_version=gic["version"],
            maintenance_irq=self.num(gic, "maintenance_irq",
                                     DEFAULT_MAINTENANCE_IRQ),
            gicd=self.num(gic, "gicd"), gicr=self.num(gic, "gicr"),
            gicc=self.num(gic, "gicc"), gich=self.num(gic, "gich"),
            gicv=self.num(gic, "gicv"), gits=self.num(gic, "gits"),
            gits_size=self.num(gic, "gits_size"),
            root=self.cell(mapping["root_cell"], True, links), links=links)
        system.lines = {None: mapping.line}
        system.lines.update({f"hypervisor_memory.{k}": v
                             for k, v in hv.key_lines.items()})
        system.lines["hypervisor_memory"] = mapping.line_of("hypervisor_memory")
        if con:
            system.lines.update({f"debug_console.{k}": v
                                 for k, v in con.key_lines.items()})
            system.lines["debug_console"] = mapping.line_of("debug_console")
        system.lines.update({f"gic.{k}": v for k, v in gic.key_lines.items()})
        system.lines["gic"] = mapping["platform"].line_of("gic")
        return system


def from_tree(tree, path):
    """Build a Config from a schema-valid tree; raises ConfigError."""
    builder = _Builder(path)
    if "system" in tree:
        system = builder.system(tree["system"])
        config = Config("system", path, system.root, system)
    else:
        config = Config("cell", path, builder.cell(tree["cell"], False))
    if builder.findings:
        raise ConfigError(builder.findings)
    return config


def fmt_range(start, size):
    return f"{start:#x}-{start + size - 1:#x}"
