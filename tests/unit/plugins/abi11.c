/*
 * A plugin built for ABI 1.1: the 1.0 descriptor layout, and memory_read(),
 * which the wrapper must not call on a host older than 1.1.
 */
#include <errno.h>

#include "abi-old.h"

static int load(struct rproc_load *load)
{
	uint32_t word = 0;
	int err;

	err = rproc_load_memory_read(load, 0x1000, &word, sizeof(word));
	rproc_load_info(load, "abi11: memory_read=%d word=%#x", err, word);
	return rproc_load_boot_addr_set(load, 0x11);
}

RPROC_LOADER_EXPORT const struct abi_old_plugin rproc_loader_plugin = {
	.abi_version = (1 << 16) | (1 << 8),
	.name = "abi11",
	.description = "built for ABI 1.1",
	.load = load,
	.poison = { ABI_OLD_POISON, ABI_OLD_POISON, ABI_OLD_POISON, ABI_OLD_POISON },
};
