# SPDX-License-Identifier: GPL-2.0
"""-Wmissing-prototypes is satisfied by a prototype written into the .c
file itself, which then goes unchecked against the definition in the
other file. So no C file declares a non-static function at file scope:
the prototype belongs in the header both sides include. The exceptions
are named below."""
import os
import re

from conftest import REPO

DIRS = ("hypervisor", "driver", "tools", "inmates")
# Declared where they are defined or used by design: libFuzzer's entry
# points (no header exists), functions written in the file's own
# top-level asm, and the compile-alone checks that must include nothing
# before <jailhouse/config_check.h>.
ALLOWED_NAMES = {"LLVMFuzzerInitialize", "LLVMFuzzerTestOneInput"}
ALLOWED_FILES = {"inmates/tests/cell-aarch32.c",
                 "hypervisor/tests/config_alone.c", "driver/config_alone.c"}

START = re.compile(r"^[A-Za-z_]")
NOT_DECL = re.compile(r"^(static|typedef|extern|struct|union|enum|asm|"
                      r"__asm__|_Static_assert)\b")
# type words, the name, a parameter list (one nesting level for function
# pointer parameters), optional attributes, ';'.
PAREN = r"\((?:[^()]|\([^()]*\))*\)"
DECL = re.compile(r"^[A-Za-z_][\w\s*]*?[\s*](\w+)\s*" + PAREN +
                  r"(?:\s*__\w+(?:" + PAREN + r")?)*\s*;$", re.S)


def file_scope_statements(text):
    """(line, statement) for statements starting in column 0, joined up
    to the ';' or '{' that ends them."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if START.match(lines[i]) and not NOT_DECL.match(lines[i]):
            j = i
            while (not lines[j].rstrip().endswith(";") and
                   "{" not in lines[j] and j + 1 < len(lines)):
                j += 1
            yield i + 1, " ".join(l.strip() for l in lines[i:j + 1])
            i = j
        i += 1


def local_prototypes(path):
    with open(path, encoding="utf-8") as f:
        for line, stmt in file_scope_statements(f.read()):
            m = DECL.match(stmt)
            if m and m.group(1) not in ALLOWED_NAMES:
                yield line, stmt


def test_finds_a_local_prototype(tmp_path):
    c = tmp_path / "x.c"
    c.write_text("#include <a.h>\n"
                 "u64 arch_vttbr(const struct cell *cell);\n"
                 "void __noreturn arch_cpu_leave(struct per_cpu *cpu,\n"
                 "\t\t\t       struct trap_context *ctx);\n"
                 "static int helper(void);\n"
                 "extern u8 __image_start[];\n"
                 "int LLVMFuzzerTestOneInput(const u8 *data, size_t n);\n"
                 "_Static_assert(sizeof(int) == 4, \"int\");\n"
                 "int defined(void)\n{\n\treturn 0;\n}\n")
    assert [line for line, _ in local_prototypes(str(c))] == [2, 3]


def test_no_local_prototypes():
    found = []
    for top in DIRS:
        for root, dirs, files in os.walk(os.path.join(REPO, top)):
            for name in sorted(files):
                path = os.path.join(root, name)
                rel = os.path.relpath(path, REPO)
                if not name.endswith(".c") or rel in ALLOWED_FILES:
                    continue
                found += [f"{rel}:{line}: {stmt}"
                          for line, stmt in local_prototypes(path)]
    assert not found, "declare these in a header:\n" + "\n".join(found)
