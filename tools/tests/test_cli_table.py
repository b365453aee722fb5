# SPDX-License-Identifier: GPL-2.0
"""The jailhouse CLI's command table: --help everywhere, completion words
the CLI accepts, --json output, --name, --version, console --follow.

Runs the CLI built for the host against a fake sysfs tree (see
test_cell_cli.py)."""
import json
import os
import signal
import subprocess
import time

import pytest

from test_cell_cli import cli, cli_path_env, run, sysfs  # noqa: F401

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def words_after(cli, *typed):
    """`jailhouse --complete-words TYPED...` as (word, placeholder) pairs."""
    res = subprocess.run([cli, "--complete-words", *typed],
                         capture_output=True, text=True, timeout=10)
    assert res.returncode == 0 and res.stderr == ""
    return [tuple((line.split("\t") + [""])[:2])
            for line in res.stdout.splitlines()]


def completion_paths(cli, typed=()):
    """Every (verb path, offered word, its placeholder) reachable."""
    for word, value in words_after(cli, *typed):
        yield typed, word, value
        if not word.startswith("-"):
            yield from completion_paths(cli, typed + (word,))


def test_completion_tree_is_complete(cli):
    paths = {" ".join(t + (w,)) for t, w, _ in completion_paths(cli)}
    for expected in ("cell load --name", "cell load -a", "cell stats --json",
                     "cell list --json", "console --follow", "console -f",
                     "--version", "config create --dtb", "cell linux -i",
                     "enable --help", "config build -o"):
        assert expected in paths
    assert not any("complete-words" in p for p in paths)


def test_every_completion_word_is_accepted(cli):
    """A verb or option offered by the completion never makes the CLI
    report a usage error: WORD [VALUE] --help shows help (exit 0)."""
    env = cli_path_env(cli, JAILHOUSE_SYSFS="/nonexistent",
                       JAILHOUSE_DEVICE="/nonexistent")
    checked = 0
    for typed, word, value in completion_paths(cli):
        argv = [cli, *typed, word] + ([value] if value else [])
        if word != "--version":
            argv.append("--help")
        res = subprocess.run(argv, capture_output=True, text=True,
                             timeout=60, env=env)
        assert res.returncode == EXIT_OK, (argv[1:], res.stderr)
        assert res.stdout, argv[1:]
        checked += 1
    assert checked > 60


def test_complete_words_wants_a_value(cli):
    assert words_after(cli, "cell", "load", "demo", "img", "-a") == \
        [("=ADDR", "")]
    assert words_after(cli, "cell", "stats", "--name") == [("=NAME", "")]
    # a value given: options again, no verbs after an argument
    words = [w for w, _ in words_after(cli, "cell", "stats", "--name", "x")]
    assert "--json" in words and "list" not in words


def leaf_commands(cli, typed=()):
    verbs = [w for w, _ in words_after(cli, *typed) if not w.startswith("-")]
    if not verbs and typed:
        yield typed
    for verb in verbs:
        yield from leaf_commands(cli, typed + (verb,))


def test_help_on_every_verb(cli):
    leaves = list(leaf_commands(cli))
    assert ("cell", "stats") in leaves and ("disable",) in leaves
    for typed in leaves:
        if typed[0] == "config":
            continue    # the Python tool's own argparse help
        for flag in ("--help", "-h"):
            res = run(cli, *typed, flag)
            assert res.returncode == EXIT_OK, typed
            assert res.stdout.startswith("Usage: jailhouse " +
                                         " ".join(typed)), typed
            assert "Exit status: 0 success, 1 the operation failed, 2 " \
                "usage error" in res.stdout
            assert res.stderr == ""


@pytest.mark.parametrize("args", [
    ["enable"], ["enable", "a", "b"], ["disable", "x"], ["console", "x"],
    ["console", "--bogus"], ["cell", "list", "--name", "x"],
    ["cell", "create", "--json", "x"], ["--bogus"], ["--version", "x"],
    ["cell", "start", "--name"],
])
def test_usage_errors_exit_2(cli, args):
    res = run(cli, *args)
    assert res.returncode == EXIT_USAGE, res.stderr
    assert "Usage: jailhouse" in res.stderr and res.stdout == ""


def test_version(cli):
    res = run(cli, "--version")
    assert res.returncode == EXIT_OK
    assert res.stdout.startswith("jailhouse ") and len(res.stdout.split()) == 2


# ---- --json ----

def test_list_json(cli, sysfs):
    res = run(cli, "cell", "list", "--json", sysfs=sysfs)
    assert res.returncode == EXIT_OK, res.stderr
    assert json.loads(res.stdout) == [
        {"id": 0, "name": "qemu-arm64", "state": "running",
         "cpus_assigned_list": "0-2", "cpus_failed_list": ""},
        {"id": 2, "name": "demo", "state": "running/locked",
         "cpus_assigned_list": "3", "cpus_failed_list": "3"},
    ]


def test_list_json_escapes_names(cli, sysfs):
    name = 'q"uo\\te\tx\x7f\xe9'
    (sysfs / "cells" / "2" / "name").write_bytes(name.encode("latin-1")
                                                 + b"\n")
    res = subprocess.run([cli, "cell", "list", "--json"], capture_output=True,
                         timeout=10, env=dict(os.environ,
                                              JAILHOUSE_SYSFS=str(sysfs)))
    assert res.returncode == EXIT_OK
    assert json.loads(res.stdout)[1]["name"] == name


def test_list_json_unreadable_is_null(cli, sysfs):
    os.unlink(sysfs / "cells" / "2" / "state")
    res = run(cli, "cell", "list", "--json", sysfs=sysfs)
    assert res.returncode == EXIT_FAIL
    cells = json.loads(res.stdout)
    assert cells[1]["state"] is None and cells[1]["name"] == "demo"
    assert "could not be read" in res.stderr


def test_list_json_empty(cli, tmp_path):
    (tmp_path / "cells").mkdir()
    res = run(cli, "cell", "list", "--json", sysfs=tmp_path)
    assert res.returncode == EXIT_OK and json.loads(res.stdout) == []


EXITS = {"total": 100, "hvc": 101, "smc": 102, "psci": 103, "mmio": 104,
         "sysreg": 105, "irq": 106, "other": 107, "maintenance": 108,
         "sgi": 109}


@pytest.mark.parametrize("cell", [["demo"], ["2"], ["--name", "demo"],
                                  ["--json", "demo"]])
def test_stats_json(cli, sysfs, cell):
    args = cell if "--json" in cell else cell + ["--json"]
    res = run(cli, "cell", "stats", *args, sysfs=sysfs)
    assert res.returncode == EXIT_OK, res.stderr
    assert json.loads(res.stdout) == {"id": 2, "name": "demo",
                                      "exits": EXITS,
                                      "doorbells_dropped": 7,
                                      "cpus": {"3": EXITS}}


def test_stats_json_doorbells(cli, sysfs):
    """The cell's dropped doorbells, its own key; null if unreadable."""
    stats = sysfs / "cells" / "2" / "statistics"
    (stats / "doorbells_dropped").write_text("12345\n")
    res = run(cli, "cell", "stats", "demo", "--json", sysfs=sysfs)
    assert res.returncode == EXIT_OK, res.stderr
    assert json.loads(res.stdout)["doorbells_dropped"] == 12345
    (stats / "doorbells_dropped").unlink()
    res = run(cli, "cell", "stats", "demo", "--json", sysfs=sysfs)
    assert res.returncode == EXIT_FAIL
    assert json.loads(res.stdout)["doorbells_dropped"] is None


def test_stats_json_bad_counter(cli, sysfs):
    (sysfs / "cells" / "2" / "statistics" / "cpu3" / "exits_hvc").write_text(
        "12abc\n")
    res = run(cli, "cell", "stats", "demo", "--json", sysfs=sysfs)
    assert res.returncode == EXIT_FAIL
    stats = json.loads(res.stdout)
    assert stats["cpus"]["3"]["hvc"] is None
    assert stats["cpus"]["3"]["smc"] == 102


def test_stats_json_no_cpus(cli, sysfs):
    for f in (sysfs / "cells" / "2" / "statistics" / "cpu3").iterdir():
        f.unlink()
    (sysfs / "cells" / "2" / "statistics" / "cpu3").rmdir()
    res = run(cli, "cell", "stats", "demo", "--json", sysfs=sysfs)
    assert res.returncode == EXIT_OK
    assert json.loads(res.stdout)["cpus"] == {}


# ---- --name ----

@pytest.fixture
def digit_named(sysfs):
    """Cell ID 5 named "2" beside cell ID 2 named "demo"."""
    src = sysfs / "cells" / "2"
    dst = sysfs / "cells" / "5"
    subprocess.run(["cp", "-r", str(src), str(dst)], check=True)
    (dst / "name").write_text("2\n")
    return sysfs


def test_name_forces_a_name(cli, digit_named):
    res = run(cli, "cell", "stats", "--name", "2", sysfs=digit_named)
    assert res.stdout.startswith('Cell "2" (ID 5)'), res.stderr
    res = run(cli, "cell", "stats", "--name=2", sysfs=digit_named)
    assert res.stdout.startswith('Cell "2" (ID 5)'), res.stderr
    res = run(cli, "cell", "stats", "2", sysfs=digit_named)
    assert res.stdout.startswith('Cell "demo" (ID 2)'), res.stderr


@pytest.mark.parametrize("sub", ["start", "shutdown", "destroy", "console",
                                 "stats"])
def test_name_unknown(cli, sysfs, sub):
    res = run(cli, "cell", sub, "--name", "7", sysfs=sysfs)
    assert res.returncode == EXIT_FAIL
    assert 'no cell named "7"' in res.stderr


def test_load_by_name(cli, sysfs, tmp_path):
    img = tmp_path / "img"
    img.write_bytes(b"x")
    res = run(cli, "cell", "load", "--name", "nosuch", img, "-a", "0",
              sysfs=sysfs)
    assert res.returncode == EXIT_FAIL
    assert 'no cell named "nosuch"' in res.stderr


def test_console_by_name(cli, sysfs):
    (sysfs / "cells" / "2" / "console").write_text("hi\n")
    res = run(cli, "cell", "console", "--name", "demo", sysfs=sysfs)
    assert res.returncode == EXIT_OK and res.stdout == "hi\n"


# ---- console --follow ----

@pytest.mark.parametrize("flag", ["-f", "--follow"])
def test_console_follow(cli, tmp_path, flag):
    ring = tmp_path / "console"
    ring.write_text("first\n")
    proc = subprocess.Popen([cli, "console", flag], stdout=subprocess.PIPE,
                            text=True, env=dict(os.environ,
                                                JAILHOUSE_DEVICE=str(ring)))
    try:
        time.sleep(0.5)
        with open(ring, "a") as f:
            f.write("second\n")
        time.sleep(0.5)
        assert proc.poll() is None      # still following
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode == EXIT_OK
    assert out == "first\nsecond\n"


def test_console_without_follow_returns(cli, tmp_path):
    ring = tmp_path / "console"
    ring.write_text("only\n")
    res = run(cli, "console", device=ring)
    assert res.returncode == EXIT_OK and res.stdout == "only\n"
