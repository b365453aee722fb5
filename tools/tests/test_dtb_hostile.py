# SPDX-License-Identifier: GPL-2.0
"""jailhouse cell linux -d: hostile DTBs the fuzzer (tools/fuzz/fuzz_dtb.c)
found or whose shape it checks, each refused with a clear message, and
/chosen patched where Linux reads it.

The trees are built token by token here (dtc cannot write most of them).
"""
import struct

import pytest

from test_cell_cli import cli  # noqa: F401 (fixture)
from test_cell_linux import (fake_dt, files, linux_cell,  # noqa: F401
                             run)

BEGIN, END_NODE, PROP, END = 1, 2, 3, 9


def dtb(tokens):
    """A DTB from (BEGIN, name) / (PROP, name, bytes) / (END_NODE,) /
    (END,) tokens; FDT_END is appended unless @tokens ends with it."""
    strings, dt = b"", b""
    if not tokens or tokens[-1] != (END,):
        tokens = list(tokens) + [(END,)]
    for tok in tokens:
        dt += struct.pack(">I", tok[0])
        if tok[0] == BEGIN:
            name = tok[1].encode() + b"\0"
            dt += name + bytes(-len(name) % 4)
        elif tok[0] == PROP:
            name = tok[1].encode() + b"\0"
            off = strings.find(name)
            if off < 0:
                off, strings = len(strings), strings + name
            dt += struct.pack(">II", len(tok[2]), off) + tok[2]
            dt += bytes(-len(tok[2]) % 4)
    off_dt = 40 + 16
    total = off_dt + len(dt) + len(strings)
    hdr = struct.pack(">10I", 0xd00dfeed, total, off_dt, off_dt + len(dt),
                      40, 17, 16, 0, len(strings), len(dt))
    return hdr + bytes(16) + dt + strings


def parse(blob):
    """[(depth, kind, name, value)] of a DTB, kind 'node' or 'prop'."""
    off_dt, off_str, dt_size = struct.unpack_from(">III", blob, 8)[0], \
        struct.unpack_from(">I", blob, 12)[0], \
        struct.unpack_from(">I", blob, 36)[0]
    out, o, depth = [], off_dt, 0
    while o < off_dt + dt_size:
        tag = struct.unpack_from(">I", blob, o)[0]
        o += 4
        if tag == BEGIN:
            end = blob.index(b"\0", o)
            out.append((depth, "node", blob[o:end].decode(), None))
            depth += 1
            o = (end + 4) & ~3
        elif tag == END_NODE:
            depth -= 1
        elif tag == PROP:
            length, nameoff = struct.unpack_from(">II", blob, o)
            s = off_str + nameoff
            name = blob[s:blob.index(b"\0", s)].decode()
            out.append((depth, "prop", name, blob[o + 8:o + 8 + length]))
            o += 8 + ((length + 3) & ~3)
        elif tag == END:
            break
    return out


def patch(cli, fake_dt, linux_cell, files, tmp_path, tokens):
    src = tmp_path / "in.dtb"
    src.write_bytes(dtb(tokens))
    out = tmp_path / "out.dtb"
    res = run(cli, fake_dt, linux_cell, files[0], "-c", "new", "-d", src,
              "-w", out, "-n")
    return res, out


ROOT_PROPS = [(PROP, "#address-cells", struct.pack(">I", 2)),
              (PROP, "#size-cells", struct.pack(">I", 2))]


def test_structure_of_only_fdt_end_refused(cli, fake_dt, linux_cell, files,
                                           tmp_path):
    """The fuzzer's first finding: no root node at all gave an empty
    output tree (and a memcpy from NULL in fdt_finish)."""
    res, out = patch(cli, fake_dt, linux_cell, files, tmp_path, [(END,)])
    assert res.returncode == 1, res.stdout
    assert "-d DTB: there is no root node" in res.stderr
    assert not out.exists()


@pytest.mark.parametrize("tokens,message", [
    ([(BEGIN, ""), (END_NODE,), (BEGIN, ""), (END_NODE,)],
     "a token after the end of the root node"),
    ([(PROP, "model", b"x\0"), (BEGIN, ""), (END_NODE,)],
     "a property outside the root node"),
    ([(END_NODE,)], "a node ends before the root node begins"),
    ([(BEGIN, "top"), (END_NODE,)], "the first node is not the root node"),
    ([(BEGIN, ""), (BEGIN, ""), (END_NODE,), (END_NODE,)],
     "a node name is empty or has a '/'"),
    ([(BEGIN, ""), (BEGIN, "a/b"), (END_NODE,), (END_NODE,)],
     "a node name is empty or has a '/'"),
    ([(BEGIN, ""), (BEGIN, "x"), (END_NODE,), (PROP, "model", b"m\0"),
      (END_NODE,)], "property 'model' after a subnode of its node"),
    ([(BEGIN, ""), (BEGIN, "x")], "the structure block ends inside a node"),
    ([(BEGIN, "")] + [(BEGIN, "n")] * 40 + [(END_NODE,)] * 41,
     "nodes nested deeper than 32"),
])
def test_bad_shape_refused(cli, fake_dt, linux_cell, files, tmp_path,
                           tokens, message):
    res, out = patch(cli, fake_dt, linux_cell, files, tmp_path, tokens)
    assert res.returncode == 1, res.stdout
    assert "jailhouse cell linux: -d DTB: " + message in res.stderr
    assert "hint:" in res.stderr
    assert not out.exists()


def test_chosen_props_before_its_subnodes(cli, fake_dt, linux_cell, files,
                                          tmp_path):
    """/chosen with a subnode: the cell's bootargs must come before it
    (libfdt, hence Linux, ignores properties after a subnode)."""
    res, out = patch(cli, fake_dt, linux_cell, files, tmp_path, [
        (BEGIN, ""), *ROOT_PROPS, (BEGIN, "chosen"),
        (PROP, "bootargs", b"old\0"), (BEGIN, "framebuffer@0"),
        (PROP, "bootargs", b"of the child\0"), (END_NODE,), (END_NODE,),
        (END_NODE,)])
    assert res.returncode == 0, res.stderr
    toks = parse(out.read_bytes())
    chosen = [i for i, t in enumerate(toks) if t[:3] == (1, "node", "chosen")]
    assert len(chosen) == 1
    body = toks[chosen[0] + 1:]
    sub = body.index((2, "node", "framebuffer@0", None))
    args = [t for t in body[:sub] if t[2] == "bootargs"]
    assert len(args) == 1 and args[0][3].endswith(b" new\0")
    # The child's property of the same name is the child's, kept.
    assert body[sub + 1] == (3, "prop", "bootargs", b"of the child\0")
