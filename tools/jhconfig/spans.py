# SPDX-License-Identifier: GPL-2.0
"""Address and interrupt ranges the checks compare, and how they name
where an item came from."""

PAGE = 0x1000
ADDR_LIMIT = 1 << 48
SPI_FIRST, SPI_END = 32, 1020


def overlap(a_start, a_size, b_start, b_size):
    return a_start < b_start + b_size and b_start < a_start + a_size


def inside(start, size, outer_start, outer_size):
    return outer_start <= start and start + size <= outer_start + outer_size


def where(item, key=None, path=None):
    """'path:line' of an item for naming the other side of a conflict."""
    path = path or getattr(item, "path", None)
    line = item.line(key) if hasattr(item, "line") else None
    return f"{path}:{line}" if line else f"{path}"
