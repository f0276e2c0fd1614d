/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the guest's rpmsg test programs share: endpoint children, batches. */
#ifndef RPMSG_TOOL_H
#define RPMSG_TOOL_H

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <linux/rpmsg.h>

/*
 * The indices N of the rpmsgN children of the device in @dir: endpoint
 * devices rpmsg_ctrl made live under it. Returns how many, at most @max,
 * or -errno when @dir cannot be read.
 */
static inline int rpmsg_tool_ept_children(const char *dir, unsigned int *idx, int max)
{
	struct dirent *de;
	int n = 0;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d)) && n < max) {
		unsigned int i;
		char end;

		if (sscanf(de->d_name, "rpmsg%u%c", &i, &end) == 1)
			idx[n++] = i;
	}
	closedir(d);
	return n;
}

static inline bool rpmsg_tool_idx_in(unsigned int i, const unsigned int *idx, int n)
{
	while (n-- > 0)
		if (idx[n] == i)
			return true;
	return false;
}

#ifdef RPMSG_SEND_BATCH_IOCTL
/* @b for the @n descriptors at @d, at the sizes this program knows */
static inline void rpmsg_tool_batch_init(struct rpmsg_batch *b, struct rpmsg_msg_desc *d,
					 unsigned int n)
{
	memset(b, 0, sizeof(*b));
	b->size = sizeof(*b);
	b->desc_size = sizeof(*d);
	b->count = n;
	b->msgs = (uintptr_t)d;
}
#endif

#endif
