# SPDX-License-Identifier: GPL-2.0
"""Every source, build, script, config and man page file states its
license as an SPDX identifier in its first lines (second after a #! line),
using only the identifiers COPYING allows, each with its text in
LICENSES/."""
import os
import re
import subprocess

from conftest import REPO

ALLOWED = {"GPL-2.0", "GPL-2.0 OR BSD-2-Clause"}
LICENSE_FILES = {"GPL-2.0": "GPL-2.0.txt", "BSD-2-Clause": "BSD-2-Clause.txt"}
# File kinds that must carry a tag: they can hold a comment.
SUFFIXES = (".c", ".h", ".S", ".py", ".sh", ".lds", ".mk", ".bash", ".dts",
            ".yaml", ".in", ".list", ".1", ".8")
NAMES = ("Makefile", "Kbuild", "rules", "postinst", "prerm")
# Data that cannot carry a comment, or text that is not code.
EXEMPT_DIRS = ("hypervisor/tests/fuzz/corpus", "LICENSES/")
TAG = re.compile(r"SPDX-License-Identifier: (.+?)\s*(\*/|-->)?\s*$")


def candidates():
    try:
        out = subprocess.run(
            ["git", "-C", REPO, "ls-files", "--cached", "--others",
             "--exclude-standard"], check=True, capture_output=True,
            text=True).stdout.split("\n")
        files = [f for f in out if f and os.path.isfile(os.path.join(REPO, f))]
    except (OSError, subprocess.CalledProcessError):
        # A tarball: walk the tree, leaving out the build output.
        files = [os.path.relpath(os.path.join(r, f), REPO)
                 for r, dirs, fs in os.walk(REPO)
                 if not os.path.relpath(r, REPO).startswith("build")
                 for f in fs]
    for f in files:
        if f.startswith(EXEMPT_DIRS):
            continue
        base = os.path.basename(f)
        if f.endswith(SUFFIXES) or base in NAMES or is_script(f):
            yield f


def is_script(f):
    with open(os.path.join(REPO, f), "rb") as fh:
        return fh.read(2) == b"#!"


def spdx_of(path):
    with open(os.path.join(REPO, path), errors="replace") as f:
        head = [next(f, "") for _ in range(3)]
    for line in head:
        m = TAG.search(line)
        if m:
            return m.group(1).strip()
    return None


def test_every_file_has_an_allowed_tag():
    files = list(candidates())
    assert len(files) > 100
    missing = [f for f in files if spdx_of(f) is None]
    assert missing == [], "no SPDX-License-Identifier in the first lines"
    wrong = {f: spdx_of(f) for f in files if spdx_of(f) not in ALLOWED}
    assert wrong == {}


def test_license_texts():
    for ident, name in LICENSE_FILES.items():
        with open(os.path.join(REPO, "LICENSES", name)) as f:
            text = f.read()
        assert text.startswith(f"Valid-License-Identifier: {ident}\n")
    with open(os.path.join(REPO, "LICENSES", "GPL-2.0.txt")) as f:
        assert "GNU GENERAL PUBLIC LICENSE\n" in f.read().replace(
            "                    ", "")
    with open(os.path.join(REPO, "COPYING")) as f:
        copying = f.read()
    for ident in ALLOWED:
        assert f"SPDX-License-Identifier: {ident}\n" in copying


def test_checker_catches_a_missing_tag(tmp_path, monkeypatch):
    """The scan itself works: a file without a tag is found."""
    import test_spdx
    bad = tmp_path / "x.c"
    bad.write_text("int x;\n")
    monkeypatch.setattr(test_spdx, "REPO", str(tmp_path))
    assert test_spdx.spdx_of("x.c") is None
    (tmp_path / "y.c").write_text("// SPDX-License-Identifier: MIT\n")
    assert test_spdx.spdx_of("y.c") == "MIT"
