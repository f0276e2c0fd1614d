/*
 * virtio-ring.h - the split virtqueue ("vring") as the device side sees it
 *
 * Layout of the virtio specification's legacy split ring, which Linux's
 * remoteproc_virtio/virtio_rpmsg_bus create for an RSC_VDEV entry: at the
 * ring's address, @num descriptors, then the available ring written by
 * the driver (the host), then, at the next multiple of @align, the used
 * ring written by the device (this core).  Without VIRTIO_F_VERSION_1
 * the fields are in the core's own byte order.
 */
#ifndef FW_VIRTIO_RING_H
#define FW_VIRTIO_RING_H

#include <stdint.h>

#define VRING_DESC_F_NEXT		1	/* the chain goes on in .next */
#define VRING_DESC_F_WRITE		2	/* the device writes the buffer */
#define VRING_AVAIL_F_NO_INTERRUPT	1	/* the driver wants no kick */

struct vring_desc {
	uint64_t addr;		/* bus address of the buffer */
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct vring_avail {
	uint16_t flags;
	uint16_t idx;		/* where the driver puts the next entry */
	uint16_t ring[];	/* descriptor heads; then used_event */
};

struct vring_used_elem {
	uint32_t id;		/* descriptor head */
	uint32_t len;		/* bytes the device wrote */
};

struct vring_used {
	uint16_t flags;
	uint16_t idx;		/* where the device puts the next entry */
	struct vring_used_elem ring[];	/* then avail_event */
};

/* One ring; volatile because the host changes it behind our back. */
struct vring {
	unsigned int num;
	volatile struct vring_desc *desc;
	volatile struct vring_avail *avail;
	volatile struct vring_used *used;
};

/* Point @vr at the ring of @num entries at @base; @align a power of 2. */
static inline void vring_init(struct vring *vr, unsigned int num,
			      uintptr_t base, uintptr_t align)
{
	uintptr_t avail_end;

	vr->num = num;
	vr->desc = (volatile struct vring_desc *)base;
	vr->avail = (volatile struct vring_avail *)(base +
						    num * sizeof(struct vring_desc));
	/* flags, idx, ring[num], used_event: (3 + num) 16-bit words */
	avail_end = (uintptr_t)vr->avail + (3 + num) * sizeof(uint16_t);
	vr->used = (volatile struct vring_used *)((avail_end + align - 1) &
						  ~(align - 1));
}

#endif /* FW_VIRTIO_RING_H */
