# SPDX-License-Identifier: GPL-2.0
"""make install / uninstall into a DESTDIR, the DKMS source tree built
the way dkms.conf says against both cached Debian kernels, the man pages,
the inmate SDK used from outside the tree with pkg-config flags only, and
one release string everywhere. Needs `make all` first (as make test does).
"""
import os
import re
import shlex
import shutil
import subprocess

import pytest

from conftest import REPO

BUILD = os.environ.get("BUILD", os.path.join(REPO, "build"))
CACHE = os.environ.get("CACHE", os.path.join(BUILD, "cache"))
PREFIX = "/usr/local"
CROSS = "aarch64-linux-gnu-"
SERIES = ("6.1", "6.12")
HV_VERSION_OFF = 80  # jh_hv_header.version (include/jailhouse/header.h)


def version():
    return subprocess.run(["sh", os.path.join(REPO, "scripts", "version.sh")],
                          check=True, capture_output=True,
                          text=True).stdout.strip()


def make(*args):
    return subprocess.run(["make", "-s", "-C", REPO, f"BUILD={BUILD}", *args],
                          capture_output=True, text=True)


def kernel_release(series):
    path = os.path.join(CACHE, f"linux-{series}", "kdir", "include",
                        "generated", "utsrelease.h")
    with open(path) as f:
        return re.search(r'UTS_RELEASE "([^"]+)"', f.read()).group(1)


def modinfo(ko):
    """The .modinfo strings of a module: {key: value}."""
    out = subprocess.run([CROSS + "objcopy", "-O", "binary",
                          "--only-section=.modinfo", ko, "/dev/stdout"],
                         check=True, capture_output=True).stdout
    info = {}
    for item in out.split(b"\0"):
        if b"=" in item:
            k, v = item.decode().split("=", 1)
            info.setdefault(k, v)
    return info


@pytest.fixture(scope="module")
def destdir(tmp_path_factory):
    d = tmp_path_factory.mktemp("destdir")
    res = make("install", f"DESTDIR={d}")
    assert res.returncode == 0, res.stderr
    return str(d)


def under(destdir, path):
    return os.path.join(destdir, path.lstrip("/"))


def test_install_tree(destdir):
    v = version()
    expect = {
        "/lib/firmware/jailhouse.bin": 0o644,
        f"{PREFIX}/sbin/jailhouse": 0o755,
        f"{PREFIX}/share/jailhouse/tools/jailhouse-config": 0o755,
        f"{PREFIX}/share/jailhouse/tools/jhconfig/cli.py": 0o644,
        f"{PREFIX}/share/jailhouse/tools/jhconfig/schema.json": 0o644,
        f"{PREFIX}/share/jailhouse/configs/qemu-arm64.yaml": 0o644,
        f"{PREFIX}/share/jailhouse/configs/qemu-arm64.cell": 0o644,
        f"{PREFIX}/share/jailhouse/inmates/hello.bin": 0o644,
        f"{PREFIX}/include/jailhouse/header.h": 0o644,
        f"{PREFIX}/include/jailhouse/config.h": 0o644,
        f"{PREFIX}/include/jailhouse-inmate/inmate.h": 0o644,
        f"{PREFIX}/lib/jailhouse/inmate/libinmate.a": 0o644,
        f"{PREFIX}/lib/jailhouse/inmate/entry.o": 0o644,
        f"{PREFIX}/lib/jailhouse/inmate/inmate.lds": 0o644,
        f"{PREFIX}/lib/pkgconfig/jailhouse-inmate.pc": 0o644,
        f"{PREFIX}/share/man/man8/jailhouse.8": 0o644,
        f"{PREFIX}/share/man/man8/jailhouse-cell.8": 0o644,
        f"{PREFIX}/share/man/man1/jailhouse-config.1": 0o644,
        f"{PREFIX}/share/bash-completion/completions/jailhouse": 0o644,
        f"/usr/src/jailhouse-{v}/dkms.conf": 0o644,
        f"/usr/src/jailhouse-{v}/Kbuild": 0o644,
        f"/usr/src/jailhouse-{v}/main.c": 0o644,
        f"/usr/src/jailhouse-{v}/include/jailhouse/header.h": 0o644,
        f"/usr/src/jailhouse-{v}/VERSION": 0o644,
    }
    for s in SERIES:
        expect[f"/lib/modules/{kernel_release(s)}/extra/jailhouse.ko"] = 0o644
    for path, mode in expect.items():
        st = os.stat(under(destdir, path))
        assert st.st_mode & 0o777 == mode, path
    # Installed copies are the build's, byte for byte.
    for path, built in (("/lib/firmware/jailhouse.bin",
                         "hypervisor/jailhouse.bin"),
                        (f"{PREFIX}/sbin/jailhouse", "tools/jailhouse")):
        with open(under(destdir, path), "rb") as a, \
                open(os.path.join(BUILD, built), "rb") as b:
            assert a.read() == b.read(), path
    # Every config and inmate of the build, nothing else.
    for sub, ext in (("configs", ".cell"), ("inmates", ".bin")):
        built = {f for f in os.listdir(os.path.join(BUILD, sub))
                 if f.endswith(ext)}
        inst = {f for f in os.listdir(under(destdir,
                f"{PREFIX}/share/jailhouse/{sub}")) if f.endswith(ext)}
        assert built and built == inst


def test_config_tool_runs_from_install(destdir, tmp_path):
    """`jailhouse config` runs <dir of jailhouse>/jailhouse-config: the
    link there must reach the installed tool and its jhconfig package."""
    sbin = under(destdir, f"{PREFIX}/sbin/jailhouse-config")
    assert os.path.islink(sbin)
    assert os.path.realpath(sbin) == under(
        destdir, f"{PREFIX}/share/jailhouse/tools/jailhouse-config")
    # Relative links: the tree works wherever DESTDIR puts it.
    assert not os.readlink(sbin).startswith("/")
    out = tmp_path / "x.cell"
    for tool in (sbin, under(destdir, f"{PREFIX}/bin/jailhouse-config")):
        res = subprocess.run(
            ["/usr/bin/python3", tool, "build",
             under(destdir, f"{PREFIX}/share/jailhouse/configs/qemu-arm64.yaml"),
             "-o", str(out)], capture_output=True, text=True, cwd="/")
        assert res.returncode == 0, res.stderr
        with open(os.path.join(BUILD, "configs", "qemu-arm64.cell"), "rb") as f:
            assert out.read_bytes() == f.read()


def test_one_version_everywhere(destdir):
    v = version()
    with open(os.path.join(REPO, "VERSION")) as f:
        base = f.read().strip()
    # Untagged: the file; tagged: git describe, which starts with a release.
    assert v == base or re.match(r"\d+\.\d+", v)
    with open(under(destdir, "/lib/firmware/jailhouse.bin"), "rb") as f:
        hdr = f.read(HV_VERSION_OFF + 32)
    assert hdr[HV_VERSION_OFF:].rstrip(b"\0").decode() == v
    for s in SERIES:
        ko = under(destdir, f"/lib/modules/{kernel_release(s)}/extra/jailhouse.ko")
        assert modinfo(ko)["version"] == v
    with open(under(destdir, f"{PREFIX}/sbin/jailhouse"), "rb") as f:
        assert v.encode() + b"\0" in f.read()
    src = under(destdir, f"/usr/src/jailhouse-{v}")
    with open(os.path.join(src, "VERSION")) as f:
        assert f.read().strip() == v
    with open(os.path.join(src, "dkms.conf")) as f:
        assert f'PACKAGE_VERSION="{v}"' in f.read()
    with open(under(destdir, f"{PREFIX}/lib/pkgconfig/jailhouse-inmate.pc")) as f:
        assert f"Version: {v}\n" in f.read()


def test_uninstall_leaves_nothing(tmp_path):
    d = str(tmp_path)
    assert make("install", f"DESTDIR={d}").returncode == 0
    # Something that is not ours, in a shared directory, must stay.
    other = os.path.join(d, "usr/local/sbin/other-tool")
    open(other, "w").close()
    res = make("uninstall", f"DESTDIR={d}")
    assert res.returncode == 0, res.stderr
    left = [os.path.relpath(os.path.join(r, f), d)
            for r, _, files in os.walk(d) for f in files]
    assert left == ["usr/local/sbin/other-tool"]


@pytest.mark.parametrize("page", ["man8/jailhouse.8", "man8/jailhouse-cell.8",
                                  "man1/jailhouse-config.1"])
def test_man_page(destdir, page):
    path = under(destdir, f"{PREFIX}/share/man/{page}")
    res = subprocess.run(["groff", "-z", "-ww", "-man", path],
                         capture_output=True, text=True)
    assert res.returncode == 0 and res.stderr == ""
    res = subprocess.run(["man", "--warnings", "-l", path],
                         capture_output=True, text=True,
                         env=dict(os.environ, MANWIDTH="80", MANPAGER="cat",
                                  LC_ALL="C.UTF-8"))
    assert res.returncode == 0 and res.stderr == ""
    assert "NAME" in res.stdout and "SEE ALSO" in res.stdout


def dkms_make_line(conf, kdir, build_dir):
    """MAKE[0] of dkms.conf with the variables DKMS fills in."""
    text = open(conf).read()
    fields = dict(re.findall(r'^([A-Z_]+(?:\[0\])?)="(.*)"$', text, re.M))
    line = fields["MAKE[0]"]
    line = line.replace("${kernel_source_dir}", kdir)
    line = line.replace(
        "${dkms_tree}/${PACKAGE_NAME}/${PACKAGE_VERSION}/build", build_dir)
    assert "$" not in line, line
    return shlex.split(line)


@pytest.mark.parametrize("series", SERIES)
def test_dkms_build(destdir, tmp_path, series):
    """What `dkms build` does: copy /usr/src/jailhouse-V to its build
    directory and run MAKE[0] against the kernel's headers (cross here)."""
    v = version()
    build_dir = str(tmp_path / "build")
    shutil.copytree(under(destdir, f"/usr/src/jailhouse-{v}"), build_dir)
    kdir = os.path.join(CACHE, f"linux-{series}", "kdir")
    cmd = dkms_make_line(os.path.join(build_dir, "dkms.conf"), kdir, build_dir)
    # Debian 6.12 headers would add BTF (pahole): not there on this host.
    res = subprocess.run(["nice", *cmd, "CONFIG_DEBUG_INFO_BTF_MODULES="],
                         capture_output=True, text=True,
                         env=dict(os.environ, ARCH="arm64",
                                  CROSS_COMPILE=CROSS))
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    info = modinfo(os.path.join(build_dir, "jailhouse.ko"))
    assert info["version"] == v
    assert info["vermagic"].split()[0] == kernel_release(series)
    # Our own build keeps -Werror, the user's does not get it.
    with open(os.path.join(build_dir, ".main.o.cmd")) as f:
        assert " -Werror " not in f.read()
    with open(os.path.join(BUILD, f"driver-{series}", ".main.o.cmd")) as f:
        assert " -Werror " in f.read()


def test_sdk_example(destdir, tmp_path):
    """The example builds from the installed SDK with pkg-config flags
    only, into a position-independent flat image like the tree's own."""
    prefix = under(destdir, PREFIX)
    res = subprocess.run(
        ["make", "-C", os.path.join(REPO, "inmates", "sdk", "example"),
         f"O={tmp_path}",
         f"PKG_CONFIG=pkg-config --define-variable=prefix={prefix}"],
        capture_output=True, text=True,
        env=dict(os.environ,
                 PKG_CONFIG_PATH=os.path.join(prefix, "lib", "pkgconfig")))
    assert res.returncode == 0, res.stdout + res.stderr
    # Nothing from the source tree was used.
    assert os.path.join(REPO, "inmates", "lib") not in res.stdout
    assert f"{prefix}/lib/jailhouse/inmate/libinmate.a" in res.stdout or \
        "-linmate" in res.stdout
    elf = str(tmp_path / "sdk-hello.elf")
    relocs = subprocess.run([CROSS + "readelf", "-rW", elf], check=True,
                            capture_output=True, text=True).stdout
    kinds = set(re.findall(r"R_AARCH64_\w+", relocs))
    assert kinds <= {"R_AARCH64_RELATIVE"}
    hdr = subprocess.run([CROSS + "readelf", "-hW", elf], check=True,
                         capture_output=True, text=True).stdout
    assert re.search(r"Entry point address:\s+0x0\n", hdr)
    data = (tmp_path / "sdk-hello.bin").read_bytes()
    assert b"sdk-hello: hello %s from CPU" in data
    # The layout the loader expects: startup code at 0, vectors at 0x800.
    syms = subprocess.run([CROSS + "readelf", "-sW", elf], check=True,
                          capture_output=True, text=True).stdout
    addr = {p[7]: int(p[1], 16) for p in map(str.split, syms.splitlines())
            if len(p) == 8 and p[0][:-1].isdigit()}
    assert addr["_start"] == 0 and addr["inmate_vectors"] == 0x800


def test_cli_version_follows_the_release(tmp_path):
    """jailhouse --version prints the release; a new release string
    rebuilds the CLI in the same output directory (the generated
    jh_version.h changes, -MMD makes jailhouse.o depend on it)."""
    tools = os.path.join(REPO, "tools")

    def build_and_ask(*extra):
        res = subprocess.run(["make", "-s", "-C", tools, f"O={tmp_path}",
                              "CC=gcc", *extra], capture_output=True,
                             text=True)
        assert res.returncode == 0, res.stderr
        return subprocess.run([str(tmp_path / "jailhouse"), "--version"],
                              capture_output=True, text=True, check=True)

    assert build_and_ask().stdout == f"jailhouse {version()}\n"
    assert build_and_ask("JH_VERSION=9.9.9-test").stdout == \
        "jailhouse 9.9.9-test\n"
    assert build_and_ask().stdout == f"jailhouse {version()}\n"
