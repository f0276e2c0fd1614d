/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Copyright (c) 2016, Linaro Ltd.
 */

#ifndef _UAPI_RPMSG_H_
#define _UAPI_RPMSG_H_

#include <linux/ioctl.h>
#include <linux/types.h>

#define RPMSG_ADDR_ANY		0xFFFFFFFF

/**
 * struct rpmsg_endpoint_info - endpoint info representation
 * @name: name of service
 * @src: local address. To set to RPMSG_ADDR_ANY if not used.
 * @dst: destination address. To set to RPMSG_ADDR_ANY if not used.
 */
struct rpmsg_endpoint_info {
	char name[32];
	__u32 src;
	__u32 dst;
};

/**
 * Instantiate a new rmpsg char device endpoint.
 */
#define RPMSG_CREATE_EPT_IOCTL	_IOW(0xb5, 0x1, struct rpmsg_endpoint_info)

/**
 * Destroy a rpmsg char device endpoint created by the RPMSG_CREATE_EPT_IOCTL.
 */
#define RPMSG_DESTROY_EPT_IOCTL	_IO(0xb5, 0x2)

/**
 * Instantiate a new local rpmsg service device.
 */
#define RPMSG_CREATE_DEV_IOCTL	_IOW(0xb5, 0x3, struct rpmsg_endpoint_info)

/**
 * Release a local rpmsg device.
 */
#define RPMSG_RELEASE_DEV_IOCTL	_IOW(0xb5, 0x4, struct rpmsg_endpoint_info)

/*
 * The ioctls below are numbered from 0x20, so that none can collide with
 * later mainline ones (0x5, 0x6 and up).
 */

/* On an endpoint device (/dev/rpmsgN) and on an endpoint fd. */

/* The largest payload one message can carry (virtio: buffer size - header). */
#define RPMSG_GET_MTU_IOCTL		_IOR(0xb5, 0x20, __u32)
/* The length of the next queued message; -EAGAIN if none is queued. */
#define RPMSG_GET_NEXT_SIZE_IOCTL	_IOR(0xb5, 0x21, __u32)

/**
 * struct rpmsg_msg_desc - one message of a batch
 * @buf:   user pointer to the payload (TX) or the receive buffer (RX)
 * @len:   TX: payload length; RX: in, the buffer's size; out, the message's
 *         length (on -EMSGSIZE for the first message: its length)
 * @flags: none defined yet, must be 0 (in); 0 (out)
 * @addr:  TX: destination, RPMSG_ADDR_ANY = the endpoint's own dst;
 *         RX out: the sender's address
 * @nbufs: buffer references (DMA-BUF, next issue) that come with the
 *         message; must be 0 for now (-EINVAL otherwise)
 * @reserved: must be 0
 * @bufs:  user pointer to @nbufs buffer references; must be 0 for now
 */
struct rpmsg_msg_desc {
	__u64 buf;
	__u32 len;
	__u32 flags;
	__u32 addr;
	__u32 nbufs;
	__u64 bufs;
	__u32 reserved[2];
};

/**
 * struct rpmsg_batch - several messages in one call
 * @size:      sizeof(struct rpmsg_batch) as the caller knows it; the kernel
 *             takes any size >= the first version's (32), zero-fills what the
 *             caller does not know, refuses non-zero bytes it does not know
 *             (-E2BIG), as copy_struct_from_user() does
 * @desc_size: sizeof(struct rpmsg_msg_desc) as the caller knows it (same rule)
 * @count:     descriptors at @msgs
 * @done:      out: descriptors completed (also the ioctl's return value)
 * @flags:     RPMSG_BATCH_NONBLOCK: do not wait (as O_NONBLOCK does)
 * @reserved:  must be 0
 * @msgs:      user pointer to @count descriptors
 */
struct rpmsg_batch {
	__u32 size;
	__u32 desc_size;
	__u32 count;
	__u32 done;
	__u32 flags;
	__u32 reserved;
	__u64 msgs;
};

#define RPMSG_BATCH_NONBLOCK		(1U << 0)

#define RPMSG_SEND_BATCH_IOCTL		_IOWR(0xb5, 0x22, struct rpmsg_batch)
#define RPMSG_RECV_BATCH_IOCTL		_IOWR(0xb5, 0x23, struct rpmsg_batch)

/* On the control device (/dev/rpmsg_ctrlN): an endpoint as an anonymous fd. */
/**
 * struct rpmsg_endpoint_fd_info - RPMSG_CREATE_EPT_FD_IOCTL's argument
 * @name:  as struct rpmsg_endpoint_info
 * @src:   local address, RPMSG_ADDR_ANY for one the kernel picks
 * @dst:   remote address
 * @flags: O_NONBLOCK and O_CLOEXEC are taken, anything else is -EINVAL
 * @fd:    out: the endpoint's fd (also the ioctl's return value)
 */
struct rpmsg_endpoint_fd_info {
	char name[32];
	__u32 src;
	__u32 dst;
	__u32 flags;
	__s32 fd;
};

#define RPMSG_CREATE_EPT_FD_IOCTL	_IOWR(0xb5, 0x24, struct rpmsg_endpoint_fd_info)

#endif
