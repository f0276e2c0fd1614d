/* A descriptor without load(): faulty. */
#include <rproc/loader.h>

RPROC_LOADER_EXPORT const struct rproc_loader_plugin rproc_loader_plugin = {
	.abi_version = RPROC_LOADER_ABI_VERSION,
	.name = "noload",
};
