/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * rproc_sim: virtual remote processors for testing remoteproc and rpmsg.
 *
 * Each virtual remoteproc has a control device, /dev/rproc-simN (N as in
 * the remoteproc's index), through which the user-space core emulator
 * (rproc-sim) reaches the processor's memories and its mailbox:
 *
 *  - RPROC_SIM_GET_INFO, then RPROC_SIM_GET_MEMORY for each memory: name,
 *    device address, size, flags, and the mmap() offset of the memory on
 *    the control device. Every memory is mappable here, the ones private to
 *    the core included: the emulator is the core.
 *  - read() returns struct rproc_sim_event records, host to core: START
 *    (value: boot address, low 32 bits; boot_addr holds all 64), STOP, and
 *    KICK (value: the notify id the host kicked). Blocks unless O_NONBLOCK;
 *    poll() reports POLLIN when an event is queued.
 *  - write() takes struct rproc_sim_event records, core to host: KICK
 *    (value: notify id, handed to rproc_vq_interrupt()) and CRASH (value:
 *    an RPROC_* crash type; the remoteproc core recovers as configured).
 *
 * One opener at a time: a second open() fails with -EBUSY.
 */
#ifndef _UAPI_LINUX_RPROC_SIM_H
#define _UAPI_LINUX_RPROC_SIM_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define RPROC_SIM_NAME_LEN	32

/* struct rproc_sim_memory.flags */
#define RPROC_SIM_MEM_PRIVATE	(1U << 0)	/* the host cannot address it */

struct rproc_sim_info {
	__u32 index;		/* the remoteproc's index: /sys/class/remoteproc/remoteprocN */
	__u32 nr_memories;
	__u64 mailbox_da;	/* where the core's mailbox registers sit */
	char cpu[RPROC_SIM_NAME_LEN];	/* "cortex-m4", "riscv32", ... as rproc-sim names them */
};

struct rproc_sim_memory {
	__u32 index;		/* in: 0 .. nr_memories - 1 */
	__u32 flags;		/* RPROC_SIM_MEM_* */
	__u64 da;
	__u64 size;
	__u64 mmap_offset;	/* for mmap() on the control device */
	char name[RPROC_SIM_NAME_LEN];
};

enum rproc_sim_event_type {
	RPROC_SIM_EV_START = 1,	/* host -> core */
	RPROC_SIM_EV_STOP = 2,	/* host -> core */
	RPROC_SIM_EV_KICK = 3,	/* both ways */
	RPROC_SIM_EV_CRASH = 4,	/* core -> host */
};

struct rproc_sim_event {
	__u32 type;		/* enum rproc_sim_event_type */
	__u32 value;
	__u64 boot_addr;	/* RPROC_SIM_EV_START */
};

#define RPROC_SIM_IOC_MAGIC	0xb7
#define RPROC_SIM_GET_INFO	_IOR(RPROC_SIM_IOC_MAGIC, 0x01, struct rproc_sim_info)
#define RPROC_SIM_GET_MEMORY	_IOWR(RPROC_SIM_IOC_MAGIC, 0x02, struct rproc_sim_memory)

#endif /* _UAPI_LINUX_RPROC_SIM_H */
