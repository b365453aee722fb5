#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a minimal static 32-bit ARM (A32, EABI5) Linux ELF executable that
prints "arm32 ok" and exits 0: AArch32 user space for the Linux cell test
(ci/linux-cell-init.sh) without an armhf toolchain; the cell runs Debian's
armhf busybox too when ci/deps.sh fetched it.

    ci/mkarm32hello.py OUT
"""
import struct
import sys

VADDR = 0x10000
MSG = b"arm32 ok\n"
EHDR, PHDR = 52, 32
CODE_OFF = EHDR + PHDR


def code():
    # PC reads 8 ahead in A32: "add r1, pc, #20" at offset 4 gives 32.
    words = [
        0xE3A00001,             # mov r0, #1          (stdout)
        0xE28F1014,             # add r1, pc, #20     (MSG)
        0xE3A02000 | len(MSG),  # mov r2, #len
        0xE3A07004,             # mov r7, #4          (write)
        0xEF000000,             # svc #0
        0xE3A00000,             # mov r0, #0
        0xE3A07001,             # mov r7, #1          (exit)
        0xEF000000,             # svc #0
    ]
    return struct.pack("<8I", *words) + MSG


def elf():
    body = code()
    size = CODE_OFF + len(body)
    ident = b"\x7fELF" + bytes([1, 1, 1, 0]) + bytes(8)
    ehdr = ident + struct.pack("<HHIIIIIHHHHHH", 2, 40, 1, VADDR + CODE_OFF,
                               EHDR, 0, 0x05000000, EHDR, PHDR, 1, 40, 0, 0)
    phdr = struct.pack("<8I", 1, 0, VADDR, VADDR, size, size, 5, 0x1000)
    return ehdr + phdr + body


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: mkarm32hello.py OUT")
    with open(sys.argv[1], "wb") as f:
        f.write(elf())
