/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The descriptor as ABI 1.0 and 1.1 defined it (it ended after release),
 * followed by bytes a host must never read as a descriptor member: a 1.2
 * host that took them for 1.2's size would refuse or misread the plugin.
 */
#ifndef ABI_OLD_H
#define ABI_OLD_H

#include <stdint.h>

#include <rproc/loader.h>

#define ABI_OLD_POISON	0xa5a5a5a5a5a5a5a5ull

struct abi_old_plugin {
	uint32_t abi_version;
	const char *name;
	const char *description;
	const char *const *options;
	int (*load)(struct rproc_load *load);
	void (*release)(struct rproc_load *load);
	uint64_t poison[4];	/* not part of the descriptor */
};

#endif
