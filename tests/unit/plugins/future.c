/*
 * A plugin built for an ABI newer than the host's: the descriptor grew by a
 * member this host does not know. Built three ways: the member unused (0):
 * runs; the member set: refused; no size: refused (the host cannot tell
 * where the descriptor ends).
 */
#include <rproc/loader.h>

struct future_plugin {
	struct rproc_loader_plugin base;
	uint64_t future_member;
};

static int load(struct rproc_load *load)
{
	rproc_load_info(load, "future: runs on host %#x", load->abi_version);
	return rproc_load_boot_addr_set(load, 0x13);
}

RPROC_LOADER_EXPORT const struct future_plugin rproc_loader_plugin = {
	.base = {
		.abi_version = (RPROC_LOADER_ABI_MAJOR << 16) |
			       ((RPROC_LOADER_ABI_MINOR + 1) << 8),
		.name = FUTURE_NAME,
		.description = "built for a newer minor ABI",
		.load = load,
		.size = FUTURE_SIZE,
	},
	.future_member = FUTURE_MEMBER,
};
