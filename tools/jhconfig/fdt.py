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


# Real trees nest a few levels; create walks the tree recursively, so a
# damaged or hostile blob nested thousands deep is refused instead.
MAX_DEPTH = 64
HEADER = struct.Struct(">10I")


def parse_dtb(data):
    """Parse a flattened device tree blob into a Node tree; FdtError when
    it is not one or is damaged (never another exception)."""
    try:
        return _Reader(data).tree()
    except FdtError:
        raise
    except (struct.error, ValueError, IndexError, UnicodeDecodeError,
            RecursionError) as err:
        # A check missing in _Reader: still no traceback. The fuzzer
        # (tools/tests/test_fuzz_jhconfig.py) reports this text.
        raise FdtError(f"corrupt device tree blob (unexpected "
                       f"{type(err).__name__}: {err})") from None


def _check_header(data):
    """The header's (structure block start, end, strings block)."""
    if len(data) < HEADER.size:
        raise FdtError(f"too short for a device tree blob ({len(data)} "
                       f"bytes, the header alone is {HEADER.size})")
    (magic, total, off_struct, off_strings, _rsv, version, last_comp,
     _boot, size_strings, size_struct) = HEADER.unpack_from(data)
    if magic != FDT_MAGIC:
        raise FdtError(f"bad magic {magic:#x}, not a device tree blob")
    if version < 16:
        raise FdtError(f"device tree blob version {version}, this tool "
                       "reads 16 and 17")
    if last_comp > 17:
        raise FdtError(f"device tree blob version {version} needs a reader "
                       f"of version {last_comp} or later (this tool reads "
                       "16 and 17)")
    if total > len(data):
        raise FdtError(f"totalsize {total} but the file has {len(data)} "
                       "bytes (truncated blob)")
    if version < 17:        # no size_dt_struct before version 17
        size_struct = max(total - off_struct, 0)
    _check_block("structure", off_struct, size_struct, total)
    _check_block("strings", off_strings, size_strings, total)
    if off_struct % 4:
        raise FdtError(f"structure block offset {off_struct:#x} is not "
                       "4-byte aligned")
    return off_struct, off_struct + size_struct, \
        data[off_strings:off_strings + size_strings]


def _check_block(what, offset, size, total):
    if offset + size > total:
        raise FdtError(f"corrupt device tree blob (the {what} block at "
                       f"{offset:#x}, {size} bytes, ends beyond its "
                       f"{total} bytes)")


class _Reader:
    """Walks the structure block token by token; every offset and length
    is checked against the block before it is used."""

    def __init__(self, data):
        self.data = data
        self.pos, self.end, self.strings = _check_header(data)
        self.root, self.node, self.depth = None, None, 0

    def tree(self):
        while self.pos < self.end:
            at = self.pos
            token = self.u32("token")
            if token == FDT_BEGIN_NODE:
                self.begin_node(at)
            elif token == FDT_END_NODE:
                self.end_node(at)
            elif token == FDT_PROP:
                self.prop(at)
            elif token == FDT_END:
                return self.finish(True)
            elif token != FDT_NOP:
                raise FdtError(f"unknown token {token} at offset {at:#x}")
        return self.finish(False)

    def u32(self, what):
        if self.pos + 4 > self.end:
            raise FdtError(f"{what} at offset {self.pos:#x} runs past the "
                           "end of the structure block")
        value, = struct.unpack_from(">I", self.data, self.pos)
        self.pos += 4
        return value

    def begin_node(self, at):
        if self.node is None and self.root is not None:
            raise FdtError(f"a second root node at offset {at:#x}")
        if self.depth >= MAX_DEPTH:
            raise FdtError(f"nodes nested deeper than {MAX_DEPTH} (at "
                           f"offset {at:#x})")
        nul = self.data.find(b"\0", self.pos, self.end)
        if nul < 0:
            raise FdtError(f"node name at offset {self.pos:#x} runs past "
                           "the end of the structure block")
        name = self.data[self.pos:nul].decode("utf-8", "replace")
        self.pos = (nul + 4) & ~3
        new = Node(name, self.node)
        if self.node is None:
            self.root = new
        else:
            self.node.children.append(new)
        self.node, self.depth = new, self.depth + 1

    def end_node(self, at):
        if self.node is None:
            raise FdtError(f"unbalanced END_NODE at offset {at:#x}")
        self.node, self.depth = self.node.parent, self.depth - 1

    def prop(self, at):
        length = self.u32("property length")
        name = self.prop_name(self.u32("property name offset"))
        if self.node is None:
            raise FdtError(f"property {name} outside of a node (offset "
                           f"{at:#x})")
        if length > self.end - self.pos:
            raise FdtError(f"property {name} at offset {at:#x}: {length} "
                           "bytes run past the end of the structure block")
        self.node.props[name] = self.data[self.pos:self.pos + length]
        self.pos = (self.pos + length + 3) & ~3

    def prop_name(self, offset):
        if offset >= len(self.strings):
            raise FdtError(f"property name offset {offset:#x} is outside "
                           f"the strings block ({len(self.strings)} bytes)")
        nul = self.strings.find(b"\0", offset)
        if nul < 0:
            raise FdtError(f"property name at string offset {offset:#x} "
                           "has no NUL in the strings block")
        try:
            return self.strings[offset:nul].decode("utf-8")
        except UnicodeDecodeError:
            raise FdtError(f"property name at string offset {offset:#x} "
                           "is not UTF-8") from None

    def finish(self, seen_end):
        if self.node is not None:
            raise FdtError("the structure block ends inside node "
                           f"{self.node.path}")
        if not seen_end:
            raise FdtError("no FDT_END token at the end of the structure "
                           "block")
        if self.root is None:
            raise FdtError("no root node")
        return self.root


def read_dir(path, name="", parent=None, depth=0):
    """Read a /proc/device-tree style directory (one file per property);
    --root may name any copy, so its nesting is limited as a blob's is."""
    if depth > MAX_DEPTH:
        raise FdtError(f"{path}: directories nested deeper than "
                       f"{MAX_DEPTH}")
    node = Node(name, parent)
    for entry in sorted(os.listdir(path)):
        full = os.path.join(path, entry)
        if os.path.isdir(full) and not os.path.islink(full):
            node.children.append(read_dir(full, entry, node, depth + 1))
        elif os.path.isfile(full):
            with open(full, "rb") as f:
                node.props[entry] = f.read()
    return node
