# SPDX-License-Identifier: GPL-2.0
"""The hypervisor validates configs again (it trusts nobody, the root
driver included). Compile bad system configs from the corpus WITHOUT the
tool's checks and feed the binaries to the hypervisor's own validator,
built for the host (build/unit/hvcheck, made by `make unit`)."""
import os
import struct
import subprocess
import zlib

import pytest

from conftest import REPO
from jhconfig import binfmt
from jhconfig.loader import load_config

HVCHECK = os.path.join(REPO, "build", "unit", "hvcheck")
BAD = os.path.join(REPO, "tools", "tests", "bad")

# Bad system configs the binary format can express, and the errno the
# hypervisor must answer with (include/jailhouse/errno.h).
CASES = {
    "absurd-size.yaml": -34,       # ERANGE: region past the address space
    "misaligned.yaml": -34,        # ERANGE
    "misaligned-size.yaml": -34,   # ERANGE
    "zero-size.yaml": -34,         # ERANGE
    "root-overlaps-hv.yaml": -99,  # EADDRNOTAVAIL
    "root-overlap.yaml": -22,      # EINVAL: root regions overlap
    "root-virt.yaml": -22,         # EINVAL: root must be identity mapped
}


def hvcheck(path):
    res = subprocess.run([HVCHECK, path], capture_output=True, text=True)
    return res.returncode, res.stdout


def test_real_config_is_valid():
    rc, out = hvcheck(os.path.join(REPO, "build", "configs",
                                   "qemu-arm64.cell"))
    assert rc == 0, out


@pytest.mark.parametrize("name", sorted(CASES))
def test_hypervisor_refuses(name, tmp_path):
    config = load_config(os.path.join(BAD, name))
    cell = tmp_path / "bad.cell"
    cell.write_bytes(binfmt.encode(config))
    rc, out = hvcheck(str(cell))
    assert rc == 1, f"{name}: hypervisor accepted it: {out}"
    assert out.startswith(f"rejected {CASES[name]}:"), out


def patched(tmp_path, offset, fmt, value):
    """The real config with one field changed and a valid checksum."""
    data = bytearray(open(os.path.join(REPO, "build", "configs",
                                       "qemu-arm64.cell"), "rb").read())
    struct.pack_into(fmt, data, offset, value)
    struct.pack_into("<I", data, 20, 0)
    struct.pack_into("<I", data, 20, zlib.crc32(bytes(data)))
    path = tmp_path / "patched.cell"
    path.write_bytes(bytes(data))
    return str(path)


# Offsets from include/jailhouse/config.h: header 24, system 128 (platform
# at 80, num_links at 144), root cell descriptor at 152 (cpus at 184),
# regions at 264.
@pytest.mark.parametrize("what,offset,fmt,value,errno", [
    ("gic version 4", 80, "<I", 4, -22),
    ("unknown region flag", 264 + 24, "<Q", 0x100 | 3, -22),
    ("empty CPU set", 184, "<Q", 0, -22),
    ("unterminated name", 152, "<32s", b"x" * 32, -22),
    ("root with a uart", 152 + 96, "<Q", 0x0b00_0000, -22),
    ("root num_links past the file", 152 + 108, "<I", 1, -61),
    ("system links past the file", 144, "<I", 1, -61),
    ("more system links than allowed", 144, "<I", 17, -22),
    ("system reserved set", 148, "<I", 1, -22),
    ("reset_stops and an unknown flag", 152 + 64, "<I", 0x6, -22),
])
def test_hypervisor_refuses_patched(tmp_path, what, offset, fmt, value, errno):
    rc, out = hvcheck(patched(tmp_path, offset, fmt, value))
    assert rc == 1, f"{what}: hypervisor accepted it: {out}"
    assert out.startswith(f"rejected {errno}:"), out
