# SPDX-License-Identifier: GPL-2.0
"""Where things are: the repository, BUILD, the scenario scripts."""
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CI = os.path.join(TOP, "ci")
SCENARIOS = os.path.join(CI, "scenarios")
PYTHON = os.environ.get("PYTHON", "/usr/bin/python3")


def build_dir():
    return os.environ.get("BUILD") or os.path.join(TOP, "build")


def rel(path):
    """PATH relative to the repository when inside it (for messages)."""
    path = os.path.abspath(path)
    return path[len(TOP) + 1:] if path.startswith(TOP + os.sep) else path


def read_log(path):
    """A console log as text, byte for byte (latin-1), CRs dropped."""
    try:
        with open(path, "rb") as src:
            data = src.read()
    except OSError:
        return ""
    return data.decode("latin-1").replace("\r", "")


def scenario_text(name):
    try:
        with open(os.path.join(SCENARIOS, name + ".sh"), encoding="utf-8") as src:
            return src.read()
    except OSError:
        return ""


def scenario_list(name, var):
    """The non-empty lines of a scenario's VAR="..." list (may span
    lines), in order: the host reads them from the scenario file."""
    out, on = [], False
    for line in scenario_text(name).split("\n"):
        if not on:
            if not line.startswith(var + '="'):
                continue
            on, line = True, line[len(var) + 2:]
        end = line.endswith('"')
        if end:
            line = line[:-1]
        if line:
            out.append(line)
        if end:
            break
    return out


def jhtest_cmd():
    """How to start this package in a child process."""
    return [PYTHON, "-m", "jhtest"]


def child_env(**extra):
    env = dict(os.environ, **{k: str(v) for k, v in extra.items()})
    path = env.get("PYTHONPATH", "")
    env["PYTHONPATH"] = CI + (os.pathsep + path if path else "")
    return env


def exit_status_of(text):
    """QEMU's exit status from the JHHOST EXIT line ci/qemu.sh appends,
    or None."""
    found = re.findall(r"^JHHOST EXIT (\d+)", text, re.M)
    return int(found[-1]) if found else None


def err(msg):
    print(msg, file=sys.stderr)
