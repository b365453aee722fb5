# SPDX-License-Identifier: GPL-2.0
"""Shared helpers for the jailhouse-config tests."""
import contextlib
import io
import os
import subprocess
import sys

import pytest

TESTS = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.dirname(TESTS)
REPO = os.path.dirname(TOOLS)
CLI = os.path.join(TOOLS, "jailhouse-config")
sys.path.insert(0, TOOLS)


class Result:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run(*args, cwd=REPO):
    """Run the CLI in this process (fast); same argv, output and exit code
    as the script. argparse usage errors exit through SystemExit."""
    from jhconfig.cli import main
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(a) for a in args])
            except SystemExit as exc:
                code = exc.code
    finally:
        os.chdir(old)
    return Result(code, out.getvalue(), err.getvalue())


def run_script(*args, cwd=REPO):
    """Run the script by absolute path, as the C front end does."""
    return subprocess.run([sys.executable, CLI, *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def cli():
    return run
