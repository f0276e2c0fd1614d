// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <string.h>

#include "log.h"
#include "loader-backend.h"

bool loader_backend_spec_is_valid(const char *spec)
{
	if ((strncmp(spec, "dir:", 4) == 0 && spec[4]) || strcmp(spec, "kernel") == 0)
		return true;
	ERR("unknown backend '%.64s' (expected kernel or dir:PATH)", spec);
	return false;
}

int loader_backend_new(const char *spec, const char *devpath, uint32_t cookie,
		       struct loader_netlink *nl, struct loader_backend **out)
{
	if (strncmp(spec, "dir:", 4) == 0 && spec[4])
		return loader_backend_dir_new(spec + 4, out);
	if (strcmp(spec, "kernel") == 0)
		return loader_backend_kernel_new(devpath, cookie, nl, out);
	ERR("unknown backend '%.64s' (expected kernel or dir:PATH)", spec);
	return -EINVAL;
}

void loader_backend_free(struct loader_backend *b)
{
	if (b)
		b->ops->free(b);
}
