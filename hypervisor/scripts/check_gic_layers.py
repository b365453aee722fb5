#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that the arm64 GIC code depends one way (Documentation/porting.md).

    gicv3.c   hardware driver: GIC registers, nothing about cells
    vgic.c    pure emulation: everything through struct vgic_ops
    irqchip*  cell policy: uses both, neither calls back into it

usage: check_gic_layers.py --src ARCH_DIR [--objs OBJ_DIR --nm NM]

--src checks the sources (includes, names used outside comments).
--objs also checks the compiled objects with nm: vgic.o and gicv3.o may
not reference any symbol defined elsewhere, so not even a new call through
a declaration someone added later slips through, and the policy files
call only down their own order (irqchip_mmio -> irqchip_cpu -> irqchip).
Exit 1 and one line per violation if the layering is broken.
"""
import argparse
import os
import re
import subprocess
import sys

# What each bottom layer may include: its own headers and plain types.
ALLOWED_INCLUDES = {
    "vgic.c": {"hv/types.h", "hv/mmio.h", "asm/vgic.h", "asm/gic_regs.h"},
    "gicv3.c": {"hv/types.h", "asm/gicv3.h", "asm/gic_regs.h",
                "asm/sysreg.h"},
    "include/asm/vgic.h": {"hv/types.h", "hv/mmio.h", "asm/gic_regs.h"},
    "include/asm/gicv3.h": {"hv/types.h", "asm/gic_regs.h"},
    "include/asm/gic_regs.h": set(),
}

# Names a bottom layer must not use (outside comments): the layers above
# it, cells and CPUs.
FORBIDDEN_NAMES = {
    "vgic.c": [r"\bgicv3_\w+", r"\birqchip_\w+", r"\bper_cpu\b",
               r"\broot_cell\b", r"\bspin_lock\b"],
    "gicv3.c": [r"\bstruct\s+cell\b", r"->\s*cell\b", r"\broot_cell\b",
                r"\birqchip_\w+", r"\bvgic_\w+", r"\bper_cpu\b"],
    "include/asm/gicv3.h": [r"\bstruct\s+cell\b", r"\bper_cpu\b",
                            r"\birqchip_\w+", r"\bvgic_\w+"],
    "include/asm/vgic.h": [r"\bgicv3_\w+", r"\birqchip_\w+",
                           r"\bper_cpu\b"],
}

# GIC system registers (names and raw encodings): gicv3.c's alone.
SYSREG = re.compile(r"\bIC[CH]_\w+_EL[12]\b|\bS3_[0-7]_C12_C\d+_\d\b")
SYSREG_OWNER = "gicv3.c"

# Objects that must not reference any symbol from elsewhere.
LEAF_OBJECTS = ["vgic.o", "gicv3.o"]
# Top to bottom: each may use only symbols of the objects after it.
OBJECT_ORDER = ["irqchip_mmio.o", "irqchip_cpu.o", "irqchip.o"] + LEAF_OBJECTS

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)


def strip_comments(text):
    """Comments may name anything; keep line numbers for the messages."""
    return COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def line_of(text, pos):
    return text.count("\n", 0, pos) + 1


def check_includes(rel, text):
    errors = []
    for m in INCLUDE.finditer(text):
        if m.group(1) not in ALLOWED_INCLUDES[rel]:
            errors.append(f"{rel}:{line_of(text, m.start())}: includes "
                          f"<{m.group(1)}> (allowed: "
                          f"{', '.join(sorted(ALLOWED_INCLUDES[rel])) or 'none'})")
    return errors


def check_names(rel, code):
    errors = []
    for pattern in FORBIDDEN_NAMES.get(rel, []):
        for m in re.finditer(pattern, code):
            errors.append(f"{rel}:{line_of(code, m.start())}: uses "
                          f"'{m.group(0)}' (not its layer's to use)")
    return errors


def sources(src):
    for dirpath, _, files in os.walk(src):
        for name in sorted(files):
            if name.endswith((".c", ".h", ".S")):
                path = os.path.join(dirpath, name)
                yield os.path.relpath(path, src), path


def check_sources(src):
    errors = []
    for rel in ALLOWED_INCLUDES:
        if not os.path.exists(os.path.join(src, rel)):
            errors.append(f"{rel}: missing")
    for rel, path in sources(src):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        code = strip_comments(text)
        if rel in ALLOWED_INCLUDES:
            errors += check_includes(rel, code)
        errors += check_names(rel, code)
        if rel != SYSREG_OWNER:
            for m in SYSREG.finditer(code):
                errors.append(f"{rel}:{line_of(code, m.start())}: GIC "
                              f"system register {m.group(0)} outside "
                              f"{SYSREG_OWNER}")
    return errors


def symbols(nm, obj):
    """(defined, undefined) global symbol names of @obj."""
    out = subprocess.run([nm, obj], check=True, capture_output=True,
                         text=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[-2] == "U":
            undefined.add(fields[-1])
        elif len(fields) == 3 and fields[1].isupper():
            defined.add(fields[2])
    return defined, undefined


def check_objects(objs, nm):
    errors, syms = [], {}
    for name in OBJECT_ORDER:
        path = os.path.join(objs, name)
        if os.path.exists(path):
            syms[name] = symbols(nm, path)
        else:
            errors.append(f"{name}: not built")
    for name in LEAF_OBJECTS:
        for sym in sorted(syms.get(name, (set(), set()))[1]):
            errors.append(f"{name}: references {sym} (must call nothing "
                          "outside itself)")
    for i, name in enumerate(OBJECT_ORDER):
        if name not in syms:
            continue
        for above in OBJECT_ORDER[:i]:
            for sym in sorted(syms[name][1] & syms.get(above, (set(),))[0]):
                errors.append(f"{name}: references {sym} of {above}, "
                              "which is above it")
    return errors


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", required=True, help="hypervisor/arch/arm64")
    ap.add_argument("--objs", help="its build directory (with vgic.o ...)")
    ap.add_argument("--nm", default="aarch64-linux-gnu-nm")
    args = ap.parse_args(argv)
    errors = check_sources(args.src)
    if args.objs:
        errors += check_objects(args.objs, args.nm)
    for e in errors:
        print(f"check_gic_layers: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
