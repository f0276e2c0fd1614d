/*
 * echo.c - an rpmsg firmware: every message comes back to its sender
 *
 * Waits for the host's virtio_rpmsg_bus (DRIVER_OK in the vdev entry),
 * announces endpoint ECHO_ADDR as "rpmsg-raw", the channel name Linux's
 * rpmsg_char binds to (so the host gets a /dev/rpmsgN for it), then
 * sends each message it receives there back to its source, unchanged.
 * It never exits.  For the kernel tier; QEMU has no mailbox.
 */
#include "mailbox.h"
#include "rpmsg.h"
#include "trace.h"

#define ECHO_ADDR	RPMSG_FIRST_ADDR
#define ECHO_NAME	"rpmsg-raw"

/* the body of the RSC_VDEV entry of rsc-rpmsg.S */
extern struct fw_rsc_vdev rpmsg_vdev;

static struct rpmsg_dev echo_dev;

/* Host buffers come back as the host reads our replies: wait for one. */
static void echo_cb(struct rpmsg_dev *dev, struct rpmsg_ept *ept,
		    const void *data, size_t len, uint32_t src)
{
	int err;

	for (;;) {
		err = rpmsg_send(dev, ept->addr, src, data, len);
		if (err != -RPMSG_EAGAIN)
			break;
		rpmsg_wait();
	}
	if (err)
		tr_printf("echo: %u bytes from 0x%x not echoed (%d)\n",
			  (unsigned int)len, (unsigned int)src, err);
}

/* echo-irq.c sets up the mailbox interrupt here; polled otherwise */
__attribute__((weak)) void echo_setup(void)
{
}

static struct rpmsg_ept echo_ept = {
	.addr = ECHO_ADDR,
	.cb = echo_cb,
};

int main(void)
{
	int err;

	tr_echo(true);
	if (!mbox_present()) {
		tr_printf("echo: no mailbox\n");
		return 2;
	}
	echo_setup();
	tr_printf("echo: waiting for the host\n");
	rpmsg_dev_init(&echo_dev, &rpmsg_vdev);
	while (!rpmsg_dev_ready(&echo_dev))
		rpmsg_wait();
	err = rpmsg_dev_start(&echo_dev);
	if (err) {
		tr_printf("echo: unusable vrings (%d)\n", err);
		return 2;
	}
	rpmsg_ept_add(&echo_dev, &echo_ept);
	for (;;) {
		err = rpmsg_announce(&echo_dev, ECHO_NAME, ECHO_ADDR);
		if (err != -RPMSG_EAGAIN)
			break;
		rpmsg_wait();
	}
	if (err) {
		tr_printf("echo: announce failed (%d)\n", err);
		return 2;
	}
	tr_printf("echo: %s at 0x%x\n", ECHO_NAME, ECHO_ADDR);
	for (;;)
		if (!rpmsg_poll(&echo_dev))
			rpmsg_wait();
}
