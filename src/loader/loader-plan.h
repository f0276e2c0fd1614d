/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A load plan: what a plugin asked to be written where. It is checked as a
 * whole against the memories before the first byte is written, so a refused
 * firmware leaves every memory as it was.
 */
#ifndef LOADER_PLAN_H
#define LOADER_PLAN_H

#include <stdbool.h>
#include <stdio.h>

#include <rproc/loader.h>

#include "loader-backend.h"
#include "loader-config.h"

struct loader_plan_segment {
	struct rproc_segment seg;
	int memory;		/* index into the memories, once checked */
};

struct loader_plan {
	struct rproc_load load;		/* what the plugin sees */
	const char *plugin;		/* its name, for option lookup and messages */
	const struct loader_selection *sel;

	struct loader_plan_segment *segs;
	unsigned int n_segs;
	uint64_t boot_addr;
	bool boot_set;
	uint64_t rsc_da;
	uint64_t rsc_size;
	/*
	 * The first error a host service returned to the plugin: the plan is
	 * refused with it even if the plugin went on (later errors often
	 * follow from the first and would hide it).
	 */
	int err;
	struct loader_backend *backend;	/* for memory_read(); NULL: none */
	uint64_t deadline_ms;		/* loader_plan_clock_ms() of the host's timeout; 0: none */
};

/* CLOCK_MONOTONIC in milliseconds, the clock of deadline_ms. */
uint64_t loader_plan_clock_ms(void);

void loader_plan_init(struct loader_plan *plan, const char *plugin,
		      const struct loader_selection *sel,
		      const struct rproc_memory *mem, unsigned int n_mem,
		      const void *image, size_t image_size,
		      const char *firmware, const char *rproc);
void loader_plan_release(struct loader_plan *plan);

/* Check every segment and the resource table; -EINVAL/-ERANGE, logged. */
int loader_plan_check(struct loader_plan *plan);

/*
 * Write a checked plan through the backend, which was opened. A checked plan
 * only touches host-addressable memories, inside their bounds. 0 or -errno.
 */
int loader_plan_write(const struct loader_plan *plan, struct loader_backend *b);

/* The load map and the boot_addr/rsc_da/rsc_size lines, to f. */
void loader_plan_print(const struct loader_plan *plan, FILE *f);

#endif
