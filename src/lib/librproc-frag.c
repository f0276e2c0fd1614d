// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The fragment header and reassembly (librproc-frag.h). Every byte a peer
 * sends is checked before use: lengths against what was received, offsets
 * against the total in 64 bits, the total against the receiver's limit
 * before anything is allocated.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "librproc-frag.h"

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = v >> 24;
}

static uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

void frag_hdr_put(uint8_t *out, const struct frag_hdr *h)
{
	put_le16(out, h->magic);
	out[2] = h->version;
	out[3] = h->hdr_len;
	put_le32(out + 4, h->msg_id);
	put_le32(out + 8, h->total);
	put_le32(out + 12, h->offset);
}

int frag_hdr_get(const uint8_t *in, size_t len, struct frag_hdr *h)
{
	if (len < FRAG_HDR_LEN)
		return -EBADMSG;
	h->magic = get_le16(in);
	h->version = in[2];
	h->hdr_len = in[3];
	h->msg_id = get_le32(in + 4);
	h->total = get_le32(in + 8);
	h->offset = get_le32(in + 12);
	/* a later version keeps the first 16 bytes and may grow the header:
	 * version 1 readers take hdr_len >= 16 only from version 1 */
	if (h->magic != FRAG_MAGIC || h->version != FRAG_VERSION ||
	    h->hdr_len < FRAG_HDR_LEN || h->hdr_len > len)
		return -EBADMSG;
	return 0;
}

void frag_reasm_init(struct frag_reasm *r, size_t max)
{
	memset(r, 0, sizeof(*r));
	r->max = max;
}

void frag_reasm_fini(struct frag_reasm *r)
{
	free(r->buf);
	r->buf = NULL;
	r->busy = 0;
	r->ready = 0;
}

/* the message in progress is lost; what else comes of it, unsaid */
static void reasm_drop(struct frag_reasm *r)
{
	if (!r->busy)
		return;
	free(r->buf);
	r->buf = NULL;
	r->busy = 0;
	r->lost++;
	r->skipping = 1;
	r->skip_id = r->msg_id;
}

/* message id is lost from here on (its start is gone or refused) */
static void reasm_skip(struct frag_reasm *r, uint32_t id)
{
	r->skipping = 1;
	r->skip_id = id;
}

int frag_reasm_feed(struct frag_reasm *r, const uint8_t *frag, size_t len)
{
	struct frag_hdr h;
	const uint8_t *payload;
	size_t plen;
	int lost = 0;

	if (r->ready)
		return -EBUSY;
	if (frag_hdr_get(frag, len, &h) < 0) {
		/* what it belonged to cannot be told: the message in progress
		 * misses it, and will be refused at its next fragment */
		return -EBADMSG;
	}
	payload = frag + h.hdr_len;
	plen = len - h.hdr_len;
	if ((uint64_t)h.offset + plen > h.total || (plen == 0 && h.total != 0)) {
		/* a fragment claiming bytes past its message's end, or none */
		if (r->busy && h.msg_id == r->msg_id)
			reasm_drop(r);
		return -EBADMSG;
	}

	if (h.offset == 0) {
		/* a new message; an unfinished one before it is lost */
		if (r->busy) {
			reasm_drop(r);
			lost = 1;
		}
		r->skipping = 0;
		if (h.total > r->max) {
			r->lost++;
			reasm_skip(r, h.msg_id);
			return -EMSGSIZE;
		}
		/* +1: malloc(0) may return NULL */
		r->buf = malloc((size_t)h.total + 1);
		if (!r->buf)
			return -ENOMEM;
		r->busy = 1;
		r->msg_id = h.msg_id;
		r->total = h.total;
		r->have = 0;
	} else if (!r->busy && r->skipping && h.msg_id == r->skip_id) {
		/* more of a message already said to be lost */
		return 0;
	} else if (!r->busy || h.msg_id != r->msg_id || h.total != r->total ||
		   h.offset != r->have) {
		/* a middle without its start, another message's, or a gap or
		 * an overlap (a fragment lost, repeated or reordered) */
		if (r->busy)
			reasm_drop(r);
		else
			reasm_skip(r, h.msg_id);
		return -EBADMSG;
	}

	memcpy(r->buf + r->have, payload, plen);
	r->have += (uint32_t)plen;
	if (r->have == r->total) {
		r->busy = 0;
		r->ready = 1;
		return lost ? -EBADMSG : 1;
	}
	return lost ? -EBADMSG : 0;
}

uint8_t *frag_reasm_take(struct frag_reasm *r, size_t *len)
{
	uint8_t *buf;

	if (!r->ready)
		return NULL;
	buf = r->buf;
	*len = r->total;
	r->buf = NULL;
	r->ready = 0;
	return buf;
}
