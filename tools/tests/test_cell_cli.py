# SPDX-License-Identifier: GPL-2.0
"""jailhouse cell ...: what the C CLI does without a device.

The CLI is built for the host. JAILHOUSE_SYSFS points it at a fake sysfs
tree and JAILHOUSE_DEVICE at a fake device (/dev/null answers every ioctl
with ENOTTY), so name resolution, argument parsing and error reporting are
covered up to the ioctl.
"""
import os
import shutil
import subprocess
import sys

import pytest

from conftest import TOOLS

NODEV = "/nonexistent/jailhouse"
COMPLETION = os.path.join(TOOLS, "jailhouse-completion.bash")


@pytest.fixture(scope="session")
def cli(tmp_path_factory):
    if not shutil.which("gcc"):
        pytest.skip("no host gcc")
    out = tmp_path_factory.mktemp("cli")
    res = subprocess.run(["make", "-s", "-C", TOOLS, f"O={out}", "CC=gcc"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    # `jailhouse config` runs the Python tool found beside the binary with
    # "env python3": this interpreter (it has PyYAML and jsonschema).
    os.symlink(os.path.join(TOOLS, "jailhouse-config"),
               out / "jailhouse-config")
    os.symlink(sys.executable, out / "python3")
    return str(out / "jailhouse")


def cli_path_env(cli, **extra):
    """Environment with the host CLI (and its python3) first in PATH."""
    path = os.path.dirname(cli) + os.pathsep + os.environ.get("PATH", "")
    return dict(os.environ, PATH=path, **extra)


@pytest.fixture
def sysfs(tmp_path):
    """A fake /sys/devices/jailhouse: root cell 0, cell "demo" (ID 2)."""
    base = tmp_path / "sysfs"
    cells = {
        0: {"name": "qemu-arm64", "state": "running",
            "cpus_assigned_list": "0-2", "cpus_failed_list": ""},
        2: {"name": "demo", "state": "running/locked",
            "cpus_assigned_list": "3", "cpus_failed_list": "3"},
    }
    for cid, attrs in cells.items():
        d = base / "cells" / str(cid)
        d.mkdir(parents=True)
        for name, value in attrs.items():
            (d / name).write_text(value + "\n")
    stats = base / "cells" / "2" / "statistics"
    (stats / "cpu3").mkdir(parents=True)
    for n, name in enumerate(("total", "hvc", "smc", "psci", "mmio",
                              "sysreg", "irq", "other", "maintenance",
                              "sgi")):
        (stats / f"exits_{name}").write_text(f"{100 + n}\n")
        (stats / "cpu3" / f"exits_{name}").write_text(f"{100 + n}\n")
    (stats / "doorbells_dropped").write_text("7\n")
    (stats / "cpu3" / "doorbells_dropped").write_text("7\n")
    (base / "last_error").write_text("")
    return base


def run(cli, *args, sysfs="/nonexistent", device=NODEV, cwd=None):
    env = dict(os.environ, JAILHOUSE_SYSFS=str(sysfs),
               JAILHOUSE_DEVICE=str(device))
    return subprocess.run([cli, *map(str, args)], capture_output=True,
                          text=True, timeout=30, env=env, cwd=cwd)


SUBCOMMANDS = ("create", "load", "start", "shutdown", "destroy", "list",
               "stats", "console")


# ---- help and usage ----

def test_main_help_mentions_cell_commands(cli):
    res = run(cli, "--help")
    assert res.returncode == 0
    line = next(l for l in res.stdout.splitlines() if l.split()[:1] == ["cell"])
    for sub in SUBCOMMANDS:
        assert sub in line
    assert "not implemented" not in res.stdout


@pytest.mark.parametrize("flag", ["--help", "-h", "help"])
def test_cell_help(cli, flag):
    res = run(cli, "cell", flag)
    assert res.returncode == 0 and res.stderr == ""
    for sub in SUBCOMMANDS:
        assert f"\n  {sub}" in res.stdout
    assert "load CELL IMAGE [-a ADDR] [-s STRING -a ADDR]..." in res.stdout
    assert "name or numeric ID" in res.stdout


def test_cell_without_command_is_usage_error(cli):
    res = run(cli, "cell")
    assert res.returncode == 2
    assert res.stdout == "" and "Usage: jailhouse cell COMMAND" in res.stderr


def test_unknown_cell_command(cli):
    res = run(cli, "cell", "frobnicate")
    assert res.returncode == 2
    assert "unknown command 'frobnicate'" in res.stderr
    assert "Usage: jailhouse cell COMMAND" in res.stderr


@pytest.mark.parametrize("sub", SUBCOMMANDS)
def test_subcommand_help(cli, sub):
    res = run(cli, "cell", sub, "--help")
    assert res.returncode == 0
    assert res.stdout.startswith(f"Usage: jailhouse cell {sub}")


@pytest.mark.parametrize("args,message", [
    (["create"], "missing CELL.cell"),
    (["create", "a.cell", "b.cell"], "too many arguments"),
    (["start"], "missing CELL"),
    (["start", "a", "b"], "too many arguments"),
    (["shutdown"], "missing CELL"),
    (["destroy", "a", "b"], "too many arguments"),
    (["stats"], "missing CELL"),
    (["list", "extra"], "too many arguments"),
])
def test_usage_errors(cli, args, message):
    res = run(cli, "cell", *args)
    assert res.returncode == 2, res.stderr
    assert f"jailhouse cell {args[0]}: {message}" in res.stderr
    assert f"Usage: jailhouse cell {args[0]}" in res.stderr
    assert res.stdout == ""


# ---- load argument parsing (all refused before any device access) ----

@pytest.mark.parametrize("args,message", [
    ([], "missing CELL"),
    (["demo"], "missing IMAGE or -s STRING"),
    (["demo", "-a", "0x1000"], "-a ADDR must follow an IMAGE or -s STRING"),
    (["demo", "--address", "0"], "--address ADDR must follow an IMAGE"),
    (["demo", "img", "-a"], "-a needs a value (ADDR)"),
    (["demo", "img", "-a", "zz"], "invalid address 'zz'"),
    (["demo", "img", "-a", "0x10q"], "invalid address '0x10q'"),
    (["demo", "img", "-a", "-1"], "invalid address '-1'"),
    (["demo", "img", "-a", "1", "-a", "2"], "has two addresses"),
    (["demo", "-s", "x"], "-s \"x\" needs -a ADDR right after it"),
    (["demo", "-s", "x", "img", "-a", "0"], "-s \"x\" needs -a ADDR"),
    (["demo", "-s", "x", "-s", "y", "-a", "0"], "-s \"x\" needs -a ADDR"),
    (["demo", "img", "-s"], "-s needs a value (STRING)"),
    (["demo", "--string"], "--string needs a value (STRING)"),
    (["demo", "--address=0x10"], "--address ADDR must follow an IMAGE"),
    (["demo", "img", "--bogus"], "unknown option '--bogus'"),
    (["demo", "img", "--name"], "--name needs a value (NAME)"),
    (["demo", "img", "--name", "x"], "--name given, but the cell is already named"),
    (["demo", "img", "-x"], "unknown option '-x'"),
    (["demo"] + ["img"] * 17, "at most 16 images and strings per load"),
])
def test_load_parse_errors(cli, args, message):
    res = run(cli, "cell", "load", *args)
    assert res.returncode == 2, res.stderr
    assert message in res.stderr
    assert "Usage: jailhouse cell load CELL IMAGE" in res.stderr


@pytest.mark.parametrize("args", [
    ["img"],
    ["img", "-a", "0x1000"],
    ["img", "--address", "4096", "-s", "console=ttyAMA0", "-a", "0x8000"],
    ["-s", "hello", "--address", "010"],
    ["img", "img2", "-a", "0xffff"],
    ["img"] * 16,
])
def test_load_valid_syntax_reaches_cell_lookup(cli, args):
    """Accepted command lines fail only at the (missing) sysfs lookup."""
    res = run(cli, "cell", "load", "demo", *args)
    assert res.returncode == 1, res.stderr
    assert 'cannot look up cell "demo"' in res.stderr


def test_load_reads_images_after_lookup(cli, tmp_path):
    res = run(cli, "cell", "load", "3", tmp_path / "missing.bin", "-a", "0")
    assert res.returncode == 1
    assert f"cannot read {tmp_path}/missing.bin" in res.stderr


def test_load_reaches_the_device(cli, sysfs, tmp_path):
    img = tmp_path / "inmate.bin"
    img.write_bytes(b"\x00" * 64)
    res = run(cli, "cell", "load", "demo", img, "-a", "0x0", "-s", "x=1",
              "-a", "0x1000", sysfs=sysfs, device="/dev/null")
    assert res.returncode == 1
    assert res.stderr.startswith("jailhouse cell load: ")
    assert "[ENOTTY]" in res.stderr


# ---- cell names and IDs ----

@pytest.mark.parametrize("sub", ["start", "shutdown", "destroy", "stats"])
def test_unknown_name_without_sysfs(cli, sub):
    res = run(cli, "cell", sub, "demo")
    assert res.returncode == 1
    assert res.stderr.count("\n") == 1
    assert (f'jailhouse cell {sub}: cannot look up cell "demo": '
            "/nonexistent/cells: No such file or directory") in res.stderr
    assert "hint: is jailhouse.ko loaded" in res.stderr


@pytest.mark.parametrize("sub", ["start", "shutdown", "destroy", "stats"])
def test_unknown_name_with_sysfs(cli, sysfs, sub):
    res = run(cli, "cell", sub, "nosuch", sysfs=sysfs)
    assert res.returncode == 1
    assert res.stderr == (f'jailhouse cell {sub}: no cell named "nosuch"; '
                          "hint: see 'jailhouse cell list'\n")


@pytest.mark.parametrize("sub", ["start", "shutdown", "destroy"])
def test_name_resolves_to_device_call(cli, sysfs, sub):
    (sysfs / "last_error").write_text(
        "no cell with ID 2; hint: see jailhouse cell list\n")
    res = run(cli, "cell", sub, "demo", sysfs=sysfs, device="/dev/null")
    assert res.returncode == 1
    assert res.stderr == (
        f"jailhouse cell {sub}: the driver does not know this request "
        "(no cell with ID 2) [ENOTTY]; hint: use jailhouse.ko and the CLI "
        "from the same build\n")


def test_numeric_id_needs_no_sysfs(cli):
    res = run(cli, "cell", "start", "7", device="/dev/null")
    assert res.returncode == 1 and "[ENOTTY]" in res.stderr


def test_missing_device(cli, sysfs):
    res = run(cli, "cell", "destroy", "demo", sysfs=sysfs)
    assert res.returncode == 1
    assert f"cannot open {NODEV}" in res.stderr
    assert "hint: is jailhouse.ko loaded?" in res.stderr


# ---- create ----

def test_create_missing_file(cli, tmp_path):
    res = run(cli, "cell", "create", tmp_path / "nope.cell")
    assert res.returncode == 1
    assert "jailhouse cell create: cannot read" in res.stderr


def test_create_too_large(cli, tmp_path):
    big = tmp_path / "big.cell"
    big.write_bytes(b"\x00" * (1024 * 1024 + 1))
    res = run(cli, "cell", "create", big)
    assert res.returncode == 1 and "larger than any config" in res.stderr


def test_create_reaches_the_device(cli, tmp_path):
    cfg = tmp_path / "demo.cell"
    cfg.write_bytes(b"JHCONFIG" + b"\x00" * 200)
    res = run(cli, "cell", "create", cfg, device="/dev/null")
    assert res.returncode == 1
    assert res.stderr.startswith("jailhouse cell create: ")
    assert "[ENOTTY]" in res.stderr and res.stdout == ""


# ---- list and stats (from sysfs) ----

def test_list(cli, sysfs):
    res = run(cli, "cell", "list", sysfs=sysfs)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["ID", "Name", "State", "Assigned", "CPUs",
                                "Failed", "CPUs"]
    assert lines[1].split() == ["0", "qemu-arm64", "running", "0-2"]
    assert lines[2].split() == ["2", "demo", "running/locked", "3", "3"]
    assert len(lines) == 3
    # columns line up under the header
    col = lines[0].index("State")
    assert lines[1][col:].startswith("running")
    assert lines[2][col:].startswith("running/locked")


def test_list_sorted_numerically(cli, sysfs):
    d = sysfs / "cells" / "10"
    d.mkdir()
    (d / "name").write_text("ten\n")
    (d / "state").write_text("shut down\n")
    (d / "cpus_assigned_list").write_text("1\n")
    (d / "cpus_failed_list").write_text("\n")
    res = run(cli, "cell", "list", sysfs=sysfs)
    assert [l.split()[0] for l in res.stdout.splitlines()[1:]] == \
        ["0", "2", "10"]
    assert "shut down" in res.stdout


def test_list_unreadable_value(cli, sysfs):
    (sysfs / "cells" / "2" / "state").unlink()
    res = run(cli, "cell", "list", sysfs=sysfs)
    assert res.returncode == 1
    assert res.stdout.splitlines()[2].split()[:3] == ["2", "demo", "?"]
    assert "could not be read" in res.stderr


def test_list_without_sysfs(cli):
    res = run(cli, "cell", "list")
    assert res.returncode == 1
    assert "cannot read /nonexistent/cells" in res.stderr
    assert "insmod jailhouse.ko" in res.stderr


def test_list_empty(cli, tmp_path):
    (tmp_path / "cells").mkdir()
    res = run(cli, "cell", "list", sysfs=tmp_path)
    assert res.returncode == 0 and len(res.stdout.splitlines()) == 1


@pytest.mark.parametrize("cell", ["demo", "2"])
def test_stats(cli, sysfs, cell):
    res = run(cli, "cell", "stats", cell, sysfs=sysfs)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == 'Cell "demo" (ID 2): hypervisor exits by reason'
    assert lines[2].split() == ["Exit", "reason", "CPU", "3", "Total"]
    blank = lines.index("", 3)
    rows = {l.split()[0]: l.split()[1:] for l in lines[3:blank]}
    assert rows["total"] == ["100", "100"]
    assert rows["hvc"] == ["101", "101"]
    assert rows["sgi"] == ["109", "109"]
    assert set(rows) == {"total", "hvc", "smc", "psci", "mmio", "sysreg",
                         "irq", "maintenance", "sgi", "other"}
    # Link doorbells the cell rang that reached no one (sysfs.md).
    assert lines[blank + 1].split() == ["Link", "doorbells", "CPU", "3",
                                        "Total"]
    assert lines[blank + 2].split() == ["dropped", "7", "7"]
    assert len(lines) == blank + 3


def test_stats_doorbells_per_cpu(cli, sysfs):
    """The dropped row reads doorbells_dropped of each CPU and the sum."""
    stats = sysfs / "cells" / "2" / "statistics"
    (stats / "cpu3" / "doorbells_dropped").write_text("5\n")
    (stats / "doorbells_dropped").write_text("18446744073709551615\n")
    res = run(cli, "cell", "stats", "demo", sysfs=sysfs)
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[-1].split() == [
        "dropped", "5", "18446744073709551615"]
    (stats / "cpu3" / "doorbells_dropped").unlink()
    res = run(cli, "cell", "stats", "demo", sysfs=sysfs)
    assert res.returncode == 1 and "could not be read" in res.stderr
    assert res.stdout.splitlines()[-1].split()[:2] == ["dropped", "?"]


def test_stats_several_cpus(cli, sysfs):
    stats = sysfs / "cells" / "0" / "statistics"
    for cpu in (0, 1, 2):
        (stats / f"cpu{cpu}").mkdir(parents=True)
        (stats / f"cpu{cpu}" / "exits_total").write_text(f"{cpu + 1}\n")
    (stats / "exits_total").write_text("6\n")
    res = run(cli, "cell", "stats", "qemu-arm64", sysfs=sysfs)
    assert res.returncode == 1      # the other counters are missing
    lines = res.stdout.splitlines()
    assert lines[2].split() == ["Exit", "reason", "CPU", "0", "CPU", "1",
                                "CPU", "2", "Total"]
    assert lines[3].split() == ["total", "1", "2", "3", "6"]
    assert lines[4].split() == ["hvc", "?", "?", "?", "?"]


def test_stats_unknown_id(cli, sysfs):
    res = run(cli, "cell", "stats", "5", sysfs=sysfs)
    assert res.returncode == 1
    assert "no cell with ID 5" in res.stderr


# ---- bash completion of load ----

def complete(words, cwd, sysfs, cli):
    cmd = (f"source {COMPLETION}; COMP_WORDS=({words}); "
           "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _jailhouse; "
           "printf '%s\\n' \"${COMPREPLY[@]}\"")
    res = subprocess.run(["bash", "-c", cmd], cwd=cwd, capture_output=True,
                         text=True, timeout=10,
                         env=cli_path_env(cli, JAILHOUSE_SYSFS=str(sysfs)))
    assert res.returncode == 0, res.stderr
    return sorted(filter(None, res.stdout.splitlines()))


@pytest.mark.parametrize("words,expected", [
    ("jailhouse cell load ''", ["demo", "qemu-arm64"]),
    ("jailhouse cell load demo ''", ["inmate.bin"]),
    ("jailhouse cell load demo inmate.bin -", ["--address", "--help",
                                               "--name", "--string",
                                               "-a", "-h", "-s"]),
    ("jailhouse cell load demo inmate.bin -a ''", []),
    ("jailhouse cell load demo -s ''", []),
    ("jailhouse cell stats ''", ["demo", "qemu-arm64"]),
    ("jailhouse cell list ''", ["--help", "--json"]),
    ("jailhouse cell stats --name ''", ["demo", "qemu-arm64"]),
    ("jailhouse cell load --name q", ["qemu-arm64"]),
    ("jailhouse cell console demo -", ["--follow", "--help", "--name",
                                       "-f", "-h"]),
])
def test_load_completion(sysfs, tmp_path, cli, words, expected):
    (tmp_path / "inmate.bin").write_text("")
    cwd = tmp_path / "work"
    cwd.mkdir()
    (cwd / "inmate.bin").write_text("")
    assert complete(words, cwd, sysfs, cli) == expected


# ---- console (cells/<id>/console, the cell's emulated UART) ----


def test_cell_console_prints_the_ring(cli, sysfs):
    text = "hello from the cell\nsecond line\n"
    (sysfs / "cells" / "2" / "console").write_text(text)
    for cell in ("demo", "2"):
        res = run(cli, "cell", "console", cell, sysfs=sysfs)
        assert res.returncode == 0, res.stderr
        assert res.stdout == text


def test_cell_console_without_uart(cli, sysfs):
    res = run(cli, "cell", "console", "demo", sysfs=sysfs)
    assert res.returncode == 1
    assert "jailhouse cell console: cell demo has no console" in res.stderr
    assert "hint: only cells with a uart" in res.stderr


@pytest.mark.parametrize("args,message", [
    ([], "missing CELL"),
    (["demo", "-x"], "unknown option '-x'"),
    (["demo", "-f", "x"], "too many arguments"),
    (["--name", "demo", "x"], "too many arguments"),
])
def test_cell_console_usage(cli, sysfs, args, message):
    res = run(cli, "cell", "console", *args, sysfs=sysfs)
    assert res.returncode != 0
    assert message in res.stderr
