#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: deterministic measurements, never part of make test. Times
# come from QEMU -icount (virtual time advances with executed instructions,
# sleep=off: idle time is skipped), counts from the hypervisor's exit
# counters; never from wall time.
#
# 1. Enable/disable (boot at -icount shift=0, 1 virtual ns per
#    instruction): enable and disable cost, EL2 entry, pool usage, image
#    size (three enable/disable cycles).
# 2. Cells (ci/scenarios/bench-cells.sh: the timer-latency inmate in
#    cell-a on CPU 1) at shift=0 (same boot) and at shift=SHIFT (default 4,
#    a second boot): EL2 exits per timer interrupt; timer latency against
#    the same inmate booted bare on QEMU (ci/run-bare-inmate.sh, same
#    shift, period and sample count); virtual time from the hypervisor's
#    `Started cell "cell-a" at counter N` to the inmate's first line.
#    Table on stdout and in build/bench/cells.txt; logs in build/bench/.
# 3. Scrubbing (same shift=0 boot, end of bench-cells): counter ticks the
#    hypervisor spends zeroing a cell's memory on create and on destroy,
#    for cell-a (1 MiB + comm page, pages) and cell-large (64 MiB + comm
#    page, 2 MiB blocks): "scrub_<cell> kib=... create_ticks=...".
# 4. Linux cell (ci/scenarios/bench-linux.sh, its own shift=0 boot of
#    LINUX_SERIES, default 6.1): virtual time from the hypervisor's
#    `Started cell "linux"` to the cell's first UART byte and to its
#    /init's marker line (the hypervisor's vuart stamps), next to root's
#    own boot to /init (dmesg); EL2 exits per second of the idle cell by
#    reason over LINUX_IDLE_S (10) seconds. Table in build/bench/linux.txt.
# 5. Links (ci/scenarios/bench-links.sh, its own shift=0 boot of
#    LINUX_SERIES): echo round trips root <-> link-echo inmate through
#    /dev/uioN (doorbell both ways) and EL2 exits per round trip of root
#    and the inmate by reason; root's memcpy MB/s through the shared
#    sections; link-pingpong round trips inmate <-> inmate and their exits
#    per round trip; ping and 10 MiB TCP over jhnet0 root <-> Linux cell,
#    next to the same 10 MiB over QEMU's virtio-net (user networking) to a
#    host-side sink; all in virtual time. Lines in build/bench/links.txt.
#
# ci/bench.sh --report: only rebuild the report from the logs of the last
# run. Environment: SHIFT (4), PERIOD_US (1000), SAMPLES (1100), BASE_SAMPLES
# (100), WARMUP_US (200000), STARTS (5: extra short runs for start-up times).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
PYTHON=${PYTHON:-/usr/bin/python3}
SHIFT=${SHIFT:-4}
PERIOD_US=${PERIOD_US:-1000}
SAMPLES=${SAMPLES:-1100}
BASE_SAMPLES=${BASE_SAMPLES:-100}
WARMUP_US=${WARMUP_US:-200000}
STARTS=${STARTS:-5}
LINUX_SERIES=${LINUX_SERIES:-6.1}
LINUX_IDLE_S=${LINUX_IDLE_S:-10}
[ "$SHIFT" != 0 ] || { echo "bench: SHIFT must not be 0 (shift=0 is always run)" >&2; exit 2; }
[ "$SAMPLES" != "$BASE_SAMPLES" ] || { echo "bench: SAMPLES must differ from BASE_SAMPLES" >&2; exit 2; }

report_only=0
[ "${1:-}" = --report ] && report_only=1
out=build/bench
log=$out/bench.log
mkdir -p "$out"

# Cell runs: BASE, SAMPLES, SAMPLES again (repeatability), STARTS x BASE.
runs="$BASE_SAMPLES,$SAMPLES,$SAMPLES"
for _ in $(seq 1 "$STARTS"); do runs="$runs,$BASE_SAMPLES"; done
params="jhbench.period_us=$PERIOD_US jhbench.samples=$runs jhbench.warmup_us=$WARMUP_US"
inmate_cmdline="period_us=$PERIOD_US samples=$SAMPLES warmup_us=$WARMUP_US"

if [ $report_only = 0 ]; then
	make -s deps all >/dev/null
	bash ci/qemu.sh --series 6.1 --icount 0 --scenarios "bench bench-cells" \
		--append "$params" --timeout 600 --log "$log" --quiet || true
	bash ci/qemu.sh --series 6.1 --icount "$SHIFT" --scenarios bench-cells \
		--append "$params" --timeout 600 \
		--log "$out/cells-shift$SHIFT.log" --quiet || true
	bash ci/qemu.sh --series "$LINUX_SERIES" --icount 0 --scenarios bench-linux \
		--append "jhbench.linux_idle_s=$LINUX_IDLE_S" --timeout 900 \
		--log "$out/linux.log" --quiet || true
	bash ci/qemu.sh --series "$LINUX_SERIES" --icount 0 --scenarios bench-links \
		--timeout 1500 --log "$out/links.log" --quiet || true
	for s in 0 "$SHIFT"; do
		CMDLINE="$inmate_cmdline" TIMEOUT=120 LOG="$out/bare-shift$s.log" \
			bash ci/run-bare-inmate.sh timer-latency \
			-icount "shift=$s,sleep=off" >/dev/null 2>&1 || true
	done
fi

elf=build/hypervisor/hypervisor.elf
echo "== make bench (QEMU -icount shift=0: 1 virtual ns per instruction)"
printf "hypervisor image jailhouse.bin: %s bytes\n" "$(stat -c %s build/hypervisor/jailhouse.bin)"
aarch64-linux-gnu-size "$elf" | awk 'NR==2 {printf "  text %s, data %s, bss %s bytes\n", $1, $2, $3}'
grep -a '^BENCH' "$log" | grep -av '^BENCH cell' | sed 's/^BENCH /  /' | tr -d '\r'
ok=1
grep -aq '^BENCH enable_us' "$log" || { echo "bench: no enable measurement (see $log)"; ok=0; }
grep -aq '^BENCH scrub_cell-large' "$log" || { echo "bench: no scrub measurement (see $log)"; ok=0; }

echo
"$PYTHON" - "$SHIFT" "$log" "$out/cells-shift$SHIFT.log" \
	"$out/bare-shift0.log" "$out/bare-shift$SHIFT.log" \
	"$PERIOD_US" "$SAMPLES" "$WARMUP_US" >"$out/cells.txt" <<'EOF' || ok=0
"""Cell benchmark table from the bench-cells and bare timer-latency logs."""
import re
import statistics
import sys
import textwrap

shift = int(sys.argv[1])
cell_logs = {0: sys.argv[2], shift: sys.argv[3]}
bare_logs = {0: sys.argv[4], shift: sys.argv[5]}
period_us, samples, warmup_us = sys.argv[6], int(sys.argv[7]), sys.argv[8]
shifts = [shift, 0]
complete = True

TL = r'timer-latency: '
PATTERNS = {
    'started': r'Started cell "cell-a" at counter (\d+)',
    'first': TL + r'start cntvct (\d+) .*counter (\d+) Hz',
    'ticks': TL + r'ticks min (\d+) avg (\d+)\.(\d+) max (\d+) sum (\d+) \((\d+) samples',
    'pct': TL + r'ticks p50 (\S+) p90 (\S+) p99 (\S+) \(',
    'done': TL + r'done, (\d+) samples, (\d+) overruns, (\d+) interrupts',
}


def read(path):
    try:
        with open(path, 'rb') as f:
            return f.read().decode('utf-8', 'replace').replace('\r', '')
    except OSError:
        return ''


def inmate_fields(lines):
    """The timer-latency results found in @lines."""
    r = {}
    for line in lines:
        for key, pat in PATTERNS.items():
            m = re.search(pat, line)
            if m and key not in r:
                r[key] = m.groups()
    if 'ticks' in r:
        t = r['ticks']
        r['min'], r['max'], r['n'] = int(t[0]), int(t[3]), int(t[5])
        r['avg'] = int(t[4]) / int(t[5])
    return r


def cell_runs(path):
    """run tag -> dict: samples, exits_*, inmate fields; in run order."""
    text = read(path)
    runs = {}
    for m in re.finditer(r'BENCH cellrun (\S+) (.*)', text):
        d = {k: int(v) for k, v in re.findall(r'(\w+)=(\d+)', m.group(2))}
        runs[m.group(1)] = d
    for tag, d in runs.items():
        lines = re.findall(r'BENCH cellcon ' + re.escape(tag) + r' (.*)', text)
        d.update(inmate_fields(lines))
    return list(runs.values())


def bare_run(path):
    return inmate_fields(read(path).splitlines())


def fmt(v, digits=3):
    if v is None or v == '':
        return 'n/a'
    if isinstance(v, float):
        return f'{v:.{digits}f}'
    return str(v)


rows = []      # (label, {shift: text})
notes = []


def row(label, per_shift):
    """One table row; a row without values is a heading."""
    vals = {s: fmt(per_shift.get(s)) if per_shift else '' for s in shifts}
    rows.append((label, vals))


cells = {s: cell_runs(cell_logs[s]) for s in shifts}
bares = {s: bare_run(bare_logs[s]) for s in shifts}
freq = None
for s in shifts:
    for r in cells[s] + [bares[s]]:
        if 'first' in r:
            freq = int(r['first'][1])
if not freq:
    freq = 62500000
    notes.append('counter frequency not found in any log: assumed 62.5 MHz')
tick_ns = 1e9 / freq

# 1. Exits per timer interrupt.
ex = {k: {} for k in ('irq', 'nonhvc', 'marg', 'hvc', 'other', 'ints')}
for s in shifts:
    runs = cells[s]
    big = next((r for r in runs if r.get('samples') == samples), None)
    base = next((r for r in runs if r.get('samples', samples) != samples), None)
    if not big or 'done' not in big:
        complete = False
        continue
    ints = int(big['done'][2])
    ex['ints'][s] = ints
    ex['irq'][s] = big['exits_irq'] / ints
    ex['nonhvc'][s] = (big['exits_total'] - big['exits_hvc']) / ints
    ex['hvc'][s] = big['exits_hvc']
    ex['other'][s] = ' '.join(
        f"{k[6:]} {big[k]}" for k in sorted(big)
        if k.startswith('exits_') and k not in ('exits_total', 'exits_hvc', 'exits_irq')
        and big[k])
    if base and 'done' in base:
        dints = ints - int(base['done'][2])
        dnon = (big['exits_total'] - big['exits_hvc']) - \
               (base['exits_total'] - base['exits_hvc'])
        ex['marg'][s] = dnon / dints if dints else None
        ex['span'] = f"{int(base['done'][2])} -> {ints} interrupts"
row(f'timer interrupts in the {samples}-sample run', ex['ints'])
row('  EL2 exits_irq per timer interrupt', ex['irq'])
row('  EL2 exits (total - hvc) per timer interrupt', ex['nonhvc'])
row(f"  marginal (total - hvc), runs {ex.get('span', '?')}", ex['marg'])
row('  hvc exits in the run (console putc)', ex['hvc'])
row('  other exits in the run (setup, power off)', ex['other'])

# 2. Timer latency, cell vs bare.
lat = {k: {} for k in ('cmin', 'cavg', 'cp', 'cmax', 'bmin', 'bavg', 'bp',
                       'bmax', 'ravg', 'rmin', 'cns', 'bns', 'rep', 'diff')}
for s in shifts:
    runs = [r for r in cells[s] if r.get('samples') == samples and 'ticks' in r]
    b = bares[s]
    if not runs or 'ticks' not in b:
        complete = False
        continue
    c = runs[0]
    lat['cmin'][s], lat['cavg'][s], lat['cmax'][s] = c['min'], c['avg'], c['max']
    lat['bmin'][s], lat['bavg'][s], lat['bmax'][s] = b['min'], b['avg'], b['max']
    lat['cp'][s] = '/'.join(c.get('pct', ('?',) * 3))
    lat['bp'][s] = '/'.join(b.get('pct', ('?',) * 3))
    lat['cns'][s] = f"{c['avg'] * tick_ns:.0f}"
    lat['bns'][s] = f"{b['avg'] * tick_ns:.0f}"
    lat['diff'][s] = c['avg'] - b['avg']
    lat['ravg'][s] = c['avg'] / b['avg'] if b['avg'] else 'inf (bare < 1 tick)'
    lat['rmin'][s] = c['min'] / b['min'] if b['min'] else 'inf (bare < 1 tick)'
    same = all(r['ticks'] == c['ticks'] for r in runs[1:])
    lat['rep'][s] = f"{len(runs)} runs, {'identical' if same else 'DIFFER'}"
row(f'timer latency, ticks (period {period_us} us, {samples} samples)', {})
row('  cell min / avg / max', {s: f"{fmt(lat['cmin'].get(s))} / "
    f"{fmt(lat['cavg'].get(s))} / {fmt(lat['cmax'].get(s))}" for s in shifts})
row('  cell p50 / p90 / p99', lat['cp'])
row('  bare min / avg / max', {s: f"{fmt(lat['bmin'].get(s))} / "
    f"{fmt(lat['bavg'].get(s))} / {fmt(lat['bmax'].get(s))}" for s in shifts})
row('  bare p50 / p90 / p99', lat['bp'])
row('  cell - bare, avg', lat['diff'])
row('  cell / bare, avg', lat['ravg'])
row('  cell / bare, min', lat['rmin'])
row('  cell avg / bare avg, ns', {s: f"{lat['cns'].get(s, 'n/a')} / "
    f"{lat['bns'].get(s, 'n/a')}" for s in shifts})
row('  cell runs with these samples', lat['rep'])

# 3. Start-up: Started (CNTPCT) -> inmate's CNTVCT before its first line.
st = {k: {} for k in ('n', 'min', 'med', 'max', 'minus', 'medus', 'all')}
for s in shifts:
    d = [int(r['first'][0]) - int(r['started'][0]) for r in cells[s]
         if 'first' in r and 'started' in r]
    if not d:
        complete = False
        continue
    st['n'][s], st['min'][s] = len(d), min(d)
    st['med'][s], st['max'][s] = int(statistics.median(d)), max(d)
    st['minus'][s] = min(d) * tick_ns / 1000
    st['medus'][s] = statistics.median(d) * tick_ns / 1000
    st['all'][s] = ' '.join(str(x) for x in d)
row('cell start -> first output, ticks', {})
row('  runs', st['n'])
row('  min (best estimate), ticks', st['min'])
row('  min, us', st['minus'])
row('  median / max, ticks', {s: f"{fmt(st['med'].get(s))} / "
    f"{fmt(st['max'].get(s))}" for s in shifts})
row('  median, us', st['medus'])

w = max(len(r[0]) for r in rows) + 2
cw = max([len(v) for r in rows for v in r[1].values()] + [12]) + 2
print(f'== cell benchmarks: timer-latency in cell-a (CPU 1) vs bare on QEMU virt')
print(f'   period {period_us} us, {samples} samples, warmup {warmup_us} us; '
      f'counter {freq} Hz ({tick_ns:g} ns/tick); QEMU -icount shift=N,sleep=off')
print(f"{'':{w}}" + ''.join(f"{'shift=' + str(s):>{cw}}" for s in shifts))
for label, vals in rows:
    print(f'{label:{w}}' + ''.join(f'{vals[s]:>{cw}}' for s in shifts))
notes = [
    f'shift=N: every instruction advances virtual time by 2^N ns; the '
    f'counter ticks every {tick_ns:g} ns. At shift={shift} an instruction '
    f'takes {2 ** shift} ns = {2 ** shift / tick_ns:g} tick(s), so a latency '
    f'in ticks counts the instructions run between the timer deadline and '
    f'the CNTVCT read in the IRQ vector. At shift=0 (1 ns per instruction) '
    f'the bare path is shorter than one {tick_ns:g} ns tick and reads 0: '
    f'hence the shift={shift} column for the comparison (shift=0 kept for '
    f'continuity with the enable times above).',
    f'Latency: the inmate idles {warmup_us} us before its first period, so '
    f'the root\'s `cell start` is over and root sleeps while it measures: '
    f'-icount runs the vCPUs one at a time, and root activity would add '
    f'delays that parallel CPUs do not see. p50/p90/p99 use 1-tick buckets.',
    'Exits: cell-a\'s statistics/exits_* before the start and after the '
    'inmate\'s PSCI SYSTEM_OFF (which freezes them). hvc exits are the '
    'console putc hypercalls, one per character (so they vary with the '
    'digits printed). "marginal" is the difference between the '
    f'{samples}-sample and the shorter run: it cancels the GIC set-up MMIO '
    'traps and the power-off.',
    'Start-up: from the hypervisor\'s `Started cell "cell-a" at counter N` '
    '(CNTPCT on the root CPU, right before it releases the cell\'s CPU) to '
    'CNTVCT at the top of the inmate\'s inmate_main() (CNTVOFF is 0). It '
    'includes the inmate\'s relocation, bss clearing and GIC set-up, and '
    'whatever the root CPU still runs before QEMU\'s round robin gets to '
    'CPU 1 (parked at EL2 in a wfe loop, which QEMU treats as a yield: it '
    'runs once the root CPU idles or its time slice ends). That part varies '
    'from run to run; the minimum is the best estimate (an upper bound) of '
    'the cell\'s own path.',
] + notes
print()
print('Notes:')
for n in notes:
    print(textwrap.fill(n, 76, initial_indent='- ', subsequent_indent='  '))
for s in shifts:
    if st['all'].get(s):
        print(f"- start-up ticks per run at shift={s}: {st['all'][s]}")
sys.exit(0 if complete else 1)
EOF
cat "$out/cells.txt"
echo
"$PYTHON" - "$out/linux.log" "$LINUX_SERIES" >"$out/linux.txt" <<'EOF' || ok=0
"""Linux cell table from the bench-linux log (shift=0: 1 ns/instruction)."""
import re
import sys

try:
    with open(sys.argv[1], 'rb') as f:
        text = f.read().decode('utf-8', 'replace').replace('\r', '')
except OSError:
    text = ''
series = sys.argv[2]


def fields(tag):
    m = re.search(r'^BENCH ' + tag + r' (.*)$', text, re.M)
    return {k: int(v) for k, v in re.findall(r'(\w+)=(-?\d+)', m.group(1))} \
        if m else None


boot, idle = fields('linux_boot'), fields('linux_idle')


def secs(tag):
    m = re.search(r'^BENCH ' + tag + r' ([0-9.]+)', text, re.M)
    return float(m.group(1)) if m else None


root_s, cell_s = secs('linux_root_init_s'), secs('linux_cell_init_s')
print(f'== Linux cell (stock {series} kernel, 2 CPUs, 128 MiB), '
      f'QEMU -icount shift=0,sleep=off: 1 instruction = 1 virtual ns')
if boot:
    ns = 1e9 / boot['counter_hz']
    for label, key in (('first console byte', 'first_byte'),
                       ('/init marker line', 'init_line')):
        t = boot[key] - boot['started']
        print(f'  Started cell -> {label:18} {t:>11} ticks = '
              f'{t * ns / 1e6:9.1f} ms = ~{t * ns / 1e6:.1f} M instructions')
else:
    print('  boot: no BENCH linux_boot line')
print('  printk time of "Run /init" (from timekeeping start), s:')
print(f"    cell {cell_s if cell_s is not None else 'n/a'}   root (4 CPUs, "
      f"768 MiB, same kernel) {root_s if root_s is not None else 'n/a'}")
if idle:
    secs = idle['window_cs'] / 100
    print(f'  idle cell, EL2 exits per second over {secs:g} s of root sleep:')
    for k in sorted(idle):
        if k.startswith('exits_') or k.endswith('_total'):
            print(f'    {k:22} {idle[k]:>8} = {idle[k] / secs:10.1f} /s')
else:
    print('  idle: no BENCH linux_idle line')
sys.exit(0 if boot and idle and root_s and cell_s else 1)
EOF
cat "$out/linux.txt"
echo
{
	echo "== Links (stock $LINUX_SERIES kernel), QEMU -icount shift=0,sleep=off: virtual time"
	grep -a '^BENCH link_' "$out/links.log" 2>/dev/null | tr -d '\r' | sed 's/^BENCH /  /'
	echo "Notes (Documentation/links.md#performance):"
	echo "- exits per round trip = one doorbell each way: mmio rings, irq receives;"
	echo "  root's minus its idle rate (root's interrupts are not trapped)."
	echo "- shm MB/s counts memcpy instructions, not memory bandwidth."
	echo "- link_virtio_net vs link_net is not like for like: virtio-net goes to"
	echo "  QEMU's slirp and a host-side sha256sum, which cost no virtual time and"
	echo "  whose timing varies with host load; jhnet0 counts both Linux ends."
} >"$out/links.txt"
[ "$(grep -c '^  link_' "$out/links.txt")" = 13 ] || ok=0
cat "$out/links.txt"
[ $ok = 1 ] || { echo "bench: incomplete (see $out/*.log)"; exit 1; }
