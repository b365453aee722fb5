# SPDX-License-Identifier: GPL-2.0
"""Binary configuration format, revision 4 (include/jailhouse/config.h)."""
import struct
import zlib

from .findings import ConfigError, Finding
from .model import (CELL_FLAGS, MAX_CPUS, MAX_LINKS, MEM_FLAGS, Cell, Config,
                    IrqRange, Link, LinkMember, Region, System)

MAGIC = b"JHCONFIG"
REVISION = 4
ARCH_ARM64 = 1
KIND_SYSTEM, KIND_CELL = 1, 2
NAME_LEN = 32
LINK_NAME_LEN = 16
CPU_SET_WORDS = MAX_CPUS // 64
CONFIG_MAX_SIZE = 1024 * 1024
MAX_MEM_REGIONS = 256
MAX_IRQ_RANGES = 64
MEM_VALID_FLAGS = 0xff
CELL_VALID_FLAGS = 0x3
CHECKSUM_OFFSET = 20

# Explicit little-endian layouts; sizes must equal config.h's _Static_asserts.
HEADER = struct.Struct("<8sHHHHII")            # struct jh_config_header
REGION = struct.Struct("<QQQQ")                # struct jh_memory_region
IRQ = struct.Struct("<II")                     # struct jh_irq_range
CELL_DESC = struct.Struct(f"<{NAME_LEN}s{CPU_SET_WORDS}QIIIIQQQII")
CONSOLE = struct.Struct("<IIQQ")               # struct jh_console
PLATFORM = struct.Struct("<IIQQQQQQQ")           # struct jh_platform
SYS_LINKS = struct.Struct("<II")               # jh_system num_links, reserved
LINK = struct.Struct(f"<{LINK_NAME_LEN}sQQQII")  # struct jh_link
MEMBER = struct.Struct(f"<{LINK_NAME_LEN}sQQII")  # struct jh_link_member
SYSTEM_SIZE = REGION.size + CONSOLE.size + PLATFORM.size + SYS_LINKS.size

assert HEADER.size == 24 and REGION.size == 32 and IRQ.size == 8
assert CELL_DESC.size == 112 and CONSOLE.size == 24 and PLATFORM.size == 64
assert SYSTEM_SIZE == 128 and LINK.size == 48 and MEMBER.size == 40
assert HEADER.size + SYSTEM_SIZE + CELL_DESC.size == 264
assert HEADER.size + CELL_DESC.size == 136
assert MEM_VALID_FLAGS == sum(MEM_FLAGS.values())
assert CELL_VALID_FLAGS == sum(CELL_FLAGS.values())


def crc32(data):
    """CRC-32 (IEEE) of a config image, its checksum field taken as 0."""
    buf = bytearray(data)
    buf[CHECKSUM_OFFSET:CHECKSUM_OFFSET + 4] = bytes(4)
    return zlib.crc32(bytes(buf)) & 0xffffffff


def _cpu_words(cpus):
    words = [0] * CPU_SET_WORDS
    for cpu in cpus:
        words[cpu // 64] |= 1 << (cpu % 64)
    return words


def _encode_cell(cell):
    name = cell.name.encode("utf-8")
    out = CELL_DESC.pack(name, *_cpu_words(cell.cpus), cell.flags,
                         len(cell.regions), len(cell.irqs),
                         cell.shutdown_timeout_ms, cell.entry,
                         cell.comm_region, cell.uart_base, cell.uart_irq,
                         len(cell.links))
    for r in cell.regions:
        out += REGION.pack(r.phys, r.virt, r.size, r.flags)
    for irq in cell.irqs:
        out += IRQ.pack(irq.first, irq.count)
    for m in cell.links:
        out += MEMBER.pack(m.name.encode("utf-8"), m.shm, m.reg, m.peer,
                           m.irq)
    return out


def _encode_links(links):
    return b"".join(LINK.pack(l.name.encode("utf-8"), l.phys, l.rw_size,
                              l.out_size, l.max_peers, l.flags)
                    for l in links)


def _encode_system(sys):
    return (REGION.pack(sys.hv_phys, 0, sys.hv_size, 0) +
            CONSOLE.pack(sys.console_type, 0, sys.console_address,
                         sys.console_size) +
            PLATFORM.pack(sys.gic_version, sys.maintenance_irq, sys.gicd,
                          sys.gicr, sys.gicc, sys.gich, sys.gicv, sys.gits,
                          sys.gits_size) +
            SYS_LINKS.pack(len(sys.links), 0))


def encode(config):
    """Return the binary image of a checked Config."""
    if config.kind == "system":
        kind = KIND_SYSTEM
        body = _encode_system(config.system) + _encode_cell(config.cell) + \
            _encode_links(config.system.links)
    else:
        kind, body = KIND_CELL, _encode_cell(config.cell)
    total = HEADER.size + len(body)
    image = bytearray(HEADER.pack(MAGIC, REVISION, ARCH_ARM64, kind, 0,
                                  total, 0) + body)
    struct.pack_into("<I", image, CHECKSUM_OFFSET, crc32(image))
    return bytes(image)


class _Reader:
    def __init__(self, data, path):
        self.data, self.path, self.offset = data, path, 0

    def fail(self, message, hint=None):
        raise ConfigError([Finding(self.path, None, message, hint)])

    def take(self, layout, what):
        if self.offset + layout.size > len(self.data):
            self.fail(f"truncated: {what} at offset {self.offset:#x} needs "
                      f"{layout.size} bytes, file has {len(self.data)}",
                      "rebuild the file with 'jailhouse-config build'")
        values = layout.unpack_from(self.data, self.offset)
        self.offset += layout.size
        return values


def _check_header(rd):
    magic, rev, arch, kind, reserved, total, checksum = rd.take(HEADER,
                                                                "header")
    if magic != MAGIC:
        rd.fail(f"bad magic {magic!r}, expected {MAGIC!r}",
                "this is not a jailhouse binary config")
    if rev != REVISION:
        rd.fail(f"config revision {rev}, this tool handles {REVISION}",
                "rebuild the config from its YAML source")
    if arch != ARCH_ARM64:
        rd.fail(f"architecture {arch}, expected {ARCH_ARM64} (arm64)")
    if kind not in (KIND_SYSTEM, KIND_CELL) or reserved:
        rd.fail(f"kind {kind} / reserved {reserved} invalid",
                "kind is 1 (system) or 2 (cell), reserved is 0")
    if total != len(rd.data) or total > CONFIG_MAX_SIZE:
        rd.fail(f"total_size {total} but the file has {len(rd.data)} bytes",
                "the file was truncated or extended")
    if crc32(rd.data) != checksum:
        rd.fail(f"checksum {checksum:#010x} wrong (computed "
                f"{crc32(rd.data):#010x})", "the file is corrupted")
    return kind


def _name(rd, raw, what):
    """A NUL-terminated, NUL-padded, non-empty UTF-8 name field."""
    if b"\0" not in raw:
        rd.fail(f"{what} name is not NUL-terminated")
    try:
        text = raw.split(b"\0", 1)[0].decode("utf-8")
    except UnicodeDecodeError:
        rd.fail(f"{what} name is not valid UTF-8")
    if raw.rstrip(b"\0") != text.encode() or not text:
        rd.fail(f"{what} name empty or not NUL-padded")
    return text


def _decode_cell(rd, is_root):
    name, *rest = rd.take(CELL_DESC, "cell descriptor")
    words, rest = rest[:CPU_SET_WORDS], rest[CPU_SET_WORDS:]
    flags, nregions, nirqs, timeout, entry, comm, uart, uart_irq, nlinks = rest
    text = _name(rd, name, "cell")
    if flags & ~CELL_VALID_FLAGS:
        rd.fail(f"unknown cell flags {flags & ~CELL_VALID_FLAGS:#x}")
    if nregions > MAX_MEM_REGIONS or nirqs > MAX_IRQ_RANGES or \
            nlinks > MAX_LINKS:
        rd.fail(f"{nregions} regions / {nirqs} irq ranges / {nlinks} links: "
                f"more than {MAX_MEM_REGIONS} / {MAX_IRQ_RANGES} / "
                f"{MAX_LINKS}")
    cpus = frozenset(w * 64 + b for w in range(CPU_SET_WORDS)
                     for b in range(64) if words[w] >> b & 1)
    cell = Cell(name=text, cpus=cpus, flags=flags, entry=entry,
                comm_region=comm, shutdown_timeout_ms=timeout,
                uart_base=uart, uart_irq=uart_irq,
                path=rd.path, is_root=is_root)
    for i in range(nregions):
        phys, virt, size, rflags = rd.take(REGION, f"region {i}")
        if rflags & ~MEM_VALID_FLAGS:
            rd.fail(f"region {i}: unknown flags {rflags & ~MEM_VALID_FLAGS:#x}")
        cell.regions.append(Region(phys, virt, size, rflags, index=i))
    for i in range(nirqs):
        first, count = rd.take(IRQ, f"irq range {i}")
        cell.irqs.append(IrqRange(first, count, index=i))
    for i in range(nlinks):
        lname, shm, reg, peer, irq = rd.take(MEMBER, f"link member {i}")
        cell.links.append(LinkMember(_name(rd, lname, f"link member {i}"),
                                     peer, shm, reg, irq, index=i))
    return cell


def _decode_links(rd, count):
    links = []
    for i in range(count):
        name, phys, rw_size, out_size, peers, flags = rd.take(LINK,
                                                              f"link {i}")
        links.append(Link(_name(rd, name, f"link {i}"), phys, rw_size,
                          out_size, peers, flags, index=i))
    return links


def _check_end(rd, last):
    if rd.offset != len(rd.data):
        rd.fail(f"{len(rd.data) - rd.offset} bytes after the {last}",
                "num_memory_regions/num_irq_ranges/num_links do not match "
                "the size")


def _decode_system(rd):
    hv_phys, hv_virt, hv_size, hv_flags = rd.take(REGION, "hypervisor memory")
    if hv_virt or hv_flags:
        rd.fail("hypervisor memory has virt_start or flags set (must be 0)")
    con_type, con_flags, con_addr, con_size = rd.take(CONSOLE, "console")
    if con_type > 1 or con_flags:
        rd.fail(f"console type {con_type} flags {con_flags} invalid")
    gic = rd.take(PLATFORM, "platform")
    nlinks, reserved = rd.take(SYS_LINKS, "system link count")
    if nlinks > MAX_LINKS or reserved:
        rd.fail(f"{nlinks} links (at most {MAX_LINKS}) or system reserved "
                f"{reserved:#x} not 0")
    root = _decode_cell(rd, True)
    links = _decode_links(rd, nlinks)
    _check_end(rd, "system link table")
    return System(hv_phys, hv_size, con_type, con_addr, con_size, *gic, root,
                  links)


def decode(data, path):
    """Parse a binary config into a Config; raises ConfigError."""
    rd = _Reader(bytes(data), path)
    if _check_header(rd) == KIND_SYSTEM:
        system = _decode_system(rd)
        return Config("system", path, system.root, system)
    cell = _decode_cell(rd, False)
    _check_end(rd, "cell's arrays")
    return Config("cell", path, cell)
