#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Seeds of fuzz_dtb: mkcorpus_dtb.py OUTDIR (make -C tools/fuzz corpus).

Each seed is one byte choosing the cell (fuzz_dtb.c: bit 0-1 plain,
one or two virtio transports, no UART; bit 2 initrd; bit 3 empty
bootargs) and a DTB. The DTBs are what `jailhouse cell linux -w` writes
for every cell config in configs/ that it accepts, built with the host
CLI against a fake QEMU virt root device tree (4 CPUs, GICv3, the
virtio-mmio transport of qemu-arm64-linux-virtio.yaml), then copies of
one of them damaged by hand, one defect each.
"""
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TOOLS = os.path.join(REPO, "tools")


def fake_root_dt(base):
    """The root device tree the CLI reads (JAILHOUSE_DT)."""
    def put(path, data):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    put(os.path.join(base, "#address-cells"), struct.pack(">I", 2))
    for n in range(4):
        put(os.path.join(base, "cpus", f"cpu@{n}", "reg"),
            struct.pack(">I", n))
    put(os.path.join(base, "intc@8000000", "compatible"), b"arm,gic-v3\0")
    put(os.path.join(base, "intc@8000000", "reg"),
        struct.pack(">8I", 0, 0x0800_0000, 0, 0x10000,
                    0, 0x080a_0000, 0, 0xf60000))
    vio = os.path.join(base, "virtio_mmio@a003e00")
    put(os.path.join(vio, "compatible"), b"virtio,mmio\0")
    put(os.path.join(vio, "interrupts"), struct.pack(">3I", 0, 47, 1))
    put(os.path.join(vio, "dma-coherent"), b"")


def arm64_image():
    """A fake arm64 Image header (Documentation/arch/arm64/booting.rst)."""
    hdr = struct.pack("<II QQQ QQQ 4s I", 0x14000000, 0, 0, 0x20000, 0xa,
                      0, 0, 0, b"ARM\x64", 0)
    return hdr + bytes(0x10000 - len(hdr))


def generated(tmp):
    """{config name: DTB} for every config the CLI makes a Linux DTB for."""
    cli_dir = os.path.join(tmp, "cli")
    subprocess.run(["make", "-s", "-C", TOOLS, f"O={cli_dir}", "CC=gcc"],
                   check=True)
    dt = os.path.join(tmp, "dt")
    fake_root_dt(dt)
    image = os.path.join(tmp, "Image")
    with open(image, "wb") as f:
        f.write(arm64_image())
    env = dict(os.environ, JAILHOUSE_DT=dt, JAILHOUSE_SYSFS="/nonexistent",
               JAILHOUSE_DEVICE="/nonexistent/jailhouse")
    out = {}
    for yaml in sorted(os.listdir(os.path.join(REPO, "configs"))):
        name = yaml[:-len(".yaml")]
        cell = os.path.join(tmp, name + ".cell")
        dtb = os.path.join(tmp, name + ".dtb")
        subprocess.run([os.path.join(TOOLS, "jailhouse-config"), "build",
                        os.path.join(REPO, "configs", yaml), "-o", cell],
                       check=True, capture_output=True)
        res = subprocess.run([os.path.join(cli_dir, "jailhouse"), "cell",
                              "linux", cell, image, "-w", dtb, "-n"],
                             env=env, capture_output=True)
        if res.returncode == 0:
            with open(dtb, "rb") as f:
                out[name] = f.read()
    return out


def u32(blob, idx):
    return struct.unpack_from(">I", blob, idx * 4)[0]


def set_u32(blob, idx, value):
    b = bytearray(blob)
    struct.pack_into(">I", b, idx * 4, value)
    return bytes(b)


def damaged(dtb):
    """{name: DTB} with one defect each."""
    off_dt, dt_size = u32(dtb, 2), u32(dtb, 9)
    first_prop = off_dt + 8             # after BEGIN_NODE "" (4 + 4)
    b = bytearray(dtb)
    struct.pack_into(">I", b, first_prop + 8, 0xfffffff0)   # nameoff
    bad_nameoff = bytes(b)
    b = bytearray(dtb)
    struct.pack_into(">I", b, first_prop + 4, 0x7fffffff)   # prop len
    bad_len = bytes(b)
    b = bytearray(dtb)
    end = off_dt + dt_size - 4          # FDT_END -> FDT_END_NODE
    struct.pack_into(">I", b, end, 2)
    extra_end = bytes(b)
    return {
        "truncated": dtb[:len(dtb) // 2],
        "bad-magic": set_u32(dtb, 0, 0xd00dfeee),
        "totalsize-big": set_u32(dtb, 1, len(dtb) + 64),
        "off-dt-out": set_u32(dtb, 2, len(dtb) + 4),
        "dt-size-big": set_u32(dtb, 9, dt_size + 0x1000),
        "strings-short": set_u32(dtb, 8, 4),
        "bad-nameoff": bad_nameoff,
        "bad-prop-len": bad_len,
        "extra-end-node": extra_end,
        "header-only": dtb[:40],
    }


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        trees = generated(tmp)
    if not trees:
        sys.exit("mkcorpus_dtb: the CLI made no DTB")
    seeds = {}
    for name, dtb in trees.items():
        sel = 1 if b"virtio,mmio" in dtb else 0
        seeds[f"gen-{name}"] = bytes([sel]) + dtb
        seeds[f"gen-{name}-initrd"] = bytes([sel | 4]) + dtb
    base = trees[sorted(trees)[0]]
    for name, dtb in damaged(base).items():
        seeds[f"bad-{name}"] = b"\0" + dtb
    for name, data in seeds.items():
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
    print(f"mkcorpus_dtb: {len(seeds)} seeds in {outdir}")


if __name__ == "__main__":
    main()
