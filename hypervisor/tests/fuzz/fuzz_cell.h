/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The world of the cell-create fuzzer (fuzz_cell.c), shared with its seed
 * generator (mkcorpus_cell.c).
 *
 * The root cell looks like configs/qemu-arm64.yaml, so the real cell
 * configs (build/configs/qemu-arm64-cell-*.cell) are valid inputs as
 * they are. Its RAM is real host memory mapped at the same addresses,
 * ending below the ASan shadow at 0x7fff8000; the inmate area is cut
 * short to fit. Hypervisor memory is mapped PROT_NONE: any access to it
 * through a root address faults. CPUs 0-7 (not 0-3) so that a resident
 * cell on CPU 7 can live beside the real configs' CPUs 1-3.
 *
 * Input: a cell config, copied so that it ends right below hypervisor
 * memory, and passed whole to JH_HC_CELL_CREATE. If the cell is created,
 * the bytes after hdr.total_size are a script of FC_OP_* (one byte each,
 * modulo FC_OP_COUNT; some take argument bytes) run against it. Without a
 * script a default life cycle runs.
 */
#ifndef _FUZZ_CELL_H
#define _FUZZ_CELL_H

#define FC_HOST_BASE		0x40000000ULL
#define FC_HOST_END		0x7fe00000ULL
#define FC_RAM_BASE		0x40000000ULL
#define FC_RAM_SIZE		(768ULL << 20)
#define FC_HV_BASE		0x70000000ULL
#define FC_HV_SIZE		(4ULL << 20)
#define FC_INMATES_BASE		0x70400000ULL
#define FC_INMATES_SIZE		(FC_LINK_BASE - FC_INMATES_BASE)
/*
 * Link fc0 (4 peers, 4 KiB R/W and outputs) in the last MiB of host
 * memory, which is no root region: root is peer 0 (register page at
 * FC_LINK_ROOT_REGS, doorbell SPI FC_LINK_ROOT_IRQ), the resident peer 1.
 * Fuzzed cells may join as peers 2 and 3.
 */
#define FC_LINK_BASE		0x7fd00000ULL
#define FC_LINK_SIZE		0x6000ULL
#define FC_LINK_PEERS		4
#define FC_LINK_NAME		"fc0"
#define FC_LINK_ROOT_REGS	0x0b100000ULL
#define FC_LINK_ROOT_IRQ	200
#define FC_LINK_RES_SHM		0xa0000000ULL
#define FC_LINK_RES_REGS	0xa0100000ULL
#define FC_UART			0x09000000ULL
#define FC_GICD			0x08000000ULL
#define FC_GICR			0x080a0000ULL
/* What the fake arch reports as emulated: GICD up to the end of GICR. */
#define FC_GIC_SIZE		(FC_GICR + 0x80000ULL - FC_GICD)
#define FC_CPUS			8
#define FC_ROOT_IRQ_FIRST	32
#define FC_ROOT_IRQ_COUNT	256

/* Resident cell, created at start-up and running throughout. */
#define FC_RES_CPU		7
#define FC_RES_RAM		0x7f000000ULL	/* 1 MiB, loadable */
#define FC_RES_COMM		0x7f100000ULL
#define FC_RES_SHARED		0x7f200000ULL	/* 2 MiB, root-shared */
#define FC_RES_IRQ_FIRST	250
#define FC_RES_IRQ_COUNT	4
#define FC_RES_CFG_ADDR		0x4f000000ULL
#define FC_RES_LINK_IRQ		(FC_RES_IRQ_FIRST + 3)

enum fc_op {
	FC_OP_START,
	FC_OP_SHUTDOWN,
	FC_OP_SET_LOADABLE,
	FC_OP_REPLY_OK,		/* the cell writes its comm region ... */
	FC_OP_REPLY_DENIED,
	FC_OP_LOCK_TOGGLE,
	FC_OP_TIME,		/* 5 s pass */
	FC_OP_UNRESPONSIVE,	/* toggle: the cell's CPUs ignore requests */
	FC_OP_GET_STATE,
	FC_OP_CREATE_AGAIN,	/* same config again: refused */
	FC_OP_FROM_CELL,	/* management hypercall on a cell CPU */
	FC_OP_CREATE_AT,	/* 8 bytes address, 4 bytes size follow */
	FC_OP_COMM_WRITE,	/* 1 byte word index, 4 bytes value follow */
	FC_OP_DESTROY,
	FC_OP_POOL,		/* 1 byte follows: pool down to (byte % 32)
				 * free pages, or back to normal */
	FC_OP_COUNT
};

#endif
