# SPDX-License-Identifier: GPL-2.0
import pytest

from jhconfig.units import UnitError, fmt_hex, fmt_size, parse_int


@pytest.mark.parametrize("text,value", [
    ("0x7000_0000", 0x70000000), ("128M", 128 << 20), ("4K", 4096),
    ("1G", 1 << 30), ("1_024", 1024), ("0x10K", 16 << 10), (" 2M ", 2 << 20),
    (0x1000, 0x1000), ("0", 0), ("0XFF", 255), ("0xffff_ffff_ffff_ffff",
                                                 (1 << 64) - 1),
])
def test_parse(text, value):
    assert parse_int(text) == value


@pytest.mark.parametrize("text", ["12X", "4__K", "_4K", "0x_10", "4k", "-1",
                                  "", "1.5M", "0x", "16G0",
                                  "0x1_0000_0000_0000_0000", True, None, 1.0])
def test_parse_rejects(text):
    with pytest.raises(UnitError):
        parse_int(text)


def test_negative_int_rejected():
    with pytest.raises(UnitError):
        parse_int(-4096)


@pytest.mark.parametrize("value,text", [
    (0x09000000, "0x0900_0000"), (0, "0x0000_0000"),
    (0x4010000000, "0x40_1000_0000"), (0x8000000000, "0x80_0000_0000"),
])
def test_fmt_hex(value, text):
    assert fmt_hex(value) == text
    assert parse_int(text) == value


@pytest.mark.parametrize("value,text", [
    (4096, "4K"), (768 << 20, "768M"), (512 << 30, "512G"),
    (0x2eff0000, "0x2eff_0000"), (1024 << 30, "0x100_0000_0000"),
    (0x1800, "6K"), (123, "0x0000_007b"),
])
def test_fmt_size(value, text):
    assert fmt_size(value) == text
    assert parse_int(text) == value
