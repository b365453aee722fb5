# SPDX-License-Identifier: GPL-2.0
"""Recognise binary files given where a YAML config was expected.

Without this, a binary file reaches the YAML parser and the user reads a
UTF-8 or syntax error about a file that was never meant to be YAML.
"""
import struct

from . import binfmt

FDT_MAGIC = b"\xd0\x0d\xfe\xed"
# The original Jailhouse project's binary configs start with a 6-byte
# signature and a little-endian 16-bit revision.
JAILHOUSE_SIGNATURES = {b"JHSYST": "system", b"JHCELL": "cell"}


def _jailhouse(data):
    kind = JAILHOUSE_SIGNATURES.get(data[:6])
    if kind is None:
        return None
    rev = struct.unpack_from("<H", data, 6)[0] if len(data) >= 8 else "?"
    return (f"a binary {kind} config of the original Jailhouse project "
            f"(\"{data[:6].decode()}\" signature, revision {rev}), which "
            "this hypervisor does not read",
            "describe the machine in YAML (Documentation/config-format.md); "
            "'jailhouse config create' writes a system config to start from")


def describe(data):
    """(what the file is, hint) for a known binary format, else None."""
    if data.startswith(binfmt.MAGIC):
        return ("already a compiled config of this hypervisor "
                f"({binfmt.MAGIC.decode()} magic), not YAML",
                "'jailhouse config show FILE' prints it as YAML")
    if data.startswith(FDT_MAGIC):
        return ("a device tree blob, not a config",
                "'jailhouse config create --dtb FILE' writes a system "
                "config from it")
    if data.startswith(b"\x7fELF"):
        return ("an ELF executable or object, not a config", None)
    return _jailhouse(data)
