/*
 * rsc-rpmsg.S - resource table of the rpmsg firmware
 *
 * Two entries: an RSC_VDEV for virtio_rpmsg_bus (name service offered,
 * two vrings whose addresses the host picks and writes back) and the
 * RSC_TRACE entry of trace.c, named "<firmware>-trace" through
 * TRACE_NAME as in lib/rsc-trace.S.  The host writes gfeatures, status
 * and each vring's da and notifyid into this table (the copy in the
 * core's memory) before it sets DRIVER_OK; rpmsg.c reads them from
 * rpmsg_vdev, the body of the vdev entry.
 *
 * With RPMSG_SHM_NAME (a quoted string) a third entry comes first: an
 * RSC_CARVEOUT of that name, da and pa FW_RSC_ADDR_ANY.  A host that
 * registered a memory of that name (rproc_sim: "shm", which holds its
 * vdev area) writes the memory's device address, physical address and
 * length into it; rpmsg-shm.c translates the physical addresses Linux's
 * virtio_ring puts in the descriptors with them (rpmsg_shm, the body).
 */
#include "rpmsg.h"
#include "rsc_table.h"
#include "trace.h"

#ifndef TRACE_NAME
#error "TRACE_NAME (a quoted string) must name the trace buffer"
#endif

	.section .resource_table, "aw"
	.balign	4
	.globl	resource_table
	.type	resource_table, %object
resource_table:
	.4byte	RSC_TABLE_VERSION		/* ver */
#ifdef RPMSG_SHM_NAME
	.4byte	3				/* num */
	.4byte	0, 0				/* reserved[2] */
	.4byte	shm_rsc - resource_table
#else
	.4byte	2				/* num */
	.4byte	0, 0				/* reserved[2] */
#endif
	.4byte	vdev_rsc - resource_table
	.4byte	trace_rsc - resource_table

#ifdef RPMSG_SHM_NAME
shm_rsc:
	.4byte	RSC_CARVEOUT			/* fw_rsc_hdr.type */
	.globl	rpmsg_shm
rpmsg_shm:
	.4byte	FW_RSC_ADDR_ANY			/* da: host */
	.4byte	FW_RSC_ADDR_ANY			/* pa: host */
	/* len: what we need at least, rproc_sim's vdev area; host */
	.4byte	RPMSG_SHM_MIN_LEN
	.4byte	0				/* flags */
	.4byte	0				/* reserved */
2:	.asciz	RPMSG_SHM_NAME			/* name[32] */
	.fill	FW_RSC_NAME_LEN - (. - 2b), 1, 0
#endif

vdev_rsc:
	.4byte	RSC_VDEV			/* fw_rsc_hdr.type */
	.globl	rpmsg_vdev
rpmsg_vdev:
	.4byte	VIRTIO_ID_RPMSG			/* id */
	.4byte	0				/* notifyid */
	.4byte	1 << VIRTIO_RPMSG_F_NS		/* dfeatures */
	.4byte	0				/* gfeatures: host */
	.4byte	0				/* config_len */
	.byte	0				/* status: host */
	.byte	2				/* num_of_vrings */
	.byte	0, 0				/* reserved[2] */
	/* vring 0: host rx, we send; vring 1: host tx, we receive */
	.4byte	FW_RSC_ADDR_ANY, RPMSG_VRING_ALIGN, RPMSG_VRING_NUM, 0, 0
	.4byte	FW_RSC_ADDR_ANY, RPMSG_VRING_ALIGN, RPMSG_VRING_NUM, 1, 0

trace_rsc:
	.4byte	RSC_TRACE			/* fw_rsc_hdr.type */
	.4byte	trace_buf			/* da: run address */
	.4byte	TRACE_LEN			/* len */
	.4byte	0				/* reserved */
1:	.asciz	TRACE_NAME			/* name[32] */
	.fill	FW_RSC_NAME_LEN - (. - 1b), 1, 0
	.size	resource_table, . - resource_table
