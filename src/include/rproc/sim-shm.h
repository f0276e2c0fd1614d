/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What rproc-sim --ivshmem reads in the control block beyond the kernel's
 * contract (linux/rproc_sim.h). The rproc_sim driver never touches these
 * words: they are the spare space of struct rproc_sim_shm, so that using
 * them changes neither the uAPI header nor the driver.
 *
 * The hold: while rproc_sim_shm.reserved[RPROC_SIM_SHM_HOLD_WORD] is
 * RPROC_SIM_SHM_HOLD, a START is answered "running" with no core set up:
 * what was loaded stays in the memories as the loader left it (the firmware
 * runs nowhere), for a guest that reads them back; the STOP that follows is
 * answered "offline". Any other value (the zeroed block's 0) runs the core.
 * A guest writes it through the device's BAR2 (the shared memory).
 */
#ifndef RPROC_SIM_SHM_H
#define RPROC_SIM_SHM_H

#define RPROC_SIM_SHM_HOLD_WORD	0
#define RPROC_SIM_SHM_HOLD	0x444c4f48u	/* "HOLD" in little-endian bytes */

#endif /* RPROC_SIM_SHM_H */
