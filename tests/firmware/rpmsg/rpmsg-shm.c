/*
 * rpmsg-shm.c - buffer addresses for a host that writes physical ones
 *
 * Linux's virtio_ring puts the physical addresses of the rpmsg buffers in
 * the descriptors: the remoteproc virtio transport cannot offer
 * VIRTIO_F_ACCESS_PLATFORM, so the DMA API is bypassed.  This core sees
 * the memory at other addresses.  The RSC_CARVEOUT "shm" of rsc-rpmsg.S
 * (built with RPMSG_SHM_NAME) names the memory that holds the buffers;
 * the host writes its device address, physical address and length into
 * the table before the core starts, and a buffer at physical address pa
 * is at device address pa - shm.pa + shm.da.  Linked in place of the weak
 * identity of rpmsg.c.
 */
#include "rpmsg.h"

/* the body of the carveout entry of rsc-rpmsg.S */
extern struct fw_rsc_carveout rpmsg_shm;

void *rpmsg_buf(uint64_t addr, uint32_t len)
{
	volatile struct fw_rsc_carveout *shm = &rpmsg_shm;
	uint32_t pa = shm->pa, da = shm->da, size = shm->len;
	uint64_t off, at;

	/* a host that did not fill the entry in gave no usable address */
	if (pa == FW_RSC_ADDR_ANY || da == FW_RSC_ADDR_ANY)
		return NULL;
	if (addr < pa)
		return NULL;
	off = addr - pa;
	if (off > size || len > size - off)
		return NULL;
	at = da + off;
	if ((uintptr_t)at != at)
		return NULL;
	return (void *)(uintptr_t)at;
}
