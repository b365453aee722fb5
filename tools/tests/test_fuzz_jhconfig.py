# SPDX-License-Identifier: GPL-2.0
"""Fuzzing of jailhouse-config's readers of untrusted binary input: the
device tree blob of 'create --dtb' (fdt.parse_dtb and create's walk of the
tree) and binary configs given to 'show' and 'check' (binfmt.decode, then
the checks and the YAML writer).

Seeded and structure-aware (tools/tests/fuzzlib.py): a few thousand
mutants of real blobs (QEMU virt's and tools/tests/dts/fuzz-virt.dts)
and of compiled configs/*.yaml. Every mutant goes through the CLI's own
main() and must end in a created/shown config or in the tool's refusal
(exit 1 with "error:" on stderr), never in another exception. The
campaign runs in a child with an address space limit and a per-input
CPU time alarm, so unbounded memory or a hang is a finding too.

Run more by hand (N inputs per kind, failing inputs saved to DIR):
    /usr/bin/python3 tools/tests/test_fuzz_jhconfig.py campaign \\
        --seed 7 --cases 20000 --out DIR
    /usr/bin/python3 tools/tests/test_fuzz_jhconfig.py replay KIND FILE
(KIND dtb, cell or yaml).
"""
import argparse
import contextlib
import io
import json
import os
import random
import resource
import signal
import struct
import subprocess
import sys
import tempfile
import time
import traceback

TESTS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(TESTS))
sys.path.insert(0, os.path.join(REPO, "tools"))
sys.path.insert(0, TESTS)

import fuzzlib  # noqa: E402
import pytest  # noqa: E402
from conftest import run, run_script  # noqa: E402

SEED_DTS = os.path.join(TESTS, "dts", "fuzz-virt.dts")
CONFIGS = os.path.join(REPO, "configs")
CELL_SEEDS = ["qemu-arm64.yaml", "qemu-arm64-gicv2.yaml",
              "qemu-arm64-cell-a.yaml", "qemu-arm64-link-a.yaml",
              "qemu-arm64-linux-virtio.yaml"]
CASES = 1200                # per kind in the pytest run
SEED = 20261203
CASE_SECONDS = 2            # one input: parse, create/show, check
MEMORY_LIMIT = 1 << 30      # the child's address space
KINDS = ("dtb", "cell", "yaml")     # yaml: CASES / 4 (slower per input)


class Hang(BaseException):
    """Raised by the CPU time alarm; a BaseException so no handler of the
    tool under test can swallow it."""


def _alarm(_signum, _frame):
    raise Hang()


def cli(*argv):
    """jailhouse-config's main() in this process: (status, stdout, stderr)."""
    from jhconfig.cli import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def _verdict(code, stdout, stderr, what, yaml_out=True):
    """None when the run kept the contract, else what broke it."""
    import yaml
    if code not in (0, 1):
        return f"{what}: exit status {code}: {stderr[-300:]!r}"
    if code == 1 and ": error: " not in stderr:
        return f"{what}: exit 1 without an error message: {stderr[-300:]!r}"
    if "Traceback" in stderr:
        return f"{what}: traceback on stderr"
    if "None: error: " in stderr or ", None)" in stderr:
        return f"{what}: a finding names no file: {stderr[:300]!r}"
    if stdout and yaml_out:
        try:
            yaml.load(stdout, Loader=getattr(yaml, "CSafeLoader",
                                             yaml.SafeLoader))
        except yaml.YAMLError as err:
            return f"{what}: printed YAML that does not load: {err}"
    return None


def _message(stderr):
    """The first error of @stderr without the file name (to count kinds)."""
    line = stderr.split(": error: ", 1)[-1].splitlines()[0] if stderr \
        else ""
    return "".join("N" if c.isdigit() else c for c in line)[:60]


def judge_dtb(path, recheck):
    """'create --dtb' on one input: (outcome, violation or None, message)."""
    code, out, err = cli("create", "--dtb", path)
    bad = _verdict(code, out, err, "create")
    if bad is None and code == 1 and not out and \
            not err.startswith("jailhouse-config: create: error: "):
        bad = f"create: refusal without the create prefix: {err[:200]!r}"
    if bad is None and "(unexpected " in err:
        bad = f"create: fdt.parse_dtb's fallback, a check is missing: {err}"
    if bad or not out:
        return "refused", bad, _message(err)
    if code == 0 and recheck:
        # what create writes without findings must pass check as is
        with open(path + ".yaml", "w", encoding="utf-8") as f:
            f.write(out)
        code, _, err = cli("check", path + ".yaml")
        if code != 0:
            return "created", f"check refuses create's output: {err[:300]}", \
                _message(err)
    return ("created" if code == 0 else "findings"), None, _message(err)


def judge_cell(path, system, cell):
    """'show' and 'check' on one input: alone, after @system, and before
    @cell (the set checks with the input as the system)."""
    outcome, message = None, None
    for argv in (("show", path), ("check", path), ("check", system, path),
                 ("check", path, cell)):
        code, out, err = cli(*argv)
        if code == 2 and len(argv) == 3 and \
                "more than one system config given" in err:
            continue        # documented: the input is a system config too
        bad = _verdict(code, out, err, argv[0], argv[0] == "show")
        if bad:
            return "refused", bad, _message(err)
        outcome = outcome or ("decoded" if code == 0 else "refused")
        message = message or _message(err)
    return outcome, None, message


def judge_yaml(path):
    """'check' on one YAML input, and 'build' on what check accepts (its
    output in a directory of its own, never beside @path)."""
    code, out, err = cli("check", path)
    bad = _verdict(code, out, err, "check", False)
    if bad or code:
        return "refused", bad, _message(err)
    with tempfile.TemporaryDirectory() as tmp:
        code, out, err = cli("build", path, "-o", os.path.join(tmp, "c"))
    if code:
        return "refused", f"build refuses what check accepted: {err}", \
            _message(err)
    return "accepted", _verdict(code, out, err, "build", False), ""


def _guarded(judge, *args):
    """@judge(*args) with any escaping exception and more than
    CASE_SECONDS of CPU time (not wall time: the machine is shared) as
    the finding."""
    signal.setitimer(signal.ITIMER_PROF, CASE_SECONDS)
    try:
        return judge(*args)
    except Hang:
        return "hang", f"no answer within {CASE_SECONDS} s of CPU", ""
    except BaseException as exc:  # noqa: B902 (any escape is the finding)
        tail = traceback.format_exception(exc)[-3:]
        return "crash", "".join(tail).strip(), ""
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


def dtb_seeds(extra):
    """The blobs mutants are made of: fuzz-virt.dts and @extra files."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "seed.dtb")
        subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out,
                        SEED_DTS], check=True, timeout=60)
        blobs = [open(out, "rb").read()]
    return blobs + [open(p, "rb").read() for p in extra]


def yaml_seeds():
    return [open(os.path.join(CONFIGS, name), encoding="utf-8").read()
            for name in CELL_SEEDS]


def cell_seeds():
    from jhconfig import binfmt
    from jhconfig.loader import read_config
    return [binfmt.encode(read_config(os.path.join(CONFIGS, name)))
            for name in CELL_SEEDS]


def _save(out_dir, kind, case, mutator, data):
    if not out_dir:
        return None
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{kind}-{case}-{mutator}")
    with open(path, "wb") as f:
        f.write(data)
    return path


def campaign(seed, cases, extra_dtbs, out_dir):
    """Fuzz every kind; a summary dict (findings, outcomes, examples)."""
    import yaml
    signal.signal(signal.SIGPROF, _alarm)
    rng = random.Random(seed)
    dtbs = dtb_seeds(extra_dtbs)
    toks = [fuzzlib.take_apart(b) for b in dtbs]
    cells, texts = cell_seeds(), yaml_seeds()
    summary = {"findings": [], "outcomes": {}, "messages": {},
               "examples": {}, "seconds": {}, "slowest": [0, None, None]}
    with tempfile.TemporaryDirectory() as tmp:
        system = os.path.join(tmp, "system.cell")
        with open(system, "wb") as f:
            f.write(cells[0])
        cell = os.path.join(tmp, "cell.cell")
        with open(cell, "wb") as f:
            f.write(cells[3])       # link-a: links, comm region, uart
        work = os.path.join(tmp, "input")
        for kind in KINDS:
            start = time.monotonic()
            for case in range(cases // (4 if kind == "yaml" else 1)):
                if kind == "dtb":
                    i = rng.randrange(len(dtbs))
                    mutate = rng.choice(fuzzlib.DTB_MUTATORS)
                    data = mutate(rng, dtbs[i], toks[i], toks)
                elif kind == "cell":
                    mutate = rng.choice(fuzzlib.CELL_MUTATORS)
                    data = mutate(rng, rng.choice(cells))
                else:
                    mutate = rng.choice(fuzzlib.YAML_MUTATORS)
                    text = rng.choice(texts)
                    data = mutate(rng, text, yaml.safe_load(text)).encode(
                        "utf-8", "surrogatepass")
                with open(work, "wb") as f:
                    f.write(data)
                cpu = time.process_time()
                if kind == "dtb":
                    outcome, bad, msg = _guarded(judge_dtb, work,
                                                 case % 8 == 0)
                elif kind == "cell":
                    outcome, bad, msg = _guarded(judge_cell, work, system,
                                                 cell)
                else:
                    outcome, bad, msg = _guarded(judge_yaml, work)
                used = time.process_time() - cpu
                if used > summary["slowest"][0]:
                    summary["slowest"] = [round(used, 3), kind, case]
                if msg:
                    key = f"{kind}/{msg}"
                    summary["messages"][key] = \
                        summary["messages"].get(key, 0) + 1
                name = mutate.__name__
                key = f"{kind}/{name}/{outcome}"
                summary["outcomes"][key] = summary["outcomes"].get(key,
                                                                   0) + 1
                if bad:
                    summary["findings"].append({
                        "kind": kind, "case": case, "mutator": name,
                        "problem": bad,
                        "saved": _save(out_dir, kind, case, name, data)})
                elif outcome == "refused" and \
                        f"{kind}/{name}" not in summary["examples"]:
                    summary["examples"][f"{kind}/{name}"] = \
                        _save(out_dir, kind, case, name, data)
            summary["seconds"][kind] = round(time.monotonic() - start, 1)
    return summary


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_campaign(seed, cases, extra_dtbs, out_dir, timeout):
    """The campaign in a child process under the memory limit."""
    res = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "campaign", "--seed",
         str(seed), "--cases", str(cases), "--out", out_dir, *extra_dtbs],
        capture_output=True, text=True, timeout=timeout,
        preexec_fn=_limit_memory)
    assert res.returncode == 0, res.stderr[-3000:]
    return json.loads(res.stdout)


def _main(argv):
    if argv and argv[0] == "campaign":
        parser = argparse.ArgumentParser(prog="test_fuzz_jhconfig campaign")
        parser.add_argument("--seed", type=int, default=SEED)
        parser.add_argument("--cases", type=int, default=CASES)
        parser.add_argument("--out", default="")
        parser.add_argument("dtbs", nargs="*", help="more seed blobs")
        args = parser.parse_args(argv[1:])
        json.dump(campaign(args.seed, args.cases, args.dtbs, args.out),
                  sys.stdout, indent=1)
        return 0
    if len(argv) == 3 and argv[0] == "replay":
        signal.signal(signal.SIGPROF, _alarm)
        if argv[1] == "dtb":
            print(_guarded(judge_dtb, argv[2], True))
        elif argv[1] == "yaml":
            print(_guarded(judge_yaml, argv[2]))
        else:
            with tempfile.NamedTemporaryFile(suffix=".cell") as system, \
                    tempfile.NamedTemporaryFile(suffix=".cell") as cell:
                system.write(cell_seeds()[0])
                system.flush()
                cell.write(cell_seeds()[3])
                cell.flush()
                print(_guarded(judge_cell, argv[2], system.name, cell.name))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))


# ---- pytest ------------------------------------------------------------

def _qemu_dtbs():
    from test_create import dump_dtb
    return [dump_dtb(3, 4, "1G"), dump_dtb(2, 4, "1G")]


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    out = tmp_path_factory.mktemp("fuzz")
    return run_campaign(SEED, CASES, _qemu_dtbs(), str(out), timeout=600)


def test_fuzz_campaign_keeps_the_contract(summary):
    findings = summary["findings"]
    assert not findings, "\n\n".join(
        f"{f['kind']} case {f['case']} ({f['mutator']}, saved as "
        f"{f['saved']}):\n{f['problem']}" for f in findings[:10])


def test_fuzz_campaign_reaches_deep(summary):
    """Mutants get past the header into create's walk and the checks:
    every mutator ran, blobs were both created and refused, and the
    refusals are many different messages, not one early exit."""
    outcomes = summary["outcomes"]
    for mutate in fuzzlib.DTB_MUTATORS:
        assert any(k.startswith(f"dtb/{mutate.__name__}/") for k in outcomes)
    for mutate in fuzzlib.CELL_MUTATORS:
        assert any(k.startswith(f"cell/{mutate.__name__}/") for k in outcomes)
    for mutate in fuzzlib.YAML_MUTATORS:
        assert any(k.startswith(f"yaml/{mutate.__name__}/") for k in outcomes)
    total = {kind: sum(v for k, v in outcomes.items()
                       if k.startswith(kind)) for kind in KINDS}
    assert total == {"dtb": CASES, "cell": CASES, "yaml": CASES // 4}
    assert any(k.startswith("yaml/") and k.endswith("/accepted")
               for k in outcomes)
    created = sum(v for k, v in outcomes.items()
                  if k.startswith("dtb/") and k.endswith("/created"))
    assert CASES // 10 < created < CASES * 9 // 10
    decoded = sum(v for k, v in outcomes.items() if k.endswith("/decoded"))
    assert decoded > CASES // 20
    messages = summary["messages"]
    assert sum(1 for k in messages if k.startswith("dtb/")) > 40
    assert sum(1 for k in messages if k.startswith("cell/")) > 100
    assert sum(1 for k in messages if k.startswith("yaml/")) > 30


def test_cli_refuses_each_kind_cleanly(summary):
    """One refused input per mutator through the real script: exit 1, an
    error line of the tool, no traceback."""
    examples = summary["examples"]
    assert sum(k.startswith("dtb/") for k in examples) >= \
        len(fuzzlib.DTB_MUTATORS) - 1
    assert sum(k.startswith("yaml/") for k in examples) == \
        len(fuzzlib.YAML_MUTATORS)
    for key, path in sorted(examples.items()):
        if key.startswith("dtb/"):
            res = run_script("create", "--dtb", path)
            assert res.stderr.startswith("jailhouse-config: create: error:"), \
                (key, res.stderr)
        else:
            res = run_script("show" if key.startswith("cell/") else "check",
                             path)
            assert ": error: " in res.stderr, (key, res.stderr)
        assert res.returncode == 1, (key, res.stderr)
        assert "Traceback" not in res.stderr, (key, res.stderr)


# ---- what the fuzzer found (each once a traceback or a wrong answer) ---

def _seed_tokens():
    return fuzzlib.take_apart(dtb_seeds([])[0])


def _with_prop(toks, node_prefix, name, value):
    """@toks with property @name of the first node named @node_prefix*
    set to @value."""
    toks = list(toks)
    node = next(i for i, t in enumerate(toks)
                if t[0] == fuzzlib.BEGIN and t[1].startswith(node_prefix))
    pos = node + 1
    while toks[pos][0] == fuzzlib.PROP:
        if toks[pos][1] == name:
            toks[pos] = (fuzzlib.PROP, name, value)
            return toks
        pos += 1
    toks.insert(node + 1, (fuzzlib.PROP, name, value))
    return toks


def create_from(tmp_path, blob):
    path = tmp_path / "in.dtb"
    path.write_bytes(blob)
    return run("create", "--dtb", path)


def refused(res, message):
    assert res.returncode == 1, res.stderr
    assert res.stderr.startswith("jailhouse-config: create: error: "), \
        res.stderr
    assert message in res.stderr, res.stderr
    assert not res.stdout


def test_regress_seed_is_created(tmp_path):
    """The unmutated seed is a good machine (else nothing below means
    anything)."""
    res = create_from(tmp_path, fuzzlib.put_together(_seed_tokens()))
    assert res.returncode == 0, res.stderr
    assert "gicd: 0x0800_0000" in res.stdout


def test_regress_gic_interrupts_of_one_cell(tmp_path):
    """IndexError: the GIC's maintenance interrupt read from a one-cell
    interrupts property."""
    toks = _with_prop(_seed_tokens(), b"intc", b"interrupts",
                      fuzzlib.cells(1))
    refused(create_from(tmp_path, fuzzlib.put_together(toks)),
            "/intc@8000000: interrupts has 1 cell(s), expected 3 "
            "(type, number, flags) for the maintenance interrupt")


@pytest.mark.parametrize("depth", [200, 5000])
def test_regress_deep_nesting(tmp_path, depth):
    """RecursionError: create's tree walk (and Node.path) recursed once
    per level of a tree nested thousands deep."""
    toks = _seed_tokens()
    nest = [(fuzzlib.BEGIN, b"bus"), (fuzzlib.PROP, b"ranges", b"")]
    blob = fuzzlib.put_together([toks[0]] + nest * depth + toks[1:-2] +
                                [(fuzzlib.END_NODE,)] * (depth + 1) +
                                [(fuzzlib.END,)])
    refused(create_from(tmp_path, blob), "nodes nested deeper than 64 "
            "(at offset 0x")


def test_regress_unterminated_node_name(tmp_path):
    """'corrupt device tree blob (subsection not found)': a node name
    without its NUL was looked for past the structure block."""
    toks = _seed_tokens()[:5] + [(fuzzlib.RAW, fuzzlib.cells(1) + b"abcd")]
    refused(create_from(tmp_path, fuzzlib.put_together(toks)),
            "node name at offset 0x")
    res = create_from(tmp_path, fuzzlib.put_together(toks))
    assert "runs past the end of the structure block" in res.stderr


@pytest.mark.parametrize("nameoff", [0x7fffffff, 5000])
def test_regress_nameoff_past_strings(tmp_path, nameoff):
    """'subsection not found' again: a property name offset beyond the
    strings block."""
    toks = list(_seed_tokens())
    toks.insert(3, (fuzzlib.PROPX, b"reg", fuzzlib.cells(0), None, nameoff))
    refused(create_from(tmp_path, fuzzlib.put_together(toks)),
            f"name offset {nameoff:#x} is outside the strings block")


def test_regress_strings_block_without_nul(tmp_path):
    """The last property name runs off the end of the strings block."""
    blob = bytearray(fuzzlib.put_together(_seed_tokens()))
    size_strings, = struct.unpack_from(">I", blob, 32)
    struct.pack_into(">I", blob, 32, size_strings - 1)
    refused(create_from(tmp_path, bytes(blob)), "has no NUL in the strings "
            "block")


def test_regress_property_past_structure_block(tmp_path):
    """A property whose length runs past the structure block was
    accepted with its value silently cut short."""
    toks = list(_seed_tokens())
    toks.insert(3, (fuzzlib.PROPX, b"reg", fuzzlib.cells(1, 2), 0x1000,
                    None))
    refused(create_from(tmp_path, fuzzlib.put_together(toks)),
            "property reg at offset 0x")
    res = create_from(tmp_path, fuzzlib.put_together(toks))
    assert "4096 bytes run past the end of the structure block" in \
        res.stderr


def test_regress_undecodable_property_name(tmp_path):
    """'corrupt device tree blob ('utf-8' codec can't decode ...)'."""
    toks = list(_seed_tokens())
    toks.insert(3, (fuzzlib.PROP, b"bad\xffname", b""))
    refused(create_from(tmp_path, fuzzlib.put_together(toks)),
            "property name at string offset 0x")


def test_regress_second_root_and_unclosed_nodes(tmp_path):
    """A second root node silently replaced the first; a block ending
    inside a node or without FDT_END was read as if complete."""
    toks = _seed_tokens()
    assert toks[-2:] == [(fuzzlib.END_NODE,), (fuzzlib.END,)]
    two = toks[:-1] + [(fuzzlib.BEGIN, b""), (fuzzlib.END_NODE,),
                       (fuzzlib.END,)]
    refused(create_from(tmp_path, fuzzlib.put_together(two)),
            "a second root node at offset 0x")
    refused(create_from(tmp_path, fuzzlib.put_together(toks[:-2])),
            "the structure block ends inside node /")
    refused(create_from(tmp_path, fuzzlib.put_together(toks[:-1])),
            "no FDT_END token")


@pytest.mark.parametrize("field,value,message", [
    (5, 15, "device tree blob version 15, this tool reads 16 and 17"),
    (6, 18, "needs a reader of version 18 or later"),
    (1, 0x7fffffff, "totalsize 2147483647 but the file has"),
])
def test_regress_header_messages(tmp_path, field, value, message):
    """'truncated blob or unsupported version N' named neither which."""
    blob = bytearray(fuzzlib.put_together(_seed_tokens()))
    struct.pack_into(">I", blob, 4 * field, value)
    refused(create_from(tmp_path, bytes(blob)), message)


def test_regress_findings_name_the_blob(tmp_path):
    """Findings about a created config were printed as 'None: error:
    ...' (the created root cell had no path)."""
    toks = list(_seed_tokens())
    bank = next(i for i, t in enumerate(toks) if t[0] == fuzzlib.BEGIN and
                t[1] == b"memory@80000000")
    toks[bank + 2] = (fuzzlib.PROP, b"reg",
                      fuzzlib.cells(0, 0x40000000, 0, 0x1000))
    res = create_from(tmp_path, fuzzlib.put_together(toks))
    assert res.returncode == 1 and res.stdout
    path = tmp_path / "in.dtb"
    assert res.stderr.startswith(f"{path}: error: root cell 'fuzz-virt' "
                                 "memory[1] 'ram1'"), res.stderr
    assert "None" not in res.stderr


# ---- create --root: the text files of a copied system -----------------

def _fake_root(tmp_path, iomem, present):
    from test_create import IOMEM, write_fake_root
    return write_fake_root(tmp_path, _qemu_dtbs()[0],
                           IOMEM if iomem is None else iomem,
                           "0-3" if present is None else present)


@pytest.mark.parametrize("present,message", [
    ("0-3x", "'0-3x' is not a CPU number or range"),
    ("", "'' is not a CPU number or range"),
    ("-1", "'-1' is not a CPU number or range"),
    ("0-3,\xff", "is not a CPU number or range"),
    ("3-1", "CPU range '3-1' is empty or goes beyond CPU 255"),
    ("0-99999999", "CPU range '0-99999999' is empty or goes beyond CPU "
     "255"),
])
def test_regress_cpu_list_of_a_copied_root(tmp_path, present, message):
    """ValueError on a damaged sys/devices/system/cpu/present, and a
    list of 100 million CPUs built from '0-99999999'."""
    refused(run("create", "--root", _fake_root(tmp_path, None, present)),
            message)


@pytest.mark.parametrize("line", ["40000000-zz : System RAM",
                                  "foo : System RAM",
                                  "6fffffff-40000000 : System RAM",
                                  "1-2-3 : System RAM"])
def test_regress_iomem_of_a_copied_root(tmp_path, line):
    """ValueError on a 'System RAM' line of proc/iomem that is not a
    range of hexadecimal addresses."""
    from test_create import IOMEM
    iomem = IOMEM.replace("40000000-6fffffff : System RAM", line)
    res = run("create", "--root", _fake_root(tmp_path, iomem, None))
    refused(res, f"proc/iomem:4: '{line.split(' :')[0]}' is not a range "
            "start-end of hexadecimal addresses")


def test_regress_deep_device_tree_directory(tmp_path):
    """RecursionError: proc/device-tree of a copied root nested 1000
    directories deep."""
    root = _fake_root(tmp_path, None, None)
    deep = root / "proc" / "device-tree"
    made = []
    try:
        for _ in range(1000):   # one by one: mkdir(parents) recurses too
            deep = deep / "n"
            deep.mkdir()
            made.append(deep)
        refused(run("create", "--root", root), "directories nested "
                "deeper than 64")
    finally:    # pytest's recursive rmtree of tmp_path would overflow
        for path in reversed(made):
            path.rmdir()


# ---- YAML: what the tool does with odd YAML --------------------------

def test_regress_yaml_nested_deeply(tmp_path):
    """RecursionError traceback from PyYAML's composer on a value nested
    20,000 brackets deep (after seconds in its scanner)."""
    path = tmp_path / "deep.yaml"
    path.write_text("cell:\n  name: " + "[" * 20000 + "]" * 20000 + "\n")
    start = time.monotonic()
    res = run_script("check", path)
    assert time.monotonic() - start < 5
    assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
    assert f"{path}:2: error: values nested more than 32 levels deep" in \
        res.stderr


def test_yaml_nested_by_aliases(tmp_path):
    """Nesting that only aliases build (40 anchors, each a list of the
    previous one) is refused as deep before the checks walk it."""
    lines = ["cell:", "  name: x", '  cpus: "1"', "  irqs:",
             "    - &a0 {first: 40, count: 1}"]
    lines += [f"    - &a{i} [*a{i - 1}]" for i in range(1, 40)]
    path = tmp_path / "deep.yaml"
    path.write_text("\n".join(lines) + "\n")
    res = run("check", path)
    assert res.returncode == 1
    assert "error: values nested 44 deep (at most 32)" in res.stderr


def test_regress_yaml_alias_bomb(tmp_path):
    """Eight levels of ten aliases each: 90 million values for the
    schema check to walk and print (22 s and 1.5 GB before)."""
    lines = ["cell:", "  name: x", '  cpus: "1"', "  memory:",
             "    - &a0 {phys: 0, size: 4K, flags: [read]}"]
    lines += [f"    - &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]"
              for i in range(1, 8)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    start = time.monotonic()
    res = run("check", path)
    assert time.monotonic() - start < 10
    assert res.returncode == 1
    assert "error: 90123464 values once aliases are expanded (at most " \
        "100000)" in res.stderr
    assert len(res.stderr) < 500


def test_regress_shutdown_timeout_beyond_32_bits(tmp_path):
    """check accepted shutdown_timeout_ms: 4G, build then died with
    struct.error writing it into its 32-bit field."""
    text = open(os.path.join(CONFIGS, "qemu-arm64-link-a.yaml")).read()
    assert "shutdown_timeout_ms: 1000" in text
    path = tmp_path / "c.yaml"
    path.write_text(text.replace("shutdown_timeout_ms: 1000",
                                 "shutdown_timeout_ms: 4G"))
    for argv in (("check", path), ("build", path, "-o", tmp_path / "c")):
        res = run(*argv)
        assert res.returncode == 1, res.stderr
        assert "error: cell 'link-a': shutdown_timeout_ms 4294967296 does " \
            "not fit in 32 bits (at most 4294967295" in res.stderr
    assert not (tmp_path / "c").exists()


def test_every_number_at_32_and_64_bits(tmp_path):
    """Each value of the configs that have every field (system, links,
    uart, timeout) set to 2^32 and to 2^64: check and build agree (build
    writes what check accepts, refuses the rest with a message)."""
    import copy
    import yaml
    path, out = str(tmp_path / "c.yaml"), str(tmp_path / "c.cell")
    tried = 0
    for name in ("qemu-arm64.yaml", "qemu-arm64-link-a.yaml",
                 "qemu-arm64-cell-uart.yaml"):
        tree = yaml.safe_load(open(os.path.join(CONFIGS, name)))
        for where in fuzzlib._paths(tree):
            if not isinstance(fuzzlib._parent(tree, where)[where[-1]],
                              (int, str)):
                continue
            for value in (1 << 32, 1 << 64):
                mutant = copy.deepcopy(tree)
                fuzzlib._parent(mutant, where)[where[-1]] = value
                with open(path, "w") as f:
                    f.write(yaml.safe_dump(mutant))
                checked = cli("check", path)
                built = cli("build", path, "-o", out)
                assert (checked[0], built[0]) in ((0, 0), (1, 1)), \
                    (name, where, value, checked, built)
                tried += 1
    assert tried > 200


def test_guard_reports_hang_crash_and_memory(monkeypatch):
    """The fuzzer's own oracle: a loop, an exception the tool lets out
    and an allocation beyond the limit are findings, not test errors."""
    monkeypatch.setattr(sys.modules[__name__], "CASE_SECONDS", 0.2)
    old = signal.signal(signal.SIGPROF, _alarm)
    try:
        def spin():
            while True:
                pass
        assert _guarded(spin)[:2] == ("hang",
                                      "no answer within 0.2 s of CPU")
        outcome, problem, _ = _guarded(lambda: {}["x"])
        assert outcome == "crash" and "KeyError" in problem
        outcome, problem, _ = _guarded(lambda: bytes(1 << 62))
        assert outcome == "crash" and "MemoryError" in problem
    finally:
        signal.signal(signal.SIGPROF, old)


@pytest.mark.parametrize("where,old,new,message", [
    ("qemu-arm64-cell-a.yaml", "name: cell-a", 'name: "cell\\0a"',
     "error: cell name 'cell\\0a' contains a NUL byte"),
    ("qemu-arm64-link-a.yaml", "name: pp0", 'name: "p\\0p"',
     "name contains a NUL byte"),
])
def test_regress_nul_in_names(tmp_path, where, old, new, message):
    """A NUL in a cell or link name was reported as '... is 7 bytes long
    (at most 31)'."""
    text = open(os.path.join(CONFIGS, where)).read()
    assert old in text
    path = tmp_path / "c.yaml"
    path.write_text(text.replace(old, new, 1))
    res = run("check", path)
    assert res.returncode == 1
    assert message in res.stderr, res.stderr
    assert "bytes long" not in res.stderr
