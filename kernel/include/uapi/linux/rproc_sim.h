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
 *
 * The external core: a processor that rproc-sim runs outside the machine,
 * as the server of QEMU's ivshmem-doorbell device (PCI 1af4:1110), which
 * the same driver binds. Its BAR2 is the shared memory: struct
 * rproc_sim_shm at offset 0, written by rproc-sim before any guest
 * connects, then the memories at the offsets it lists. Doorbells are the
 * device's Doorbell register (guest to core, peer id shm.core_id) and
 * MSI-X vectors (core to guest), two of them:
 *
 *  - RPROC_SIM_VEC_KICK: the kicked notify ids are bits of host_kicks
 *    (guest to core) and core_kicks (core to guest), set before the
 *    doorbell rings, taken (and cleared) atomically by the other side;
 *  - RPROC_SIM_VEC_CTRL: guest to core, a new request (request_seq moved
 *    on); core to guest, state or ack_seq changed.
 *
 * A request is START (boot_addr, rsc_da and rsc_size set first) or STOP;
 * the core sets state, then ack_seq to the request_seq it answers. A core
 * that faults or exits with a failure status sets state CRASHED. The core
 * outlives the guest: a guest that goes away leaves it in its state.
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

/* The external core's control block, at offset 0 of the shared memory. */
#define RPROC_SIM_SHM_MAGIC	0x4d485352	/* "RSHM", little-endian */
#define RPROC_SIM_SHM_VERSION	1
#define RPROC_SIM_SHM_MEMS	8
#define RPROC_SIM_SHM_CTRL_SIZE	4096	/* the memories start past it */

#define RPROC_SIM_VEC_KICK	0
#define RPROC_SIM_VEC_CTRL	1
#define RPROC_SIM_VECTORS	2

enum rproc_sim_shm_state {
	RPROC_SIM_STATE_OFFLINE = 0,
	RPROC_SIM_STATE_RUNNING = 1,
	RPROC_SIM_STATE_CRASHED = 2,
};

enum rproc_sim_shm_request {
	RPROC_SIM_REQ_NONE = 0,
	RPROC_SIM_REQ_START = 1,
	RPROC_SIM_REQ_STOP = 2,
};

struct rproc_sim_shm_mem {
	char name[RPROC_SIM_NAME_LEN];
	__u64 da;
	__u64 size;
	__u64 offset;		/* in the shared memory, page aligned */
	__u32 flags;		/* RPROC_SIM_MEM_* */
	__u32 reserved;
};

struct rproc_sim_shm {
	/* set by the core before any guest connects */
	__u32 magic;		/* RPROC_SIM_SHM_MAGIC */
	__u32 version;		/* RPROC_SIM_SHM_VERSION */
	__u32 core_id;		/* the core's ivshmem peer id */
	__u32 nr_memories;
	__u64 shm_size;		/* of the whole shared memory */
	__u64 mailbox_da;	/* as struct rproc_sim_info */
	char cpu[RPROC_SIM_NAME_LEN];
	struct rproc_sim_shm_mem mems[RPROC_SIM_SHM_MEMS];

	/* guest -> core */
	__u32 request;		/* enum rproc_sim_shm_request */
	__u32 request_seq;	/* moved on by each request */
	__u64 boot_addr;
	__u64 rsc_da;		/* the loaded resource table */
	__u32 rsc_size;
	__u32 host_kicks;	/* bit n: notify id n kicked */

	/* core -> guest */
	__u32 state;		/* enum rproc_sim_shm_state */
	__u32 ack_seq;		/* the request_seq last answered */
	__u32 core_kicks;	/* bit n: notify id n kicked */
	__s32 exit_code;	/* the firmware's, when it stopped on its own */
	__u32 guest_id;		/* peer id of the guest last connected */
	__u32 reserved[3];
};

#define RPROC_SIM_IOC_MAGIC	0xb7
#define RPROC_SIM_GET_INFO	_IOR(RPROC_SIM_IOC_MAGIC, 0x01, struct rproc_sim_info)
#define RPROC_SIM_GET_MEMORY	_IOWR(RPROC_SIM_IOC_MAGIC, 0x02, struct rproc_sim_memory)

#endif /* _UAPI_LINUX_RPROC_SIM_H */
