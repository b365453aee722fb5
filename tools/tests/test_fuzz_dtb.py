# SPDX-License-Identifier: GPL-2.0
"""The -d DTB fuzzer (tools/fuzz): it builds from the CLI's sources, every
seed of tools/fuzz/corpus-dtb passes its invariants (the regress-* seeds
are inputs that once broke them), and ci/fuzz.sh runs it."""
import os
import re
import shutil
import subprocess

import pytest

from conftest import REPO

FUZZ = os.path.join(REPO, "tools", "fuzz")
CORPUS = os.path.join(FUZZ, "corpus-dtb")


@pytest.fixture(scope="module")
def fuzzer(tmp_path_factory):
    if not shutil.which("clang-14"):
        pytest.skip("no clang-14")
    out = tmp_path_factory.mktemp("fuzz")
    res = subprocess.run(["make", "-s", "-C", FUZZ, f"O={out}"],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    return str(out / "fuzz" / "fuzz_dtb")


def replay(fuzzer, *inputs):
    return subprocess.run([fuzzer, *map(str, inputs)], capture_output=True,
                          text=True, timeout=120)


def test_corpus_replays_clean(fuzzer):
    seeds = sorted(os.listdir(CORPUS))
    assert any(s.startswith("gen-qemu-arm64-linux-virtio") for s in seeds)
    assert any(s.startswith("bad-") for s in seeds)
    assert "regress-only-fdt-end" in seeds
    res = replay(fuzzer, *[os.path.join(CORPUS, s) for s in seeds])
    assert res.returncode == 0, res.stderr[-3000:]
    assert res.stderr.count("Executed ") == len(seeds)


def test_fuzz_sh_runs_it():
    with open(os.path.join(REPO, "ci", "fuzz.sh")) as f:
        text = f.read()
    default = re.search(r"^FUZZERS=\$\{FUZZERS:-([^}]*)\}", text, re.M)
    assert default and "dtb" in default.group(1).split()
    assert "dtb) echo \"$TOP/tools/fuzz/corpus-dtb\"" in text
    assert 'make -s -C "$TOP/tools/fuzz" O="$OUT/obj"' in text
