# SPDX-License-Identifier: GPL-2.0
"""`config create` on what a running root Linux shows: boot the QEMU machine
with the stock Debian kernel, copy its device tree, /proc/iomem and CPU list
out (ci/scenarios/capture.sh), and generate a system config from the copy.
Needs `make deps all` (make test runs them before pytest)."""
import base64
import io
import os
import re
import subprocess
import tarfile

import yaml

from conftest import REPO, run

LOG = os.path.join(REPO, "build", "pytest", "capture.log")


def capture(tmp_path):
    os.makedirs(os.path.dirname(LOG), exist_ok=True)
    subprocess.run(["bash", os.path.join(REPO, "ci", "qemu.sh"), "--series",
                    "6.1", "--scenarios", "capture", "--timeout", "180",
                    "--append", "loglevel=1", "--log", LOG, "--quiet"],
                   check=False, capture_output=True, timeout=240)
    text = open(LOG, "rb").read().decode("utf-8", "replace")
    m = re.search(r"JHCAPTURE BEGIN\r?\n(.*?)JHCAPTURE END", text, re.S)
    assert m, f"no capture in {LOG}"
    data = "".join(line.strip() for line in m.group(1).splitlines()
                   if re.fullmatch(r"[A-Za-z0-9+/=]+", line.strip()))
    root = tmp_path / "root"
    with tarfile.open(fileobj=io.BytesIO(base64.b64decode(data))) as tar:
        tar.extractall(root)
    return root, text


def test_create_on_running_root_linux(tmp_path):
    root, console = capture(tmp_path)
    assert (root / "proc" / "device-tree" / "compatible").exists()
    out = tmp_path / "guest.yaml"
    res = run("create", "--root", root, "--mem-inmates", "64M", "-o", out)
    assert res.returncode == 0, res.stderr
    system = yaml.safe_load(out.read_text())["system"]
    ref = yaml.safe_load(open(os.path.join(REPO, "configs",
                                           "qemu-arm64.yaml")))["system"]
    # Linux runs with mem=768M: the reserved range starts right above it.
    assert system["hypervisor_memory"]["phys"] == 0x70000000
    assert system["platform"] == ref["platform"]
    assert system["debug_console"] == ref["debug_console"]
    assert str(system["root_cell"]["cpus"]) == str(ref["root_cell"]["cpus"])
    ram = system["root_cell"]["memory"][0]
    assert ram["phys"] == 0x40000000 and ram["size"] == "768M"
    assert run("check", out).returncode == 0
    assert run("build", out, "-o", tmp_path / "guest.cell").returncode == 0
    # The CLI in the guest has no Python: `jailhouse config` says so.
    assert "JHTEST PASS capture.config_no_python_rc" in console
    assert "JHTEST PASS capture.config_no_python_msg" in console
