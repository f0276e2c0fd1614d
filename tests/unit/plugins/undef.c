/* A plugin needing a symbol nobody provides: dlopen(RTLD_NOW) fails, faulty. */
#include <rproc/loader.h>

extern int rproc_no_such_host_symbol(void);

static int load(struct rproc_load *load)
{
	return rproc_no_such_host_symbol();
}

RPROC_LOADER_EXPORT const struct rproc_loader_plugin rproc_loader_plugin = {
	.abi_version = RPROC_LOADER_ABI_VERSION,
	.name = "undef",
	.load = load,
};
