/* A plugin built for an ABI this host does not run: refused with -ENXIO. */
#include <rproc/loader.h>

static int load(struct rproc_load *load)
{
	return 0;
}

RPROC_LOADER_EXPORT const struct rproc_loader_plugin rproc_loader_plugin = {
	.abi_version = (RPROC_LOADER_ABI_MAJOR + 1) << 16,
	.name = "badabi",
	.load = load,
};
