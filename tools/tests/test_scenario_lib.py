# SPDX-License-Identifier: GPL-2.0
"""The process-free helpers of ci/scenarios/lib.sh (read_val, now_cs,
follow_since_start), run in the host's POSIX shell: the scenarios' busybox
ash has the same read builtin and parameter expansions. fd 7 is a plain
file here instead of /dev/jailhouse; both keep the reader's position in
the shared file offset."""
import os
import subprocess

from conftest import REPO

LIB = os.path.join(REPO, "ci", "scenarios", "lib.sh")
HELLO = "[cell-a] Hello from CPU 0"


def sh(script, tmp_path, timeout=60):
    """Run SCRIPT after sourcing lib.sh; returns its stdout lines."""
    env = dict(os.environ, SCEN="libtest")
    full = f". {LIB}\ncd {tmp_path}\n{script}"
    out = subprocess.run(["/bin/sh", "-c", full], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=timeout,
                         check=True)
    return out.stdout.splitlines()


def test_read_val_reads_one_line_without_a_process(tmp_path):
    (tmp_path / "one").write_text("42\n")
    (tmp_path / "bare").write_text("43")
    (tmp_path / "empty").write_text("")
    (tmp_path / "two").write_text(" a  b \nsecond\n")
    got = sh("for f in one bare empty two gone; do read_val v $f; "
             "echo \"[$v]\"; done", tmp_path)
    assert got == ["[42]", "[43]", "[<missing empty>]", "[ a  b ]",
                   "[<missing gone>]"]


def test_now_cs_is_proc_uptime_in_centiseconds(tmp_path):
    got = sh("read u _ </proc/uptime; now_cs; echo \"$u $NOW_CS\"; "
             "uptime_cs", tmp_path)
    secs, cs = got[0].split()
    assert 0 <= int(cs) - round(float(secs) * 100) <= 100
    assert 0 <= int(got[1]) - int(cs) <= 100


# Each case appends to the followed file, then waits 1 s at most: the
# expected status, and why.
CASES = [
    ('Started cell "cell-a" at 1\n' + HELLO + ' (MPIDR 0x1)\nDestroyed\n',
     0, "start, then hello"),
    ('Started cell "cell-a" at 2\n', 1,
     "a new start without hello: the hello of the start before was read"),
    (HELLO + '\nStarted cell "cell-a" at 3\n', 1, "hello before the start"),
    ('Started cell "cell-b" at 4\n' + HELLO + '\n', 1,
     "another cell's start"),
    ('Started cell "cell-a" at 5\n' + HELLO + '\nStarted cell "cell-a" at 6\n',
     1, "hello between two starts, none after the latest"),
    (HELLO + '\n', 1, "its start was read by the call before"),
    ('Started cell "cell-a" at 7\n[cell-a] Hel', 0,
     "a line split between two reads (the rest comes 0.3 s later)"),
]


def test_follow_since_start_counts_only_a_hello_after_this_start(tmp_path):
    lines = [": >con", "exec 7<con"]
    for i, (text, _, _) in enumerate(CASES):
        (tmp_path / f"c{i}").write_text(text)
        lines.append(f"cat c{i} >>con")
        if text.endswith("Hel"):
            lines.append("(sleep 0.3; printf 'lo from CPU 0\\n' >>con) &")
        lines.append(f"follow_since_start cell-a '{HELLO}' 1; echo $?")
    got = sh("\n".join(lines) + "\nwait", tmp_path)
    assert [int(g) for g in got] == [c[1] for c in CASES], \
        [c[2] for c, g in zip(CASES, got) if int(g) != c[1]]


def test_follow_since_start_gives_up_after_its_time(tmp_path):
    got = sh(": >con; exec 7<con; now_cs; a=$NOW_CS; "
             "follow_since_start cell-a x 2; echo $?; now_cs; "
             "echo $((NOW_CS - a))", tmp_path)
    assert got[0] == "1"
    assert 200 <= int(got[1]) < 600


def test_cell_state_finds_the_cell_by_name(tmp_path):
    """cell_state reads sysfs by read_val: a cell without a state file and
    an unknown cell are both "<none>", a state with a space is whole."""
    cells = tmp_path / "jh" / "cells"
    for i, name, state in ((0, "qemu-virt", "running"),
                           (1, "cell-a", "shut down"), (2, "cell-b", None)):
        (cells / str(i)).mkdir(parents=True)
        (cells / str(i) / "name").write_text(name + "\n")
        if state:
            (cells / str(i) / "state").write_text(state + "\n")
    got = sh(f"JH_SYS={tmp_path}/jh; for c in cell-a cell-b cell-c qemu-virt; "
             "do echo \"[$(cell_state $c)]\"; done; cell_dir cell-b; "
             "wait_state cell-a 'shut down' 1; echo $?; "
             "wait_state cell-a running 1; echo $?", tmp_path)
    assert got == ["[shut down]", "[<none>]", "[<none>]", "[running]",
                   f"{tmp_path}/jh/cells/2", "0", "1"]


def test_console_follow_without_the_device_goes_on(tmp_path):
    """No /dev/jailhouse on the host: console_follow says so and returns
    1, the script goes on and follow_since_start times out."""
    got = sh("console_follow; echo rc=$?; "
             "follow_since_start cell-a x 1; echo rc=$?", tmp_path)
    assert got == ["console_follow: no /dev/jailhouse (jailhouse.ko not "
                   "loaded?)", "rc=1", "rc=1"]
