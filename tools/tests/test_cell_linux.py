# SPDX-License-Identifier: GPL-2.0
"""jailhouse cell linux: Image checks, layout and the generated device tree.

The CLI is built for the host; JAILHOUSE_DT points it at a fake root
device tree (QEMU virt: 4 CPUs, GICv3), -n stops before the device and
-w writes the DTB, which dtc decompiles for the assertions.
"""
import gzip
import os
import shutil
import struct
import subprocess

import pytest

from conftest import REPO, TOOLS
from test_cell_cli import cli, run as run_cli  # noqa: F401 (fixture)

LINUX_YAML = os.path.join(REPO, "configs", "qemu-arm64-linux.yaml")
GICD, GICR, FRAME = 0x0800_0000, 0x080a_0000, 0x20000
RAM = 0x7800_0000


def image(size=0x10000, text_offset=0, image_size=0x20000):
    """A fake arm64 Image header (Documentation/arch/arm64/booting.rst)."""
    hdr = struct.pack("<II QQQ QQQ 4s I", 0x14000000, 0, text_offset,
                      image_size, 0xa, 0, 0, 0, b"ARM\x64", 0)
    return hdr + bytes(size - len(hdr))


@pytest.fixture
def fake_dt(tmp_path):
    base = tmp_path / "dt"
    (base / "cpus").mkdir(parents=True)
    (base / "#address-cells").write_bytes(struct.pack(">I", 2))
    for n in range(4):
        cpu = base / "cpus" / f"cpu@{n}"
        cpu.mkdir()
        (cpu / "reg").write_bytes(struct.pack(">I", n))
    intc = base / "intc@8000000"
    intc.mkdir()
    (intc / "compatible").write_bytes(b"arm,gic-v3\0")
    (intc / "reg").write_bytes(struct.pack(">8I", 0, GICD, 0, 0x10000,
                                           0, GICR, 0, 0xf60000))
    return base


def build_cell(tmp_path, yaml_text):
    src = tmp_path / "cell.yaml"
    src.write_text(yaml_text)
    out = tmp_path / "cell.cell"
    res = subprocess.run([os.path.join(TOOLS, "jailhouse-config"), "build",
                          str(src), "-o", str(out)],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    return out


@pytest.fixture
def linux_cell(tmp_path):
    with open(LINUX_YAML) as f:
        return build_cell(tmp_path, f.read())


def run(cli, dt, *args, cwd=None):
    env = dict(os.environ, JAILHOUSE_DT=str(dt),
               JAILHOUSE_SYSFS="/nonexistent",
               JAILHOUSE_DEVICE="/nonexistent/jailhouse")
    return subprocess.run([cli, "cell", "linux", *map(str, args)],
                          capture_output=True, text=True, timeout=30,
                          env=env, cwd=cwd)


def dts(path):
    if not shutil.which("dtc"):
        pytest.skip("no dtc")
    res = subprocess.run(["dtc", "-I", "dtb", "-O", "dts", str(path)],
                         capture_output=True, text=True, timeout=30)
    assert res.returncode == 0, res.stderr
    return res.stdout


def layout(stdout):
    """{'entry': addr, 'dtb': addr, ...} from the printed layout."""
    return {l.split()[0]: int(l.split()[1], 16) for l in stdout.splitlines()}


@pytest.fixture
def files(tmp_path):
    kernel = tmp_path / "Image"
    kernel.write_bytes(image())
    initrd = tmp_path / "initrd"
    initrd.write_bytes(b"x" * 5000)
    return kernel, initrd


def test_generated_dtb(cli, fake_dt, linux_cell, files, tmp_path):
    kernel, initrd = files
    out = tmp_path / "cell.dtb"
    res = run(cli, fake_dt, linux_cell, kernel, "-i", initrd, "-c", "quiet",
              "-w", out, "-n")
    assert res.returncode == 0, res.stderr
    lay = layout(res.stdout)
    text = dts(out)
    # The cell's CPUs 2 and 3, started through PSCI over HVC.
    assert "cpu@2 {" in text and "cpu@3 {" in text
    assert "cpu@0 {" not in text and "cpu@1 {" not in text
    assert text.count('enable-method = "psci";') == 2
    assert 'method = "hvc";' in text
    assert 'compatible = "arm,psci-1.0\\0arm,psci-0.2";' in text
    # GICD plus the frames of CPUs 2 and 3 only.
    assert ("reg = <0x00 0x8000000 0x00 0x10000 0x00 0x%x 0x00 0x%x>;"
            % (GICR + 2 * FRAME, 2 * FRAME)) in text
    assert "#redistributor-regions = <0x01>;" in text
    assert ("interrupts = <0x01 0x0d 0x04 0x01 0x0e 0x04 0x01 0x0b 0x04 "
            "0x01 0x0a 0x04>;") in text
    assert "memory@78000000 {" in text
    assert "reg = <0x00 0x78000000 0x00 0x8000000>;" in text
    # The comm page is no RAM for Linux.
    assert "memory@80000000" not in text
    assert "linux,initrd-start = <0x00 0x%x>;" % lay["initrd"] in text
    assert "linux,initrd-end = <0x00 0x%x>;" % (lay["initrd"] + 5000) in text
    assert lay["entry"] == RAM and lay["dtb"] == RAM + 0x10000
    assert lay["kernel"] == RAM + 0x200000
    assert lay["initrd"] == RAM + 0x400000   # after image_size, 2 MiB up


def test_uart_and_bootargs(cli, fake_dt, linux_cell, files, tmp_path):
    kernel, _ = files
    out = tmp_path / "cell.dtb"
    res = run(cli, fake_dt, linux_cell, kernel, "-c", "quiet", "-w", out,
              "-n")
    assert res.returncode == 0, res.stderr
    text = dts(out)
    assert ('bootargs = "console=ttyAMA0 earlycon=pl011,mmio32,0x9000000 '
            'quiet";') in text
    assert 'stdout-path = "/pl011@9000000";' in text
    assert "pl011@9000000 {" in text
    assert "interrupts = <0x00 0x0c 0x04>;" in text     # INTID 44
    assert "clock-frequency = <0x16e3600>;" in text     # 24 MHz
    assert "linux,initrd" not in text


def test_text_offset_and_old_kernels(cli, fake_dt, linux_cell, tmp_path):
    kernel = tmp_path / "Image"
    kernel.write_bytes(image(text_offset=0x80000, image_size=0x300000))
    res = run(cli, fake_dt, linux_cell, kernel, "-n")
    assert res.returncode == 0, res.stderr
    lay = layout(res.stdout)
    assert lay["kernel"] == RAM + 0x280000
    # image_size 0: a pre-3.17 kernel that means text_offset 0x80000.
    kernel.write_bytes(image(text_offset=0, image_size=0))
    res = run(cli, fake_dt, linux_cell, kernel, "-n")
    assert layout(res.stdout)["kernel"] == RAM + 0x280000


def test_gzip_kernel_refused(cli, fake_dt, linux_cell, tmp_path):
    kernel = tmp_path / "vmlinuz"
    kernel.write_bytes(gzip.compress(image()))
    res = run(cli, fake_dt, linux_cell, kernel, "-n")
    assert res.returncode == 1
    assert "gzip" in res.stderr and "zcat" in res.stderr


def test_zboot_kernel_refused(cli, fake_dt, linux_cell, tmp_path):
    kernel = tmp_path / "vmlinuz.efi"
    kernel.write_bytes(b"MZ\0\0zimg" + bytes(100))
    res = run(cli, fake_dt, linux_cell, kernel, "-n")
    assert res.returncode == 1 and "EFI zboot" in res.stderr


def test_not_an_image(cli, fake_dt, linux_cell, tmp_path):
    kernel = tmp_path / "junk"
    kernel.write_bytes(bytes(200))
    res = run(cli, fake_dt, linux_cell, kernel, "-n")
    assert res.returncode == 1 and "not an arm64 Linux Image" in res.stderr


def test_initrd_too_large(cli, fake_dt, linux_cell, files, tmp_path):
    kernel, _ = files
    big = tmp_path / "big"
    with open(big, "wb") as f:
        f.truncate(128 << 20)
    res = run(cli, fake_dt, linux_cell, kernel, "-i", big, "-n")
    assert res.returncode == 1 and "RAM region ends at 0x80000000" in res.stderr


def test_system_config_refused(cli, fake_dt, files, tmp_path):
    kernel, _ = files
    with open(os.path.join(REPO, "configs", "qemu-arm64.yaml")) as f:
        syscfg = build_cell(tmp_path, f.read())
    res = run(cli, fake_dt, syscfg, kernel, "-n")
    assert res.returncode == 1 and "not a revision" in res.stderr


def test_no_gicv3(cli, fake_dt, linux_cell, files):
    kernel, _ = files
    shutil.rmtree(fake_dt / "intc@8000000")
    res = run(cli, fake_dt, linux_cell, kernel, "-n")
    assert res.returncode == 1 and "arm,gic-v3" in res.stderr


def test_cpu_missing_in_root(cli, fake_dt, linux_cell, files):
    kernel, _ = files
    shutil.rmtree(fake_dt / "cpus" / "cpu@3")
    res = run(cli, fake_dt, linux_cell, kernel, "-n")
    assert res.returncode == 1 and "CPU 3 is not in" in res.stderr


def test_gicr_extended_to_last_frame(cli, fake_dt, tmp_path, files):
    """CPUs 1-2 of 4: Linux walks frames up to GICR_TYPER.Last."""
    kernel, _ = files
    with open(LINUX_YAML) as f:
        cfg = build_cell(tmp_path, f.read().replace('cpus: "2-3"',
                                                    'cpus: "1-2"'))
    out = tmp_path / "c.dtb"
    res = run(cli, fake_dt, cfg, kernel, "-w", out, "-n")
    assert res.returncode == 0, res.stderr
    assert ("0x00 0x%x 0x00 0x%x>;" % (GICR + FRAME, 3 * FRAME)) in dts(out)


def test_patch_given_dtb(cli, fake_dt, linux_cell, files, tmp_path):
    kernel, initrd = files
    src = tmp_path / "in.dts"
    src.write_text('/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;'
                   ' model = "mine"; chosen { bootargs = "old";'
                   ' foo = "kept"; }; extra { bar = <1>; }; };\n')
    dtb = tmp_path / "in.dtb"
    if not shutil.which("dtc"):
        pytest.skip("no dtc")
    subprocess.run(["dtc", "-I", "dts", "-O", "dtb", "-o", str(dtb),
                    str(src)], check=True, capture_output=True)
    out = tmp_path / "out.dtb"
    res = run(cli, fake_dt, linux_cell, kernel, "-i", initrd, "-c", "new",
              "-d", dtb, "-w", out, "-n")
    assert res.returncode == 0, res.stderr
    text = dts(out)
    assert 'model = "mine";' in text and 'foo = "kept";' in text
    assert "bar = <0x01>;" in text
    assert '"old"' not in text and text.count("bootargs") == 1
    assert "new" in text and "linux,initrd-start" in text
    assert "psci" not in text            # nothing generated is added


def test_patch_adds_chosen(cli, fake_dt, linux_cell, files, tmp_path):
    kernel, _ = files
    if not shutil.which("dtc"):
        pytest.skip("no dtc")
    src = tmp_path / "in.dts"
    src.write_text('/dts-v1/;\n/ { model = "bare"; };\n')
    dtb = tmp_path / "in.dtb"
    subprocess.run(["dtc", "-I", "dts", "-O", "dtb", "-o", str(dtb),
                    str(src)], check=True, capture_output=True)
    out = tmp_path / "out.dtb"
    res = run(cli, fake_dt, linux_cell, kernel, "-c", "x", "-d", dtb, "-w",
              out, "-n")
    assert res.returncode == 0, res.stderr
    assert "chosen {" in dts(out)


def test_patch_refuses_garbage(cli, fake_dt, linux_cell, files, tmp_path):
    kernel, _ = files
    bad = tmp_path / "bad.dtb"
    bad.write_bytes(b"\xd0\x0d\xfe\xed" + bytes(60))
    res = run(cli, fake_dt, linux_cell, kernel, "-d", bad, "-n")
    assert res.returncode == 1 and "valid DTB" in res.stderr


@pytest.mark.parametrize("args,message", [
    ([], "missing CELL.cell"),
    (["a.cell"], "missing KERNEL"),
    (["a.cell", "k", "x"], "extra argument 'x'"),
    (["a.cell", "k", "-i"], "-i needs an argument"),
    (["a.cell", "k", "-q"], "unknown option '-q'"),
])
def test_usage(cli, fake_dt, args, message):
    res = run(cli, fake_dt, *args)
    assert res.returncode == 2 and message in res.stderr


def test_reaches_the_device(cli, fake_dt, linux_cell, files):
    """Without -n: the cell is looked up, then created through the device."""
    kernel, _ = files
    res = run(cli, fake_dt, linux_cell, kernel)
    assert res.returncode == 1
    assert "/nonexistent/jailhouse" in res.stderr


def test_help(cli, fake_dt):
    res = run_cli(cli, "cell", "linux", "--help")
    assert res.returncode == 0
    assert res.stdout.startswith("Usage: jailhouse cell linux CELL.cell "
                                 "KERNEL [-i INITRD]")
    assert "linux" in run_cli(cli, "--help").stdout
    assert "\n  linux " in run_cli(cli, "cell", "help").stdout


def test_too_many_links_refused(cli, fake_dt, linux_cell, files, tmp_path):
    """num_links past JH_MAX_LINKS is refused even when the file is long
    enough to hold the members (the bound keeps sizes small)."""
    kernel, _ = files
    data = bytearray(linux_cell.read_bytes())
    assert struct.unpack_from("<I", data, 132) == (1,)   # net0
    struct.pack_into("<I", data, 132, 17)
    data += bytes(16 * 40)
    bad = tmp_path / "many-links.cell"
    bad.write_bytes(bytes(data))
    res = run(cli, fake_dt, bad, kernel, "-n")
    assert res.returncode == 1 and "not a revision 4" in res.stderr
