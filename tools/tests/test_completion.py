# SPDX-License-Identifier: GPL-2.0
"""Bash completion: candidates offered for jailhouse command lines."""
import os
import subprocess

import pytest

from conftest import TOOLS
from test_cell_cli import cli, cli_path_env  # noqa: F401 (fixture)

SCRIPT = os.path.join(TOOLS, "jailhouse-completion.bash")


def complete(words, cwd, cli, sysfs="/nonexistent"):
    cmd = (f"source {SCRIPT}; COMP_WORDS=({words}); "
           "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _jailhouse; "
           "printf '%s\\n' \"${COMPREPLY[@]}\"")
    res = subprocess.run(["bash", "-c", cmd], cwd=cwd, capture_output=True,
                         text=True, timeout=10,
                         env=cli_path_env(cli, JAILHOUSE_SYSFS=str(sysfs)))
    assert res.returncode == 0, res.stderr
    return sorted(filter(None, res.stdout.splitlines()))


@pytest.fixture
def files(tmp_path):
    for name in ("sys.cell", "demo.yaml", "virt.dtb", "notes.txt"):
        (tmp_path / name).write_text("")
    return tmp_path


@pytest.mark.parametrize("words,expected", [
    ("jailhouse ''", ["cell", "config", "console", "disable", "enable"]),
    ("jailhouse -", ["--help", "--version", "-h"]),
    ("jailhouse c", ["cell", "config", "console"]),
    ("jailhouse enable ''", ["sys.cell"]),
    ("jailhouse console ''", ["--follow", "--help"]),
    ("jailhouse console -", ["--follow", "--help", "-f", "-h"]),
    ("jailhouse cell ''", ["console", "create", "destroy", "linux", "list",
                           "load", "shutdown", "start", "stats"]),
    ("jailhouse cell create ''", ["sys.cell"]),
    ("jailhouse config ''", ["build", "check", "create", "show"]),
    ("jailhouse config build ''", ["demo.yaml"]),
    ("jailhouse config build demo.yaml -", ["--help", "--output", "-h",
                                            "-o"]),
    ("jailhouse config show ''", ["demo.yaml", "sys.cell"]),
    ("jailhouse config check sys.cell ''", ["demo.yaml", "sys.cell"]),
    ("jailhouse config create --dtb ''", ["virt.dtb"]),
    ("jailhouse config create -", ["--dtb", "--help", "--mem-hv",
                                   "--mem-inmates", "--output", "--root",
                                   "-h", "-o"]),
])
def test_candidates(files, cli, words, expected):
    assert complete(words, files, cli) == expected


def test_cell_names_from_sysfs(files, cli, tmp_path_factory):
    sysfs = tmp_path_factory.mktemp("sysfs")
    for n, name in enumerate(("demo", "linux-guest")):
        cell = sysfs / "cells" / str(n + 1)
        cell.mkdir(parents=True)
        (cell / "name").write_text(name + "\n")
    assert complete("jailhouse cell start ''", files, cli, sysfs) == \
        ["demo", "linux-guest"]
    assert complete("jailhouse cell shutdown l", files, cli, sysfs) == \
        ["linux-guest"]
    # no cells to offer: the options
    assert complete("jailhouse cell start ''", files, cli) == \
        ["--help", "--name"]
