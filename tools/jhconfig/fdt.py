# SPDX-License-Identifier: GPL-2.0
"""Minimal device tree reader: flattened blobs (DTB) and /proc/device-tree."""
import os
import struct

FDT_MAGIC = 0xd00dfeed
FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9


class FdtError(ValueError):
    pass


class Node:
    def __init__(self, name, parent=None):
        self.name = name
        self.parent = parent
        self.props = {}
        self.children = []

    @property
    def path(self):
        if self.parent is None:
            return "/"
        parent = self.parent.path
        return (parent if parent != "/" else "") + "/" + self.name

    @property
    def basename(self):
        return self.name.split("@", 1)[0]

    def child(self, name):
        for node in self.children:
            if node.name == name:
                return node
        return None

    def find(self, path):
        node = self
        for part in [p for p in path.split("/") if p]:
            match = node.child(part)
            if match is None:   # allow the unit address to be left out
                match = next((c for c in node.children
                              if c.basename == part), None)
            if match is None:
                return None
            node = match
        return node

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def string(self, name, default=None):
        value = self.props.get(name)
        if value is None:
            return default
        return value.split(b"\0", 1)[0].decode("utf-8", "replace")

    def strings(self, name):
        value = self.props.get(name, b"")
        return [s.decode("utf-8", "replace") for s in value.split(b"\0") if s]

    def cells(self, name):
        value = self.props.get(name)
        if value is None:
            return None
        if len(value) % 4:
            raise FdtError(f"{self.path}: property {name} is not made of cells")
        return list(struct.unpack(f">{len(value) // 4}I", value))

    def u32(self, name, default=None):
        cells = self.cells(name)
        return cells[0] if cells else default


def parse_dtb(data):
    """Parse a flattened device tree blob into a Node tree; FdtError when
    it is not one or is damaged (never another exception)."""
    try:
        return _parse_dtb(data)
    except FdtError:
        raise
    except (struct.error, ValueError, IndexError, UnicodeDecodeError) as err:
        # offsets or lengths pointing outside the blob, missing NULs
        raise FdtError(f"corrupt device tree blob ({err})") from None


def _parse_dtb(data):
    if len(data) < 40:
        raise FdtError("too short for a device tree blob")
    (magic, total, off_struct, off_strings, _rsv, version, _last, _boot,
     size_strings, size_struct) = struct.unpack_from(">10I", data)
    if magic != FDT_MAGIC:
        raise FdtError(f"bad magic {magic:#x}, not a device tree blob")
    if total > len(data) or version < 16:
        raise FdtError(f"truncated blob or unsupported version {version}")
    if off_struct + size_struct > total or off_strings + size_strings > total:
        raise FdtError("corrupt device tree blob (a block ends beyond "
                       f"its {total} bytes)")
    strings = data[off_strings:off_strings + size_strings]
    pos, end = off_struct, off_struct + size_struct
    root, node = None, None
    while pos < end:
        token, = struct.unpack_from(">I", data, pos)
        pos += 4
        if token == FDT_BEGIN_NODE:
            nul = data.index(b"\0", pos)
            name = data[pos:nul].decode("utf-8", "replace")
            pos = (nul + 4) & ~3
            new = Node(name, node)
            if node is None:
                root = new
            else:
                node.children.append(new)
            node = new
        elif token == FDT_END_NODE:
            if node is None:
                raise FdtError("unbalanced END_NODE")
            node = node.parent
        elif token == FDT_PROP:
            length, name_off = struct.unpack_from(">II", data, pos)
            pos += 8
            name = strings[name_off:strings.index(b"\0", name_off)].decode()
            if node is None:
                raise FdtError("property outside of a node")
            node.props[name] = data[pos:pos + length]
            pos = (pos + length + 3) & ~3
        elif token == FDT_NOP:
            continue
        elif token == FDT_END:
            break
        else:
            raise FdtError(f"unknown token {token} at offset {pos - 4:#x}")
    if root is None:
        raise FdtError("no root node")
    return root


def read_dir(path, name="", parent=None):
    """Read a /proc/device-tree style directory (one file per property)."""
    node = Node(name, parent)
    for entry in sorted(os.listdir(path)):
        full = os.path.join(path, entry)
        if os.path.isdir(full) and not os.path.islink(full):
            node.children.append(read_dir(full, entry, node))
        elif os.path.isfile(full):
            with open(full, "rb") as f:
                node.props[entry] = f.read()
    return node
