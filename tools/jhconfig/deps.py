# SPDX-License-Identifier: GPL-2.0
"""The third-party modules jailhouse-config needs, checked before use.

Imported before anything that needs them, so a machine without them gets
one line naming the Debian package instead of an ImportError traceback.
"""
import importlib
import sys

# (module, what it is, Debian package)
NEEDED = (("yaml", "PyYAML", "python3-yaml"),
          ("jsonschema", "jsonschema", "python3-jsonschema"))
EXIT_MISSING = 2


def missing():
    """The NEEDED entries that cannot be imported."""
    gone = []
    for module, name, package in NEEDED:
        try:
            importlib.import_module(module)
        except ImportError:
            gone.append((module, name, package))
    return gone


def check(prog="jailhouse-config"):
    """0, or EXIT_MISSING after saying what to install."""
    gone = missing()
    if not gone:
        return 0
    names = " and ".join(name for _, name, _ in gone)
    packages = " ".join(package for _, _, package in gone)
    print(f"{prog}: needs the Python module{'s' if len(gone) > 1 else ''} "
          f"{names}, not found for {sys.executable}\n"
          f"  hint: apt install {packages} (Debian/Ubuntu), or "
          f"pip install {' '.join(n for _, n, _ in gone)}", file=sys.stderr)
    return EXIT_MISSING
