// SPDX-License-Identifier: GPL-2.0
/*
 * EL2: who owns it, and moving CPUs into and out of the hypervisor.
 *
 * Linux, booted at EL2 without KVM (kvm-arm.mode=none), leaves its hyp
 * stub installed there. The stub answers unknown "hvc #0" calls with
 * HVC_STUB_ERR, which is how it is told apart from KVM. Its
 * HVC_SOFT_RESTART call jumps to a physical address at EL2 with the MMU
 * off: that is the hypervisor's entry (protocol in <jailhouse/header.h>).
 */
#include <linux/errno.h>
#include <linux/namei.h>
#include <linux/err.h>
#include <linux/limits.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include "driver.h"
#include "hypercall.h"

/* A call number the stub does not know; its answer identifies it. */
#define JH_STUB_PROBE		0x4a48

static unsigned int jh_current_el(void)
{
	unsigned long el;

	asm volatile("mrs %0, CurrentEL" : "=r" (el));
	return (el >> 2) & 3;
}

/* ID_AA64PFR0_EL1.EL2, bits 11:8: 0 means EL2 is not implemented. */
static unsigned int jh_el2_implemented(void)
{
	unsigned long pfr0;

	asm volatile("mrs %0, id_aa64pfr0_el1" : "=r" (pfr0));
	return (pfr0 >> 8) & 0xf;
}

/* hvc #0 into the hyp stub; it may clobber x0-x18 (x18 is fixed: saved). */
static unsigned long jh_stub_call(unsigned long a0, unsigned long a1,
				  unsigned long a2, unsigned long a3,
				  unsigned long a4)
{
	register unsigned long x0 asm("x0") = a0;
	register unsigned long x1 asm("x1") = a1;
	register unsigned long x2 asm("x2") = a2;
	register unsigned long x3 asm("x3") = a3;
	register unsigned long x4 asm("x4") = a4;

	asm volatile("str	x18, [sp, #-16]!\n\t"
		     "hvc	#0\n\t"
		     "ldr	x18, [sp], #16"
		     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3), "+r" (x4)
		     :
		     : "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
		       "x13", "x14", "x15", "x16", "x17", "memory", "cc");
	return x0;
}

/*
 * KVM registers /dev/kvm once it has initialised. Linux 6.1 then hands EL2
 * back to the hyp stub until the first VM starts, so the stub probe below
 * cannot see it; its misc device can (user-visible ABI, no internals).
 */
static bool jh_kvm_registered(void)
{
	static const char *const paths[] = { "/sys/class/misc/kvm", "/dev/kvm" };
	struct path path;
	unsigned int n;

	for (n = 0; n < ARRAY_SIZE(paths); n++) {
		if (!kern_path(paths[n], LOOKUP_FOLLOW, &path)) {
			path_put(&path);
			return true;
		}
	}
	return false;
}

int jh_el2_check(void)
{
	unsigned long answer;

	if (jh_current_el() == 2)
		return jh_refuse(-EOPNOTSUPP,
				 "Linux itself runs at EL2 (VHE), there is no hyp stub to take over; hint: boot with id_aa64mmfr1.vh=0 or on a CPU without VHE");
	/* Without EL2, hvc is undefined: never issue it. */
	if (!jh_el2_implemented())
		return jh_refuse(-ENODEV,
				 "CPU has no EL2 (ID_AA64PFR0_EL1.EL2 = 0); hint: start QEMU with -machine virt,virtualization=on");

	if (jh_kvm_registered())
		return jh_refuse(-EBUSY,
				 "KVM is initialised and takes EL2 when a VM starts (/dev/kvm exists); hint: boot Linux with kvm-arm.mode=none");
	preempt_disable();
	answer = jh_stub_call(JH_STUB_PROBE, 0, 0, 0, 0);
	preempt_enable();
	if (answer != JH_HVC_STUB_ERR)
		return jh_refuse(-EBUSY,
				 "EL2 owned by KVM or another hypervisor (hyp-stub probe answered %#lx, not %#x); hint: boot Linux with kvm-arm.mode=none",
				 answer, JH_HVC_STUB_ERR);
	return 0;
}

/*
 * A hypervisor result: 0, a negative errno, or garbage (-EIO). A negative
 * errno that arrives as a zero-extended 32-bit value (w0 written, x0 not
 * sign-extended) is accepted too: the errno is what matters.
 */
int jh_hc_result(long ret)
{
	if (ret == 0)
		return 0;
	if (IS_ERR_VALUE(ret))
		return (int)ret;
	if (!((unsigned long)ret >> 32) && IS_ERR_VALUE((long)(int)ret))
		return (int)ret;
	return -EIO;
}

/* A hypervisor result that carries a value (>= 0) or a negative errno. */
long jh_hc_value(long ret)
{
	if (ret >= 0 && ret <= INT_MAX)
		return ret;
	return jh_hc_result(ret);
}

struct jh_entry_arg {
	unsigned long entry;
	unsigned long base;
	long result;
};

static void jh_enter_this_cpu(void *data)
{
	struct jh_entry_arg *arg = data;

	arg->result = jh_stub_call(JH_ENTRY_STUB_SOFT_RESTART, arg->entry,
				   smp_processor_id(), arg->base, 0);
}

/*
 * Whether this CPU still runs under the hypervisor. One that left (a
 * DISABLE issued around the driver) runs the Linux hyp stub again, which
 * reads call 0 (DISABLE) as "set VBAR_EL2 to x1" and call 1 (CELL_CREATE)
 * as "jump to x1": ask something the stub refuses harmlessly instead.
 * Call with preemption disabled.
 */
static bool jh_this_cpu_in_hv(void)
{
	return jh_hypercall(JH_HC_HV_GET_INFO, JH_INFO_NUM_CELLS, 0) !=
	       JH_HVC_STUB_ERR;
}

/* A management hypercall, never issued to the hyp stub of a left CPU. */
long jh_mgmt_hypercall(unsigned long code, unsigned long arg1,
		       unsigned long arg2)
{
	long ret = -ESHUTDOWN;

	preempt_disable();
	if (jh_this_cpu_in_hv())
		ret = jh_hypercall(code, arg1, arg2);
	else
		pr_err("jailhouse: CPU %u already left the hypervisor (partial disable); hint: finish with jailhouse disable\n",
		       smp_processor_id());
	preempt_enable();
	return ret;
}

static void jh_leave_this_cpu(void *data)
{
	long *result = data;

	/* Already left: leaving again would corrupt the stub's VBAR_EL2. */
	if (!jh_this_cpu_in_hv()) {
		pr_info("jailhouse: CPU %u had already left the hypervisor\n",
			smp_processor_id());
		*result = 0;
		return;
	}
	*result = jh_hypercall(JH_HC_DISABLE, 0, 0);
}

/*
 * Issue JH_HC_DISABLE on each CPU of @cpus, one at a time. On an error the
 * remaining CPUs are still asked, so as few as possible stay behind; the
 * first failing CPU is reported. Caller holds cpus_read_lock, jh_hc_lock.
 */
int jh_leave_cpus(const struct cpumask *cpus, unsigned int *failed_cpu)
{
	unsigned int cpu;
	int first_err = 0;
	long result;
	int err;

	for_each_cpu(cpu, cpus) {
		err = smp_call_function_single(cpu, jh_leave_this_cpu,
					       &result, 1);
		if (!err)
			err = jh_hc_result(result);
		if (err && !first_err) {
			first_err = err;
			*failed_cpu = cpu;
		}
		/* The first CPU's refusal means nothing changed: stop. */
		if (err && cpu == cpumask_first(cpus))
			break;
	}
	return first_err;
}

static void jh_rollback(const struct cpumask *entered)
{
	unsigned int cpu;
	int err;

	if (cpumask_empty(entered))
		return;
	err = jh_leave_cpus(entered, &cpu);
	if (err)
		pr_err("jailhouse: rollback failed on CPU %u (%d): hypervisor memory stays reserved, reboot advised\n",
		       cpu, err);
}

/*
 * Enter the hypervisor on every online CPU, one CPU at a time (never a
 * rendezvous: that hangs under QEMU -icount). The first CPU initialises
 * the hypervisor and validates the config; its errno is passed up as is.
 * Caller holds cpus_read_lock and jh_hc_lock.
 */
int jh_enter_cpus(phys_addr_t hv_phys, u64 entry_offset)
{
	struct jh_entry_arg arg = {
		.entry = hv_phys + entry_offset,
		.base = hv_phys,
	};
	cpumask_t entered;
	unsigned int cpu;
	int err;

	cpumask_clear(&entered);
	for_each_online_cpu(cpu) {
		arg.result = -EIO;
		err = smp_call_function_single(cpu, jh_enter_this_cpu, &arg, 1);
		if (!err)
			err = jh_hc_result(arg.result);
		if (err)
			goto fail;
		cpumask_set_cpu(cpu, &entered);
	}
	return 0;

fail:
	jh_rollback(&entered);
	if (cpumask_empty(&entered))
		return jh_refuse(err,
				 "hypervisor refused to start on CPU %u (error %d, x0 = %#lx); hint: it validates the config, see jailhouse console",
				 cpu, err, arg.result);
	return jh_refuse(err,
			 "hypervisor failed to start on CPU %u (error %d, x0 = %#lx), %u CPUs rolled back; hint: see jailhouse console",
			 cpu, err, arg.result, cpumask_weight(&entered));
}
