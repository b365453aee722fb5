# SPDX-License-Identifier: GPL-2.0
"""The binary layout against include/jailhouse/config.h, CRC, decode errors."""
import os
import re
import struct
import zlib

import pytest

from conftest import REPO, run
from jhconfig import binfmt

CONFIG_H = os.path.join(REPO, "include/jailhouse/config.h")


def header_asserts():
    text = open(CONFIG_H, encoding="utf-8").read()
    return dict((name, int(size)) for name, size in re.findall(
        r"_Static_assert\(sizeof\(struct (\w+)\) == (\d+)", text))


def test_struct_sizes_match_config_h():
    sizes = header_asserts()
    assert sizes["jh_config_header"] == binfmt.HEADER.size
    assert sizes["jh_memory_region"] == binfmt.REGION.size
    assert sizes["jh_irq_range"] == binfmt.IRQ.size
    assert sizes["jh_cell_desc"] == binfmt.CELL_DESC.size
    assert sizes["jh_console"] == binfmt.CONSOLE.size
    assert sizes["jh_platform"] == binfmt.PLATFORM.size
    assert sizes["jh_system"] == binfmt.SYSTEM_SIZE
    assert sizes["jh_system_config"] == 264
    assert sizes["jh_cell_config"] == 136


def test_flag_values_match_config_h():
    text = open(CONFIG_H, encoding="utf-8").read()
    defines = {n: int(v, 16) for n, v in
               re.findall(r"#define JH_MEM_(\w+)\s+(0x[0-9a-f]+)", text)}
    from jhconfig.model import CELL_FLAGS, MEM_FLAGS
    for name, bit in MEM_FLAGS.items():
        assert defines[name.upper()] == bit
    assert "JH_CELL_CONSOLE_WRITE\t0x0001" in text
    assert CELL_FLAGS["console_write"] == 1
    assert "JH_CELL_RESET_STOPS\t0x0002" in text
    assert CELL_FLAGS["reset_stops"] == 2


@pytest.fixture(scope="module")
def system_cell(tmp_path_factory):
    out = tmp_path_factory.mktemp("bin") / "qemu-arm64.cell"
    res = run("build", "configs/qemu-arm64.yaml", "-o", out)
    assert res.returncode == 0, res.stderr
    return out.read_bytes()


def test_system_layout_byte_by_byte(system_cell):
    data = system_cell
    magic, rev, arch, kind, reserved, total, crc = struct.unpack_from(
        "<8sHHHHII", data, 0)
    assert (magic, rev, arch, kind, reserved) == (b"JHCONFIG", 4, 1, 1, 0)
    # 16 root regions, 1 irq range, 2 link members, 2 links
    assert total == len(data) == 264 + 16 * 32 + 8 + 2 * 40 + 2 * 48
    zeroed = data[:20] + b"\0\0\0\0" + data[24:]
    assert crc == zlib.crc32(zeroed)
    # jh_system at 24: hypervisor memory, console, platform
    assert struct.unpack_from("<QQQQ", data, 24) == (0x70000000, 0, 4 << 20, 0)
    assert struct.unpack_from("<IIQQ", data, 56) == (1, 0, 0x09000000, 4096)
    assert struct.unpack_from("<IIQQQQQQQ", data, 80) == (
        3, 25, 0x08000000, 0x080a0000, 0, 0, 0, 0x08080000, 128 << 10)
    # num_links, reserved
    assert struct.unpack_from("<II", data, 144) == (2, 0)
    # root cell descriptor at 152, num_links last
    assert data[152:184].rstrip(b"\0") == b"qemu-virt"
    assert struct.unpack_from("<4Q", data, 184) == (0xf, 0, 0, 0)
    assert struct.unpack_from("<IIIIQQQII", data, 216) == (0, 16, 1, 0, 0, 0,
                                                           0, 0, 2)
    assert struct.unpack_from("<QQQQ", data, 264) == (
        0x40000000, 0x40000000, 768 << 20, 0xf)
    # the inmate area split around the link memory
    assert struct.unpack_from("<QQQQ", data, 264 + 32) == (
        0x70400000, 0x70400000, 0x03400000, 0x3)
    assert struct.unpack_from("<QQQQ", data, 264 + 2 * 32) == (
        0x74000000, 0x74000000, 0x0c000000, 0x3)
    # virtio-mmio (region 11) is a DMA master: io | dma | read | write
    assert struct.unpack_from("<QQQQ", data, 264 + 11 * 32) == (
        0x0a000000, 0x0a000000, 16 << 10, 0x1b)
    irqs = 264 + 16 * 32
    assert struct.unpack_from("<II", data, irqs) == (32, 256)
    # root's link members (jh_link_member: name, shm_ipa, reg_ipa, peer, irq)
    members = irqs + 8
    assert struct.unpack_from("<16sQQII", data, members) == (
        b"net0".ljust(16, b"\0"), 0x73800000, 0x0b000000, 0, 140)
    assert struct.unpack_from("<16sQQII", data, members + 40) == (
        b"pp0".ljust(16, b"\0"), 0x73c00000, 0x0b001000, 0, 142)
    # the system link table (jh_link: name, phys, rw, out, max_peers, flags)
    links = members + 2 * 40
    assert struct.unpack_from("<16sQQQII", data, links) == (
        b"net0".ljust(16, b"\0"), 0x73800000, 64 << 10, 1 << 20, 2, 0)
    assert struct.unpack_from("<16sQQQII", data, links + 48) == (
        b"pp0".ljust(16, b"\0"), 0x73c00000, 4096, 4096, 3, 0)
    assert links + 2 * 48 == len(data)


def test_cell_member_layout(tmp_path):
    out = tmp_path / "link-a.cell"
    assert run("build", "configs/qemu-arm64-link-a.yaml", "-o",
               out).returncode == 0
    data = out.read_bytes()
    # 2 regions, 2 irq ranges, 1 member; num_links at 132
    assert len(data) == 136 + 2 * 32 + 2 * 8 + 40
    assert struct.unpack_from("<III", data, 92) == (2, 2, 1000)
    assert struct.unpack_from("<I", data, 132) == (1,)
    assert struct.unpack_from("<16sQQII", data, 136 + 64 + 16) == (
        b"pp0".ljust(16, b"\0"), 0x80200000, 0x80100000, 1, 143)


def test_cell_layout(tmp_path):
    out = tmp_path / "demo.cell"
    assert run("build", "tools/tests/good/cell-demo.yaml", "-o",
               out).returncode == 0
    data = out.read_bytes()
    assert struct.unpack_from("<HH", data, 12) == (2, 0)  # kind cell
    assert len(data) == 136 + 3 * 32 + 8
    assert data[24:56].rstrip(b"\0") == b"demo"
    assert struct.unpack_from("<Q", data, 56) == (1 << 3,)
    assert struct.unpack_from("<IIIIQQ", data, 88) == (1, 3, 1, 2000, 0,
                                                        0x80000000)
    assert struct.unpack_from("<QQQQ", data, 136) == (
        0x70400000, 0, 1 << 20, 0x47)


def _fixcrc(data):
    buf = bytearray(data)
    struct.pack_into("<I", buf, 20, binfmt.crc32(buf))
    return bytes(buf)


MEMBERS = 264 + 16 * 32 + 8          # root's link members
LINKS = MEMBERS + 2 * 40              # the system link table


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d[:-1], "total_size"),
    (lambda d: d[:10], "truncated: header"),
    (lambda d: d[:20] + bytes([d[20] ^ 1]) + d[21:], "checksum"),
    (lambda d: _fixcrc(b"JHCONFIX" + d[8:]), "not a jailhouse binary"),
    (lambda d: _fixcrc(d[:8] + b"\x01\x00" + d[10:]), "revision 1"),
    (lambda d: _fixcrc(d[:10] + b"\x07\x00" + d[12:]), "architecture 7"),
    (lambda d: d + bytes(8), "8 bytes after the system link table"),
    (lambda d: _fixcrc(d[:144] + struct.pack("<I", 1) + d[148:]),
     "bytes after the system link table"),
    (lambda d: _fixcrc(d[:144] + struct.pack("<I", 17) + d[148:]),
     "17 links (at most 16)"),
    (lambda d: _fixcrc(d[:148] + struct.pack("<I", 5) + d[152:]),
     "system reserved 0x5 not 0"),
    (lambda d: _fixcrc(d[:260] + struct.pack("<I", 17) + d[264:]),
     "17 links: more than"),
    (lambda d: _fixcrc(d[:LINKS] + b"x" * 16 + d[LINKS + 16:]),
     "link 0 name is not NUL-terminated"),
    (lambda d: _fixcrc(d[:MEMBERS] + b"\0net0" + d[MEMBERS + 5:]),
     "link member 0 name empty or not NUL-padded"),
    (lambda d: _fixcrc(d[:264 + 24] + struct.pack("<Q", 0x100) + d[264 + 32:]),
     "unknown flags 0x100"),
    (lambda d: _fixcrc(d[:152] + b"x" * 32 + d[184:]), "not NUL-terminated"),
])
def test_decode_rejects(system_cell, tmp_path, mutate, message):
    bad = tmp_path / "bad.cell"
    data = mutate(system_cell)
    if len(data) >= 20 and "total_size" not in message and \
            "truncated" not in message:
        data = data[:16] + struct.pack("<I", len(data)) + data[20:]
        data = _fixcrc(data) if "checksum" not in message else data
    bad.write_bytes(data)
    res = run("show", bad)
    assert res.returncode == 1
    assert message in res.stderr
    assert str(bad) in res.stderr


def test_show_of_binary_with_semantic_error_is_refused(system_cell, tmp_path):
    # root region 0 grown over the hypervisor memory, CRC still valid
    data = _fixcrc(system_cell[:280] + struct.pack("<Q", 1 << 30) +
                   system_cell[288:])
    bad = tmp_path / "overlap.cell"
    bad.write_bytes(data)
    res = run("check", bad)
    assert res.returncode == 1
    assert f"{bad}: error: root cell 'qemu-virt' memory[0] 'region0'" in \
        res.stderr
    assert "overlaps hypervisor_memory" in res.stderr
