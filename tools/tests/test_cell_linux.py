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
    (["a.cell", "k", "-i"], "-i needs a value (INITRD)"),
    (["a.cell", "k", "--initrd"], "--initrd needs a value (INITRD)"),
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


# ---- virtio-mmio transports (linux_virtio.c) ----------------------------

VIRTIO_YAML = os.path.join(REPO, "configs", "qemu-arm64-linux-virtio.yaml")


def add_virtio(dt, n, coherent=True):
    """Transport n of QEMU virt as root's DT has it: SPI 16 + n, edge."""
    node = dt / f"virtio_mmio@{0x0a00_0000 + n * 0x200:x}"
    node.mkdir()
    (node / "compatible").write_bytes(b"virtio,mmio\0")
    (node / "reg").write_bytes(struct.pack(">4I", 0, 0x0a00_0000 + n * 0x200,
                                           0, 0x200))
    (node / "interrupts").write_bytes(struct.pack(">3I", 0, 16 + n, 1))
    if coherent:
        (node / "dma-coherent").write_bytes(b"")


def test_virtio_node(cli, fake_dt, files, tmp_path):
    """The cell's window, root's interrupt and dma-coherent; no other
    transport of root's."""
    for n in range(32):
        add_virtio(fake_dt, n)
    with open(VIRTIO_YAML) as f:
        cell = build_cell(tmp_path, f.read())
    kernel, _ = files
    out = tmp_path / "cell.dtb"
    res = run(cli, fake_dt, cell, kernel, "-w", out, "-n")
    assert res.returncode == 0, res.stderr
    text = dts(out)
    assert text.count("virtio_mmio@") == 1, text
    node = text[text.index("virtio_mmio@a003e00 {"):]
    node = node[:node.index("};")]
    assert 'compatible = "virtio,mmio";' in node
    assert "reg = <0x00 0xa003e00 0x00 0x200>;" in node
    assert "interrupts = <0x00 0x2f 0x01>;" in node
    assert "dma-coherent;" in node


def test_virtio_not_coherent(cli, fake_dt, files, tmp_path):
    add_virtio(fake_dt, 31, coherent=False)
    with open(VIRTIO_YAML) as f:
        cell = build_cell(tmp_path, f.read())
    out = tmp_path / "cell.dtb"
    res = run(cli, fake_dt, cell, files[0], "-w", out, "-n")
    assert res.returncode == 0, res.stderr
    text = dts(out)
    assert "virtio_mmio@a003e00 {" in text and "dma-coherent" not in text


def test_virtio_irq_not_the_cells(cli, fake_dt, files, tmp_path):
    """Root's DT gives the transport an SPI the cell does not own."""
    add_virtio(fake_dt, 31)
    with open(VIRTIO_YAML) as f:
        text = f.read().replace("{first: 79, count: 1}",
                                "{first: 80, count: 1}")
    cell = build_cell(tmp_path, text)
    res = run(cli, fake_dt, cell, files[0], "-n")
    assert res.returncode != 0
    assert "uses interrupt 79, which is not one of the cell's" in res.stderr


def test_plain_linux_cell_has_no_virtio(cli, fake_dt, linux_cell, files,
                                        tmp_path):
    add_virtio(fake_dt, 31)
    out = tmp_path / "cell.dtb"
    res = run(cli, fake_dt, linux_cell, files[0], "-w", out, "-n")
    assert res.returncode == 0, res.stderr
    assert "virtio" not in dts(out)


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


# ---- -d DTB and the virtio-mmio transports (linux_dtbvirtio.c) ----------

def user_dtb(tmp_path, body, root_props="interrupt-parent = <&gic>;"):
    """A -d tree with a GIC labelled gic, @body more children of /."""
    if not shutil.which("dtc"):
        pytest.skip("no dtc")
    src = tmp_path / "in.dts"
    src.write_text('/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;'
                   f' model = "mine"; {root_props}'
                   ' gic: intc@8000000 { compatible = "arm,gic-v3";'
                   ' #interrupt-cells = <3>; interrupt-controller; };'
                   f' {body} }};\n')
    dtb = tmp_path / "in.dtb"
    subprocess.run(["dtc", "-I", "dts", "-O", "dtb", "-o", str(dtb),
                    str(src)], check=True, capture_output=True)
    return dtb


@pytest.fixture
def virtio_cell(fake_dt, tmp_path):
    add_virtio(fake_dt, 31)
    with open(VIRTIO_YAML) as f:
        return build_cell(tmp_path, f.read())


def virtio_nodes(text):
    """{node name: body} of every node with compatible virtio,mmio."""
    nodes = {}
    for part in text.split("};"):
        if 'compatible = "virtio,mmio";' in part:
            head = part[:part.index('compatible = "virtio,mmio";')]
            name = head.rstrip().rsplit("\n", 1)[-1].strip().rstrip(" {")
            nodes[name] = part
    return nodes


def test_given_dtb_gets_the_virtio_node(cli, fake_dt, virtio_cell, files,
                                        tmp_path):
    """-d without a transport node: the generated tree's node is added
    (window, root's SPI 47 = INTID 79, dma-coherent), the rest kept."""
    out = tmp_path / "out.dtb"
    res = run(cli, fake_dt, virtio_cell, files[0], "-c", "new", "-d",
              user_dtb(tmp_path, "extra { bar = <1>; };"), "-w", out, "-n")
    assert res.returncode == 0, res.stderr
    text = dts(out)
    nodes = virtio_nodes(text)
    assert list(nodes) == ["virtio_mmio@a003e00"], text
    node = nodes["virtio_mmio@a003e00"]
    assert "reg = <0x00 0xa003e00 0x00 0x200>;" in node
    assert "interrupts = <0x00 0x2f 0x01>;" in node
    assert "dma-coherent;" in node
    assert 'model = "mine";' in text and "bar = <0x01>;" in text
    assert 'bootargs = "console=ttyAMA0' in text


def test_given_dtb_with_a_good_virtio_node_kept(cli, fake_dt, virtio_cell,
                                                files, tmp_path):
    """The user's own node for the window (edge or level is the user's
    choice) is kept as it is and not doubled."""
    body = ('blk@a003e00 { compatible = "virtio,mmio";'
            ' reg = <0 0xa003e00 0 0x200>; interrupts = <0 47 4>;'
            ' mine = "yes"; };')
    out = tmp_path / "out.dtb"
    res = run(cli, fake_dt, virtio_cell, files[0], "-d",
              user_dtb(tmp_path, body), "-w", out, "-n")
    assert res.returncode == 0, res.stderr
    nodes = virtio_nodes(dts(out))
    assert list(nodes) == ["blk@a003e00"]
    assert 'mine = "yes";' in nodes["blk@a003e00"]
    assert "interrupts = <0x00 0x2f 0x04>;" in nodes["blk@a003e00"]


@pytest.mark.parametrize("body,root_props,message", [
    ('v@a003e00 { compatible = "virtio,mmio"; reg = <0 0xa003e00 0 0x1000>;'
     ' interrupts = <0 47 1>; };', None,
     "/v@a003e00: reg size 0x1000, the cell's window at 0xa003e00 is 0x200"
     " bytes"),
    ('v@a003c00 { compatible = "virtio,mmio"; reg = <0 0xa003c00 0 0x200>;'
     ' interrupts = <0 46 1>; };', None,
     "/v@a003c00 is a virtio-mmio node at 0xa003c00, where the cell has no"
     " virtio-mmio window (it has: 0xa003e00)"),
    ('v@a003e00 { compatible = "virtio,mmio"; reg = <0 0xa003e00 0 0x200>;'
     ' interrupts = <0 46 1>; };', None,
     "/v@a003e00: 'interrupts' must be <0 47 flags> (INTID 79, root's for"
     " the transport at 0xa003e00), it is <0 46 1>"),
    ('v@a003e00 { compatible = "virtio,mmio"; reg = <0 0xa003e00 0 0x200>;'
     ' };', None, "/v@a003e00: 'interrupts' must be <0 47 flags>"),
    ('v@a003e00 { compatible = "virtio,mmio"; };', None,
     "/v@a003e00: no 'reg' of 2 address and 2 size cells"),
    ('soc { #address-cells = <2>; #size-cells = <2>; ranges;'
     ' v@a003e00 { compatible = "virtio,mmio"; reg = <0 0xa003e00 0 0x200>;'
     ' interrupts = <0 47 1>; }; };', None,
     "a virtio-mmio node below /soc (at /soc/v@a003e00...)"),
    ("", "", "/ has no interrupt-parent, so the virtio-mmio node added for"
     " 0xa003e00 would have no interrupt controller"),
])
def test_given_dtb_bad_virtio_refused(cli, fake_dt, virtio_cell, files,
                                      tmp_path, body, root_props, message):
    """Refused with one line saying what is wrong; nothing written."""
    args = (body,) if root_props is None else (body, root_props)
    out = tmp_path / "out.dtb"
    res = run(cli, fake_dt, virtio_cell, files[0], "-d",
              user_dtb(tmp_path, *args), "-w", out, "-n")
    assert res.returncode == 1
    assert res.stderr.startswith("jailhouse cell linux: -d DTB: "), \
        res.stderr
    assert message in res.stderr
    assert len(res.stderr.splitlines()) == 1, res.stderr
    assert not out.exists()


def test_given_dtb_virtio_for_a_cell_without_one(cli, fake_dt, linux_cell,
                                                 files, tmp_path):
    """A transport node in -d for a cell that owns none is refused; a tree
    without one gets none."""
    add_virtio(fake_dt, 31)
    body = ('v@a003e00 { compatible = "virtio,mmio";'
            ' reg = <0 0xa003e00 0 0x200>; interrupts = <0 47 1>; };')
    res = run(cli, fake_dt, linux_cell, files[0], "-d",
              user_dtb(tmp_path, body), "-n")
    assert res.returncode == 1
    assert "where the cell has no virtio-mmio window (it has: none)" \
        in res.stderr
    out = tmp_path / "out.dtb"
    res = run(cli, fake_dt, linux_cell, files[0], "-d",
              user_dtb(tmp_path, ""), "-w", out, "-n")
    assert res.returncode == 0, res.stderr
    assert virtio_nodes(dts(out)) == {}


def test_given_dtb_one_cell_addresses_refused(cli, fake_dt, virtio_cell,
                                              files, tmp_path):
    """The added node is written with 2 address and 2 size cells: a tree
    with other ones must bring the node itself (and then it is checked
    with its own cell counts)."""
    if not shutil.which("dtc"):
        pytest.skip("no dtc")
    src = tmp_path / "in.dts"
    src.write_text('/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>;'
                   ' interrupt-parent = <&gic>; gic: intc@8000000 {'
                   ' interrupt-controller; #interrupt-cells = <3>; }; };\n')
    dtb = tmp_path / "in.dtb"
    subprocess.run(["dtc", "-I", "dts", "-O", "dtb", "-o", str(dtb),
                    str(src)], check=True, capture_output=True)
    res = run(cli, fake_dt, virtio_cell, files[0], "-d", dtb, "-n")
    assert res.returncode == 1
    assert ("/ has #address-cells 1 and #size-cells 1, the virtio-mmio node"
            " added for 0xa003e00 needs 2 and 2") in res.stderr
    src.write_text(src.read_text().replace(
        "}; };", '}; v@a003e00 { compatible = "virtio,mmio";'
        ' reg = <0xa003e00 0x200>; interrupts = <0 47 1>; }; };'))
    subprocess.run(["dtc", "-I", "dts", "-O", "dtb", "-o", str(dtb),
                    str(src)], check=True, capture_output=True)
    res = run(cli, fake_dt, virtio_cell, files[0], "-d", dtb, "-n")
    assert res.returncode == 0, res.stderr
