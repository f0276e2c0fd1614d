// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness over the kernel's netlink replies as rproc-loader reads
 * them: the attributes of a GET_MEMORIES message, and the same bytes as a
 * LOAD_EVENT a resident loader reads from the "serve" group. The input is the message
 * payload after the generic netlink header, copied to a buffer of its exact
 * size so ASan sees any read past it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "loader-netlink.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_open("fuzz", LOG_TARGET_STDERR, LOG_EMERG);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loader_nl_memory m;
	struct loader_nl_event ev;
	uint8_t *copy = malloc(size ? size : 1);

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	/* index 3, cookie 0xc0ffee: what the seeds carry */
	if (loader_netlink_parse_memory(copy, size, 3, 0xc0ffee, &m) == 0) {
		/* what the backend relies on */
		if (!m.mem.name || !m.mem.size || m.mem.da + m.mem.size - 1 < m.mem.da)
			abort();
		free((char *)m.mem.name);
	}
	if (loader_netlink_parse_event(copy, size, &ev) == 0) {
		/* what the listener relies on: terminated strings */
		if (!memchr(ev.firmware, '\0', sizeof(ev.firmware)) ||
		    !memchr(ev.loader, '\0', sizeof(ev.loader)))
			abort();
	}
	free(copy);
	return 0;
}
