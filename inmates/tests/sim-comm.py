#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Boot an inmate bare on QEMU with a simulated comm region, no hypervisor.

Drives QEMU's gdbstub: writes a struct jh_comm_region (PL011 console,
QEMU virt GICv3 addresses, CPUs Aff0 = 0..N-1) into RAM, points x0 at it,
lets the inmate run, then posts JH_MSG_SHUTDOWN_REQUEST and checks the
reply (OK, or DENIED with --locked) and that every CPU stopped in the
library's halt loop. Exercises the "in a cell" code paths (comm parsing,
console choice, CPU list, shutdown handshake, halt SGI) on plain QEMU.

usage: sim-comm.py NAME [--locked] [--after SECONDS] [--smp N] [-- QEMU ARGS]
Exit status 0 when the reply and the CPU states are as expected.
"""
import argparse, os, socket, struct, subprocess, sys, time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LOAD = 0x40100000
COMM = 0x48000000
OFF_MSG, OFF_REPLY = 20, 24


class Rsp:
    """Just enough of the GDB remote serial protocol."""

    def __init__(self, port):
        for _ in range(100):
            try:
                self.s = socket.create_connection(("127.0.0.1", port))
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise SystemExit("sim-comm: cannot reach the gdbstub")
        self.buf = b""

    def _packet(self):
        while True:
            while b"#" not in self.buf or len(self.buf) < self.buf.index(b"#") + 3:
                data = self.s.recv(4096)
                if not data:
                    raise EOFError("gdbstub closed")
                self.buf += data
            start = self.buf.find(b"$")
            end = self.buf.index(b"#")
            if start < 0 or start > end:
                self.buf = self.buf[end + 3:]
                continue
            pkt = self.buf[start + 1:end]
            self.buf = self.buf[end + 3:]
            self.s.sendall(b"+")
            return pkt.decode()

    def cmd(self, c, reply=True):
        self.s.sendall(b"$%s#%02x" % (c.encode(), sum(c.encode()) & 0xff))
        return self._packet() if reply else None

    def stop(self):
        self.s.sendall(b"\x03")
        return self._packet()

    def wmem(self, addr, data):
        if self.cmd("M%x,%x:%s" % (addr, len(data), data.hex())) != "OK":
            raise SystemExit("sim-comm: memory write refused")

    def rmem(self, addr, n):
        return bytes.fromhex(self.cmd("m%x,%x" % (addr, n)))


def comm_region(ncpus, locked):
    b = b"JHCOMM01" + struct.pack("<8I", 1, 1, 0, 0, 0, locked, 0, ncpus)
    b += b"".join(struct.pack("<Q", i if i < ncpus else 0) for i in range(16))
    b += struct.pack("<IIQQQQ", 3, 1, 0x08000000, 0x080a0000, 0x09000000, 62500000)
    assert len(b) == 208
    return b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("name")
    ap.add_argument("--locked", action="store_true")
    ap.add_argument("--after", type=float, default=2.0)
    ap.add_argument("--smp", type=int, default=2)
    ap.add_argument("qemu", nargs="*")
    a = ap.parse_args()
    build = os.environ.get("BUILD", os.path.join(TOP, "build"))
    img = os.path.join(build, "inmates", a.name + ".bin")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    qemu = subprocess.Popen(
        ["timeout", "60", "qemu-system-aarch64", "-machine", "virt,gic-version=3",
         "-cpu", "cortex-a57", "-smp", str(a.smp), "-m", "256M", "-nographic",
         "-nic", "none", "-S", "-gdb", "tcp:127.0.0.1:%d" % port,
         "-device", "loader,file=%s,addr=0x%x,force-raw=on" % (img, LOAD),
         "-device", "loader,addr=0x%x,cpu-num=0" % LOAD] + a.qemu,
        stdin=subprocess.DEVNULL)
    ok = True
    try:
        g = Rsp(port)
        g.cmd("?")
        g.cmd("qXfer:features:read:target.xml:0,ffb")  # QEMU wants it before P/p
        g.wmem(COMM, comm_region(a.smp, int(a.locked)))
        if g.cmd("P0=" + struct.pack("<Q", COMM).hex()) != "OK":   # x0
            raise SystemExit("sim-comm: cannot set x0")
        g.cmd("c", reply=False)
        time.sleep(a.after)
        g.stop()
        g.wmem(COMM + OFF_MSG, struct.pack("<I", 1))
        g.cmd("c", reply=False)
        time.sleep(1.5)
        g.stop()
        reply, = struct.unpack("<I", g.rmem(COMM + OFF_REPLY, 4))
        want = 2 if a.locked else 1
        print("SIM reply_from_cell %d (want %d)" % (reply, want), flush=True)
        ok = reply == want
        halt = int(subprocess.run(
            "aarch64-linux-gnu-nm %s | awk '$3 == \"inmate_halt\" {print $1}'"
            % img.replace(".bin", ".elf"), shell=True, capture_output=True,
            text=True).stdout or "0", 16) + LOAD
        for t in range(1, a.smp + 1):
            g.cmd("Hg%d" % t)
            pc, = struct.unpack("<Q", bytes.fromhex(g.cmd("p20")))
            where = "halted" if halt <= pc < halt + 0x20 else "not in the halt loop (off, or still running)"
            print("SIM CPU %d pc 0x%x %s" % (t - 1, pc, where), flush=True)
            if not a.locked and t == 1 and where != "halted":
                ok = False
    finally:
        # SIGTERM: timeout(1) passes it on to QEMU (SIGKILL would orphan it).
        qemu.terminate()
        try:
            qemu.wait(10)
        except subprocess.TimeoutExpired:
            qemu.kill()
            qemu.wait()
    print("SIM %s" % ("PASS" if ok else "FAIL"), flush=True)
    return 0 if ok else 1


sys.exit(main())
