# SPDX-License-Identifier: GPL-2.0
"""make deb: four arm64 packages whose metadata (dpkg-deb -I) and file
lists (dpkg-deb -c) are what the packaging promises. The packaged files
are the build's own (compared byte for byte after dpkg-deb -x). Needs
`make all` first."""
import os
import subprocess

import pytest

from conftest import REPO
from test_install import BUILD, version

PACKAGES = {
    "jailhouse-dkms": ("all", [
        "./usr/src/jailhouse-{v}/dkms.conf",
        "./usr/src/jailhouse-{v}/Kbuild",
        "./usr/src/jailhouse-{v}/VERSION",
        "./usr/src/jailhouse-{v}/main.c",
        "./usr/src/jailhouse-{v}/include/jailhouse/header.h",
    ]),
    "jailhouse-tools": ("arm64", [
        "./usr/sbin/jailhouse",
        "./usr/sbin/jailhouse-config",
        "./usr/bin/jailhouse-config",
        "./usr/share/jailhouse/tools/jailhouse-config",
        "./usr/share/jailhouse/tools/jhconfig/cli.py",
        "./usr/share/bash-completion/completions/jailhouse",
        "./usr/share/man/man8/jailhouse.8.gz",
        "./usr/share/man/man8/jailhouse-cell.8.gz",
        "./usr/share/man/man1/jailhouse-config.1.gz",
    ]),
    "jailhouse-firmware": ("arm64", [
        "./lib/firmware/jailhouse.bin",
        "./usr/share/jailhouse/configs/qemu-arm64.cell",
        "./usr/share/jailhouse/configs/qemu-arm64.yaml",
        "./usr/share/jailhouse/inmates/hello.bin",
    ]),
    "jailhouse-inmate-sdk": ("arm64", [
        "./usr/lib/jailhouse/inmate/libinmate.a",
        "./usr/lib/jailhouse/inmate/entry.o",
        "./usr/lib/jailhouse/inmate/inmate.lds",
        "./usr/lib/pkgconfig/jailhouse-inmate.pc",
        "./usr/include/jailhouse-inmate/inmate.h",
        "./usr/include/jailhouse/comm.h",
    ]),
}


@pytest.fixture(scope="module")
def debs():
    res = subprocess.run(["nice", "make", "-s", "-C", REPO, f"BUILD={BUILD}",
                          "deb"], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    v = version().replace("-", "+")
    out = {}
    for name, (arch, _) in PACKAGES.items():
        path = os.path.join(BUILD, "deb", f"{name}_{v}_{arch}.deb")
        assert os.path.isfile(path), path
        out[name] = path
    return out


def field(deb, name):
    return subprocess.run(["dpkg-deb", "-f", deb, name], check=True,
                          capture_output=True, text=True).stdout.strip()


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_package(debs, name):
    v = version()
    arch, files = PACKAGES[name]
    deb = debs[name]
    info = subprocess.run(["dpkg-deb", "-I", deb], check=True,
                          capture_output=True, text=True).stdout
    assert f" Package: {name}\n" in info
    assert f" Architecture: {arch}\n" in info
    assert f" Version: {v.replace('-', '+')}\n" in info
    listing = subprocess.run(["dpkg-deb", "-c", deb], check=True,
                             capture_output=True, text=True).stdout
    paths = {line.split()[5]: line.split()[0] for line in listing.splitlines()}
    for f in files:
        f = f.format(v=v)
        assert f in paths, f"{f} missing from {name}"
    for f, mode in paths.items():
        assert "/usr/local/" not in f, f
        assert mode[0] in "d-l", f
        if f == "./usr/sbin/jailhouse":
            assert mode == "-rwxr-xr-x"
    # Every file is owned by root (no leaks of the builder's uid).
    for line in listing.splitlines():
        assert line.split()[1] == "root/root", line


def test_versions_tie_packages_together(debs):
    """The tools need the firmware and module of the same release: the
    driver refuses an image of another one."""
    v = version().replace("-", "+")
    dep = field(debs["jailhouse-tools"], "Depends")
    assert f"jailhouse-firmware (= {v})" in dep
    assert f"jailhouse-dkms (= {v})" in dep
    assert "dkms" in field(debs["jailhouse-dkms"], "Depends")


def test_dkms_maintainer_scripts(debs, tmp_path):
    subprocess.run(["dpkg-deb", "-e", debs["jailhouse-dkms"], str(tmp_path)],
                   check=True)
    v = version()
    post = (tmp_path / "postinst").read_text()
    assert f'V={v}\n' in post
    assert 'dkms add -m jailhouse -v "$V"' in post
    assert 'dkms install -m jailhouse -v "$V"' in post
    assert 'dkms remove -m jailhouse -v "$V"' in (tmp_path / "prerm").read_text()
    for s in ("postinst", "prerm"):
        res = subprocess.run(["sh", "-n", str(tmp_path / s)])
        assert res.returncode == 0


def test_packaged_files_are_the_build(debs, tmp_path):
    for name in ("jailhouse-tools", "jailhouse-firmware"):
        subprocess.run(["dpkg-deb", "-x", debs[name], str(tmp_path)],
                       check=True)
    for packaged, built in (("lib/firmware/jailhouse.bin",
                             "hypervisor/jailhouse.bin"),
                            ("usr/share/jailhouse/inmates/hello.bin",
                             "inmates/hello.bin"),
                            ("usr/share/jailhouse/configs/qemu-arm64.cell",
                             "configs/qemu-arm64.cell")):
        assert (tmp_path / packaged).read_bytes() == \
            open(os.path.join(BUILD, built), "rb").read(), packaged
    # The CLI is stripped by the packaging but is the same program.
    cli = (tmp_path / "usr/sbin/jailhouse").read_bytes()
    assert cli[:4] == b"\x7fELF" and version().encode() + b"\0" in cli
