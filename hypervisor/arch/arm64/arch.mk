# SPDX-License-Identifier: GPL-2.0
ARCH_SRCS := gicv3.c irqchip.c irqchip_cpu.c irqchip_mmio.c mmio.c mmu.c \
	psci.c psci_cell.c setup.c spinlock.c trap_report.c traps.c uart.c \
	vgic.c
ARCH_ASM := entry.S vectors.S
# No FP/SIMD at EL2 (guest registers are not saved), strict alignment for
# the code that runs with the MMU off, no out-of-line atomics (no libgcc).
ARCH_CFLAGS := -march=armv8-a -mgeneral-regs-only -mstrict-align \
	-mno-outline-atomics -mbranch-protection=none
# The GIC code depends one way (Documentation/porting.md): checked on
# every link, from the sources and from the objects' undefined symbols.
ARCH_CHECK = $(PYTHON) scripts/check_gic_layers.py --src $(ARCH_DIR) \
	--objs $(O)/$(ARCH_DIR) --nm $(CROSS_COMPILE)nm
ARCH_CHECK_DEPS := scripts/check_gic_layers.py
