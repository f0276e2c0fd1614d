/*
 * rpmsg.c - the remote side of virtio_rpmsg_bus (see rpmsg.h)
 *
 * Single-threaded and polled: rpmsg_poll() hands every waiting message
 * to its endpoint, rpmsg_wait() sleeps until the next doorbell.  The
 * rings are shared with the host, so every access to them is volatile
 * and ordered by rpmsg_mb() where the virtio specification requires it:
 * a ring entry is read only after the index that publishes it, and
 * written before the index that publishes it.
 */
#include "mailbox.h"
#include "rpmsg.h"

static inline void rpmsg_mb(void)
{
#if defined(__aarch64__)
	__asm__ volatile("dmb sy" ::: "memory");
#elif defined(__arm__)
	__asm__ volatile("dmb" ::: "memory");
#elif defined(__riscv)
	__asm__ volatile("fence rw, rw" ::: "memory");
#else
#error "no memory barrier for this CPU"
#endif
}

/* the identity, for addresses this core can hold in a pointer */
__attribute__((weak)) void *rpmsg_buf(uint64_t addr, uint32_t len)
{
	(void)len;
	if ((uintptr_t)addr != addr)
		return NULL;
	return (void *)(uintptr_t)addr;
}

/* field by field: an aggregate initializer may become a memset() call */
void rpmsg_dev_init(struct rpmsg_dev *dev, struct fw_rsc_vdev *vdev)
{
	dev->vdev = vdev;
	dev->tx_next = 0;
	dev->rx_next = 0;
	dev->epts = NULL;
	dev->dropped = 0;
}

/* The host sets DRIVER_OK in the table once the vrings are in place. */
bool rpmsg_dev_ready(const struct rpmsg_dev *dev)
{
	volatile struct fw_rsc_vdev *v = dev->vdev;

	return v->status & VIRTIO_CONFIG_S_DRIVER_OK;
}

/* A split ring needs a power-of-2 size, at most 32768 entries. */
static int rpmsg_vring_setup(struct vring *vr, uint32_t *notifyid,
			     volatile struct fw_rsc_vdev_vring *r)
{
	uint32_t da = r->da, num = r->num, align = r->align;

	if (da == FW_RSC_ADDR_ANY || !num || num > 32768 || (num & (num - 1)) ||
	    !align || (align & (align - 1)))
		return -RPMSG_EINVAL;
	vring_init(vr, num, da, align);
	*notifyid = r->notifyid;
	return 0;
}

/* Call once rpmsg_dev_ready(): only then has the host filled in the vrings. */
int rpmsg_dev_start(struct rpmsg_dev *dev)
{
	volatile struct fw_rsc_vdev *v = dev->vdev;
	int err;

	rpmsg_mb();
	if (v->num_of_vrings < 2)
		return -RPMSG_EINVAL;
	err = rpmsg_vring_setup(&dev->tx, &dev->tx_notifyid, &v->vring[0]);
	if (err)
		return err;
	return rpmsg_vring_setup(&dev->rx, &dev->rx_notifyid, &v->vring[1]);
}

void rpmsg_ept_add(struct rpmsg_dev *dev, struct rpmsg_ept *ept)
{
	ept->next = dev->epts;
	dev->epts = ept;
}

/* Messages for @ept's address are dropped from now on. */
void rpmsg_ept_del(struct rpmsg_dev *dev, struct rpmsg_ept *ept)
{
	struct rpmsg_ept **p;

	for (p = &dev->epts; *p; p = &(*p)->next)
		if (*p == ept) {
			*p = ept->next;
			ept->next = NULL;
			return;
		}
}

static struct rpmsg_ept *rpmsg_ept_find(struct rpmsg_dev *dev, uint32_t addr)
{
	struct rpmsg_ept *ept;

	for (ept = dev->epts; ept; ept = ept->next)
		if (ept->addr == addr)
			return ept;
	return NULL;
}

/*
 * The descriptor head of the next buffer the host made available at
 * @next, without taking it; -RPMSG_EAGAIN if there is none.  Indices run
 * freely to 65535 and wrap; num divides 65536, so "% num" stays right.
 */
static int vring_peek(struct vring *vr, uint16_t next)
{
	uint16_t head;

	if (vr->avail->idx == next)
		return -RPMSG_EAGAIN;
	rpmsg_mb();
	head = vr->avail->ring[next % vr->num];
	return head < vr->num ? head : -RPMSG_EINVAL;
}

/* Hand descriptor @head back to the host, @len bytes written. */
static void vring_give(struct vring *vr, uint16_t head, uint32_t len)
{
	uint16_t idx = vr->used->idx;

	vr->used->ring[idx % vr->num].id = head;
	vr->used->ring[idx % vr->num].len = len;
	rpmsg_mb();
	vr->used->idx = idx + 1;
	rpmsg_mb();
}

/* Ring the host about @vr unless it asked not to be told. */
static void vring_kick(struct vring *vr, uint32_t notifyid)
{
	if (!(vr->avail->flags & VRING_AVAIL_F_NO_INTERRUPT))
		mbox_send(notifyid);
}

static void rpmsg_copy(uint8_t *dst, const uint8_t *src, size_t len)
{
	while (len--)
		*dst++ = *src++;
}

int rpmsg_send(struct rpmsg_dev *dev, uint32_t src, uint32_t dst,
	       const void *data, size_t len)
{
	volatile struct vring_desc *d;
	struct rpmsg_hdr *h;
	int head;

	head = vring_peek(&dev->tx, dev->tx_next);
	if (head < 0)
		return head;
	d = &dev->tx.desc[head];
	if (len > 0xffff || d->len < RPMSG_HDR_SIZE ||
	    len > d->len - RPMSG_HDR_SIZE)
		return -RPMSG_EMSGSIZE;
	/*
	 * A buffer this core cannot see is not taken: handed back unwritten
	 * it would make the host parse stale bytes as a message.
	 */
	h = rpmsg_buf(d->addr, RPMSG_HDR_SIZE + len);
	if (!h)
		return -RPMSG_EINVAL;
	dev->tx_next++;

	h->src = src;
	h->dst = dst;
	h->reserved = 0;
	h->len = (uint16_t)len;
	h->flags = 0;
	rpmsg_copy(h->data, data, len);
	vring_give(&dev->tx, (uint16_t)head, RPMSG_HDR_SIZE + len);
	vring_kick(&dev->tx, dev->tx_notifyid);
	return 0;
}

int rpmsg_ns_send(struct rpmsg_dev *dev, const char *name, uint32_t addr,
		  uint32_t flags)
{
	struct rpmsg_ns_msg ns;
	unsigned int i;

	/* NUL-padded, always terminated, as rpmsg_ns.c expects */
	for (i = 0; i < RPMSG_NAME_SIZE; i++)
		ns.name[i] = 0;
	for (i = 0; name[i] && i < RPMSG_NAME_SIZE - 1; i++)
		ns.name[i] = name[i];
	ns.addr = addr;
	ns.flags = flags;
	return rpmsg_send(dev, addr, RPMSG_NS_ADDR, &ns, sizeof(ns));
}

/* Tell the host's name service that endpoint @addr offers @name. */
int rpmsg_announce(struct rpmsg_dev *dev, const char *name, uint32_t addr)
{
	return rpmsg_ns_send(dev, name, addr, RPMSG_NS_CREATE);
}

/*
 * Tell it that @name at @addr is gone: Linux's rpmsg_ns removes the
 * channel of that name and remote address (its REMOVE uevent).
 */
int rpmsg_destroy(struct rpmsg_dev *dev, const char *name, uint32_t addr)
{
	return rpmsg_ns_send(dev, name, addr, RPMSG_NS_DESTROY);
}

/*
 * A message the host cannot have sent whole, in a buffer this core cannot
 * see, or for no endpoint, is dropped.
 */
static void rpmsg_deliver(struct rpmsg_dev *dev, volatile struct vring_desc *d)
{
	const struct rpmsg_hdr *h = NULL;
	uint32_t len = d->len;
	struct rpmsg_ept *ept;

	if (len >= RPMSG_HDR_SIZE)
		h = rpmsg_buf(d->addr, len);
	if (!h || h->len > len - RPMSG_HDR_SIZE) {
		dev->dropped++;
		return;
	}
	ept = rpmsg_ept_find(dev, h->dst);
	if (!ept) {
		dev->dropped++;
		return;
	}
	ept->cb(dev, ept, h->data, h->len, h->src);
}

/* Deliver every waiting message; returns how many there were. */
int rpmsg_poll(struct rpmsg_dev *dev)
{
	int head, n = 0;

	for (;;) {
		head = vring_peek(&dev->rx, dev->rx_next);
		if (head == -RPMSG_EAGAIN)
			break;
		dev->rx_next++;
		if (head < 0)
			continue;	/* a bad head cannot be given back */
		rpmsg_deliver(dev, &dev->rx.desc[head]);
		vring_give(&dev->rx, (uint16_t)head, 0);
		n++;
	}
	if (n)
		vring_kick(&dev->rx, dev->rx_notifyid);
	return n;
}

/*
 * Sleep until the host rings.  Doorbells only say "look at the rings",
 * and both are looked at after every wake-up, so their values are
 * dropped; one that arrives between the last look and wfi keeps the
 * mailbox pending, so wfi returns at once (see mbox_idle()).
 * Weak: a firmware that takes its doorbells by interrupt waits its own way
 * (src/echo-irq.c).
 */
__attribute__((weak)) void rpmsg_wait(void)
{
	bool rang = false;

	while (mbox_pending()) {
		mbox_recv();
		rang = true;
	}
	if (!rang)
		mbox_idle();
}
