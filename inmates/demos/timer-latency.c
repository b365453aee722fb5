// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * timer-latency: periodic EL1 virtual timer; latency = CNTVCT read first
 * thing in the IRQ vector minus the programmed CNTV_CVAL.
 * Command line: period_us=N (1000), samples=N (200; 0 runs forever),
 * report=N (print every N samples; default: once, after all samples),
 * warmup_us=N (0; idle this long before the first period, e.g. to let
 * the root cell's `cell start` finish before measuring), poweroff (after
 * a finite run, PSCI SYSTEM_OFF in a cell too, so that the cell's exit
 * counters in the hypervisor stop moving: make bench).
 * Then it idles (bare: powers off), answering shutdown requests.
 *
 * Output (make bench parses it):
 *   timer-latency: start cntvct <T> period ... : T = CNTVCT when
 *     inmate_main() began, before any output (CNTVOFF is 0 in cells and
 *     bare, so it is comparable with the hypervisor's CNTPCT).
 *   timer-latency: min <a> avg <b> max <c> ns (<n> samples)
 *   timer-latency: ticks min <a> avg <b>.<milli> max <c> sum <s> (<n> samples)
 *     the same statistics in raw counter ticks, the average to 1/1000
 *     tick: under QEMU -icount the latency is often below one tick.
 *   timer-latency: ticks p50 <a> p90 <b> p99 <c> (<n> samples)
 *     percentiles over all samples of the run (1-tick buckets up to
 *     HIST_TICKS; above it prints ">511"): robust against the rare
 *     long delays that QEMU's one-vCPU-at-a-time -icount adds.
 *   timer-latency: done, <n> samples, <o> overruns, <i> interrupts
 */
#include <inmate.h>

#define HIST_TICKS	512

struct stats {
	u64 min, max, sum, n;
};

static u64 period;
static u64 samples_total, samples_goal, report_every;
static u64 overruns;
static struct stats window;
static struct stats ready;
static volatile u32 ready_flag, finished;
/* Whole-run latency histogram: [HIST_TICKS] counts everything above. */
static u32 hist[HIST_TICKS + 1];

static void stats_reset(struct stats *s)
{
	s->min = ~0ULL;
	s->max = 0;
	s->sum = 0;
	s->n = 0;
}

static void stats_add(struct stats *s, u64 v)
{
	if (v < s->min)
		s->min = v;
	if (v > s->max)
		s->max = v;
	s->sum += v;
	s->n++;
}

static void timer_irq(unsigned int intid)
{
	u64 cval = timer_get_cval(), now, next;
	u64 entry = irq_entry_timestamp();
	u64 lat = entry > cval ? entry - cval : 0;

	(void)intid;
	stats_add(&window, lat);
	hist[lat < HIST_TICKS ? lat : HIST_TICKS]++;
	samples_total++;
	if (window.n >= report_every) {
		ready = window;
		ready_flag = 1;
		stats_reset(&window);
	}
	if (samples_goal && samples_total >= samples_goal) {
		timer_stop();
		finished = 1;
		return;
	}
	/* Keep the grid; if we fell behind a whole period, restart it. */
	next = cval + period;
	now = timer_ticks();
	if (next <= now) {
		next = now + period;
		overruns++;
	}
	timer_set_cval(next);
}

static void report(const struct stats *s)
{
	/* sum * 1000 cannot overflow for any realistic run (< 2^54 ticks). */
	u64 avg_milli = s->sum * 1000 / s->n;

	printk("timer-latency: min %llu avg %llu max %llu ns (%llu samples)\n",
	       timer_ticks_to_ns(s->min), timer_ticks_to_ns(s->sum / s->n),
	       timer_ticks_to_ns(s->max), s->n);
	printk("timer-latency: ticks min %llu avg %llu.%03llu max %llu sum %llu "
	       "(%llu samples)\n", s->min, avg_milli / 1000, avg_milli % 1000,
	       s->max, s->sum, s->n);
}

/*
 * Smallest latency that at least @pct percent of the @n samples do not
 * exceed, as text (">511" when it is above the histogram).
 */
static void percentile(char *buf, size_t size, u64 pct, u64 n)
{
	u64 want = (n * pct + 99) / 100, seen = 0;
	unsigned int t;

	for (t = 0; t < HIST_TICKS; t++) {
		seen += hist[t];
		if (seen >= want)
			break;
	}
	if (t < HIST_TICKS)
		snprintf(buf, size, "%u", t);
	else
		snprintf(buf, size, ">%u", HIST_TICKS - 1);
}

static void report_percentiles(u64 n)
{
	char p50[16], p90[16], p99[16];

	if (!n)
		return;
	percentile(p50, sizeof(p50), 50, n);
	percentile(p90, sizeof(p90), 90, n);
	percentile(p99, sizeof(p99), 99, n);
	printk("timer-latency: ticks p50 %s p90 %s p99 %s (%llu samples)\n",
	       p50, p90, p99, n);
}

void inmate_main(void)
{
	/* First thing: when the program proper started (make bench). */
	u64 start = timer_ticks();
	long period_us = cmdline_parse_int("period_us", 1000);
	long samples = cmdline_parse_int("samples", 200);
	long every = cmdline_parse_int("report", samples > 0 ? samples : 1000);
	long warmup_us = cmdline_parse_int("warmup_us", 0);
	bool poweroff = cmdline_parse_bool("poweroff", false);
	u64 irqs0;

	period_us = period_us < 1 ? 1 : period_us;
	samples_goal = samples > 0 ? samples : 0;
	report_every = every > 0 ? every : 1000;
	period = timer_us_to_ticks(period_us);
	stats_reset(&window);
	printk("timer-latency: start cntvct %llu period %ld us, %llu samples, "
	       "report every %llu, counter %llu Hz (%llu ns/tick)\n", start,
	       period_us, samples_goal, report_every, timer_frequency(),
	       timer_ticks_to_ns(1));

	irqs0 = irq_count();
	timer_irq_init(timer_irq);
	timer_set_cval(timer_ticks() + period +
		       timer_us_to_ticks(warmup_us > 0 ? warmup_us : 0));
	irq_disable();
	while (!finished || ready_flag) {
		comm_poll();
		if (!ready_flag && !finished)
			cpu_sleep();
		if (ready_flag) {
			ready_flag = 0;
			report(&ready);
		}
	}
	if (window.n)
		report(&window);
	report_percentiles(samples_total);
	printk("timer-latency: done, %llu samples, %llu overruns, "
	       "%llu interrupts\n", samples_total, overruns,
	       irq_count() - irqs0);
	if (poweroff && !inmate_is_bare())
		psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	inmate_finish();
}
