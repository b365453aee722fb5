# SPDX-License-Identifier: GPL-2.0
"""Numbers with human units: 0x7000_0000, 128M, 4K, 1G (binary multiples)."""
import re

UNITS = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
NUMBER_RE = re.compile(r"^\s*(0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)\s*([KMG]?)\s*$")
U64_MAX = (1 << 64) - 1


class UnitError(ValueError):
    pass


def parse_int(value):
    """Return the integer a YAML value stands for (int or unit string)."""
    if isinstance(value, bool):
        raise UnitError(f"{value!r} is a boolean, not a number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        number = _parse_str(value)
    else:
        raise UnitError(f"{value!r} is not a number")
    if number < 0 or number > U64_MAX:
        raise UnitError(f"{value!r} does not fit in 64 bits unsigned")
    return number


def _parse_str(text):
    match = NUMBER_RE.match(text)
    if not match:
        raise UnitError(f"{text!r} is not a number (write e.g. 0x1000, 4K, 128M, 1G)")
    digits, unit = match.groups()
    base = 16 if digits[:2].lower() == "0x" else 10
    if base == 16:
        digits = digits[2:]
    if digits.startswith("_") or digits.endswith("_") or "__" in digits:
        raise UnitError(f"{text!r}: underscores may only separate digits")
    number = int(digits, base)
    return number * UNITS.get(unit, 1)


def fmt_hex(value):
    """0x0900_0000 style: at least 8 digits, grouped by 4 with underscores."""
    digits = f"{value:08x}"
    groups = []
    while digits:
        groups.insert(0, digits[-4:])
        digits = digits[:-4]
    return "0x" + "_".join(groups)


def fmt_size(value):
    """Largest exact unit below 1024 of it (768M, 4K, 512G), else hex."""
    for unit in ("G", "M", "K"):
        scale = UNITS[unit]
        if value and value % scale == 0 and value // scale < 1024:
            return f"{value // scale}{unit}"
    return fmt_hex(value)
