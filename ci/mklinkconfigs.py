#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Make the inter-cell link test configs from the compiled ones, following
the binary layout of include/jailhouse/config.h (revision 4) and the link
plan of Documentation/links.md:

  mklinkconfigs.py BUILD_CONFIGS OUTDIR
      OUTDIR/system.cell  qemu-arm64.cell with root's inmates region split
                          around 0x7380_0000-0x7400_0000, links net0 and
                          pp0, root peer 0 of both (irqs 140, 142)
      OUTDIR/link-a.cell  qemu-arm64-cell-a.cell renamed link-a, plus pp0
                          peer 1, irq 143
      OUTDIR/link-b.cell  qemu-arm64-cell-b.cell renamed link-b, plus pp0
                          peer 2, irq 144

Stop-gap until the config tool writes links from YAML (configs/
qemu-arm64-link-{a,b}.yaml): the files are the same, byte for byte
layout-wise, as that tool's output for those YAML files.
"""
import os
import struct
import sys
import zlib

HDR = struct.Struct("<8sHHHHII")
SYSTEM = struct.Struct("<QQQQ" "IIQQ" "IIQQQQQQQ" "II")
DESC = struct.Struct("<32s4QIIIIQQQII")
REGION = struct.Struct("<QQQQ")
IRQ = struct.Struct("<II")
MEMBER = struct.Struct("<16sQQII")
LINK = struct.Struct("<16sQQQII")
assert (HDR.size, SYSTEM.size, DESC.size) == (24, 128, 112)
assert (MEMBER.size, LINK.size) == (40, 48)

READ, WRITE = 0x1, 0x2
LINKS = [("net0", 0x7380_0000, 0x10000, 0x100000, 2),
         ("pp0", 0x73c0_0000, 0x1000, 0x1000, 3)]
ROOT_MEMBERS = [("net0", 0x7380_0000, 0x0b00_0000, 0, 140),
                ("pp0", 0x73c0_0000, 0x0b00_1000, 0, 142)]
HOLE = (0x7380_0000, 0x7400_0000)


def parse_cell(data, off):
    desc = list(DESC.unpack_from(data, off))
    off += DESC.size
    nreg, nirq, nlinks = desc[6], desc[7], desc[13]
    regions = [list(REGION.unpack_from(data, off + n * REGION.size))
               for n in range(nreg)]
    off += nreg * REGION.size
    irqs = [IRQ.unpack_from(data, off + n * IRQ.size) for n in range(nirq)]
    off += nirq * IRQ.size
    members = [MEMBER.unpack_from(data, off + n * MEMBER.size)
               for n in range(nlinks)]
    off += nlinks * MEMBER.size
    return desc, regions, irqs, members, off


def encode_cell(desc, regions, irqs, members):
    desc = list(desc)
    desc[6], desc[7], desc[13] = len(regions), len(irqs), len(members)
    out = DESC.pack(*desc)
    out += b"".join(REGION.pack(*r) for r in regions)
    out += b"".join(IRQ.pack(*i) for i in irqs)
    out += b"".join(MEMBER.pack(*m) for m in members)
    return out


def finish(kind, body):
    total = HDR.size + len(body)
    image = bytearray(HDR.pack(b"JHCONFIG", 4, 1, kind, 0, total, 0) + body)
    struct.pack_into("<I", image, 20, zlib.crc32(bytes(image)) & 0xffffffff)
    return bytes(image)


def check_header(data, kind, path):
    magic, rev, _, k, _, total, _ = HDR.unpack_from(data)
    if magic != b"JHCONFIG" or rev != 4 or k != kind or total != len(data):
        sys.exit(f"mklinkconfigs: {path}: not a revision 4 config of kind {kind}")


def split_hole(regions):
    out = []
    for phys, virt, size, flags in regions:
        end = phys + size
        if phys < HOLE[1] and HOLE[0] < end:
            if phys < HOLE[0]:
                out.append([phys, virt, HOLE[0] - phys, flags])
            if end > HOLE[1]:
                out.append([HOLE[1], virt + HOLE[1] - phys, end - HOLE[1],
                            flags])
        else:
            out.append([phys, virt, size, flags])
    return out


def system(path):
    data = open(path, "rb").read()
    check_header(data, 1, path)
    sysfields = list(SYSTEM.unpack_from(data, HDR.size))
    desc, regions, irqs, members, _ = parse_cell(data, HDR.size + SYSTEM.size)
    if members or sysfields[-2]:
        sys.exit(f"mklinkconfigs: {path} already has links")
    sysfields[-2] = len(LINKS)
    members = [(n.encode(), shm, reg, peer, irq)
               for n, shm, reg, peer, irq in ROOT_MEMBERS]
    body = SYSTEM.pack(*sysfields)
    body += encode_cell(desc, split_hole(regions), irqs, members)
    body += b"".join(LINK.pack(n.encode(), phys, rw, out, peers, 0)
                     for n, phys, rw, out, peers in LINKS)
    return finish(1, body)


def cell(path, name, peer, irq):
    data = open(path, "rb").read()
    check_header(data, 2, path)
    desc, regions, irqs, _, _ = parse_cell(data, HDR.size)
    desc[0] = name.encode()
    irqs = list(irqs) + [(irq, 1)]
    member = (b"pp0", 0x8020_0000, 0x8010_0000, peer, irq)
    return finish(2, encode_cell(desc, regions, irqs, [member]))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, outdir = sys.argv[1:]
    os.makedirs(outdir, exist_ok=True)
    files = {
        "system.cell": system(os.path.join(src, "qemu-arm64.cell")),
        "link-a.cell": cell(os.path.join(src, "qemu-arm64-cell-a.cell"),
                            "link-a", 1, 143),
        "link-b.cell": cell(os.path.join(src, "qemu-arm64-cell-b.cell"),
                            "link-b", 2, 144),
    }
    for name, blob in files.items():
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(blob)


if __name__ == "__main__":
    main()
