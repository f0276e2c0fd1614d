/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * User-mode firmware loading for remoteproc: the generic netlink family
 * through which a user-space helper (rproc-loader) answers a load request.
 *
 * The flow (Documentation/ABI/testing/sysfs-class-remoteproc: loader):
 *  1. On start, when the firmware is an ELF with a PT_INTERP header, a
 *     "#!rproc" manifest, or the rproc's sysfs "loader" attribute is "user",
 *     the remoteproc core does not load it. It prepares the device (its
 *     memories exist from now on), draws a random cookie, sends a
 *     KOBJ_CHANGE uevent on the remoteproc device with RPROC_EVENT=load,
 *     RPROC_FIRMWARE=<name>, RPROC_COOKIE=<u32, decimal> and
 *     RPROC_LOADER=<the PT_INTERP string or the manifest's loader, or
 *     empty>, multicasts RPROC_LOADER_CMD_LOAD_EVENT (PENDING) on the
 *     "load" group, and waits (sysfs "load_timeout" seconds, default 30).
 *  2. While the load is pending, RPROC_LOADER_CMD_GET_MEMORIES (a dump,
 *     with the rproc index and the cookie) lists the memories; those
 *     without RPROC_LOADER_MEM_NOMAP can be mmap()ed (MAP_SHARED, by an
 *     opener with CAP_SYS_ADMIN) on /dev/remoteprocN at their
 *     RPROC_LOADER_ATTR_MEM_MMAP_OFFSET. Every mapping is revoked when
 *     the load ends, however it ends: later accesses fault (SIGBUS), later
 *     mmap()s fail with -EPERM.
 *  3. The helper sends RPROC_LOADER_CMD_LOAD_DONE with the cookie and a
 *     status: 0 with the boot address and the resource table's device
 *     address and size (0 and 0: no table), or a negative errno. The
 *     kernel checks the table as its own ELF loader does (inside one
 *     memory, version 1, reserved fields zero, every offset inside the
 *     table) and answers the request with 0 or an errno (ask for it with
 *     NLM_F_ACK); a refused reply fails the start. A request for no pending
 *     load (-ENOENT), with another cookie (-ESTALE) or malformed (-EINVAL,
 *     -ERANGE for a status out of range) is not a reply: the load stays
 *     pending. With RPROC_LOADER_DONE_STAGED (status 0) the kernel boots
 *     the core at the boot address (a monitor) and keeps the load open,
 *     memories mapped, for a final LOAD_DONE, which gets a new
 *     load_timeout; that final reply stops the monitor, and the core then
 *     boots at its boot address as after any load.
 *     While the load is staged, the monitor may still change every byte of
 *     every memory, private or not, and the helper those it mapped; the
 *     kernel takes nothing from them until the final reply. That reply
 *     names the boot address and the resource table, which the kernel then
 *     copies and checks, before the monitor is stopped: the monitor must
 *     be done writing when the helper sends it. What it writes to the table
 *     later is overwritten from the checked copy when the core starts;
 *     what it writes elsewhere stays, as the kernel checks no image.
 *  4. A timeout, a failure status or a refused reply fails the start with
 *     that errno and a dmesg line; the rproc goes back to offline.
 *
 * LOAD_EVENT carries RPROC_INDEX, COOKIE, EVENT, STATUS (0, or the errno
 * of FAILED and TIMEOUT), FIRMWARE and LOADER.
 *
 * A resident loader (rproc-loader --listen) takes the place of udev's
 * helper: it joins the "serve" group, whose members promise to claim and
 * answer every load they get. Before the uevent of step 1, the kernel sends
 * the PENDING event to "serve"; when it reached a member (its receive queue
 * had room), no uevent is sent: udev runs no helper, and spends no time
 * on the load while the member serves it. A member takes the load with
 * RPROC_LOADER_CMD_CLAIM (index, cookie): 0 for the first claim, -EBUSY for
 * a load another member claimed or one not offered to the group (udev's
 * helper's), then goes on as the helper from step 2. Nothing else changes:
 * a member that dies or hangs with the load leaves it to load_timeout. The
 * "load" group keeps getting every event, PENDING too, for those who
 * follow the loads.
 *
 * GET_MEMORIES, LOAD_DONE and CLAIM need CAP_SYS_ADMIN, and CAP_NET_ADMIN
 * as every GENL_ADMIN_PERM command does. Joining the "load" or the "serve"
 * group needs both too: the join (bind() or NETLINK_ADD_MEMBERSHIP) fails
 * with -EPERM without them.
 *
 * Every command is validated strictly: an attribute the command does not
 * take, one of the wrong length, a non-zero genlmsghdr.reserved or an
 * nlmsg_flags bit other than NLM_F_REQUEST, NLM_F_ACK, NLM_F_ECHO and
 * NLM_F_DUMP fails the request with -EINVAL.
 */
#ifndef _UAPI_LINUX_RPROC_LOADER_H
#define _UAPI_LINUX_RPROC_LOADER_H

#define RPROC_LOADER_GENL_NAME		"rproc_loader"
#define RPROC_LOADER_GENL_VERSION	1
#define RPROC_LOADER_GENL_MCGRP		"load"
#define RPROC_LOADER_GENL_MCGRP_SERVE	"serve"

enum rproc_loader_cmd {
	RPROC_LOADER_CMD_UNSPEC,
	RPROC_LOADER_CMD_GET_MEMORIES,	/* dump: one message per memory */
	RPROC_LOADER_CMD_LOAD_DONE,	/* the helper's answer */
	RPROC_LOADER_CMD_LOAD_EVENT,	/* multicast on the "load" group */
	RPROC_LOADER_CMD_CLAIM,		/* a "serve" member takes a load */
	__RPROC_LOADER_CMD_MAX,
};

#define RPROC_LOADER_CMD_MAX	(__RPROC_LOADER_CMD_MAX - 1)

enum rproc_loader_attr {
	RPROC_LOADER_ATTR_UNSPEC,
	RPROC_LOADER_ATTR_RPROC_INDEX,		/* u32: N of remoteprocN */
	RPROC_LOADER_ATTR_COOKIE,		/* u32 */
	RPROC_LOADER_ATTR_STATUS,		/* s32: 0 or -errno */
	RPROC_LOADER_ATTR_BOOT_ADDR,		/* u64 */
	RPROC_LOADER_ATTR_RSC_DA,		/* u64 */
	RPROC_LOADER_ATTR_RSC_SIZE,		/* u32 */
	RPROC_LOADER_ATTR_FLAGS,		/* u32: RPROC_LOADER_DONE_* */
	RPROC_LOADER_ATTR_MEM_NAME,		/* string */
	RPROC_LOADER_ATTR_MEM_DA,		/* u64 */
	RPROC_LOADER_ATTR_MEM_SIZE,		/* u64 */
	RPROC_LOADER_ATTR_MEM_FLAGS,		/* u32: RPROC_LOADER_MEM_* */
	RPROC_LOADER_ATTR_MEM_MMAP_OFFSET,	/* u64: on /dev/remoteprocN */
	RPROC_LOADER_ATTR_EVENT,		/* u32: enum rproc_loader_event */
	RPROC_LOADER_ATTR_FIRMWARE,		/* string */
	RPROC_LOADER_ATTR_LOADER,		/* string */
	RPROC_LOADER_ATTR_PAD,
	__RPROC_LOADER_ATTR_MAX,
};

#define RPROC_LOADER_ATTR_MAX	(__RPROC_LOADER_ATTR_MAX - 1)

/* RPROC_LOADER_ATTR_MEM_FLAGS */
#define RPROC_LOADER_MEM_NOMAP		(1U << 0)	/* the host cannot address it */

/* RPROC_LOADER_ATTR_FLAGS of LOAD_DONE */
#define RPROC_LOADER_DONE_STAGED	(1U << 0)	/* boot a monitor, keep the load open */

enum rproc_loader_event {
	RPROC_LOADER_EV_PENDING = 1,	/* a load waits for its helper */
	RPROC_LOADER_EV_DONE,		/* the reply was accepted */
	RPROC_LOADER_EV_FAILED,		/* failure status or refused reply */
	RPROC_LOADER_EV_TIMEOUT,	/* no reply in time */
	RPROC_LOADER_EV_STAGED,		/* a monitor runs, the load stays open */
};

#endif /* _UAPI_LINUX_RPROC_LOADER_H */
