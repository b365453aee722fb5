# SPDX-License-Identifier: GPL-2.0
"""Structure-aware mutations of device tree blobs and binary configs for
test_fuzz_jhconfig.py (seeded: the same seed gives the same inputs).

Seeds are taken apart and put back together here, not with jhconfig.fdt
or jhconfig.binfmt, so that a bug in the code under test cannot hide
itself from its own fuzzer.
"""
import struct
import zlib

FDT_MAGIC = 0xd00dfeed
BEGIN, END_NODE, PROP, NOP, END = 1, 2, 3, 4, 9
RAW = "raw"             # (RAW, bytes): copied into the structure block
PROPX = "propx"         # (PROPX, name, value, length, nameoff): lies
HEADER_FIELDS = ("magic", "totalsize", "off_dt_struct", "off_dt_strings",
                 "off_mem_rsvmap", "version", "last_comp_version",
                 "boot_cpuid_phys", "size_dt_strings", "size_dt_struct")
WORDS = (0, 1, 2, 3, 4, 8, 9, 16, 17, 0x7f, 0x80, 0xff, 0x7fffffff,
         0x80000000, 0xfffffffc, 0xffffffff)


# ---- device tree blobs ------------------------------------------------

def take_apart(blob):
    """The token list of a well-formed blob: (BEGIN, name), (END_NODE,),
    (PROP, name, value), (NOP,), (END,); names are bytes."""
    hdr = struct.unpack_from(">10I", blob)
    pos, end = hdr[2], hdr[2] + hdr[9]
    strings = blob[hdr[3]:hdr[3] + hdr[8]]
    toks = []
    while pos < end:
        tok, = struct.unpack_from(">I", blob, pos)
        pos += 4
        if tok == BEGIN:
            nul = blob.index(b"\0", pos)
            toks.append((BEGIN, blob[pos:nul]))
            pos = (nul + 4) & ~3
        elif tok == PROP:
            length, nameoff = struct.unpack_from(">II", blob, pos)
            pos += 8
            name = strings[nameoff:strings.index(b"\0", nameoff)]
            toks.append((PROP, name, blob[pos:pos + length]))
            pos = (pos + length + 3) & ~3
        else:
            toks.append((tok,))
            if tok == END:
                break
    return toks


def _pad(data):
    return data + bytes(-len(data) % 4)


class _Strings:
    """The strings block being written: each name once, in first use
    order."""

    def __init__(self):
        self.offsets, self.data = {}, bytearray()

    def offset(self, name):
        if name not in self.offsets:
            self.offsets[name] = len(self.data)
            self.data += name + b"\0"
        return self.offsets[name]


def put_together(toks, version=17):
    """A blob with a correct header around @toks (which may be hostile)."""
    strings, dt = _Strings(), []
    for tok in toks:
        if tok[0] == RAW:
            dt.append(tok[1])
        elif tok[0] == PROPX:
            _, name, value, length, nameoff = tok
            off = strings.offset(name)
            dt.append(struct.pack(">III", PROP, len(value) if length is None
                                  else length, off if nameoff is None
                                  else nameoff) + _pad(value))
        elif tok[0] == BEGIN:
            dt.append(struct.pack(">I", BEGIN) + _pad(tok[1] + b"\0"))
        elif tok[0] == PROP:
            dt.append(struct.pack(">III", PROP, len(tok[2]),
                                  strings.offset(tok[1])) + _pad(tok[2]))
        else:
            dt.append(struct.pack(">I", tok[0]))
    dt, strings = b"".join(dt), bytes(strings.data)
    rsvmap = bytes(16)
    off_dt = 40 + len(rsvmap)
    off_str = off_dt + len(dt)
    hdr = struct.pack(">10I", FDT_MAGIC, off_str + len(strings), off_dt,
                      off_str, 40, version, 16, 0, len(strings), len(dt))
    return hdr + rsvmap + dt + strings


def cells(*values):
    return b"".join(struct.pack(">I", v & 0xffffffff) for v in values)


def _word(rng, orig=None):
    choices = list(WORDS)
    if orig is not None:
        choices += [orig - 4, orig - 1, orig + 1, orig + 4, orig * 2]
    return rng.choice(choices + [rng.getrandbits(32)]) & 0xffffffff


# Raw mutations of the bytes of a (well-formed) blob.

def m_flip_bits(rng, blob, toks, others):
    data = bytearray(blob)
    for _ in range(rng.randint(1, 8)):
        bit = rng.randrange(len(data) * 8)
        data[bit // 8] ^= 1 << bit % 8
    return bytes(data)


def m_set_words(rng, blob, toks, others):
    data = bytearray(blob)
    for _ in range(rng.randint(1, 3)):
        pos = rng.randrange(0, len(data) - 3) & ~3
        data[pos:pos + 4] = struct.pack(">I", _word(rng))
    return bytes(data)


def m_truncate(rng, blob, toks, others):
    cut = rng.choice([0, 1, 39, 40, 41, rng.randrange(len(blob)),
                      len(blob) - 1, len(blob) - 4])
    return blob[:max(cut, 0)]


def m_header_field(rng, blob, toks, others):
    data = bytearray(blob)
    for _ in range(rng.choice([1, 1, 1, 2])):
        field = rng.randrange(len(HEADER_FIELDS))
        orig, = struct.unpack_from(">I", data, 4 * field)
        struct.pack_into(">I", data, 4 * field, _word(rng, orig))
    return bytes(data)


# Token stream mutations: the header stays consistent, the stream lies.

def _at(rng, toks):
    return rng.randrange(1, len(toks))


def m_bad_token(rng, blob, toks, others):
    toks = list(toks)
    toks.insert(_at(rng, toks), (RAW, cells(rng.choice(
        [0, 5, 6, 7, 8, 10, 0x100, 0xffffffff, rng.getrandbits(32)]))))
    return put_together(toks)


def m_unterminated_name(rng, blob, toks, others):
    """A node name that runs to the end of the structure block."""
    toks = list(toks[:_at(rng, toks)])
    name = rng.choice([b"node", b"x" * 3, b"abcd", b"y" * 41])
    return put_together(toks + [(RAW, cells(BEGIN) + name)])


def m_prop_past_end(rng, blob, toks, others):
    toks = list(toks)
    at = _at(rng, toks)
    length = rng.choice([8, 64, 0x1000, 0x7fffffff, 0xffffffff,
                         len(blob), len(blob) + 1])
    toks.insert(at, (PROPX, b"reg", cells(1, 2), length, None))
    if rng.random() < 0.5:
        del toks[at + 1:]    # the lie reaches the end of the block
    return put_together(toks)


def m_nameoff(rng, blob, toks, others):
    """Property name offsets beyond, at the end of or inside the strings."""
    toks = list(toks)
    nameoff = rng.choice([0xffffffff, 0x7fffffff, 1, 2, 3, 1000,
                          rng.getrandbits(16)])
    toks.insert(_at(rng, toks), (PROPX, b"reg", cells(0), None, nameoff))
    return put_together(toks)


def m_strings_unterminated(rng, blob, toks, others):
    """A strings block whose last name has no NUL."""
    data = put_together(toks)
    hdr = list(struct.unpack_from(">10I", data))
    hdr[8] -= 1
    hdr[1] -= rng.choice([0, 1])
    return struct.pack(">10I", *hdr) + data[40:hdr[1]]


def _nest(toks, depth, name, props):
    """@toks' root with @depth nested children (each with @props) around
    its other nodes."""
    inner = toks[1:]
    while inner and inner[-1][0] in (END, END_NODE):
        inner = inner[:-1]
    return [toks[0]] + [(BEGIN, name), *props] * depth + inner + \
        [(END_NODE,)] * (depth + 1) + [(END,)]


def m_deep(rng, blob, toks, others):
    """Deep nesting; with ranges, create's walk follows it to the bottom."""
    depth = rng.choice([100, 500, 998, 999, 1000, 1001, 3000, 20000])
    props = rng.choice([[], [(PROP, b"ranges", b"")],
                        [(PROP, b"ranges", b""),
                         (PROP, b"#address-cells", cells(2)),
                         (PROP, b"#size-cells", cells(2))]])
    return put_together(_nest(toks, depth, rng.choice([b"n", b"memory",
                                                       b"soc@0"]), props))


def m_wide(rng, blob, toks, others):
    count = rng.choice([1000, 5000, 20000])
    what = rng.choice(["nodes", "props", "cells"])
    toks = list(toks)
    if what == "nodes":
        extra = [t for i in range(count)
                 for t in ((BEGIN, b"n@%x" % i), (PROP, b"reg", cells(0, i)),
                           (END_NODE,))]
    elif what == "props":
        extra = [(PROP, b"p%d" % i, cells(i)) for i in range(count)]
    else:
        extra = [(PROP, rng.choice([b"reg", b"interrupts", b"ranges"]),
                  cells(*range(count)))]
    toks[1:1] = extra
    return put_together(toks)


HOSTILE = {
    b"#address-cells": [cells(0), cells(1), cells(3), cells(4), cells(5),
                        cells(0x400), cells(0xffffffff), b"", b"\0\0\0",
                        cells(1, 1)],
    b"#size-cells": [cells(0), cells(3), cells(0x10000), cells(0xffffffff),
                     b"", b"\1"],
    b"reg": [b"", cells(1), cells(1, 2, 3), cells(*[0xffffffff] * 8),
             cells(0, 0, 0, 0), cells(*range(1, 10)), b"\1\2\3"],
    b"ranges": [b"", cells(1), cells(0, 0, 0, 0xffffffff), cells(*[1] * 7),
                cells(*[0xffffffff] * 14), b"\0\0"],
    b"interrupts": [b"", cells(1), cells(0, 5), cells(0, 0xffffffff, 4),
                    cells(1, 0xffffffff, 4), cells(0x7fffffff, 2, 0),
                    b"\0\0\0\1\0"],
    b"compatible": [b"arm,gic-v3\0", b"arm,gic-400\0", b"arm,pl011\0",
                    b"virtio,mmio\0", b"arm,gic-v3-its\0", b"arm,pl011",
                    b"\xff\xfe\0", b"", b"\0\0\0"],
    b"interrupt-controller": [b"", b"x"],
    b"no-map": [b""],
    b"device_type": [b"memory\0", b"pci\0", b"cpu\0", b"memory",
                     b"\xc3\0", b""],
    b"status": [b"disabled\0", b"okay\0", b"ok", b"\xff", b""],
    b"stdout-path": [b"/nonexistent\0", b"serial0:115200\0", b"\0", b"/\0",
                     b"//\0", b"pl011@9000000\0", b"serial9\0", b":\0",
                     b"\xff\xfe\0", b"/soc/pl011@9000000"],
    b"serial0": [b"/\0", b"serial0\0", b"\xff\0", b"", b"/soc\0"],
    b"model": [b"a\"b'c\0", b"line\nbreak\0", b"\xff\xfe\0", b"x" * 5000,
               b"\0", b"yes\0", b": x\0", b"# c\0", b"- a\0", b"\t\0",
               b"a\\b\0", b"\x00\x01", b"{[\0", b"\xe2\x80\xa8\0"],
}
NODE_NAMES = [b"", b"/", b"a/b", b"@", b"x@", b"\xff\xfe", b"chosen",
              b"aliases", b"cpus", b"reserved-memory", b"memory@0", b"soc",
              b"n" * 300, b"intc@8000000", b"pl011@9000000", b"pcie"]


def _busy_nodes(toks):
    """Token indexes of the nodes create looks at most closely."""
    keys = (b"compatible", b"device_type", b"interrupt-controller",
            b"stdout-path", b"serial0", b"no-map", b"ranges")
    out, node = [], None
    for i, tok in enumerate(toks):
        if tok[0] == BEGIN:
            node = i
        elif tok[0] == PROP and tok[1] in keys and node is not None:
            out.append(node)
    return out or [0]


def m_hostile_prop(rng, blob, toks, others):
    toks = list(toks)
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(sorted(HOSTILE))
        value = rng.choice(HOSTILE[name])
        props = [i for i, t in enumerate(toks) if t[0] == PROP and
                 t[1] == name]
        if props and rng.random() < 0.6:
            toks[rng.choice(props)] = (PROP, name, value)
        else:
            nodes = [i for i, t in enumerate(toks) if t[0] == BEGIN]
            node = rng.choice(rng.choice([nodes, _busy_nodes(toks)]))
            toks.insert(node + 1, (PROP, name, value))
    return put_together(toks)


def m_node_name(rng, blob, toks, others):
    toks = list(toks)
    nodes = [i for i, t in enumerate(toks) if t[0] == BEGIN]
    toks[rng.choice(nodes)] = (BEGIN, rng.choice(NODE_NAMES))
    return put_together(toks)


def m_structure(rng, blob, toks, others):
    """Dropped, repeated and moved tokens: unbalanced nodes, two roots,
    no FDT_END, properties after subnodes or outside every node."""
    toks = list(toks)
    for _ in range(rng.randint(1, 3)):
        if not toks:
            break
        edit = rng.randrange(6)
        i = rng.randrange(len(toks))
        j = rng.randrange(len(toks))
        if edit == 0:
            del toks[i]
        elif edit == 1:
            toks.insert(i, toks[j])
        elif edit == 2:
            toks[i], toks[j] = toks[j], toks[i]
        elif edit == 3:
            toks.insert(i, (rng.choice([END_NODE, NOP, END]),))
        elif edit == 4:
            toks = toks[:i]
        else:
            lo, hi = sorted((i, j))
            toks[hi:hi] = toks[lo:hi]
    return put_together(toks, rng.choice([16, 17, 17, 17]))


def m_splice(rng, blob, toks, others):
    other = rng.choice(others)
    i, j = _at(rng, toks), _at(rng, other)
    return put_together(list(toks[:i]) + list(other[j:]))


DTB_MUTATORS = [m_flip_bits, m_set_words, m_truncate, m_header_field,
                m_bad_token, m_unterminated_name, m_prop_past_end, m_nameoff,
                m_strings_unterminated, m_deep, m_wide, m_hostile_prop,
                m_node_name, m_structure, m_splice]


# ---- binary configs (include/jailhouse/config.h, revision 4) ---------

CHECKSUM_OFFSET = 20
HEADER_SIZE = 24


def seal(data):
    """@data with its checksum field fixed, so a mutation reaches the
    decoder behind the CRC check."""
    buf = bytearray(data)
    if len(buf) < HEADER_SIZE:
        return bytes(buf)
    buf[CHECKSUM_OFFSET:CHECKSUM_OFFSET + 4] = bytes(4)
    crc = zlib.crc32(bytes(buf)) & 0xffffffff
    struct.pack_into("<I", buf, CHECKSUM_OFFSET, crc)
    return bytes(buf)


def _fix_total(data):
    buf = bytearray(data)
    if len(buf) >= 20:
        struct.pack_into("<I", buf, 16, len(buf))
    return bytes(buf)


def c_flip_bits(rng, data):
    return seal(m_flip_bits(rng, data, None, None))


def c_set_word(rng, data):
    """One 32- or 64-bit field (counts, flags, addresses) set to an edge
    value; fields are naturally aligned in the format."""
    buf = bytearray(data)
    width = rng.choice([4, 8])
    pos = rng.randrange(0, len(buf) - width + 1) & ~(width - 1)
    value = rng.choice([0, 1, 2, 0x3f, 0x40, 0x41, 0xff, 0x100, 0x101,
                        0xfff, 0x1000, 0x7fffffff, 0x80000000, 0xffffffff,
                        (1 << 64) - 1, (1 << 63), (1 << 48),
                        rng.getrandbits(width * 8)]) % (1 << width * 8)
    buf[pos:pos + width] = value.to_bytes(width, "little")
    return seal(bytes(buf))


def c_truncate(rng, data):
    cut = rng.randrange(len(data))
    return rng.choice([data[:cut], seal(_fix_total(data[:cut]))])


def c_extend(rng, data):
    tail = bytes(rng.getrandbits(8) for _ in range(rng.choice([1, 8, 32,
                                                               40, 48])))
    return seal(_fix_total(data + tail))


def c_unsealed(rng, data):
    return m_flip_bits(rng, data, None, None)


CELL_MUTATORS = [c_flip_bits, c_set_word, c_set_word, c_truncate, c_extend,
                 c_unsealed]


# ---- YAML configs: odd values, keys and text -------------------------

ODD_VALUES = [None, True, False, 0, -1, 1 << 64, 1 << 200, -(1 << 63), 1.5,
              float("inf"), float("nan"), "", "\0", "x" * 5000, [], {},
              [1], {"a": 1}, "0x", "1K", "0-", "-", "0-0-0", "4G", "0x_",
              "\u00e9", "1e3", [None], {"name": None}, "read", ["bogus"],
              3.0, "0x1_0000_0000_0000_0000", "-0x1000", "1T", "0.5M"]
ODD_KEYS = [1, None, True, "", "x" * 40, 1.5, "name ", "Name", "<<"]
YAML_CHARS = ":-[]{}&*!|>'\"#\t\n\0,?%@`\\\u00ff "


def _paths(node, path=()):
    if path:
        yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, path + (i,))


def _parent(tree, path):
    for part in path[:-1]:
        tree = tree[part]
    return tree


def y_odd_value(rng, text, tree):
    import yaml
    for _ in range(rng.randint(1, 2)):
        path = rng.choice(list(_paths(tree)))
        _parent(tree, path)[path[-1]] = rng.choice(ODD_VALUES)
    return yaml.safe_dump(tree)


def y_odd_key(rng, text, tree):
    import yaml
    paths = [p for p in _paths(tree) if isinstance(p[-1], str)]
    path = rng.choice(paths)
    parent = _parent(tree, path)
    parent[rng.choice(ODD_KEYS)] = parent.pop(path[-1])
    return yaml.dump(tree)      # odd keys need the full dumper


def y_text_edit(rng, text, tree):
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        pos = rng.randrange(len(chars))
        edit = rng.randrange(3)
        if edit == 0:
            del chars[pos]
        elif edit == 1:
            chars.insert(pos, rng.choice(YAML_CHARS))
        else:
            chars[pos] = rng.choice(YAML_CHARS)
    return "".join(chars)


def y_deep(rng, text, tree):
    depth = rng.choice([10, 30, 31, 33, 200, 500, 5000, 20000])
    lines = text.splitlines()
    at = next(i for i, l in enumerate(lines) if l.strip().startswith("name:"))
    indent = lines[at][:len(lines[at]) - len(lines[at].lstrip())]
    lines[at] = indent + "name: " + "[" * depth + "x" + "]" * depth
    return "\n".join(lines) + "\n"


def y_alias_bomb(rng, text, tree):
    """Anchors of lists of aliases of the previous anchor, used where a
    list of regions or IRQs is expected."""
    levels, width = rng.choice([(2, 10), (4, 10), (6, 10), (8, 10),
                                (30, 2)])
    lines = text.splitlines()
    at = next(i for i, l in enumerate(lines) if l.strip().startswith("name:"))
    indent = lines[at][:len(lines[at]) - len(lines[at].lstrip())]
    key = rng.choice(["memory", "irqs", "cpus", "links", "extra"])
    bomb = [indent + f"{key}:", indent + "  - &b0 {first: 40, count: 1}"]
    bomb += [indent + f"  - &b{i} [" + ", ".join([f"*b{i - 1}"] * width) +
             "]" for i in range(1, levels)]
    lines = [l for l in lines if not l.startswith(indent + key + ":")]
    return "\n".join(lines[:at + 1] + bomb + lines[at + 1:]) + "\n"


YAML_MUTATORS = [y_odd_value, y_odd_key, y_text_edit, y_deep, y_alias_bomb]
