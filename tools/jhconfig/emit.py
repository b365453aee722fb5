# SPDX-License-Identifier: GPL-2.0
"""Writes a Config as YAML in the documented style (used by show, create)."""
import json
import re

from .model import (CELL_FLAGS, MEM_FLAGS, flag_names, format_cpus)
from .units import fmt_hex, fmt_size

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def quote(text):
    if _PLAIN.match(text) and text.lower() not in _YAML11_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _region(r, names):
    parts = []
    if names:
        parts.append(f"name: {quote(r.name or f'region{r.index}')}")
    parts.append(f"phys: {fmt_hex(r.phys)}")
    if r.virt != r.phys:
        parts.append(f"virt: {fmt_hex(r.virt)}")
    parts.append(f"size: {fmt_size(r.size)}")
    parts.append(f"flags: [{', '.join(flag_names(r.flags, MEM_FLAGS))}]")
    return "{" + ", ".join(parts) + "}"


def _cell(cell, indent, names=True):
    pad = " " * indent
    lines = [f"{pad}name: {quote(cell.name)}",
             f'{pad}cpus: "{format_cpus(cell.cpus)}"']
    if cell.flags:
        lines.append(f"{pad}flags: [{', '.join(flag_names(cell.flags, CELL_FLAGS))}]")
    if cell.entry or not cell.is_root:
        lines.append(f"{pad}entry: {fmt_hex(cell.entry)}")
    if cell.comm_region:
        lines.append(f"{pad}comm_region: {fmt_hex(cell.comm_region)}")
    if cell.shutdown_timeout_ms:
        lines.append(f"{pad}shutdown_timeout_ms: {cell.shutdown_timeout_ms}")
    if cell.uart_base or cell.uart_irq:
        lines.append(f"{pad}uart: {{address: {fmt_hex(cell.uart_base)}, "
                     f"irq: {cell.uart_irq}}}")
    lines.append(f"{pad}memory:" if cell.regions else f"{pad}memory: []")
    lines += [f"{pad}  - {_region(r, names)}" for r in cell.regions]
    lines.append(f"{pad}irqs:" if cell.irqs else f"{pad}irqs: []")
    lines += [f"{pad}  - {{first: {i.first}, count: {i.count}}}"
              for i in cell.irqs]
    if cell.links:
        lines.append(f"{pad}links:")
        lines += [f"{pad}  - {{name: {quote(m.name)}, peer: {m.peer}, "
                  f"address: {fmt_hex(m.shm)}, registers: {fmt_hex(m.reg)}, "
                  f"irq: {m.irq}}}" for m in cell.links]
    return lines


def _links(links):
    if not links:
        return []
    return ["  links:"] + [
        f"    - {{name: {quote(l.name)}, address: {fmt_hex(l.phys)}, "
        f"rw_size: {fmt_size(l.rw_size)}, out_size: {fmt_size(l.out_size)}, "
        f"max_peers: {l.max_peers}}}" for l in links]


def _gic(sys):
    parts = [f"version: {sys.gic_version}", f"gicd: {fmt_hex(sys.gicd)}"]
    for key in ("gicr", "gicc", "gich", "gicv", "gits"):
        if getattr(sys, key):
            parts.append(f"{key}: {fmt_hex(getattr(sys, key))}")
    if sys.gits_size:
        parts.append(f"gits_size: {fmt_size(sys.gits_size)}")
    parts.append(f"maintenance_irq: {sys.maintenance_irq}")
    return "{" + ", ".join(parts) + "}"


def to_yaml(config, header=None):
    """Return YAML text that builds back into exactly the same binary."""
    out = [f"# {line}".rstrip() for line in (header or [])]
    if config.kind == "system":
        sys = config.system
        out.append("system:")
        out.append(f"  hypervisor_memory: {{phys: {fmt_hex(sys.hv_phys)}, "
                   f"size: {fmt_size(sys.hv_size)}}}")
        if sys.console_type == 1:
            out.append(f"  debug_console: {{type: pl011, address: "
                       f"{fmt_hex(sys.console_address)}, size: "
                       f"{fmt_size(sys.console_size)}}}")
        elif sys.console_address or sys.console_size:
            out.append(f"  debug_console: {{type: none, address: "
                       f"{fmt_hex(sys.console_address)}, size: "
                       f"{fmt_size(sys.console_size)}}}")
        out.append("  platform:")
        out.append(f"    gic: {_gic(sys)}")
        out += _links(sys.links)
        out.append("  root_cell:")
        out += _cell(config.cell, 4)
    else:
        out.append("cell:")
        out += _cell(config.cell, 2)
    return "\n".join(out) + "\n"
