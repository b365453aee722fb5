# SPDX-License-Identifier: GPL-2.0
"""The table of suites `make test` boots: one QEMU boot each.

kind       how the log is counted: "scenarios" (scenarios.py), "incell",
           "attacks", "root-panic"
layer      the per-layer line of `make test` it adds to
qemu       ci/qemu.sh options
scenarios  the scenarios the boot runs, in order
timeout    host timeout (s)
expected   the number of checks (passed + failed) the suite reports when
           nothing is lost. It is written here, apart from the PLAN=N and
           SUITES lines of the scenarios: a suite reporting another total
           fails as <suite>.count naming both numbers, so a check dropped
           together with its PLAN number is still caught. Change it only
           with the checks themselves, and say so in the commit.
           Scenario suites: the PLAN numbers plus one for the poweroff;
           incell: the SUITES numbers; attacks: one-shots + in-cell checks
           + one aftermath per suite; root-panic: PLAN + 6."""


class Suite:
    def __init__(self, name, kind, layer, qemu, scenarios, timeout, expected):
        self.name, self.kind, self.layer = name, kind, layer
        self.qemu, self.scenarios = qemu.split(), scenarios.split()
        self.timeout, self.expected = timeout, expected

    def series(self):
        return self.qemu[self.qemu.index("--series") + 1]

    def row(self):
        return "%-14s %-10s %-28s %4ds %5s  %s" % (
            self.name, self.layer, " ".join(self.qemu), self.timeout,
            self.expected if self.expected is not None else "-",
            " ".join(self.scenarios))


def _systest(name, qemu, scenarios, timeout, expected):
    return Suite(name, "scenarios", "systest", qemu, scenarios, timeout, expected)


CELLS = "cells cell-refusals cell-failures cell-cycles cell-uart"
FUZZ = "fuzz-cell destroy-states root-hostile root-faults subpage-nodev"
SUITES = [
    _systest("main-6.1", "--series 6.1", "refusals installed enable", 480, 100),
    _systest("main-6.12", "--series 6.12", "refusals installed enable", 480, 100),
    _systest("cells-6.1", "--series 6.1", CELLS, 660, 305),
    _systest("linux-6.1", "--series 6.1", "linux-cell linux-panic", 1200, 59),
    _systest("linuxdev-6.1", "--series 6.1", "uboot-cell linux-virtio", 1200, 59),
    _systest("cells-6.12", "--series 6.12", CELLS, 660, 305),
    _systest("linux-6.12", "--series 6.12", "linux-cell linux-panic", 1200, 59),
    _systest("linuxdev-6.12", "--series 6.12", "uboot-cell linux-virtio", 1200, 59),
    _systest("links-6.1", "--series 6.1", "links link-uio link-net", 1200, 158),
    _systest("links-6.12", "--series 6.12", "links link-uio link-net", 1200, 158),
    _systest("fuzz-6.1", "--series 6.1", FUZZ, 780, 320),
    _systest("fuzz-6.12", "--series 6.12", FUZZ, 780, 320),
    _systest("soak-6.1", "--series 6.1", "soak", 1200, 14),
    _systest("gicv2-6.1", "--series 6.1 --gic 2", "gicv2 link-gicv2", 300, 21),
    _systest("novirt-6.1", "--series 6.1 --no-virt", "env-novirt", 120, 6),
    _systest("kvm-6.1", "--series 6.1 --kvm", "env-kvm", 120, 6),
    _systest("nomem-6.1", "--series 6.1 --no-mem", "env-nomem", 120, 6),
    _systest("vhe-6.1", "--series 6.1 --cpu max", "env-vhe", 180, 6),
    _systest("kvm-6.12", "--series 6.12 --kvm", "env-kvm", 120, 6),
    Suite("incell-6.1", "incell", "incell", "--series 6.1", "incell", 300, 209),
    Suite("incell-6.12", "incell", "incell", "--series 6.12", "incell", 300, 209),
    Suite("attacks-6.1", "attacks", "attacks", "--series 6.1", "attacks", 420, 254),
    Suite("attacks-6.12", "attacks", "attacks", "--series 6.12", "attacks", 420, 254),
    Suite("root-panic-6.1", "root-panic", "root-panic", "--series 6.1", "root-panic", 240, 14),
    Suite("root-panic-6.12", "root-panic", "root-panic", "--series 6.12", "root-panic", 240, 14),
]
LAYERS = ["systest", "incell", "attacks", "root-panic"]


def by_name(name):
    for s in SUITES:
        if s.name == name:
            return s
    return None


def of_layer(layer):
    return [s for s in SUITES if s.layer == layer]


def adhoc(spec):
    """A suite from "NAME|QEMU OPTIONS|SCENARIOS|TIMEOUT" (no expected
    count), e.g. "smoke|--series 6.12|smoke|60"."""
    f = spec.split("|")
    if len(f) != 4 or not f[0] or not f[3].isdigit():
        raise ValueError(f"--group wants NAME|QEMU OPTIONS|SCENARIOS|TIMEOUT, not {spec!r}")
    known = by_name(f[0])
    kind = known.kind if known else "scenarios"
    return Suite(f[0], kind, known.layer if known else "systest", f[1], f[2],
                 int(f[3]), None)
