#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fill the link-time fields of the image header and its checksum.

usage: finalize.py hypervisor.elf raw.bin out.bin
"""
import struct
import subprocess
import sys
import zlib

HDR = struct.Struct("<8sIIQQQQQQIIQ")


def symbols(elf):
    cross = "aarch64-linux-gnu-"
    out = subprocess.run([cross + "nm", elf], check=True, capture_output=True,
                         text=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            syms[parts[2]] = int(parts[0], 16)
    return syms


def main():
    elf, raw, out = sys.argv[1:4]
    syms = symbols(elf)
    data = bytearray(open(raw, "rb").read())
    f = list(HDR.unpack_from(data, 0))
    if f[0] != b"JHHYPERV":
        sys.exit("finalize: header not at offset 0")
    image_size = syms["__image_end"] - syms["__image_start"]
    data = data[:image_size]
    f[3] = image_size                                   # image_size
    f[4] = syms["__core_end"] - syms["__image_start"]   # core_size
    f[6] = syms["hv_entry"] - syms["__image_start"]     # entry_offset
    f[7] = syms["console_pages"] - syms["__image_start"]  # console_offset
    f[9] = 0                                            # checksum
    HDR.pack_into(data, 0, *f)
    f[9] = zlib.crc32(bytes(data)) & 0xffffffff
    HDR.pack_into(data, 0, *f)
    open(out, "wb").write(data)
    print(f"jailhouse.bin: {image_size} bytes, core {f[4]} bytes, "
          f"entry +0x{f[6]:x}, console +0x{f[7]:x}")


if __name__ == "__main__":
    main()
