/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Messages larger than the MTU: the fragment header and the reassembly of
 * what a peer sent, which is untrusted input (tests/fuzz/fuzz-frag.c).
 * The format is documented in rproc_ept_fragments(3):
 *
 *   offset size  field
 *        0    2  magic    0x4652, little-endian (bytes 'R' 'F')
 *        2    1  version  1
 *        3    1  hdr_len  16 (a later version may grow it: payload at hdr_len)
 *        4    4  msg_id   the sender's message number, +1 per message
 *        8    4  total    the whole message's length
 *       12    4  offset   where this fragment's payload goes in it
 *
 * All little-endian. A message is its fragments in order, offsets 0..total
 * with no gap nor overlap, every fragment of one msg_id and total.
 */
#ifndef LIBRPROC_FRAG_H
#define LIBRPROC_FRAG_H

#include <stddef.h>
#include <stdint.h>

#define FRAG_MAGIC		0x4652U
#define FRAG_VERSION		1U
#define FRAG_HDR_LEN		16U

struct frag_hdr {
	uint16_t magic;
	uint8_t version;
	uint8_t hdr_len;
	uint32_t msg_id;
	uint32_t total;
	uint32_t offset;
};

/* one message being put together */
struct frag_reasm {
	uint8_t *buf;		/* total bytes, allocated */
	size_t max;		/* the longest message accepted */
	uint32_t msg_id;
	uint32_t total;
	uint32_t have;		/* bytes so far, in order */
	int busy;		/* a message is in progress */
	int ready;		/* buf holds a whole message not yet taken */
	int skipping;		/* the rest of message skip_id is dropped quietly */
	uint32_t skip_id;
	unsigned long lost;	/* messages dropped so far */
};

void frag_hdr_put(uint8_t *out, const struct frag_hdr *h);
/* 0, or -EBADMSG: too short, bad magic, version or header length */
int frag_hdr_get(const uint8_t *in, size_t len, struct frag_hdr *h);

void frag_reasm_init(struct frag_reasm *r, size_t max);
void frag_reasm_fini(struct frag_reasm *r);
/*
 * Feed one received fragment. 1: a whole message is in r->buf (r->total
 * bytes; r->ready until frag_reasm_take()); 0: more to come; -EBADMSG: the
 * fragment, or the message in progress, was dropped (r->lost counts
 * messages lost); -EMSGSIZE: a message over r->max, dropped; -ENOMEM;
 * -EBUSY while r->ready. Each lost message is said once: the fragments
 * after the one that lost it are dropped quietly (0). A fragment at
 * offset 0 always starts a new message, so one loss costs one message.
 */
int frag_reasm_feed(struct frag_reasm *r, const uint8_t *frag, size_t len);
/* the ready message is handed over: r->buf is the caller's to free */
uint8_t *frag_reasm_take(struct frag_reasm *r, size_t *len);

#endif
