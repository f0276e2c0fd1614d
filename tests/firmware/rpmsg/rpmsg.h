/*
 * rpmsg.h - the remote side of Linux's virtio_rpmsg_bus, freestanding
 *
 * The host (Linux) is the virtio driver, this core the device.  Of the
 * two vrings of the RSC_VDEV entry, vring 0 is the host's receive queue:
 * the host fills it with empty buffers and this core sends by filling
 * one.  vring 1 is the host's send queue: this core receives from it and
 * gives each buffer back.  Buffers hold one message each: a 16-byte
 * struct rpmsg_hdr and up to (buffer length - 16) bytes of payload.
 *
 * Doorbells go through the mailbox: the host rings with the notifyid of
 * the vring it changed, this core rings back with the notifyid of the
 * vring it changed (Linux's rproc_vq_interrupt() takes that value).
 */
#ifndef FW_RPMSG_H
#define FW_RPMSG_H

#include "rsc_table.h"

#define VIRTIO_ID_RPMSG			7
#define VIRTIO_RPMSG_F_NS		0	/* feature bit: name service */
#define VIRTIO_CONFIG_S_DRIVER_OK	4	/* vdev status: host is ready */

/* the vrings the resource table asks for; the host picks addresses */
#define RPMSG_VRING_NUM			16
#define RPMSG_VRING_ALIGN		4096
/*
 * rsc-rpmsg.S with RPMSG_SHM_NAME: the length the "shm" carveout asks for,
 * rproc_sim's vdev area (a 256 KiB buffer pool and two 32 KiB vrings).
 */
#define RPMSG_SHM_MIN_LEN		0x50000

#define RPMSG_NS_ADDR			0x35	/* the name service endpoint */
#define RPMSG_NAME_SIZE			32
#define RPMSG_NS_CREATE			0
#define RPMSG_NS_DESTROY		1
#define RPMSG_HDR_SIZE			16
/* first address outside Linux's reserved range: static endpoints */
#define RPMSG_FIRST_ADDR		1024

/* errors, returned negated (no errno.h in a freestanding build) */
#define RPMSG_EINVAL			22
#define RPMSG_EAGAIN			11
#define RPMSG_EMSGSIZE			90

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "virtio-ring.h"

struct rpmsg_hdr {
	uint32_t src;
	uint32_t dst;
	uint32_t reserved;
	uint16_t len;		/* payload bytes */
	uint16_t flags;
	uint8_t data[];
} __attribute__((packed));

struct rpmsg_ns_msg {
	char name[RPMSG_NAME_SIZE];
	uint32_t addr;
	uint32_t flags;		/* RPMSG_NS_CREATE or RPMSG_NS_DESTROY */
} __attribute__((packed));

_Static_assert(sizeof(struct rpmsg_hdr) == RPMSG_HDR_SIZE, "rpmsg_hdr layout");
_Static_assert(sizeof(struct rpmsg_ns_msg) == 40, "rpmsg_ns_msg layout");

struct rpmsg_dev;
struct rpmsg_ept;

/* A message for @ept from the host's endpoint @src. */
typedef void (*rpmsg_rx_cb)(struct rpmsg_dev *dev, struct rpmsg_ept *ept,
			    const void *data, size_t len, uint32_t src);

struct rpmsg_ept {
	uint32_t addr;
	rpmsg_rx_cb cb;
	struct rpmsg_ept *next;
};

struct rpmsg_dev {
	struct fw_rsc_vdev *vdev;	/* in the resource table */
	struct vring tx;		/* vring 0: we fill host buffers */
	struct vring rx;		/* vring 1: we read host messages */
	uint32_t tx_notifyid, rx_notifyid;
	uint16_t tx_next, rx_next;	/* next avail entry we take */
	struct rpmsg_ept *epts;
	unsigned long dropped;		/* messages for no endpoint */
};

void rpmsg_dev_init(struct rpmsg_dev *dev, struct fw_rsc_vdev *vdev);
bool rpmsg_dev_ready(const struct rpmsg_dev *dev);
int rpmsg_dev_start(struct rpmsg_dev *dev);
void rpmsg_ept_add(struct rpmsg_dev *dev, struct rpmsg_ept *ept);
void rpmsg_ept_del(struct rpmsg_dev *dev, struct rpmsg_ept *ept);
int rpmsg_send(struct rpmsg_dev *dev, uint32_t src, uint32_t dst,
	       const void *data, size_t len);
/*
 * A name-service message for @name at @addr: RPMSG_NS_CREATE (announce)
 * or RPMSG_NS_DESTROY (the host removes the channel).  -RPMSG_EAGAIN
 * while no host buffer is free, as rpmsg_send().
 */
int rpmsg_ns_send(struct rpmsg_dev *dev, const char *name, uint32_t addr,
		  uint32_t flags);
int rpmsg_announce(struct rpmsg_dev *dev, const char *name, uint32_t addr);
int rpmsg_destroy(struct rpmsg_dev *dev, const char *name, uint32_t addr);
int rpmsg_poll(struct rpmsg_dev *dev);
void rpmsg_wait(void);

/*
 * The address at which this core sees the @len-byte buffer the host gave
 * as @addr (the address in the descriptor), or NULL if this core cannot
 * see all of it: such a buffer is neither read nor written.  The default
 * is the identity; a firmware whose host puts other addresses in the
 * descriptors defines its own (the default is weak): rpmsg-shm.c, for a
 * host that writes physical addresses.
 */
void *rpmsg_buf(uint64_t addr, uint32_t len);

#endif /* !__ASSEMBLER__ */

#endif /* FW_RPMSG_H */
