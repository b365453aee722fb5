#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Make broken inputs for the refusal tests, following the binary layout of
include/jailhouse/config.h and include/jailhouse/header.h.

  mkbadconfigs.py configs SYSTEM.cell OUTDIR
      writes OUTDIR/{truncated,magic,revision,arch,checksum,overlap}.cell,
      each broken in exactly one way (all others keep a valid checksum)
  mkbadconfigs.py corrupt-image jailhouse.bin OUT.bin
      copies the hypervisor image with one byte after the header flipped
  mkbadconfigs.py cells CELL.cell OUTDIR
      writes OUTDIR/cell-<case>.cell: valid files (good checksum) that the
      driver or hypervisor must refuse: cpu0, linux-ram, hv-memory,
      irq-foreign, unaligned, absurd-size, other-cell (takes cell-b's RAM),
      gic (maps the interrupt controller), linux-ram-shared (a rootshared
      region in Linux RAM), comm-rootshared (the comm page rootshared),
      comm-overlap (comm page on cell-b's), shared-on-comm (a rootshared
      region over cell-b's comm page),
      its (a page of the GIC ITS), dma (virtio-mmio, flagged dma in root's
      config), and the control plain-io (a device root does not flag dma:
      must be accepted); the last three swap the comm page (region 1) for
      the device
"""
import os
import struct
import sys
import zlib

HDR = struct.Struct("<8sHHHHII")  # struct jh_config_header, 24 bytes
HDR_SIZE = HDR.size
CHECKSUM_OFF = 20
REGION = struct.Struct("<QQQQ")  # struct jh_memory_region, 32 bytes
SYSTEM_OFF = HDR_SIZE  # struct jh_system follows the header
ROOT_CELL_OFF = HDR_SIZE + 128  # struct jh_cell_desc of the root cell
CELL_DESC_SIZE = 112
NUM_REGIONS_OFF = ROOT_CELL_OFF + 32 + 32 + 4  # name, cpus, flags
JH_MEM_READ, JH_MEM_WRITE, JH_MEM_EXECUTE = 0x1, 0x2, 0x4
JH_MEM_IO, JH_MEM_ROOTSHARED = 0x10, 0x80
CELL_B_COMM = 0x70700000  # qemu-arm64-cell-b.yaml
QEMU_GITS = 0x0808_0000    # QEMU virt GICv3 ITS, 128 KiB
QEMU_VIRTIO = 0x0a00_0000  # virtio-mmio slots, dma in qemu-arm64.yaml
QEMU_GPIO = 0x0903_0000    # pl061, no DMA
HV_HDR_SIZE = 80


def crc_fixed(data):
    """Return data with its header checksum recomputed (field zeroed)."""
    buf = bytearray(data)
    buf[CHECKSUM_OFF:CHECKSUM_OFF + 4] = b"\0\0\0\0"
    struct.pack_into("<I", buf, CHECKSUM_OFF, zlib.crc32(bytes(buf)) & 0xffffffff)
    return bytes(buf)


def patched(data, off, fmt, value):
    buf = bytearray(data)
    struct.pack_into(fmt, buf, off, value)
    return crc_fixed(buf)


def overlap(data):
    """Add one root RAM region that covers the start of hypervisor memory."""
    hv_phys, _, hv_size, _ = REGION.unpack_from(data, SYSTEM_OFF)
    nregions = struct.unpack_from("<I", data, NUM_REGIONS_OFF)[0]
    at = ROOT_CELL_OFF + CELL_DESC_SIZE + nregions * REGION.size
    size = min(hv_size, 0x200000) or 0x1000
    region = REGION.pack(hv_phys, hv_phys, size, JH_MEM_READ | JH_MEM_WRITE)
    buf = bytearray(data[:at] + region + data[at:])
    struct.pack_into("<I", buf, NUM_REGIONS_OFF, nregions + 1)
    struct.pack_into("<I", buf, 16, len(buf))  # total_size
    return crc_fixed(buf)


def bad_configs(src, outdir):
    data = open(src, "rb").read()
    magic, rev, arch, kind, _, total, _ = HDR.unpack_from(data)
    if magic != b"JHCONFIG" or total != len(data) or crc_fixed(data) != data:
        sys.exit(f"mkbadconfigs: {src} is not a valid system config to start from")
    cases = {
        "truncated": data[:len(data) // 2],
        "magic": patched(data, 0, "<8s", b"JHC0NFIG"),
        "revision": patched(data, 8, "<H", rev + 1),
        "arch": patched(data, 10, "<H", 0x7f),
        "checksum": data[:CHECKSUM_OFF]
        + struct.pack("<I", struct.unpack_from("<I", data, CHECKSUM_OFF)[0] ^ 1)
        + data[CHECKSUM_OFF + 4:],
        "overlap": overlap(data),
    }
    os.makedirs(outdir, exist_ok=True)
    for name, blob in cases.items():
        with open(os.path.join(outdir, name + ".cell"), "wb") as f:
            f.write(blob)


CELL_OFF = HDR_SIZE  # struct jh_cell_desc of a cell config
CELL_CPUS_OFF = CELL_OFF + 32
CELL_NREG_OFF = CELL_OFF + 32 + 32 + 4
CELL_REGIONS_OFF = CELL_OFF + CELL_DESC_SIZE


def region_field(data, n, field, value):
    off = CELL_REGIONS_OFF + n * REGION.size + 8 * field
    return patched(data, off, "<Q", value)


RWX_SHARED = JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE | JH_MEM_ROOTSHARED


def region(data, n):
    return REGION.unpack_from(data, CELL_REGIONS_OFF + n * REGION.size)


def device_instead_of_comm(data, phys):
    """Region 1 (the comm page) becomes a 4K device page at @phys."""
    comm_off = CELL_OFF + 32 + 32 + 4 + 4 + 4 + 4 + 8
    buf = bytearray(data)
    REGION.pack_into(buf, CELL_REGIONS_OFF + REGION.size, phys, 0x1000_0000,
                     0x1000, JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO)
    struct.pack_into("<Q", buf, comm_off, 0)
    return crc_fixed(buf)


def bad_cells(src, outdir):
    data = open(src, "rb").read()
    _, _, _, kind, _, total, _ = HDR.unpack_from(data)
    if kind != 2 or total != len(data) or crc_fixed(data) != data:
        sys.exit(f"mkbadconfigs: {src} is not a valid cell config to start from")
    nregions = struct.unpack_from("<I", data, CELL_NREG_OFF)[0]
    irq_off = CELL_REGIONS_OFF + nregions * REGION.size
    phys = REGION.unpack_from(data, CELL_REGIONS_OFF)[0]
    cases = {
        "cpu0": patched(data, CELL_CPUS_OFF, "<Q", 0x3),
        "linux-ram": region_field(data, 0, 0, 0x48000000),
        "hv-memory": region_field(data, 0, 0, 0x70000000),
        "irq-foreign": patched(data, irq_off, "<I", 300),
        "unaligned": region_field(data, 0, 0, phys + 0x800),
        "absurd-size": region_field(data, 0, 2, 1 << 46),
        "other-cell": region_field(data, 0, 0, 0x70600000),
        "gic": region_field(data, 0, 0, 0x08000000),
        # Otherwise valid for the hypervisor: only the driver knows
        # what Linux uses.
        "linux-ram-shared": region_field(
            region_field(data, 0, 0, 0x48000000), 0, 3, RWX_SHARED),
        "comm-rootshared": region_field(
            data, 1, 3, region(data, 1)[3] | JH_MEM_ROOTSHARED),
        "comm-overlap": region_field(data, 1, 0, CELL_B_COMM),
        "shared-on-comm": region_field(
            region_field(data, 0, 0, CELL_B_COMM), 0, 3, RWX_SHARED),

        "its": device_instead_of_comm(data, QEMU_GITS + 0x1_0000),
        "dma": device_instead_of_comm(data, QEMU_VIRTIO),
        "plain-io": device_instead_of_comm(data, QEMU_GPIO),
    }
    os.makedirs(outdir, exist_ok=True)
    for name, blob in cases.items():
        with open(os.path.join(outdir, "cell-" + name + ".cell"), "wb") as f:
            f.write(blob)


def corrupt_image(src, dst):
    data = bytearray(open(src, "rb").read())
    if len(data) <= HV_HDR_SIZE:
        sys.exit(f"mkbadconfigs: {src} is too short to be a hypervisor image")
    off = max(HV_HDR_SIZE, len(data) // 2)
    data[off] ^= 0x5a
    with open(dst, "wb") as f:
        f.write(data)


def main(argv):
    if len(argv) == 4 and argv[1] == "configs":
        bad_configs(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == "cells":
        bad_cells(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == "corrupt-image":
        corrupt_image(argv[2], argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
