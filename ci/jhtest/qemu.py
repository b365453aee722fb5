# SPDX-License-Identifier: GPL-2.0
"""Boot a stock Debian arm64 kernel on QEMU virt with the test initramfs,
always under `timeout`, and capture the console (ci/qemu.sh runs this).

With scenario linux-virtio, two 1 MiB virtio-blk disks of known content
(ci/scenarios/linux-virtio.sh) are plugged in: the first takes QEMU
virt's highest virtio-mmio transport (0x0a00_3e00, the Linux cell's),
the second the one below (0x0a00_3c00, root's, in the same page).
With scenario bench-links, a virtio-net device on QEMU user networking
(slirp, guest 10.0.2.15/24) is root's too (highest transport): TCP to
10.0.2.100:5000 reaches a host-side `head -c 10485760 | sha256sum`
(guestfwd), whose answer is the SHA-256 of the first 10 MiB received:
make bench's virtio-net side of the 10 MiB transfer over jhnet0.
Exit status: QEMU's (0 after a guest poweroff), 124 on timeout. The log
ends with "JHHOST EXIT <status> <seconds>"."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

from .paths import CI, build_dir, err

DISK_BYTES = 1 << 20


def parser():
    p = argparse.ArgumentParser(
        prog="ci/qemu.sh", description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n", 2)[2],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--series", default="6.1", choices=["6.1", "6.12"],
                   help="kernel series (default 6.1)")
    p.add_argument("--gic", default="3", choices=["2", "3"],
                   help="GIC version (default 3)")
    p.add_argument("--no-virt", action="store_true",
                   help="no EL2 (drop virtualization=on)")
    p.add_argument("--kvm", action="store_true",
                   help="let KVM take EL2 (drop kvm-arm.mode=none)")
    p.add_argument("--no-mem", action="store_true",
                   help="Linux gets all RAM (drop mem=768M)")
    p.add_argument("--cpu", default="cortex-a57",
                   help='CPU model (default cortex-a57; "max" gets pauth-impdef=on)')
    p.add_argument("--icount", metavar="N",
                   help="deterministic virtual time: -icount shift=N")
    p.add_argument("--smp", default="4", help="vCPUs (default 4)")
    p.add_argument("--append", action="append", default=[], metavar="ARGS",
                   help="extra kernel command line (repeatable)")
    p.add_argument("--timeout", type=int, metavar="S",
                   help="host-side limit (default 300; interactive 7200)")
    p.add_argument("--log", help="console log (default build/qemu.log)")
    p.add_argument("--initrd", help="boot this initramfs instead of packing one")
    p.add_argument("--scenarios", default="", metavar='"A B"',
                   help="pack an initramfs that runs ci/scenarios/A.sh, B.sh")
    p.add_argument("--quiet", action="store_true",
                   help="do not echo the console, only write the log")
    p.add_argument("--interactive", action="store_true",
                   help="initramfs with a shell (what `make qemu` runs)")
    return p


def kernel_cmdline(a):
    cmdline = "console=ttyAMA0 panic=-1"
    if not a.kvm:
        cmdline += " kvm-arm.mode=none"
    if not a.no_mem:
        cmdline += " mem=768M"
    for extra in a.append:
        cmdline += " " + extra
    return cmdline


def machine_of(a):
    machine = f"virt,gic-version={a.gic}"
    if not a.no_virt:
        machine += ",virtualization=on"
    return machine


def virtio_disk(path, text):
    """1 MiB of TEXT lines: what scenario linux-virtio expects."""
    line = (text + "\n").encode()
    data = line * (DISK_BYTES // len(line) + 1)
    with open(path, "wb") as out:
        out.write(data[:DISK_BYTES])


def device_args(scenarios, tmpdir):
    args = []
    if "linux-virtio" in scenarios:
        for d in ("cell", "root"):
            img = os.path.join(tmpdir, f"{d}.img")
            virtio_disk(img, f"jailhouse virtio {d} disk")
            args += ["-drive", f"if=none,id={d},format=raw,file={img}",
                     "-device", f"virtio-blk-device,drive={d}"]
    if "bench-links" in scenarios:
        args += ["-netdev", "user,id=n0,net=10.0.2.0/24,guestfwd=tcp:10.0.2.100:5000-"
                 "cmd:sh -c 'head -c 10485760 | sha256sum'",
                 "-device", "virtio-net-device,netdev=n0"]
    return args


def qemu_args(a, kernel, initrd, devices):
    cpu = "max,pauth-impdef=on" if a.cpu == "max" else a.cpu
    args = ["-machine", machine_of(a), "-cpu", cpu, "-smp", a.smp, "-m", "1G",
            "-nographic", "-no-reboot", "-nic", "none", "-kernel", kernel,
            "-initrd", initrd, "-append", kernel_cmdline(a)] + devices
    if a.icount:
        args += ["-icount", f"shift={a.icount},sleep=off"]
    return args


def pack_initramfs(a, path):
    cmd = ["bash", os.path.join(CI, "initramfs.sh")]
    if a.interactive:
        cmd += ["--interactive", a.series, path]
    else:
        cmd += [a.series, path] + a.scenarios.split()
    return subprocess.call(cmd)


def run_qemu(cmd, log, quiet, interactive):
    """QEMU under CMD's timeout; the console to LOG (and the terminal
    unless QUIET). Returns the exit status."""
    with open(log, "wb") as out:
        if quiet:
            return subprocess.call(cmd, stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=subprocess.STDOUT)
        proc = subprocess.Popen(cmd, stdin=None if interactive else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for chunk in iter(lambda: proc.stdout.read1(4096), b""):
            out.write(chunk)
            out.flush()
            sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
        return proc.wait()


def main(argv):
    a = parser().parse_args(argv)
    build = build_dir()
    cache = os.environ.get("CACHE") or os.path.join(build, "cache")
    kernel = os.path.join(cache, f"linux-{a.series}", "boot", "Image")
    if not os.path.isfile(kernel):
        err(f"qemu.sh: {kernel} missing (run ci/deps.sh)")
        return 1
    tmo = a.timeout or (7200 if a.interactive else 300)
    log = a.log or os.path.join(build, "qemu.log")
    os.makedirs(build, exist_ok=True)
    tmpdir = tempfile.mkdtemp(prefix="qemu-run.", dir=build)
    try:
        initrd = a.initrd
        if not initrd:
            initrd = os.path.join(tmpdir, f"initramfs-{a.series}.cpio.gz")
            if pack_initramfs(a, initrd) != 0:
                err("qemu.sh: ci/initramfs.sh failed")
                return 1
        args = qemu_args(a, kernel, initrd, device_args(a.scenarios.split(), tmpdir))
        os.makedirs(os.path.dirname(os.path.abspath(log)), exist_ok=True)
        ic = f" -icount shift={a.icount},sleep=off" if a.icount else ""
        err(f"qemu: series {a.series}, -machine {machine_of(a)} -cpu {args[3]} "
            f"-smp {a.smp}{ic}, append \"{kernel_cmdline(a)}\", timeout {tmo}s, log {log}")
        cmd = ["timeout", "-k", "5"] + (["--foreground"] if a.interactive else [])
        cmd += [str(tmo), "qemu-system-aarch64"] + args
        start = time.monotonic()
        rc = run_qemu(cmd, log, a.quiet, a.interactive)
        secs = time.monotonic() - start
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    note = f" (TIMEOUT at {tmo}s)" if rc == 124 else ""
    err(f"qemu: exit {rc} after {secs:.1f} s{note}")
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"JHHOST EXIT {rc} {secs:.3f}\n")
    return rc
