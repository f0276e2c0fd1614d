/*
 * A plugin built for ABI 1.0: the 1.0 descriptor, the 1.0 services. A 1.2
 * host loads and runs it, and reads nothing past its descriptor.
 */
#include <errno.h>

#include "abi-old.h"

static const char *const options[] = { "word", NULL };

static int load(struct rproc_load *load)
{
	const char *w = load->ops->option_get(load, "word");

	rproc_load_info(load, "abi10: host %#x, word=%s", load->abi_version, w ? w : "(unset)");
	return load->ops->boot_addr_set(load, 0x10);
}

RPROC_LOADER_EXPORT const struct abi_old_plugin rproc_loader_plugin = {
	.abi_version = (1 << 16) | (0 << 8),
	.name = "abi10",
	.description = "built for ABI 1.0",
	.options = options,
	.load = load,
	.poison = { ABI_OLD_POISON, ABI_OLD_POISON, ABI_OLD_POISON, ABI_OLD_POISON },
};
