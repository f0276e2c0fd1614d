/*
 * rsc_table.h - remoteproc resource table, as seen by the firmware
 *
 * Freestanding definitions with the same binary layout as the Linux
 * kernel's include/linux/remoteproc.h, so that test firmware, the
 * simulator and the loader tests agree with the in-kernel parser byte
 * for byte.  All fields are in the firmware's own byte order; the kernel
 * reads them natively, so a big-endian core needs a big-endian host or a
 * loader that swaps.
 *
 * The constants are also usable from assembly (the resource tables of the
 * test firmware are written in assembly, because a C initializer cannot
 * truncate a symbol address to the 32-bit "da" fields on 64-bit targets).
 */
#ifndef RSC_TABLE_H
#define RSC_TABLE_H

/* resource types (enum fw_resource_type in the kernel) */
#define RSC_CARVEOUT		0
#define RSC_DEVMEM		1
#define RSC_TRACE		2
#define RSC_VDEV		3
#define RSC_LAST		4
#define RSC_VENDOR_START	128
#define RSC_VENDOR_END		512

/* the only table version the kernel accepts */
#define RSC_TABLE_VERSION	1

/* "let the host pick the address" for da/pa fields */
#define FW_RSC_ADDR_ANY		0xffffffff

/* sizes of the on-disk structures, for assembly and for bounds checks */
#define RSC_TABLE_HDR_SIZE	16	/* ver, num, reserved[2] */
#define FW_RSC_HDR_SIZE		4	/* type */
#define FW_RSC_NAME_LEN		32
#define FW_RSC_CARVEOUT_SIZE	(20 + FW_RSC_NAME_LEN)
#define FW_RSC_DEVMEM_SIZE	(20 + FW_RSC_NAME_LEN)
#define FW_RSC_TRACE_SIZE	(12 + FW_RSC_NAME_LEN)
#define FW_RSC_VDEV_VRING_SIZE	20
#define FW_RSC_VDEV_SIZE	24	/* without vrings and config space */

#ifndef __ASSEMBLER__

#include <stdint.h>

#define RSC_PACKED __attribute__((packed))

/*
 * Header of the table: @num entries, each located by a byte offset from
 * the start of the table in @offset[].
 */
struct resource_table {
	uint32_t ver;
	uint32_t num;
	uint32_t reserved[2];	/* must be zero */
	uint32_t offset[];
} RSC_PACKED;

/* every entry starts with its type; the body follows in @data */
struct fw_rsc_hdr {
	uint32_t type;
	uint8_t data[];
} RSC_PACKED;

/* physically contiguous memory the host allocates for the core */
struct fw_rsc_carveout {
	uint32_t da;
	uint32_t pa;
	uint32_t len;
	uint32_t flags;
	uint32_t reserved;
	uint8_t name[FW_RSC_NAME_LEN];
} RSC_PACKED;

/* device memory (registers, on-chip RAM) the core needs mapped */
struct fw_rsc_devmem {
	uint32_t da;
	uint32_t pa;
	uint32_t len;
	uint32_t flags;
	uint32_t reserved;
	uint8_t name[FW_RSC_NAME_LEN];
} RSC_PACKED;

/* a log buffer the host exposes through debugfs */
struct fw_rsc_trace {
	uint32_t da;
	uint32_t len;
	uint32_t reserved;
	uint8_t name[FW_RSC_NAME_LEN];
} RSC_PACKED;

struct fw_rsc_vdev_vring {
	uint32_t da;
	uint32_t align;
	uint32_t num;
	uint32_t notifyid;
	uint32_t pa;
} RSC_PACKED;

/* a virtio device; its config space follows the vrings */
struct fw_rsc_vdev {
	uint32_t id;
	uint32_t notifyid;
	uint32_t dfeatures;
	uint32_t gfeatures;
	uint32_t config_len;
	uint8_t status;
	uint8_t num_of_vrings;
	uint8_t reserved[2];
	struct fw_rsc_vdev_vring vring[];
} RSC_PACKED;

/* keep the C view and the assembly sizes in step */
_Static_assert(sizeof(struct resource_table) == RSC_TABLE_HDR_SIZE,
	       "resource_table layout");
_Static_assert(sizeof(struct fw_rsc_hdr) == FW_RSC_HDR_SIZE,
	       "fw_rsc_hdr layout");
_Static_assert(sizeof(struct fw_rsc_carveout) == FW_RSC_CARVEOUT_SIZE,
	       "fw_rsc_carveout layout");
_Static_assert(sizeof(struct fw_rsc_devmem) == FW_RSC_DEVMEM_SIZE,
	       "fw_rsc_devmem layout");
_Static_assert(sizeof(struct fw_rsc_trace) == FW_RSC_TRACE_SIZE,
	       "fw_rsc_trace layout");
_Static_assert(sizeof(struct fw_rsc_vdev_vring) == FW_RSC_VDEV_VRING_SIZE,
	       "fw_rsc_vdev_vring layout");
_Static_assert(sizeof(struct fw_rsc_vdev) == FW_RSC_VDEV_SIZE,
	       "fw_rsc_vdev layout");

#endif /* !__ASSEMBLER__ */

#endif /* RSC_TABLE_H */
