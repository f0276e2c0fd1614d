/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A firmware image for rproc-sim-test's rpmsg command: the resource table
 * of an rpmsg core on rproc_sim's default memories, and a Cortex-M4 reset
 * vector that idles. The core's work is done by rproc-sim-test itself.
 *
 *   carveout "shm" 0x30000000, 1 MiB: the host writes its physical address
 *   vdev (virtio id 7, VIRTIO_RPMSG_F_NS), two vrings of 16, align 4 KiB,
 *   da FW_RSC_ADDR_ANY: rproc_sim's vdev0vring0/1 carveouts are used
 *   trace "rpmsg-fw-trace" at 0x20001000, 1 KiB
 */
	.syntax unified
	.thumb

	.section .text, "ax"
	.globl _start
vectors:
	.word	0x20040000		/* initial sp: the end of sram */
	.word	_start + 1		/* reset */
	.thumb_func
_start:
	wfi
	b	_start

	.section .resource_table, "aw"
	.balign 8
	.globl resource_table
resource_table:
	.word	1, 3, 0, 0		/* ver, num, reserved */
	.word	rsc_carveout - resource_table
	.word	rsc_vdev - resource_table
	.word	rsc_trace - resource_table
rsc_carveout:
	.word	0			/* RSC_CARVEOUT */
	.word	0x30000000, 0, 0x100000, 0, 0	/* da, pa, len, flags, reserved */
	.asciz	"shm"
	.space	32 - 4
rsc_vdev:
	.word	3			/* RSC_VDEV */
	.word	7, 0, 1, 0, 0		/* id, notifyid, dfeatures, gfeatures, config_len */
	.byte	0, 2, 0, 0		/* status, num_of_vrings, reserved */
	.word	0xffffffff, 4096, 16, 0, 0	/* vring0: da, align, num, notifyid, pa */
	.word	0xffffffff, 4096, 16, 0, 0	/* vring1 */
rsc_trace:
	.word	2			/* RSC_TRACE */
	.word	0x20001000, 1024, 0	/* da, len, reserved */
	.asciz	"rpmsg-fw-trace"
	.space	32 - 15
