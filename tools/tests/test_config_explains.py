# SPDX-License-Identifier: GPL-2.0
"""jailhouse-config explains instead of crashing: missing Python modules,
damaged device trees, YAML merge keys, binary files where YAML belongs."""
import os
import random
import struct
import subprocess
import sys

import pytest

from conftest import CLI, REPO, run, run_script
from test_create import dump_dtb

CELL_A = os.path.join(REPO, "configs", "qemu-arm64-cell-a.yaml")


# ---- missing PyYAML / jsonschema ----

@pytest.mark.parametrize("hidden,package", [
    (["yaml"], "python3-yaml"),
    (["jsonschema"], "python3-jsonschema"),
    (["yaml", "jsonschema"], "python3-yaml python3-jsonschema"),
])
@pytest.mark.parametrize("args", [["build", CELL_A], ["--help"],
                                  ["check", CELL_A]])
def test_missing_module_is_explained(tmp_path, hidden, package, args):
    # A module that fails to import, found before the real one.
    for module in hidden:
        (tmp_path / f"{module}.py").write_text(
            f'raise ImportError("No module named {module}")\n')
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    res = subprocess.run([sys.executable, CLI, *args], capture_output=True,
                         text=True, timeout=60, env=env, cwd=tmp_path)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert f"apt install {package}" in res.stderr
    assert res.stdout == ""


def test_modules_present_runs(tmp_path):
    res = run_script("check", CELL_A, cwd=tmp_path)
    assert res.returncode == 0, res.stderr


# ---- a damaged device tree for create ----

def test_corrupt_dtb_truncated(tmp_path):
    data = open(dump_dtb(3, 4, "1G"), "rb").read()
    bad = tmp_path / "bad.dtb"
    bad.write_bytes(data[:len(data) // 2])
    res = run("create", "--dtb", bad)
    assert res.returncode == 1
    assert "truncated blob" in res.stderr


def test_corrupt_dtb_block_outside(tmp_path):
    data = bytearray(open(dump_dtb(3, 4, "1G"), "rb").read())
    struct.pack_into(">I", data, 12, len(data) - 4)     # off_dt_strings
    bad = tmp_path / "bad.dtb"
    bad.write_bytes(bytes(data))
    res = run("create", "--dtb", bad)
    assert res.returncode == 1
    assert "corrupt device tree blob" in res.stderr


def test_corrupt_dtb_fuzz(tmp_path):
    """Random damage: always an exit status and a message, no exception
    (conftest.run lets exceptions through, so one fails the test)."""
    data = open(dump_dtb(3, 4, "1G"), "rb").read()
    rng = random.Random(12)
    bad = tmp_path / "bad.dtb"
    for _ in range(300):
        blob = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            pos = rng.randrange(len(blob)) if rng.random() < 0.7 \
                else rng.randrange(40)
            blob[pos] = rng.randrange(256)
        bad.write_bytes(bytes(blob))
        res = run("create", "--dtb", bad)
        assert res.returncode in (0, 1, 2)
        if res.returncode:
            assert "jailhouse-config: create:" in res.stderr or \
                "error:" in res.stderr


# ---- YAML merge keys ----

MERGE_CELL = """\
cell:
  name: merged
  cpus: "1"
  entry: 0x0
  memory:
    - &ram {name: ram, phys: 0x7040_0000, virt: 0x0, size: 1M,
            flags: [read, write, execute, loadable]}
    - <<: *ram
      name: ram2
      phys: 0x7050_0000
      virt: 0x10_0000
"""


def test_merge_key_overrides(tmp_path):
    src = tmp_path / "m.yaml"
    src.write_text(MERGE_CELL)
    res = run("build", src, "-o", tmp_path / "m.cell")
    assert res.returncode == 0, res.stderr
    res = run("show", tmp_path / "m.cell")
    assert res.returncode == 0
    assert "phys: 0x7050_0000" in res.stdout.replace("0x70500000",
                                                     "0x7050_0000")
    assert res.stdout.count("size: 1M") == 2 or \
        res.stdout.count("0x100000") >= 2


def test_duplicate_key_still_refused(tmp_path):
    src = tmp_path / "d.yaml"
    src.write_text(MERGE_CELL + "      name: ram3\n")
    res = run("build", src)
    assert res.returncode == 1
    assert "duplicate key 'name'" in res.stderr


# ---- binary files where YAML is expected ----

def jailhouse_binary(sig, rev=13):
    return sig + struct.pack("<H", rev) + b"\0" * 120


@pytest.mark.parametrize("sig,kind", [(b"JHSYST", "system"),
                                      (b"JHCELL", "cell")])
@pytest.mark.parametrize("verb", ["build", "show", "check"])
def test_original_jailhouse_config(tmp_path, sig, kind, verb):
    f = tmp_path / "old.cell"
    f.write_bytes(jailhouse_binary(sig))
    res = run(verb, f)
    assert res.returncode == 1
    assert f"binary {kind} config of the original Jailhouse project" \
        in res.stderr
    assert "revision 13" in res.stderr
    assert "Traceback" not in res.stderr


def test_compiled_config_to_build(tmp_path):
    cell = tmp_path / "a.cell"
    assert run("build", CELL_A, "-o", cell).returncode == 0
    res = run("build", cell, "-o", tmp_path / "b.cell")
    assert res.returncode == 1
    assert "already a compiled config of this hypervisor" in res.stderr
    assert "jailhouse config show" in res.stderr
    # where a binary is fine, it still is
    assert run("show", cell).returncode == 0
    assert run("check", cell).returncode == 0


def test_dtb_as_config(tmp_path):
    res = run("build", dump_dtb(3, 4, "1G"))
    assert res.returncode == 1
    assert "a device tree blob, not a config" in res.stderr
    assert "create --dtb" in res.stderr
