// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness over librproc's reassembly of fragmented messages
 * (src/lib/librproc-frag.c), what a peer on an endpoint with
 * RPROC_EPT_FRAGMENTS sends. The input: one byte choosing the receiver's
 * limit, then fragments, each a little-endian u16 length and that many
 * bytes (the last one cut to what is left). Each fragment is copied to a
 * buffer of its exact size, so ASan sees any read past it. Checked on
 * every step: a whole message is as long as its header said and within
 * the limit, a message in progress never has more bytes than its total,
 * and nothing leaks.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "librproc-frag.h"

static const size_t limits[] = { 0, 1, 480, 1000, 4096, 1U << 20 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct frag_reasm r;
	uint8_t *frag, *msg;
	size_t len, mlen, max;
	int rc;

	if (size < 1)
		return 0;
	max = limits[data[0] % (sizeof(limits) / sizeof(limits[0]))];
	data++;
	size--;
	frag_reasm_init(&r, max);
	while (size >= 2) {
		len = (size_t)data[0] | (size_t)data[1] << 8;
		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		frag = malloc(len ? len : 1);
		if (!frag)
			abort();
		memcpy(frag, data, len);
		rc = frag_reasm_feed(&r, frag, len);
		free(frag);
		data += len;
		size -= len;
		if (rc != 0 && rc != 1 && rc != -EBADMSG && rc != -EMSGSIZE && rc != -ENOMEM)
			abort();
		if (r.busy && (r.have > r.total || !r.buf || r.total > max))
			abort();
		if (rc == 1 && !r.ready)
			abort();
		if (r.ready) {
			msg = frag_reasm_take(&r, &mlen);
			if (!msg || mlen > max || mlen != r.total)
				abort();
			free(msg);
		}
	}
	frag_reasm_fini(&r);
	return 0;
}
