/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Checks of a remoteproc resource table as strict as the kernel's
 * (remoteproc_elf_loader.c find_table(), remoteproc_core.c handlers): the
 * table is untrusted firmware content.
 */
#ifndef RPROC_RSC_TABLE_H
#define RPROC_RSC_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RSC_TABLE_VERSION	1
#define RSC_TABLE_HDR_SIZE	16	/* ver, num, reserved[2] */
#define RSC_HDR_SIZE		4	/* struct fw_rsc_hdr: type */

enum rsc_type {
	RSC_CARVEOUT = 0,
	RSC_DEVMEM = 1,
	RSC_TRACE = 2,
	RSC_VDEV = 3,
	RSC_LAST = 4,
	RSC_VENDOR_START = 128,
	RSC_VENDOR_END = 512,
};

/* Entry bodies, after the type word. */
#define RSC_CARVEOUT_SIZE	52	/* da pa len flags reserved name[32] */
#define RSC_DEVMEM_SIZE		52
#define RSC_TRACE_SIZE		44	/* da len reserved name[32] */
#define RSC_VDEV_SIZE		24	/* id notifyid dfeat gfeat config_len status num reserved[2] */
#define RSC_VRING_SIZE		20	/* da align num notifyid pa */

/*
 * 0 when table (size bytes, in the firmware's byte order) is a valid table,
 * else -EINVAL with why[] saying what is wrong.
 */
int rsc_table_check(const void *table, size_t size, bool big_endian,
		    char *why, size_t why_len);

#endif
