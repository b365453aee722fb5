// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fuzz-cell: a cell that attacks the hypervisor from inside with a seeded
 * random stream of operations (xorshift64*, seed from the command line,
 * printed first so that any run can be repeated):
 *
 *   hypercall  hvc #0x4a48 with random codes and arguments (never 10,
 *              GUEST_PANIC); non-root: PUTC gives 0, LINK_INFO -ENOENT
 *              (the fuzz cells join no link), everything else -EPERM
 *   hvc        hvc #imm for several immediates (#0 is PSCI for a cell,
 *              others NOT_SUPPORTED), random function IDs and arguments
 *   smc        smc #imm, the same (every SMC is PSCI for a cell)
 *   sysrd      ID registers (must not change), timers, GIC CPU interface
 *   syswr      ICC_SGI1R/SGI0R/ASGI1R with random targets, the EL1
 *              virtual and physical timers, bursts of SGIs to itself
 *   ram        its own free RAM, sizes 1/2/4/8, written and read back
 *   comm       its comm region, any offset (fields restored at the end)
 *   gicd, gicr the emulated distributor and every redistributor frame,
 *              random offsets with the access sizes the GIC architecture
 *              defines (4 anywhere, 1 for priorities, 8 for IROUTER and
 *              64-bit redistributor registers); reads of interrupts the
 *              cell does not own must return 0
 *   cmo        cache maintenance, address translation, TLB maintenance
 *              on its own RAM
 *
 * PSCI calls that end the CPU or the cell (CPU_OFF, CPU_SUSPEND,
 * SYSTEM_OFF, SYSTEM_RESET) and CPU_ON of another own CPU are kept out of
 * this stream. Every call must preserve x4..x17. After the stream the
 * CPU restores its comm region and its PPIs (level-triggered, nothing
 * active or pending) and checks that its timer interrupt still arrives.
 * A broken expectation prints "fuzz: ERROR ..." and counts in errors=.
 *
 * mode=hostile adds, with probability 1/rate per operation (kind=K: only
 * that kind), operations that may or must end the cell: accesses to
 * foreign memory and devices (must fail the cell: it must never return),
 * GIC accesses with sizes the architecture leaves unpredictable, load
 * pairs, exclusives, unaligned accesses and cache maintenance on the
 * emulated GIC, undefined instructions, EL2 registers, GUEST_PANIC,
 * CPU_OFF, SYSTEM_OFF, SYSTEM_RESET, and trap storms. Each is announced
 * first ("fuzz: hostile op <n> <kind> ...").
 *
 * smp=1 (safe mode, cells with several CPUs): the other CPUs run their
 * own streams (seeds derived from seed=) of chunk/2..3*chunk/2 operations,
 * then turn themselves off with PSCI CPU_OFF; the boot CPU turns them on
 * again every 1024 of its operations, so CPU_OFF/CPU_ON race with SGIs
 * aimed at the CPU and with the GIC traps. Which operation runs when on
 * which CPU then depends on timing; each CPU's sequence does not.
 *
 * Output: "fuzz: start ...", "fuzz: progress ..." every report= ops,
 * with smp=1 "fuzz: CPU <n> ops=.. errors=.. starts=.." per CPU, then
 * "fuzz: done seed=.. ops=<all CPUs> errors=.. ms=.." and two "fuzz:
 * counts" lines (operations per class, SGIs sent, interrupts taken). The
 * boot CPU then idles and answers shutdown requests.
 *
 * Command line: seed=1 ops=1000000 mode=safe|hostile rate=1000 kind=-1
 * report=250000 ram_kb=1024 spi=48 (the cell's own SPI) smp=0 chunk=20000.
 */
#include <inmate.h>
#include <jailhouse/errno.h>
#include <jailhouse/hypercall.h>

#define GICD_SIZE		0x10000UL
#define GICR_FRAME		0x20000UL
#define GICR_SGI		0x10000UL
#define GICR_TYPER		0x0008
#define GICR_TYPER_LAST		(1ULL << 4)
#define GICR_MAX_FRAMES		64
#define GICD_SETSPI_NSR		0x0040
#define GICD_CLRSPI_NSR		0x0048
#define GICD_IPRIORITYR		0x0400
#define GICD_IROUTER		0x6000
#define GICR_ICPENDR0		0x0280
#define GICR_ICACTIVER0		0x0380
#define GICR_ICFGR1		0x0c04

#define PPI_PTIMER		30
#define PPI_MAINT		25
#define AFF_MASK		0xff00ffffffULL

#define PSCI_CPU_SUSPEND_32	0x84000001U
#define PSCI_CPU_SUSPEND_64	0xc4000001U
#define PSCI_CPU_ON_32		0x84000003U
#define PSCI_CPU_ON_64		0xc4000003U

#define MAX_ERRORS_SHOWN	20
#define NREGS			18	/* x0..x17 go through every call */

extern char _start[], __mem_end[];

/* Operation classes of the safe stream, with their weights. */
enum op_class {
	OP_HC, OP_HVC, OP_SMC, OP_SYSRD, OP_SYSWR, OP_RAM, OP_COMM,
	OP_GICD, OP_GICR, OP_CMO, OP_CLASSES
};

static const char *const class_names[OP_CLASSES] = {
	"hc", "hvc", "smc", "sysrd", "syswr", "ram", "comm", "gicd",
	"gicr", "cmo",
};

static const unsigned int class_weight[OP_CLASSES] = {
	14, 10, 10, 8, 10, 5, 3, 18, 18, 4,
};

enum hostile_kind {
	H_FOREIGN_READ, H_FOREIGN_WRITE, H_FOREIGN_EXEC, H_GIC_ODD_SIZE,
	H_GIC_PAIR, H_GIC_EXCL, H_GIC_UNALIGNED, H_GIC_CMO, H_UNDEF,
	H_EL2_REG, H_GUEST_PANIC, H_CPU_OFF, H_SYSTEM_OFF, H_SYSTEM_RESET,
	H_STORM, H_KINDS
};

static const char *const hostile_names[H_KINDS] = {
	"foreign-read", "foreign-write", "foreign-exec", "gic-odd-size",
	"gic-pair", "gic-exclusive", "gic-unaligned", "gic-cmo", "undef",
	"el2-sysreg", "guest-panic", "cpu-off", "system-off", "system-reset",
	"storm",
};

/* Kinds the CPU must never come back from (foreign accesses and
 * GUEST_PANIC fail the cell, the PSCI ones stop or restart it). */
static bool hostile_must_end(enum hostile_kind k)
{
	return k <= H_FOREIGN_EXEC ||
	       (k >= H_GUEST_PANIC && k <= H_SYSTEM_RESET);
}

/* Survives SYSTEM_RESET: the image is not reloaded, .data stays. */
static volatile u64 boot_count = 1;

#define NUM_STABLE	23	/* ID registers first in sysreg_rd[] */

/* Everything one CPU's stream keeps; CPUs share nothing else. */
struct fuzz_cpu {
	u64 rng, op, errors, sgi_sent, x13_changed, starts, frame;
	u64 class_count[OP_CLASSES];
	u64 stable_val[NUM_STABLE];
	volatile u64 irqs;
} __aligned(64);

static struct fuzz_cpu fcpu[INMATE_MAX_CPUS];
static u64 comm_base, gicd, gicr, frames_owned, scratch_lo, scratch_hi;
static unsigned int gicr_frames, own_spi;
static u32 class_total;
static volatile u32 stop_secondaries;
static u64 chunk_ops;

static struct fuzz_cpu *me(void)
{
	return &fcpu[this_cpu()];
}

/* ---- random numbers ---- */

static u64 rnd(void)
{
	struct fuzz_cpu *c = me();
	u64 x = c->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	c->rng = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static u64 rnd_below(u64 n)
{
	return n ? rnd() % n : 0;
}

/* Random value with a bias towards the small and the extreme. */
static u64 rnd_value(void)
{
	switch (rnd_below(6)) {
	case 0:
		return 0;
	case 1:
		return ~0ULL;
	case 2:
		return rnd_below(64);
	case 3:
		return 1ULL << rnd_below(64);
	default:
		return rnd();
	}
}

static __printf(1, 2) void error(const char *fmt, ...)
{
	struct fuzz_cpu *c = me();
	char buf[160];
	va_list ap;

	if (c->errors++ >= MAX_ERRORS_SHOWN)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("\nfuzz: ERROR CPU %u op %llu: %s", this_cpu(), c->op, buf);
}

/* ---- hvc / smc stubs: x0..x17 in and out ---- */

/*
 * Each stub loads x0..x17 from r[], executes the instruction and stores
 * x0..x17 back. In assembly: the immediate must be encoded, and a C asm
 * statement cannot name 18 in/out registers.
 */
#define CALL_STUB(name, insn)						\
void name(u64 *r);							\
asm(".pushsection .text." #name ", \"ax\", %progbits\n"		\
    "	.balign 4\n"							\
    "	.globl " #name "\n"						\
    "	.hidden " #name "\n"						\
    "	.type " #name ", %function\n"					\
    #name ":\n"								\
    "	stp x19, x30, [sp, #-16]!\n"					\
    "	mov x19, x0\n"							\
    "	ldp x0, x1, [x19, #0]\n"					\
    "	ldp x2, x3, [x19, #16]\n"					\
    "	ldp x4, x5, [x19, #32]\n"					\
    "	ldp x6, x7, [x19, #48]\n"					\
    "	ldp x8, x9, [x19, #64]\n"					\
    "	ldp x10, x11, [x19, #80]\n"					\
    "	ldp x12, x13, [x19, #96]\n"					\
    "	ldp x14, x15, [x19, #112]\n"					\
    "	ldp x16, x17, [x19, #128]\n"					\
    "	" insn "\n"							\
    "	stp x0, x1, [x19, #0]\n"					\
    "	stp x2, x3, [x19, #16]\n"					\
    "	stp x4, x5, [x19, #32]\n"					\
    "	stp x6, x7, [x19, #48]\n"					\
    "	stp x8, x9, [x19, #64]\n"					\
    "	stp x10, x11, [x19, #80]\n"					\
    "	stp x12, x13, [x19, #96]\n"					\
    "	stp x14, x15, [x19, #112]\n"					\
    "	stp x16, x17, [x19, #128]\n"					\
    "	ldp x19, x30, [sp], #16\n"					\
    "	ret\n"								\
    "	.size " #name ", . - " #name "\n"				\
    "	.popsection\n")

CALL_STUB(hvc_0, "hvc #0");
CALL_STUB(hvc_1, "hvc #1");
CALL_STUB(hvc_a48, "hvc #0x0a48");
CALL_STUB(hvc_4a47, "hvc #0x4a47");
CALL_STUB(hvc_jh, "hvc #0x4a48");
CALL_STUB(hvc_4a49, "hvc #0x4a49");
CALL_STUB(hvc_8000, "hvc #0x8000");
CALL_STUB(hvc_ffff, "hvc #0xffff");
CALL_STUB(smc_0, "smc #0");
CALL_STUB(smc_1, "smc #1");
CALL_STUB(smc_4a48, "smc #0x4a48");
CALL_STUB(smc_ffff, "smc #0xffff");

struct stub {
	void (*fn)(u64 *r);
	u32 imm;
};

static const struct stub hvc_stubs[] = {
	{ hvc_0, 0 }, { hvc_1, 1 }, { hvc_a48, 0x0a48 },
	{ hvc_4a47, 0x4a47 }, { hvc_jh, JH_HVC_IMM }, { hvc_4a49, 0x4a49 },
	{ hvc_8000, 0x8000 }, { hvc_ffff, 0xffff },
};

static const struct stub smc_stubs[] = {
	{ smc_0, 0 }, { smc_1, 1 }, { smc_4a48, 0x4a48 }, { smc_ffff, 0xffff },
};

static void fill_regs(u64 *r)
{
	unsigned int n;

	for (n = 1; n < NREGS; n++)
		r[n] = rnd_value();
}

/* Registers the hypervisor must not touch: x4..x17 (SMCCC 1.1). */
static void check_preserved(const char *what, u32 imm, const u64 *in,
			    const u64 *out)
{
	unsigned int n;

	for (n = 1; n < 4; n++)
		if (in[n] != out[n])
			me()->x13_changed++;
	for (n = 4; n < NREGS; n++) {
		if (in[n] == out[n])
			continue;
		error("%s #0x%x x0=0x%llx: x%u 0x%llx -> 0x%llx\n", what, imm,
		      in[0], n, in[n], out[n]);
		return;
	}
}

/* ---- PSCI function IDs: random, but nothing that ends the CPU ---- */

static bool psci_fn_ends_cpu(u32 fn)
{
	return fn == PSCI_CPU_OFF || fn == PSCI_CPU_SUSPEND_32 ||
	       fn == PSCI_CPU_SUSPEND_64 || fn == PSCI_SYSTEM_OFF ||
	       fn == PSCI_SYSTEM_RESET;
}

static bool psci_range(u32 fn)
{
	return (fn & 0xbfffffe0U) == 0x84000000U;
}

static u64 rnd_psci_fn(void)
{
	u64 fn;

	switch (rnd_below(4)) {
	case 0:
		fn = rnd();
		break;
	case 1:
		fn = 0x84000000U | rnd_below(0x20);
		break;
	case 2:
		fn = 0xc4000000U | rnd_below(0x20);
		break;
	default:
		/* Other SMCCC owners: arch, SiP, OEM, standard, hypervisor. */
		fn = 0x80000000U | (rnd_below(64) << 24) | rnd_below(0x100);
		break;
	}
	if (rnd_below(8) == 0)
		fn |= rnd() << 32;
	while (psci_fn_ends_cpu((u32)fn))
		fn ^= 0x100;
	return fn;
}

/* CPU_ON of one of our CPUs that is off would start it at a random PC. */
static void psci_sanitize(u64 *r)
{
	u32 fn = (u32)r[0];
	unsigned int cpu;

	if (fn != PSCI_CPU_ON_32 && fn != PSCI_CPU_ON_64)
		return;
	for (cpu = 1; cpu < num_cpus(); cpu++)
		while ((r[1] & AFF_MASK) == cpu_mpidr(cpu))
			r[1] ^= 0x80;
}

static void check_psci(const char *what, u32 imm, const u64 *in,
		       const u64 *out)
{
	u32 fn = (u32)in[0];

	if (fn == PSCI_VERSION && (u32)out[0] != 0x10000)
		error("%s #0x%x PSCI_VERSION = 0x%llx\n", what, imm, out[0]);
	else if (!psci_range(fn) && (s32)out[0] != PSCI_NOT_SUPPORTED)
		error("%s #0x%x fn 0x%llx (not PSCI) = 0x%llx\n", what, imm,
		      in[0], out[0]);
}

/* ---- hypercalls, hvc, smc ---- */

static void op_hypercall(void)
{
	u64 in[NREGS], out[NREGS];
	long expect;

	fill_regs(in);
	in[0] = rnd_below(4) ? rnd_below(16) : rnd_value();
	if (in[0] == JH_HC_GUEST_PANIC)
		in[0] = rnd_below(2) ? JH_HC_DEBUG_CONSOLE_PUTC : 11;
	/* Random characters on the console: rarely, and no newlines. */
	if (in[0] == JH_HC_DEBUG_CONSOLE_PUTC) {
		if (rnd_below(8))
			in[0] = 12 + rnd_below(4);
		else if (in[1] == '\n')
			in[1] = '?';
	}
	memcpy(out, in, sizeof(in));
	hvc_jh(out);
	/* LINK_INFO is for every cell; fuzz cells have no links. */
	if (in[0] == JH_HC_LINK_INFO)
		expect = -JH_ENOENT;
	else
		expect = in[0] == JH_HC_DEBUG_CONSOLE_PUTC ? 0 : -JH_EPERM;
	if ((long)out[0] != expect)
		error("hypercall %llu (0x%llx, 0x%llx) = %lld, expected %ld\n",
		      in[0], in[1], in[2], (long long)out[0], expect);
	check_preserved("hvc", JH_HVC_IMM, in, out);
}

static void op_hvc(void)
{
	const struct stub *s = &hvc_stubs[rnd_below(ARRAY_SIZE(hvc_stubs))];
	u64 in[NREGS], out[NREGS];

	if (s->imm == JH_HVC_IMM) {
		op_hypercall();
		return;
	}
	fill_regs(in);
	in[0] = rnd_psci_fn();
	psci_sanitize(in);
	memcpy(out, in, sizeof(in));
	s->fn(out);
	if (s->imm == 0)
		check_psci("hvc", 0, in, out);
	else if (out[0] != ~0ULL)
		error("hvc #0x%x x0=0x%llx = 0x%llx, expected NOT_SUPPORTED\n",
		      s->imm, in[0], out[0]);
	check_preserved("hvc", s->imm, in, out);
}

static void op_smc(void)
{
	const struct stub *s = &smc_stubs[rnd_below(ARRAY_SIZE(smc_stubs))];
	u64 in[NREGS], out[NREGS];

	fill_regs(in);
	in[0] = rnd_psci_fn();
	psci_sanitize(in);
	memcpy(out, in, sizeof(in));
	s->fn(out);
	check_psci("smc", s->imm, in, out);
	check_preserved("smc", s->imm, in, out);
}

/* ---- system registers ---- */

#define SYSREG_RD(r) static u64 rd_##r(void) { return sysreg_read(r); }
/* Stable: identification that must read the same every time. */
SYSREG_RD(midr_el1)
SYSREG_RD(mpidr_el1)
SYSREG_RD(revidr_el1)
SYSREG_RD(id_aa64pfr0_el1)
SYSREG_RD(id_aa64pfr1_el1)
SYSREG_RD(id_aa64dfr0_el1)
SYSREG_RD(id_aa64isar0_el1)
SYSREG_RD(id_aa64isar1_el1)
SYSREG_RD(id_aa64mmfr0_el1)
SYSREG_RD(id_aa64mmfr1_el1)
SYSREG_RD(s3_0_c0_c7_2)		/* ID_AA64MMFR2_EL1 */
SYSREG_RD(s3_0_c0_c3_3)		/* reserved ID space: RAZ */
SYSREG_RD(s3_0_c0_c5_2)		/* reserved ID space: RAZ */
SYSREG_RD(id_pfr0_el1)
SYSREG_RD(id_dfr0_el1)
SYSREG_RD(id_isar0_el1)
SYSREG_RD(id_mmfr0_el1)
SYSREG_RD(mvfr0_el1)
SYSREG_RD(ctr_el0)
SYSREG_RD(dczid_el0)
SYSREG_RD(clidr_el1)
SYSREG_RD(aidr_el1)
SYSREG_RD(cntfrq_el0)
/* Changing: timers and the (virtual) GIC CPU interface. */
SYSREG_RD(cntvct_el0)
SYSREG_RD(cntpct_el0)
SYSREG_RD(cntv_ctl_el0)
SYSREG_RD(cntv_cval_el0)
SYSREG_RD(cntp_ctl_el0)
SYSREG_RD(cntp_cval_el0)
SYSREG_RD(icc_pmr_el1)
SYSREG_RD(icc_rpr_el1)
SYSREG_RD(icc_ctlr_el1)
SYSREG_RD(icc_sre_el1)
SYSREG_RD(icc_igrpen1_el1)
SYSREG_RD(icc_hppir1_el1)
SYSREG_RD(icc_bpr1_el1)

static u64 (*const sysreg_rd[])(void) = {
	rd_midr_el1, rd_mpidr_el1, rd_revidr_el1, rd_id_aa64pfr0_el1,
	rd_id_aa64pfr1_el1, rd_id_aa64dfr0_el1, rd_id_aa64isar0_el1,
	rd_id_aa64isar1_el1, rd_id_aa64mmfr0_el1, rd_id_aa64mmfr1_el1,
	rd_s3_0_c0_c7_2, rd_s3_0_c0_c3_3, rd_s3_0_c0_c5_2, rd_id_pfr0_el1,
	rd_id_dfr0_el1, rd_id_isar0_el1, rd_id_mmfr0_el1, rd_mvfr0_el1,
	rd_ctr_el0, rd_dczid_el0, rd_clidr_el1, rd_aidr_el1, rd_cntfrq_el0,
	rd_cntvct_el0, rd_cntpct_el0, rd_cntv_ctl_el0, rd_cntv_cval_el0,
	rd_cntp_ctl_el0, rd_cntp_cval_el0, rd_icc_pmr_el1, rd_icc_rpr_el1,
	rd_icc_ctlr_el1, rd_icc_sre_el1, rd_icc_igrpen1_el1,
	rd_icc_hppir1_el1, rd_icc_bpr1_el1,
};
static void sysreg_baseline(void)
{
	u64 *stable = me()->stable_val;
	unsigned int n;

	for (n = 0; n < NUM_STABLE; n++)
		stable[n] = sysreg_rd[n]();
	if ((stable[1] & AFF_MASK) != cpu_mpidr(this_cpu()))
		error("MPIDR 0x%llx, comm region says 0x%llx\n", stable[1],
		      cpu_mpidr(this_cpu()));
}

static void op_sysreg_read(void)
{
	unsigned int n = rnd_below(ARRAY_SIZE(sysreg_rd));
	u64 v = sysreg_rd[n]();

	if (n < NUM_STABLE && v != me()->stable_val[n])
		error("system register #%u changed: 0x%llx -> 0x%llx\n", n,
		      me()->stable_val[n], v);
}

/* ICC_SGI1R_EL1: INTID, target list, Aff1..3, RS and IRM at random,
 * or our own affinity with a random target list. */
static u64 rnd_sgir(void)
{
	u64 self = cpu_mpidr(this_cpu()), v;

	if (rnd_below(4) == 0)
		return rnd();
	v = rnd_below(16) << 24 | rnd_below(0x10000);
	if (rnd_below(2)) {
		v |= ((self >> 8) & 0xff) << 16 | ((self >> 16) & 0xff) << 32 |
		     ((self >> 32) & 0xff) << 48;
	} else {
		v |= rnd_below(4) << 16 | rnd_below(2) << 32 |
		     rnd_below(2) << 48 | rnd_below(16) << 44;
	}
	if (rnd_below(8) == 0)
		v |= 1ULL << 40;	/* IRM: all but self */
	return v;
}

/* Every SGI to ourselves at once: more than the list registers hold. */
static void sgi_burst(void)
{
	unsigned int n;

	irq_disable();
	for (n = 0; n < 16; n++)
		gic_send_sgi(n, this_cpu());
	me()->sgi_sent += 16;
	irq_enable();
}

static void op_sysreg_write(void)
{
	u64 now = timer_ticks();

	switch (rnd_below(10)) {
	case 0:
	case 1:
		sysreg_write(icc_sgi1r_el1, rnd_sgir());
		me()->sgi_sent++;
		break;
	case 2:
		sysreg_write(icc_sgi0r_el1, rnd_sgir());
		break;
	case 3:
		sysreg_write(icc_asgi1r_el1, rnd_sgir());
		break;
	case 4:
		sysreg_write(cntv_ctl_el0, rnd_below(8));
		break;
	case 5:
		sysreg_write(cntv_cval_el0, rnd_below(2) ? rnd_value() :
			     now + rnd_below(200000));
		break;
	case 6:
		sysreg_write(cntp_ctl_el0, rnd_below(8));
		break;
	case 7:
		sysreg_write(cntp_cval_el0, rnd_below(2) ? rnd_value() :
			     now + rnd_below(200000));
		break;
	case 8:
		sysreg_write(cntv_tval_el0, rnd_below(100000));
		break;
	default:
		sgi_burst();
		break;
	}
	isb();
}

/*
 * ---- memory: sizes 1/2/4/8, naturally aligned ----
 * In assembly with a plain [Xn] address: a C volatile access may become a
 * pre/post-indexed (writeback) instruction, which has no syndrome on a
 * trap, and the hypervisor rightly parks the CPU for that.
 */
static u64 mem_read(u64 addr, unsigned int size)
{
	u64 v;

	switch (size) {
	case 1:
		asm volatile("ldrb %w0, [%1]" : "=r" (v) : "r" (addr)
			     : "memory");
		break;
	case 2:
		asm volatile("ldrh %w0, [%1]" : "=r" (v) : "r" (addr)
			     : "memory");
		break;
	case 4:
		asm volatile("ldr %w0, [%1]" : "=r" (v) : "r" (addr)
			     : "memory");
		break;
	default:
		asm volatile("ldr %0, [%1]" : "=r" (v) : "r" (addr) : "memory");
		break;
	}
	return v;
}

static void mem_write(u64 addr, unsigned int size, u64 v)
{
	switch (size) {
	case 1:
		asm volatile("strb %w0, [%1]" : : "r" (v), "r" (addr)
			     : "memory");
		break;
	case 2:
		asm volatile("strh %w0, [%1]" : : "r" (v), "r" (addr)
			     : "memory");
		break;
	case 4:
		asm volatile("str %w0, [%1]" : : "r" (v), "r" (addr)
			     : "memory");
		break;
	default:
		asm volatile("str %0, [%1]" : : "r" (v), "r" (addr) : "memory");
		break;
	}
}

static u64 size_mask(unsigned int size)
{
	return size == 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

static unsigned int rnd_size(void)
{
	return 1U << rnd_below(4);
}

static void op_ram(void)
{
	unsigned int size = rnd_size();
	u64 addr = (scratch_lo + rnd_below(scratch_hi - scratch_lo)) &
		   ~(u64)(size - 1);
	u64 v = rnd(), got;

	mem_write(addr, size, v);
	got = mem_read(addr, size);
	if (got != (v & size_mask(size)))
		error("own RAM 0x%llx size %u: wrote 0x%llx, read 0x%llx\n",
		      addr, size, v & size_mask(size), got);
}

static void op_comm(void)
{
	unsigned int size = rnd_size();
	u64 addr = (comm_base + rnd_below(0x1000)) & ~(u64)(size - 1);

	if (rnd_below(2))
		mem_write(addr, size, rnd_value());
	else
		(void)mem_read(addr, size);
}

/* ---- the emulated GIC ---- */

/* Per-interrupt register arrays: offset, length, bits per interrupt. */
struct gic_array {
	u32 start, len;
	u8 bits;
};

static const struct gic_array gicd_arrays[] = {
	{ 0x0080, 0x80, 1 },	/* IGROUPR */
	{ 0x0100, 0x80, 1 },	/* ISENABLER */
	{ 0x0180, 0x80, 1 },	/* ICENABLER */
	{ 0x0200, 0x80, 1 },	/* ISPENDR */
	{ 0x0280, 0x80, 1 },	/* ICPENDR */
	{ 0x0300, 0x80, 1 },	/* ISACTIVER */
	{ 0x0380, 0x80, 1 },	/* ICACTIVER */
	{ 0x0400, 0x400, 8 },	/* IPRIORITYR */
	{ 0x0c00, 0x100, 2 },	/* ICFGR */
	{ 0x0d00, 0x80, 1 },	/* IGRPMODR */
	{ 0x0e00, 0x100, 2 },	/* NSACR */
	{ 0x6000, 0x2000, 64 },	/* IROUTER */
};

/* The same for INTIDs 0..31 in a redistributor's SGI_base frame. */
static const struct gic_array sgi_arrays[] = {
	{ 0x0080, 4, 1 }, { 0x0100, 4, 1 }, { 0x0180, 4, 1 },
	{ 0x0200, 4, 1 }, { 0x0280, 4, 1 }, { 0x0300, 4, 1 },
	{ 0x0380, 4, 1 }, { 0x0400, 0x20, 8 }, { 0x0c00, 8, 2 },
	{ 0x0d00, 4, 1 }, { 0x0e00, 4, 2 },
};

static const struct gic_array *find_array(const struct gic_array *a,
					  unsigned int n, u32 off)
{
	for (; n--; a++)
		if (off >= a->start && off - a->start < a->len)
			return a;
	return NULL;
}

/* Bits of an access at @off (in array @a) belonging to INTIDs we own. */
static u64 owned_bits(const struct gic_array *a, u32 off, unsigned int size,
		      bool redist)
{
	unsigned int width = size * 8, step = a->bits < width ? a->bits : width;
	u64 first_bit = (u64)(off - a->start) * 8, mask = 0, field;
	unsigned int bit, intid;

	field = step == 64 ? ~0ULL : (1ULL << step) - 1;
	for (bit = 0; bit < width; bit += step) {
		intid = (first_bit + bit) / a->bits;
		if (redist ? (intid < 32 && intid != SGI_RESERVED_HV &&
			      intid != PPI_MAINT) :
			     intid == own_spi)
			mask |= field << bit;
	}
	return mask;
}

/* Reads of anything we do not own must return 0. */
static void check_gicd_read(u32 off, unsigned int size, u64 v)
{
	const struct gic_array *a;
	u64 own = 0;

	if (off < 0x10 || off >= 0xffd0)
		return;		/* CTLR, TYPER, IIDR, TYPER2, ID registers */
	a = find_array(gicd_arrays, ARRAY_SIZE(gicd_arrays), off);
	if (a)
		own = owned_bits(a, off, size, false);
	if (v & ~own)
		error("GICD+0x%x size %u reads 0x%llx: bits 0x%llx not ours\n",
		      off, size, v, v & ~own);
}

static bool rd_public(u32 off)
{
	return off == 0x4 || off == 0x8 || off == 0xc || off == 0xffe8;
}

static void check_gicr_read(unsigned int frame, u32 off, unsigned int size,
			    u64 v)
{
	bool own = frames_owned & (1ULL << frame);
	const struct gic_array *a;
	u64 mine = 0;

	if (off < GICR_SGI) {
		if (own || rd_public(off) || (size == 8 && rd_public(off + 4)))
			return;
	} else {
		a = find_array(sgi_arrays, ARRAY_SIZE(sgi_arrays),
			       off - GICR_SGI);
		if (a && own)
			mine = owned_bits(a, off - GICR_SGI, size, true);
	}
	if (v & ~mine)
		error("GICR%u+0x%x size %u reads 0x%llx: bits 0x%llx "
		      "not ours\n", frame, off, size, v, v & ~mine);
}

/* A distributor offset, mostly inside the registers that exist. */
static u32 rnd_gicd_off(void)
{
	switch (rnd_below(8)) {
	case 0:
		return rnd_below(0x10);
	case 1:
		return rnd_below(2) ? GICD_SETSPI_NSR : GICD_CLRSPI_NSR;
	case 2:
	case 3:
		return 0x80 + rnd_below(0xf80);
	case 4:
		/* The entries of our SPI, the victim's and their neighbours. */
		return (rnd_below(2) ? GICD_IPRIORITYR + own_spi - 2 :
			GICD_IROUTER + (own_spi - 2) * 8) + rnd_below(40);
	case 5:
		return GICD_IROUTER + rnd_below(0x2000);
	case 6:
		return 0xffd0 + rnd_below(0x30);
	default:
		return rnd_below(GICD_SIZE);
	}
}

/* Sizes the architecture defines at @off (GICv3 spec, 12.1.3). */
static unsigned int gicd_size(u32 off)
{
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 0x400 &&
	    rnd_below(2))
		return 1;
	if (off >= GICD_IROUTER && off < GICD_IROUTER + 0x2000 && rnd_below(2))
		return 8;
	return 4;
}

static u64 rnd_gicd_value(u32 off)
{
	u64 target;

	if (off == GICD_SETSPI_NSR || off == GICD_CLRSPI_NSR)
		return rnd_below(2) ? own_spi + rnd_below(3) : rnd_below(1024);
	if (off >= GICD_IROUTER && off < GICD_IROUTER + 0x2000 &&
	    rnd_below(2)) {
		/* Some CPU of the machine (Aff0 0..3), maybe with IRM. */
		target = rnd_below(4) | (rnd_below(8) == 0 ? 1ULL << 31 : 0);
		return target;
	}
	return rnd_value();
}

static void op_gicd(void)
{
	u32 off = rnd_gicd_off();
	unsigned int size = gicd_size(off);
	u64 v;

	off &= ~(size - 1);
	if (rnd_below(2)) {
		mem_write(gicd + off, size, rnd_gicd_value(off));
		return;
	}
	v = mem_read(gicd + off, size);
	check_gicd_read(off, size, v);
}

static bool rd_64bit(u32 off)
{
	return off == 0x08 || off == 0x40 || off == 0x48 || off == 0x70 ||
	       off == 0x78 || off == 0xa0 || off == 0xb0;
}

static u32 rnd_gicr_off(void)
{
	static const u16 rd_regs[] = {
		0x0, 0x4, 0x8, 0xc, 0x10, 0x14, 0x40, 0x48, 0x70, 0x78, 0xa0,
		0xb0, 0xc0, 0xffe8,
	};

	switch (rnd_below(6)) {
	case 0:
		return rd_regs[rnd_below(ARRAY_SIZE(rd_regs))];
	case 1:
		return rnd_below(GICR_SGI);
	case 2:
	case 3:
		return GICR_SGI + 0x80 + rnd_below(0xd80);
	case 4:
		return GICR_SGI + 0x400 + rnd_below(0x20);
	default:
		return rnd_below(GICR_FRAME);
	}
}

static unsigned int gicr_size(u32 off)
{
	if (off < GICR_SGI && rd_64bit(off & ~7U) && rnd_below(2))
		return 8;
	if (off >= GICR_SGI + 0x400 && off < GICR_SGI + 0x420 && rnd_below(2))
		return 1;
	return 4;
}

static void op_gicr(void)
{
	unsigned int frame = rnd_below(2) ? me()->frame :
					    rnd_below(gicr_frames);
	u32 off = rnd_gicr_off();
	unsigned int size = gicr_size(off);
	u64 addr, v;

	off &= ~(size - 1);
	addr = gicr + frame * GICR_FRAME + off;
	if (rnd_below(2)) {
		mem_write(addr, size, rnd_value());
		return;
	}
	v = mem_read(addr, size);
	check_gicr_read(frame, off, size, v);
}

/* ---- cache, TLB and address translation on our own RAM ---- */

static void op_cmo(void)
{
	u64 addr = (scratch_lo + rnd_below(scratch_hi - scratch_lo)) & ~63ULL;

	switch (rnd_below(7)) {
	case 0:
		asm volatile("dc civac, %0" : : "r" (addr) : "memory");
		break;
	case 1:
		asm volatile("dc cvac, %0" : : "r" (addr) : "memory");
		break;
	case 2:
		asm volatile("dc ivac, %0" : : "r" (addr) : "memory");
		break;
	case 3:
		asm volatile("ic iallu" : : : "memory");
		break;
	case 4:
		asm volatile("at s1e1r, %0" : : "r" (addr) : "memory");
		break;
	case 5:
		asm volatile("tlbi vmalle1" : : : "memory");
		break;
	default:
		asm volatile("tlbi vae1, %0" : : "r" (addr >> 12) : "memory");
		break;
	}
	dsb_sy();
	isb();
}

/* ---- hostile operations ---- */

struct foreign {
	const char *name;
	u64 base, size;
};

/* Guest addresses outside the cell: nothing here may be reachable. */
static const struct foreign foreign_ranges[] = {
	{ "root-ram", 0x40000000, 0x30000000 },
	{ "hypervisor", 0x70000000, 0x400000 },
	{ "own-ram-phys", 0x70400000, 0x100000 },
	{ "cell-b-ram-phys", 0x70600000, 0x100000 },
	{ "cell-b-comm-phys", 0x70700000, 0x1000 },
	{ "past-own-ram", 0x100000, 0x100000 },
	{ "past-comm", 0x80001000, 0x1000 },
	{ "flash", 0x04000000, 0x04000000 },
	{ "gicd-gap", 0x08010000, 0x70000 },
	{ "gic-its", 0x08080000, 0x20000 },
	{ "past-gicr", 0x08120000, 0x10000 },
	{ "uart", 0x09000000, 0x1000 },
	{ "rtc", 0x09010000, 0x1000 },
	{ "fw-cfg", 0x09020000, 0x1000 },
	{ "gpio", 0x09030000, 0x1000 },
	{ "virtio-mmio", 0x0a000000, 0x4000 },
	{ "pcie-mmio", 0x10000000, 0x2eff0000 },
	{ "pcie-ecam", 0x4010000000, 0x10000000 },
	{ "high", 0x8000000000, 0x8000000000 },
};

static u64 rnd_foreign(const char **name, unsigned int size)
{
	const struct foreign *f =
		&foreign_ranges[rnd_below(ARRAY_SIZE(foreign_ranges))];

	*name = f->name;
	return (f->base + rnd_below(f->size)) & ~(u64)(size - 1);
}

/* Any GIC address (distributor or any redistributor frame). */
static u64 rnd_gic_addr(unsigned int align)
{
	u64 a = rnd_below(2) ? gicd + rnd_below(GICD_SIZE) :
		gicr + rnd_below(gicr_frames * GICR_FRAME);

	return a & ~(u64)(align - 1);
}

static void hostile_announce(enum hostile_kind k, u64 addr, unsigned int size,
			     const char *what)
{
	printk("\nfuzz: hostile op %llu %s addr 0x%llx size %u %s\n", me()->op,
	       hostile_names[k], addr, size, what ? what : "");
}

static void hostile_foreign(enum hostile_kind k)
{
	unsigned int size = rnd_size();
	const char *name;
	u64 addr = rnd_foreign(&name, k == H_FOREIGN_EXEC ? 4 : size);

	hostile_announce(k, addr, size, name);
	if (k == H_FOREIGN_READ)
		(void)mem_read(addr, size);
	else if (k == H_FOREIGN_WRITE)
		mem_write(addr, size, rnd());
	else
		asm volatile("blr %0" : : "r" (addr) : "x30", "memory");
}

static void hostile_gic(enum hostile_kind k)
{
	unsigned int size = k == H_GIC_ODD_SIZE ? rnd_size() : 4;
	u64 addr = rnd_gic_addr(k == H_GIC_PAIR ? 8 : size), v;
	u32 w;

	if (k == H_GIC_UNALIGNED)
		addr += 1 + rnd_below(3);
	hostile_announce(k, addr, size, rnd_below(2) ? "read" : "write");
	switch (k) {
	case H_GIC_ODD_SIZE:
		if (rnd_below(2))
			(void)mem_read(addr, size);
		else
			mem_write(addr, size, rnd_value());
		break;
	case H_GIC_PAIR:
		asm volatile("ldp %w0, %w1, [%2]" : "=r" (w), "=r" (v)
			     : "r" (addr) : "memory");
		break;
	case H_GIC_EXCL:
		asm volatile("ldxr %w0, [%1]" : "=r" (w) : "r" (addr)
			     : "memory");
		break;
	case H_GIC_UNALIGNED:
		(void)mem_read(addr, 4);
		break;
	default:
		asm volatile("dc civac, %0" : : "r" (addr) : "memory");
		break;
	}
}

static void hostile_psci(enum hostile_kind k)
{
	u64 r[NREGS];

	fill_regs(r);
	r[0] = k == H_CPU_OFF ? PSCI_CPU_OFF :
	       k == H_SYSTEM_OFF ? PSCI_SYSTEM_OFF : PSCI_SYSTEM_RESET;
	hostile_announce(k, 0, 0, rnd_below(2) ? "smc" : "hvc");
	if (rnd_below(2))
		smc_0(r);
	else
		hvc_0(r);
}

/* Many traps in a row: distributor reads, SGIs to ourselves, calls. */
static void hostile_storm(void)
{
	u64 r[NREGS];
	unsigned int n;

	hostile_announce(H_STORM, gicd, 4, "20000 traps of each kind");
	for (n = 0; n < 20000; n++)
		(void)mem_read(gicd + 0x8, 4);
	for (n = 0; n < 20000; n++) {
		sysreg_write(icc_sgi1r_el1, rnd_sgir());
		isb();
	}
	for (n = 0; n < 20000; n++) {
		r[0] = PSCI_VERSION;
		hvc_0(r);
	}
}

static void hostile_op(enum hostile_kind k)
{
	u64 r[NREGS];

	switch (k) {
	case H_FOREIGN_READ:
	case H_FOREIGN_WRITE:
	case H_FOREIGN_EXEC:
		hostile_foreign(k);
		break;
	case H_GIC_ODD_SIZE:
	case H_GIC_PAIR:
	case H_GIC_EXCL:
	case H_GIC_UNALIGNED:
	case H_GIC_CMO:
		hostile_gic(k);
		break;
	case H_UNDEF:
		hostile_announce(k, 0, 0, "udf");
		asm volatile("udf #0x4a48" : : : "memory");
		break;
	case H_EL2_REG:
		hostile_announce(k, 0, 0, "mrs hcr_el2");
		asm volatile("mrs %0, hcr_el2" : "=r" (r[0]) : : "memory");
		break;
	case H_GUEST_PANIC:
		fill_regs(r);
		r[0] = JH_HC_GUEST_PANIC;
		hostile_announce(k, 0, 0, NULL);
		hvc_jh(r);
		break;
	case H_CPU_OFF:
	case H_SYSTEM_OFF:
	case H_SYSTEM_RESET:
		hostile_psci(k);
		break;
	default:
		hostile_storm();
		break;
	}
	if (hostile_must_end(k))
		error("still running after hostile op %s\n", hostile_names[k]);
	else
		printk("\nfuzz: survived %s\n", hostile_names[k]);
}

/* ---- the stream ---- */

static u32 class_total_weight(void)
{
	u32 sum = 0;
	unsigned int n;

	for (n = 0; n < OP_CLASSES; n++)
		sum += class_weight[n];
	return sum;
}

static enum op_class rnd_class(u32 total)
{
	u32 w = rnd_below(total);
	unsigned int n;

	for (n = 0; n < OP_CLASSES - 1; n++) {
		if (w < class_weight[n])
			break;
		w -= class_weight[n];
	}
	return n;
}

static void do_op(enum op_class c)
{
	me()->class_count[c]++;
	switch (c) {
	case OP_HC:
		op_hypercall();
		break;
	case OP_HVC:
		op_hvc();
		break;
	case OP_SMC:
		op_smc();
		break;
	case OP_SYSRD:
		op_sysreg_read();
		break;
	case OP_SYSWR:
		op_sysreg_write();
		break;
	case OP_RAM:
		op_ram();
		break;
	case OP_COMM:
		op_comm();
		break;
	case OP_GICD:
		op_gicd();
		break;
	case OP_GICR:
		op_gicr();
		break;
	default:
		op_cmo();
		break;
	}
}

/* Timers we armed at random: quiet them, they are level-triggered. */
static void catch_all(unsigned int intid)
{
	me()->irqs++;
	if (intid == PPI_VTIMER)
		sysreg_write(cntv_ctl_el0, 0);
	else if (intid == PPI_PTIMER)
		sysreg_write(cntp_ctl_el0, 0);
	isb();
}

/* The redistributor frame whose GICR_TYPER names @mpidr, or -1. */
static int frame_of(u64 mpidr)
{
	u64 aff = ((mpidr >> 8) & 0xff000000) | (mpidr & 0xffffff), typer;
	unsigned int n;

	for (n = 0; n < gicr_frames; n++) {
		typer = mem_read(gicr + n * GICR_FRAME + GICR_TYPER, 8);
		if ((typer >> 32) == aff)
			return n;
	}
	return -1;
}

/* How many frames there are, and which belong to our CPUs. */
static void find_frames(void)
{
	unsigned int n;
	int f;

	for (n = 0; n < GICR_MAX_FRAMES - 1; n++)
		if (mem_read(gicr + n * GICR_FRAME + GICR_TYPER, 8) &
		    GICR_TYPER_LAST)
			break;
	gicr_frames = n + 1;
	for (n = 0; n < num_cpus(); n++) {
		f = frame_of(cpu_mpidr(n));
		if (f < 0)
			error("no redistributor for MPIDR 0x%llx\n",
			      cpu_mpidr(n));
		else
			frames_owned |= 1ULL << f;
	}
}

/* Per CPU: its frame, its ID registers, its SGIs and PPIs. */
static void cpu_setup(void)
{
	struct fuzz_cpu *c = me();
	int f = frame_of(cpu_mpidr(this_cpu()));
	unsigned int n;

	c->frame = f < 0 ? 0 : f;
	c->starts++;
	sysreg_baseline();
	for (n = 0; n < 16; n++)
		irq_enable_intid(n);
	irq_enable_intid(PPI_VTIMER);
	irq_enable_intid(PPI_PTIMER);
}

static void setup(void)
{
	volatile struct jh_comm_region *comm = comm_region();
	long ram_kb = cmdline_parse_int("ram_kb", 1024);
	unsigned int n;

	comm_base = (u64)comm;
	gicd = comm ? comm->gicd_base : BARE_GICD_BASE;
	gicr = comm ? comm->gicr_base : BARE_GICR_BASE;
	own_spi = cmdline_parse_int("spi", 48);
	scratch_lo = ((u64)__mem_end + 0xfff) & ~0xfffULL;
	scratch_hi = (u64)_start + (u64)ram_kb * 1024;
	if (scratch_hi < scratch_lo + 0x1000)
		scratch_hi = scratch_lo + 0x1000;
	class_total = class_total_weight();
	find_frames();
	for (n = 0; n < IRQ_MAX; n++)
		irq_set_handler(n, catch_all);
	irq_enable_intid(own_spi);
	cpu_setup();
}

/*
 * Timers off, nothing of ours active or pending, PPIs level-triggered
 * again, IRQs masked. The stream may have made the timer PPI
 * edge-triggered: then a handler that re-arms the timer late (the CVAL
 * already past, so the line never drops) never gets another interrupt,
 * and the idle loop could no longer answer shutdown requests.
 */
static void cpu_cleanup(void)
{
	u64 sgi = gicr + me()->frame * GICR_FRAME + GICR_SGI;

	irq_disable();
	sysreg_write(cntv_ctl_el0, 0);
	sysreg_write(cntp_ctl_el0, 0);
	isb();
	mem_write(sgi + GICR_ICFGR1, 4, 0);
	mem_write(sgi + GICR_ICACTIVER0, 4, ~0U);
	mem_write(sgi + GICR_ICPENDR0, 4, ~0U);
}

/* Leave a state in which shutdown requests are answered again. */
static void cleanup(void)
{
	volatile struct jh_comm_region *comm = comm_region();

	cpu_cleanup();
	if (comm) {
		comm->msg_to_cell = JH_MSG_NONE;
		comm->reply_from_cell = JH_REPLY_NONE;
		comm->locked = 0;
		dsb_sy();
	}
}

/* ---- secondary CPUs (smp=1): fuzz, turn off, get turned on again ---- */

static void secondary_fuzz(unsigned int cpu, void *arg)
{
	struct fuzz_cpu *c = me();
	u64 n, end;

	if (!c->rng)
		c->rng = (u64)arg ^ (0x9e3779b97f4a7c15ULL * (cpu + 1));
	cpu_setup();
	irq_enable();
	end = chunk_ops / 2 + rnd_below(chunk_ops);
	for (n = 0; n < end && !READ_ONCE(stop_secondaries); n++, c->op++)
		do_op(rnd_class(class_total));
	cpu_cleanup();
	/* Returning turns this CPU off (PSCI CPU_OFF). */
}

/* Start the secondaries that are off; ALREADY_ON while one is still on
 * its way out is fine, the next round gets it. */
static void restart_secondaries(u64 seed)
{
	unsigned int cpu;
	long ret;

	for (cpu = 1; cpu < num_cpus(); cpu++) {
		if (smp_cpu_online(cpu))
			continue;
		ret = smp_cpu_on(cpu, secondary_fuzz, (void *)seed);
		if (ret != PSCI_SUCCESS && ret != PSCI_ALREADY_ON &&
		    ret != PSCI_ON_PENDING)
			error("CPU_ON of CPU %u: %ld\n", cpu, ret);
	}
}

static void stop_all_secondaries(void)
{
	u64 end = timer_ticks() + timer_us_to_ticks(5000000);
	unsigned int cpu;

	WRITE_ONCE(stop_secondaries, 1);
	dsb_sy();
	for (cpu = 1; cpu < num_cpus(); cpu++) {
		while ((smp_cpu_online(cpu) ||
			psci_affinity_info(cpu_mpidr(cpu)) != PSCI_AFF_OFF) &&
		       timer_ticks() < end)
			cpu_relax();
		if (timer_ticks() >= end)
			error("CPU %u did not turn off\n", cpu);
	}
}

/* ---- after the run: interrupts must still arrive ---- */

static volatile u64 probe_hits;

static void probe_irq(unsigned int intid)
{
	(void)intid;
	probe_hits++;
	timer_stop();
}

static void dump_irq_state(void)
{
	u64 sgi = gicr + me()->frame * GICR_FRAME + GICR_SGI;

	printk("fuzz: CPU %u: CNTV_CTL 0x%llx CVAL 0x%llx now 0x%llx "
	       "PMR 0x%llx RPR 0x%llx HPPIR 0x%llx\n", this_cpu(),
	       sysreg_read(cntv_ctl_el0), sysreg_read(cntv_cval_el0),
	       timer_ticks(), sysreg_read(icc_pmr_el1),
	       sysreg_read(icc_rpr_el1), sysreg_read(icc_hppir1_el1));
	printk("fuzz: CPU %u: AP1R0 0x%llx IGRPEN1 0x%llx CTLR 0x%llx "
	       "DAIF 0x%llx\n", this_cpu(), sysreg_read(icc_ap1r0_el1),
	       sysreg_read(icc_igrpen1_el1), sysreg_read(icc_ctlr_el1),
	       sysreg_read(daif));
	printk("fuzz: CPU %u: GICR%llu EN 0x%llx PEND 0x%llx ACT 0x%llx "
	       "PRIO24 0x%llx CFG1 0x%llx\n", this_cpu(), me()->frame,
	       mem_read(sgi + 0x100, 4), mem_read(sgi + 0x200, 4),
	       mem_read(sgi + 0x300, 4), mem_read(sgi + 0x418, 4),
	       mem_read(sgi + 0xc04, 4));
}

/*
 * The timer the idle loop will rely on: armed 1 ms ahead, it must
 * interrupt us within 100 ms. If not, say what the GIC looks like.
 */
static void probe_timer(void)
{
	u64 end;

	probe_hits = 0;
	timer_irq_init(probe_irq);
	timer_set_cval(timer_ticks() + timer_us_to_ticks(1000));
	end = timer_ticks() + timer_us_to_ticks(100000);
	irq_enable();
	while (!probe_hits && timer_ticks() < end)
		cpu_relax();
	irq_disable();
	if (probe_hits)
		return;
	error("timer interrupt not delivered within 100 ms after the run\n");
	dump_irq_state();
}

/* ---- results ---- */

static void print_done(u64 seed, u64 start)
{
	u64 ops = 0, errs = 0, sgis = 0, irqs = 0, x13 = 0, cls[OP_CLASSES];
	struct fuzz_cpu *c;
	unsigned int cpu, n;

	memset(cls, 0, sizeof(cls));
	for (cpu = 0; cpu < num_cpus(); cpu++) {
		c = &fcpu[cpu];
		if (!c->starts)
			continue;
		ops += c->op;
		errs += c->errors;
		sgis += c->sgi_sent;
		irqs += c->irqs;
		x13 += c->x13_changed;
		for (n = 0; n < OP_CLASSES; n++)
			cls[n] += c->class_count[n];
		if (num_cpus() > 1)
			printk("fuzz: CPU %u ops=%llu errors=%llu "
			       "starts=%llu\n", cpu, c->op, c->errors,
			       c->starts);
	}
	printk("\nfuzz: done seed=0x%llx ops=%llu errors=%llu ms=%llu\n",
	       seed, ops, errs,
	       timer_ticks_to_ns(timer_ticks() - start) / 1000000);
	/* Two lines: the hypervisor breaks guest lines at 120 characters. */
	printk("fuzz: counts");
	for (n = 0; n < OP_CLASSES; n++) {
		if (n == OP_COMM)
			printk("\nfuzz: counts");
		printk(" %s=%llu", class_names[n], cls[n]);
	}
	printk(" sgis=%llu irqs=%llu x1-3=%llu\n", sgis, irqs, x13);
}

/* ---- the stream of the boot CPU ---- */

struct run {
	u64 seed, ops, report;
	long rate, kind;
	bool hostile, smp;
};

static void parse_run(struct run *r)
{
	char mode[16];

	r->seed = cmdline_parse_int("seed", 1);
	r->ops = cmdline_parse_int("ops", 1000000);
	r->rate = cmdline_parse_int("rate", 1000);
	r->kind = cmdline_parse_int("kind", -1);
	r->report = cmdline_parse_int("report", 250000);
	r->smp = cmdline_parse_bool("smp", false) && num_cpus() > 1;
	r->hostile = cmdline_parse_str("mode", mode, sizeof(mode)) &&
		     !strcmp(mode, "hostile");
	chunk_ops = cmdline_parse_int("chunk", 20000);
	if (r->rate < 1)
		r->rate = 1;
	if (r->kind >= H_KINDS)
		r->kind = -1;
	if (r->hostile)
		r->smp = false;		/* hostile runs are single-CPU */
}

static void run_stream(const struct run *r)
{
	struct fuzz_cpu *c = me();

	for (c->op = 0; c->op < r->ops; c->op++) {
		if (r->hostile && rnd_below(r->rate) == 0)
			hostile_op(r->kind >= 0 ? (u64)r->kind :
				   rnd_below(H_KINDS));
		else
			do_op(rnd_class(class_total));
		if (r->smp && (c->op & 1023) == 0)
			restart_secondaries(r->seed);
		if (r->report && c->op && c->op % r->report == 0)
			printk("\nfuzz: progress ops=%llu errors=%llu\n",
			       c->op, c->errors);
	}
}

void inmate_main(void)
{
	struct run r;
	u64 start;

	if (boot_count++ > 1) {
		printk("fuzz: restarted (boot %llu): idle\n", boot_count - 1);
		comm_idle(true);
	}
	parse_run(&r);
	me()->rng = r.seed ? r.seed : 0x9e3779b97f4a7c15ULL;
	printk("fuzz: start seed=0x%llx ops=%llu mode=%s rate=%ld kind=%ld "
	       "cpus=%u\n", r.seed, r.ops, r.hostile ? "hostile" : "safe",
	       r.rate, r.kind, r.smp ? num_cpus() : 1);
	setup();
	irq_enable();

	start = timer_ticks();
	run_stream(&r);
	if (r.smp)
		stop_all_secondaries();
	cleanup();
	probe_timer();
	print_done(r.seed, start);
	comm_idle(true);
}
