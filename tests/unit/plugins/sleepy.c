/* A plugin that never finishes: rproc-loader's timeout must end it. */
#include <unistd.h>

#include <rproc/loader.h>

static int load(struct rproc_load *load)
{
	for (;;)
		pause();
	return 0;
}

RPROC_LOADER_EXPORT const struct rproc_loader_plugin rproc_loader_plugin = {
	.abi_version = RPROC_LOADER_ABI_VERSION,
	.name = "sleepy",
	.load = load,
};
