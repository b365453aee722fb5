# SPDX-License-Identifier: GPL-2.0
"""Command line: jailhouse-config build|show|check|create."""
import argparse
import os
import sys

from . import binfmt, checks, emit
from .findings import ConfigError
from .loader import load_config, read_config

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def _read(path, check=True, yaml_only=False):
    try:
        if check:
            return read_config(path, yaml_only)
        return load_config(path, yaml_only)
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror}") from None


def _report(findings):
    for finding in findings:
        print(finding, file=sys.stderr)
    return EXIT_FINDINGS if findings else EXIT_OK


def cmd_build(args):
    config = _read(args.input, yaml_only=True)
    image = binfmt.encode(config)
    out = args.output or os.path.splitext(args.input)[0] + ".cell"
    if os.path.abspath(out) == os.path.abspath(args.input):
        raise UsageError(f"output {out} would overwrite the input")
    try:
        with open(out + ".tmp", "wb") as f:
            f.write(image)
        os.replace(out + ".tmp", out)
    except OSError as err:
        raise UsageError(f"cannot write {out}: {err.strerror}") from None
    return EXIT_OK


def cmd_show(args):
    config = _read(args.input)
    header = [f"shown from {os.path.basename(args.input)} by jailhouse-config",
              "region names are not stored in binary configs"]
    sys.stdout.write(emit.to_yaml(config, header))
    return EXIT_OK


def cmd_check(args):
    configs, findings = [], []
    for path in args.files:
        try:
            config = _read(path, check=False)
        except ConfigError as err:
            findings += err.findings
            continue
        configs.append(config)
        findings += checks.check_config(config)
    systems = [c for c in configs if c.kind == "system"]
    if len(systems) > 1:
        raise UsageError("more than one system config given: "
                         + ", ".join(c.path for c in systems))
    if systems and configs[0] is not systems[0]:
        raise UsageError("give the system config first")
    if systems:
        findings += checks.check_set(systems[0],
                                     [c for c in configs if c.kind == "cell"])
    status = _report(findings)
    if status == EXIT_OK:
        what = "with the system config" if systems else "(no system config: " \
            "cross-cell checks skipped)"
        print(f"ok: {len(configs)} config(s) consistent {what}")
    return status


def cmd_create(args):
    from . import create
    return create.run(args)


def _parser():
    parser = argparse.ArgumentParser(
        prog="jailhouse-config",
        description="Build, show, check and create jailhouse configs.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    p = sub.add_parser("build", help="compile YAML into a binary .cell")
    p.add_argument("input", metavar="IN.yaml")
    p.add_argument("-o", "--output", metavar="OUT.cell")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("show", help="print a .cell (or .yaml) as YAML")
    p.add_argument("input", metavar="FILE")
    p.set_defaults(func=cmd_show)
    p = sub.add_parser("check", help="check a system config and cells")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="SYSTEM.yaml|.cell followed by CELL.yaml|.cell ...")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("create", help="write a system config for this "
                       "machine (arm64)")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--dtb", metavar="FILE", help="read a device tree blob")
    src.add_argument("--root", metavar="DIR", default="/",
                     help="root of a running system (default /)")
    p.add_argument("--mem-hv", metavar="SIZE", default="4M")
    p.add_argument("--mem-inmates", metavar="SIZE")
    p.add_argument("-o", "--output", metavar="OUT.yaml")
    p.set_defaults(func=cmd_create)
    return parser


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as err:
        return _report(err.findings)
    except UsageError as err:
        print(f"jailhouse-config: {err}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
