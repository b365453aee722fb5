/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ARM PrimeCell UART (PL011) registers, from its TRM (ARM DDI 0183):
 * one list for every side that touches one, the hypervisor's debug
 * console and the PL011 it emulates for cells (hv/vuart.h), the inmate
 * library's console and the in-cell test of that emulation
 * (inmates/tests/cell-uart.c), so the model and its test cannot drift
 * apart on an offset.
 */
#ifndef _JAILHOUSE_PL011_H
#define _JAILHOUSE_PL011_H

/* Register offsets from the UART base. */
#define PL011_DR		0x000	/* data */
#define PL011_RSR		0x004	/* receive status / error clear */
#define PL011_FR		0x018	/* flags */
#define PL011_ILPR		0x020	/* IrDA low-power counter */
#define PL011_IBRD		0x024	/* integer baud rate divisor */
#define PL011_FBRD		0x028	/* fractional baud rate divisor */
#define PL011_LCR_H		0x02c	/* line control */
#define PL011_CR		0x030	/* control */
#define PL011_IFLS		0x034	/* interrupt FIFO level select */
#define PL011_IMSC		0x038	/* interrupt mask set/clear */
#define PL011_RIS		0x03c	/* raw interrupt status */
#define PL011_MIS		0x040	/* masked interrupt status */
#define PL011_ICR		0x044	/* interrupt clear */
#define PL011_DMACR		0x048	/* DMA control */
#define PL011_ID_BASE		0xfe0	/* PeriphID0-3, PCellID0-3 */

/* PL011_FR bits. */
#define PL011_FR_TXFE		(1U << 7)	/* transmit FIFO empty */
#define PL011_FR_TXFF		(1U << 5)	/* transmit FIFO full */
#define PL011_FR_RXFE		(1U << 4)	/* receive FIFO empty */
#define PL011_FR_BUSY		(1U << 3)	/* transmitting */

/* Interrupt bits (IMSC, RIS, MIS, ICR). */
#define PL011_INT_TX		(1U << 5)
#define PL011_INT_ALL		0x7ff

/* Reset values. */
#define PL011_CR_RESET		0x300		/* TXE | RXE */
#define PL011_IFLS_RESET	0x12		/* both FIFOs at half */

#endif
