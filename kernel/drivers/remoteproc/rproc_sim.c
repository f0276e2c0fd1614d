// SPDX-License-Identifier: GPL-2.0-only
/*
 * rproc_sim: virtual remote processors, for testing remoteproc and rpmsg
 * without the hardware.
 *
 * The driver creates rproc_sim.count platform devices itself (no DT, no
 * ACPI) and registers a remoteproc on each. Nothing executes the firmware
 * in the kernel: a user-space core emulator (rproc-sim of rproc-tools)
 * plays the processor through the control device /dev/rproc-simN, N being
 * the remoteproc's index (include/uapi/linux/rproc_sim.h):
 *
 *  - it maps the processor's memories, the ones private to the core too;
 *  - it reads the host's START (with the boot address), STOP and KICK
 *    (with the notify id) events;
 *  - it writes the core's KICK (handed to rproc_vq_interrupt()) and CRASH
 *    (handed to rproc_report_crash()) events.
 *
 * Events are queued while the control device is open only, and opening it
 * while the processor runs queues a START first: an emulator that comes
 * late boots the processor the host started. Closing the device while the
 * processor runs is reported as a crash: the emulator is gone. The
 * remoteproc core then recovers as configured.
 *
 * Memories
 *
 * rproc_sim.memories lists the memories as name@da:size[:private], sizes
 * with an optional K, M or G suffix. The default is
 * "flash@0x0:256K,sram@0x20000000:256K,shm@0x30000000:1M", the map of a
 * Cortex-M4 with some shared memory. Each memory is zeroed system RAM,
 * physically contiguous below 4 GiB when the page allocator can provide it
 * (up to 4 MiB with 4 KiB pages), vmalloc()ed otherwise. The memory that
 * holds the vdev area (below) must be contiguous.
 *
 * Each memory is registered as a carveout named after it, so the core's ELF
 * loader, trace buffers and resource table handling reach it, except that
 * a private memory's carveout has no kernel address: the host cannot
 * address it, as on hardware, and loading a segment into it fails.
 *
 * The vdev area
 *
 * The top 320 KiB of the last memory the host can address hold what
 * virtio_rpmsg_bus allocates for vdev 0. With the default memories:
 *
 *   0x300b0000 - 0x300effff  the buffer pool (256 KiB)
 *   0x300f0000 - 0x300f7fff  carveout vdev0vring0 (32 KiB)
 *   0x300f8000 - 0x300fffff  carveout vdev0vring1 (32 KiB)
 *
 * A firmware's resource table may give these vring addresses or leave
 * them to the host (FW_RSC_ADDR_ANY); 32 KiB holds a vring of up to 1024
 * entries aligned on 4 KiB.
 *
 * The buffer pool is not a vdev0buffer carveout: the core would hand it to
 * dma_declare_coherent_memory(), which remaps the memory write-combined,
 * and memremap() refuses that for system RAM on x86. Instead the platform
 * device has DMA operations of its own, inherited by the vdev devices,
 * that allocate coherent memory from the pool, with device addresses as
 * DMA addresses. Every coherent allocation made for the processor (rpmsg
 * buffers, vrings and carveouts the firmware asks for without a
 * pre-registered one) thus lands in memory the core reaches.
 *
 * virtio_ring writes the buffers' physical addresses, not their DMA
 * addresses, into the descriptors (the rproc virtio transport cannot offer
 * VIRTIO_F_ACCESS_PLATFORM), so a firmware translates them: a
 * RSC_CARVEOUT entry named after the memory ("shm", its da and len) gets
 * the memory's physical address in its pa field at boot, and
 * da = pa_in_descriptor - rsc.pa + rsc.da.
 */

#include <linux/ctype.h>
#include <linux/dma-map-ops.h>
#include <linux/fs.h>
#include <linux/genalloc.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/nospec.h>
#include <linux/platform_device.h>
#include <linux/poll.h>
#include <linux/remoteproc.h>
#include <linux/rproc_sim.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include "remoteproc_internal.h"

#define RPROC_SIM_DRV_NAME	"rproc_sim"
#define RPROC_SIM_MAX_COUNT	16
#define RPROC_SIM_MAX_MEMS	8
#define RPROC_SIM_MAX_MEM_SIZE	SZ_256M
#define RPROC_SIM_MBOX_SIZE	SZ_4K
#define RPROC_SIM_QUEUE_LEN	64
#define RPROC_SIM_VRING_SIZE	SZ_32K
#define RPROC_SIM_POOL_SIZE	SZ_256K
#define RPROC_SIM_VDEV_SIZE	(RPROC_SIM_POOL_SIZE + 2 * RPROC_SIM_VRING_SIZE)
#define RPROC_SIM_DA_LIMIT	BIT_ULL(32)

static unsigned int rproc_sim_count = 1;
module_param_named(count, rproc_sim_count, uint, 0444);
MODULE_PARM_DESC(count, "number of virtual remote processors (1-16, default 1)");

static char *rproc_sim_memories = "flash@0x0:256K,sram@0x20000000:256K,shm@0x30000000:1M";
module_param_named(memories, rproc_sim_memories, charp, 0444);
MODULE_PARM_DESC(memories,
		 "memories of each processor: name@da:size[:private],... (size suffixes K, M, G)");

static char *rproc_sim_cpu = "cortex-m4";
module_param_named(cpu, rproc_sim_cpu, charp, 0444);
MODULE_PARM_DESC(cpu, "CPU the emulator runs, as it names them (default cortex-m4)");

static unsigned long long rproc_sim_mailbox_da = 0x3f000000;
module_param_named(mailbox_da, rproc_sim_mailbox_da, ullong, 0444);
MODULE_PARM_DESC(mailbox_da, "device address of the 4 KiB mailbox (default 0x3f000000)");

static char *rproc_sim_firmware = "rproc-sim-fw.elf";
module_param_named(firmware, rproc_sim_firmware, charp, 0444);
MODULE_PARM_DESC(firmware, "default firmware name (default rproc-sim-fw.elf)");

struct rproc_sim_mem {
	char name[RPROC_SIM_NAME_LEN];
	u64 da;
	size_t size;
	u64 mmap_offset;
	void *va;
	bool private;
	bool contig;
};

struct rproc_sim {
	struct device *dev;
	struct rproc *rproc;

	struct rproc_sim_mem mems[RPROC_SIM_MAX_MEMS];
	unsigned int nr_mems;
	struct rproc_sim_mem *vdev_mem;	/* holds the vdev area, or NULL */
	u64 vdev_da;			/* where the vdev area starts */
	struct gen_pool *pool;		/* the buffer pool of the vdev area */

	struct miscdevice misc;
	char misc_name[24];
	unsigned long opened;		/* bit 0: the control device is open */

	spinlock_t lock;		/* protects what follows */
	wait_queue_head_t wq;
	struct rproc_sim_event queue[RPROC_SIM_QUEUE_LEN];
	unsigned int head;
	unsigned int len;
	unsigned long dropped;
	bool attached;			/* an emulator has the device open */
	bool running;
	u64 boot_addr;
};

static struct platform_driver rproc_sim_driver;

static bool rproc_sim_valid_name(const char *s)
{
	size_t n = strlen(s);

	if (!n || n >= RPROC_SIM_NAME_LEN)
		return false;
	for (; *s; s++)
		if (!isalnum(*s) && *s != '_' && *s != '-' && *s != '.')
			return false;
	return true;
}

/* A size: a number with an optional K, M or G suffix, without overflow. */
static int rproc_sim_parse_size(char *s, u64 *size)
{
	unsigned int shift = 0;
	size_t n = strlen(s);
	u64 v;
	int ret;

	if (n > 1) {
		switch (s[n - 1]) {
		case 'K':
		case 'k':
			shift = 10;
			break;
		case 'M':
		case 'm':
			shift = 20;
			break;
		case 'G':
		case 'g':
			shift = 30;
			break;
		}
		if (shift)
			s[n - 1] = '\0';
	}
	ret = kstrtou64(s, 0, &v);
	if (ret)
		return ret;
	if (v > (U64_MAX >> shift))
		return -ERANGE;
	*size = v << shift;
	return 0;
}

static bool rproc_sim_overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

/* Parse one item of rproc_sim.memories, name@da:size[:private], into m. */
static int rproc_sim_parse_mem(struct device *dev, const char *item, struct rproc_sim_mem *m)
{
	char *buf, *s, *name, *da, *size, *flag;
	u64 v;
	int ret = -EINVAL;

	buf = kstrdup(item, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	s = buf;
	name = strsep(&s, "@");
	da = strsep(&s, ":");
	size = strsep(&s, ":");
	flag = s;
	if (!da || !size) {
		dev_err(dev, "memories: \"%s\": not name@da:size[:private]\n", item);
		goto out;
	}
	if (!rproc_sim_valid_name(name)) {
		dev_err(dev, "memories: \"%s\": bad name (1-%d of A-Z a-z 0-9 . _ -)\n",
			item, RPROC_SIM_NAME_LEN - 1);
		goto out;
	}
	if (!strncmp(name, "vdev", 4)) {
		dev_err(dev, "memories: \"%s\": names starting with vdev are the core's\n", item);
		goto out;
	}
	if (kstrtou64(da, 0, &m->da)) {
		dev_err(dev, "memories: \"%s\": bad device address \"%s\"\n", item, da);
		goto out;
	}
	if (rproc_sim_parse_size(size, &v) || !v || v > RPROC_SIM_MAX_MEM_SIZE ||
	    !PAGE_ALIGNED(v)) {
		dev_err(dev, "memories: \"%s\": bad size: a multiple of %lu bytes up to %u MiB\n",
			item, PAGE_SIZE, RPROC_SIM_MAX_MEM_SIZE / SZ_1M);
		goto out;
	}
	m->size = v;
	if (flag && strcmp(flag, "private")) {
		dev_err(dev, "memories: \"%s\": unknown flag \"%s\"\n", item, flag);
		goto out;
	}
	m->private = !!flag;
	if (m->da > U64_MAX - m->size) {
		dev_err(dev, "memories: \"%s\": ends beyond the address space\n", item);
		goto out;
	}
	/* the host's remoteproc tables hold 32-bit device addresses */
	if (!m->private && m->da + m->size > RPROC_SIM_DA_LIMIT) {
		dev_err(dev, "memories: \"%s\": a shared memory must end below 4 GiB\n", item);
		goto out;
	}
	strscpy(m->name, name, sizeof(m->name));
	ret = 0;
out:
	kfree(buf);
	return ret;
}

static int rproc_sim_parse_mems(struct rproc_sim *sim)
{
	struct device *dev = sim->dev;
	char *list, *s, *item;
	u64 offset = 0;
	unsigned int i, j;
	int ret = 0;

	list = kstrdup(rproc_sim_memories ? rproc_sim_memories : "", GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	s = list;
	while ((item = strsep(&s, ","))) {
		struct rproc_sim_mem *m = &sim->mems[sim->nr_mems];

		if (sim->nr_mems == RPROC_SIM_MAX_MEMS) {
			dev_err(dev, "memories: \"%s\": more than %d memories\n",
				item, RPROC_SIM_MAX_MEMS);
			ret = -EINVAL;
			goto out;
		}
		ret = rproc_sim_parse_mem(dev, item, m);
		if (ret)
			goto out;
		for (i = 0; i < sim->nr_mems; i++) {
			struct rproc_sim_mem *o = &sim->mems[i];

			if (!strcmp(o->name, m->name)) {
				dev_err(dev, "memories: \"%s\": a second memory named %s\n",
					item, m->name);
				ret = -EINVAL;
				goto out;
			}
			if (rproc_sim_overlap(m->da, m->size, o->da, o->size)) {
				dev_err(dev, "memories: \"%s\": overlaps %s\n", item, o->name);
				ret = -EINVAL;
				goto out;
			}
		}
		m->mmap_offset = offset;
		offset += m->size;
		sim->nr_mems++;
	}
	if (!sim->nr_mems) {
		dev_err(dev, "memories: none given\n");
		ret = -EINVAL;
		goto out;
	}

	if (!IS_ALIGNED(rproc_sim_mailbox_da, RPROC_SIM_MBOX_SIZE) ||
	    rproc_sim_mailbox_da > U64_MAX - RPROC_SIM_MBOX_SIZE) {
		dev_err(dev, "mailbox_da: 0x%llx is not a 4 KiB aligned address\n",
			rproc_sim_mailbox_da);
		ret = -EINVAL;
		goto out;
	}
	for (j = 0; j < sim->nr_mems; j++) {
		if (rproc_sim_overlap(rproc_sim_mailbox_da, RPROC_SIM_MBOX_SIZE,
				      sim->mems[j].da, sim->mems[j].size)) {
			dev_err(dev, "mailbox_da: 0x%llx overlaps memory %s\n",
				rproc_sim_mailbox_da, sim->mems[j].name);
			ret = -EINVAL;
			goto out;
		}
	}
out:
	kfree(list);
	return ret;
}

static void rproc_sim_free_mems(struct rproc_sim *sim)
{
	unsigned int i;

	for (i = 0; i < sim->nr_mems; i++) {
		struct rproc_sim_mem *m = &sim->mems[i];

		if (!m->va)
			continue;
		if (m->contig)
			free_pages_exact(m->va, m->size);
		else
			vfree(m->va);
		m->va = NULL;
	}
}

static int rproc_sim_alloc_mems(struct rproc_sim *sim)
{
	struct rproc_sim_mem *m;
	unsigned int i;

	/* the vdev area goes at the top of the last memory the host reaches */
	for (i = sim->nr_mems; i-- > 0;) {
		m = &sim->mems[i];
		if (m->private)
			continue;
		if (m->size >= RPROC_SIM_VDEV_SIZE) {
			sim->vdev_mem = m;
			sim->vdev_da = m->da + m->size - RPROC_SIM_VDEV_SIZE;
		}
		break;
	}
	if (!sim->vdev_mem)
		dev_info(sim->dev, "no shared memory ends with %u KiB for a vdev: no rpmsg\n",
			 RPROC_SIM_VDEV_SIZE / SZ_1K);

	for (i = 0; i < sim->nr_mems; i++) {
		m = &sim->mems[i];
		if (get_order(m->size) < MAX_ORDER) {
			m->va = alloc_pages_exact(m->size, GFP_KERNEL | GFP_DMA32 |
						  __GFP_ZERO | __GFP_NOWARN);
			m->contig = m->va;
		}
		if (!m->va && m == sim->vdev_mem) {
			dev_err(sim->dev, "memory %s: no %zu physically contiguous bytes for its vdev area\n",
				m->name, m->size);
			goto nomem;
		}
		if (!m->va)
			m->va = vmalloc_user(m->size);
		if (!m->va) {
			dev_err(sim->dev, "memory %s: cannot allocate %zu bytes\n",
				m->name, m->size);
			goto nomem;
		}
	}
	return 0;

nomem:
	rproc_sim_free_mems(sim);
	return -ENOMEM;
}

static int rproc_sim_init_pool(struct rproc_sim *sim)
{
	struct rproc_sim_mem *m = sim->vdev_mem;
	int ret;

	if (!m)
		return 0;
	sim->pool = gen_pool_create(PAGE_SHIFT, -1);
	if (!sim->pool)
		return -ENOMEM;
	/* the pool's "physical" addresses are device addresses */
	ret = gen_pool_add_virt(sim->pool, (unsigned long)m->va + (sim->vdev_da - m->da),
				sim->vdev_da, RPROC_SIM_POOL_SIZE, -1);
	if (ret) {
		gen_pool_destroy(sim->pool);
		sim->pool = NULL;
	}
	return ret;
}

static void rproc_sim_destroy_pool(struct rproc_sim *sim)
{
	if (!sim->pool)
		return;
	/* gen_pool_destroy() BUGs on a chunk still in use: leak it instead */
	if (gen_pool_avail(sim->pool) != gen_pool_size(sim->pool)) {
		dev_err(sim->dev, "vdev buffer pool still in use: leaking memory %s\n",
			sim->vdev_mem->name);
		sim->vdev_mem->va = NULL;
		return;
	}
	gen_pool_destroy(sim->pool);
	sim->pool = NULL;
}

/*
 * DMA operations of the platform device, which the rproc core's vdev devices
 * inherit: coherent memory comes from the buffer pool. There is no bus
 * master behind this device, so streaming DMA fails.
 */
static struct rproc_sim *rproc_sim_from_dma_dev(struct device *dev)
{
	for (; dev; dev = dev->parent)
		if (dev->driver == &rproc_sim_driver.driver)
			return dev_get_drvdata(dev);
	return NULL;
}

static void *rproc_sim_dma_alloc(struct device *dev, size_t size, dma_addr_t *dma,
				 gfp_t gfp, unsigned long attrs)
{
	struct rproc_sim *sim = rproc_sim_from_dma_dev(dev);
	void *va;

	if (!sim || !sim->pool)
		return NULL;
	va = gen_pool_dma_zalloc(sim->pool, size, dma);
	if (!va)
		dev_warn_ratelimited(sim->dev,
				     "vdev buffer pool: no %zu bytes left for %s\n",
				     size, dev_name(dev));
	return va;
}

static void rproc_sim_dma_free(struct device *dev, size_t size, void *va,
			       dma_addr_t dma, unsigned long attrs)
{
	struct rproc_sim *sim = rproc_sim_from_dma_dev(dev);

	if (WARN_ON(!sim || !sim->pool ||
		    !gen_pool_has_addr(sim->pool, (unsigned long)va, size)))
		return;
	gen_pool_free(sim->pool, (unsigned long)va, size);
}

static dma_addr_t rproc_sim_dma_map_page(struct device *dev, struct page *page,
					 unsigned long offset, size_t size,
					 enum dma_data_direction dir,
					 unsigned long attrs)
{
	return DMA_MAPPING_ERROR;
}

static int rproc_sim_dma_map_sg(struct device *dev, struct scatterlist *sg,
				int nents, enum dma_data_direction dir,
				unsigned long attrs)
{
	return -EIO;
}

static const struct dma_map_ops rproc_sim_dma_ops = {
	.alloc = rproc_sim_dma_alloc,
	.free = rproc_sim_dma_free,
	.map_page = rproc_sim_dma_map_page,
	.map_sg = rproc_sim_dma_map_sg,
};

/* Queue a host->core event, with sim->lock held; false if the queue is full. */
static bool rproc_sim_push(struct rproc_sim *sim, u32 type, u32 value, u64 boot_addr)
{
	struct rproc_sim_event *ev;

	if (sim->len == RPROC_SIM_QUEUE_LEN) {
		sim->dropped++;
		return false;
	}
	ev = &sim->queue[(sim->head + sim->len) % RPROC_SIM_QUEUE_LEN];
	ev->type = type;
	ev->value = value;
	ev->boot_addr = boot_addr;
	sim->len++;
	return true;
}

/* Queue a host->core event for the emulator, if one is attached. */
static void rproc_sim_queue(struct rproc_sim *sim, u32 type, u32 value, u64 boot_addr)
{
	unsigned long flags, dropped = 0;
	struct rproc_sim_event *ev;
	unsigned int i;

	spin_lock_irqsave(&sim->lock, flags);
	if (type == RPROC_SIM_EV_START) {
		sim->running = true;
		sim->boot_addr = boot_addr;
	} else if (type == RPROC_SIM_EV_STOP) {
		sim->running = false;
	}
	if (!sim->attached)
		goto unlock;
	/* a doorbell still unread covers a second one for the same vring */
	if (type == RPROC_SIM_EV_KICK) {
		for (i = 0; i < sim->len; i++) {
			ev = &sim->queue[(sim->head + i) % RPROC_SIM_QUEUE_LEN];
			if (ev->type == type && ev->value == value)
				goto unlock;
		}
	}
	if (!rproc_sim_push(sim, type, value, boot_addr))
		dropped = sim->dropped;
unlock:
	spin_unlock_irqrestore(&sim->lock, flags);
	if (dropped)
		dev_warn_ratelimited(sim->dev,
				     "event queue full: dropped a type %u event (%lu dropped)\n",
				     type, dropped);
	else
		wake_up_interruptible_poll(&sim->wq, EPOLLIN | EPOLLRDNORM);
}

/* Drop the carveouts the last prepare() registered, if still there. */
static void rproc_sim_drop_carveouts(struct rproc *rproc)
{
	struct rproc_mem_entry *entry, *tmp;

	list_for_each_entry_safe(entry, tmp, &rproc->carveouts, node) {
		if (entry->priv != rproc->priv)
			continue;
		list_del(&entry->node);
		kfree(entry);
	}
}

static int rproc_sim_add_carveout(struct rproc *rproc, void *va, size_t len,
				  u64 da, const char *name)
{
	struct rproc_mem_entry *mem;
	phys_addr_t pa = 0;

	/* the core takes the pa of va itself; of a vmalloc()ed one, page 0's */
	if (va && is_vmalloc_addr(va))
		pa = page_to_phys(vmalloc_to_page(va));
	else if (va)
		pa = virt_to_phys(va);
	mem = rproc_mem_entry_init(&rproc->dev, va, pa, len, da, NULL, NULL,
				   "%s", name);
	if (!mem)
		return -ENOMEM;
	mem->priv = rproc->priv;
	rproc_add_carveout(rproc, mem);
	return 0;
}

static int rproc_sim_prepare(struct rproc *rproc)
{
	struct rproc_sim *sim = rproc->priv;
	struct rproc_sim_mem *m = sim->vdev_mem;
	void *va;
	unsigned int i;
	int ret;

	/* a boot that failed before rproc_resource_cleanup() left them */
	rproc_sim_drop_carveouts(rproc);

	if (m) {
		va = m->va + (sim->vdev_da - m->da) + RPROC_SIM_POOL_SIZE;
		ret = rproc_sim_add_carveout(rproc, va, RPROC_SIM_VRING_SIZE,
					     sim->vdev_da + RPROC_SIM_POOL_SIZE,
					     "vdev0vring0");
		if (ret)
			goto drop;
		ret = rproc_sim_add_carveout(rproc, va + RPROC_SIM_VRING_SIZE,
					     RPROC_SIM_VRING_SIZE,
					     sim->vdev_da + RPROC_SIM_POOL_SIZE +
					     RPROC_SIM_VRING_SIZE, "vdev0vring1");
		if (ret)
			goto drop;
	}
	/*
	 * A private memory is listed too, without a kernel address: the core
	 * skips it in rproc_da_to_va() and whoever lists the carveouts sees
	 * a memory the host cannot reach.
	 */
	for (i = 0; i < sim->nr_mems; i++) {
		m = &sim->mems[i];
		if (m->private && m->da + m->size > RPROC_SIM_DA_LIMIT)
			continue;
		ret = rproc_sim_add_carveout(rproc, m->private ? NULL : m->va,
					     m->size, m->da, m->name);
		if (ret)
			goto drop;
	}
	return 0;

drop:
	rproc_sim_drop_carveouts(rproc);
	return ret;
}

static int rproc_sim_unprepare(struct rproc *rproc)
{
	rproc_sim_drop_carveouts(rproc);
	return 0;
}

static int rproc_sim_start(struct rproc *rproc)
{
	struct rproc_sim *sim = rproc->priv;

	rproc_sim_queue(sim, RPROC_SIM_EV_START, lower_32_bits(rproc->bootaddr),
			rproc->bootaddr);
	return 0;
}

static int rproc_sim_stop(struct rproc *rproc)
{
	rproc_sim_queue(rproc->priv, RPROC_SIM_EV_STOP, 0, 0);
	return 0;
}

static void rproc_sim_kick(struct rproc *rproc, int vqid)
{
	rproc_sim_queue(rproc->priv, RPROC_SIM_EV_KICK, vqid, 0);
}

static void *rproc_sim_da_to_va(struct rproc *rproc, u64 da, size_t len, bool *is_iomem)
{
	struct rproc_sim *sim = rproc->priv;
	unsigned int i;

	for (i = 0; i < sim->nr_mems; i++) {
		struct rproc_sim_mem *m = &sim->mems[i];
		u64 off = da - m->da;

		if (da < m->da || off >= m->size || len > m->size - off)
			continue;
		if (m->private) {
			dev_err(&rproc->dev, "da 0x%llx is in memory %s, private to the core\n",
				da, m->name);
			return NULL;
		}
		if (is_iomem)
			*is_iomem = false;
		return m->va + off;
	}
	return NULL;
}

static const struct rproc_ops rproc_sim_ops = {
	.prepare = rproc_sim_prepare,
	.unprepare = rproc_sim_unprepare,
	.start = rproc_sim_start,
	.stop = rproc_sim_stop,
	.kick = rproc_sim_kick,
	.da_to_va = rproc_sim_da_to_va,
	.parse_fw = rproc_elf_load_rsc_table,
	.find_loaded_rsc_table = rproc_elf_find_loaded_rsc_table,
	.load = rproc_elf_load_segments,
	.sanity_check = rproc_elf_sanity_check,
	.get_boot_addr = rproc_elf_get_boot_addr,
};

static struct rproc_sim *rproc_sim_from_file(struct file *file)
{
	return container_of(file->private_data, struct rproc_sim, misc);
}

static int rproc_sim_open(struct inode *inode, struct file *file)
{
	struct rproc_sim *sim = rproc_sim_from_file(file);

	if (test_and_set_bit(0, &sim->opened))
		return -EBUSY;

	spin_lock_irq(&sim->lock);
	sim->head = 0;
	sim->len = 0;
	sim->attached = true;
	if (sim->running)
		rproc_sim_push(sim, RPROC_SIM_EV_START, lower_32_bits(sim->boot_addr),
			       sim->boot_addr);
	spin_unlock_irq(&sim->lock);
	return stream_open(inode, file);
}

static int rproc_sim_release(struct inode *inode, struct file *file)
{
	struct rproc_sim *sim = rproc_sim_from_file(file);
	bool running;

	spin_lock_irq(&sim->lock);
	sim->attached = false;
	sim->len = 0;
	running = sim->running;
	spin_unlock_irq(&sim->lock);
	if (running) {
		dev_warn(sim->dev, "%s closed while %s runs: reporting a crash\n",
			 sim->misc_name, dev_name(&sim->rproc->dev));
		rproc_report_crash(sim->rproc, RPROC_FATAL_ERROR);
	}
	clear_bit(0, &sim->opened);
	return 0;
}

static ssize_t rproc_sim_read(struct file *file, char __user *buf, size_t count,
			      loff_t *ppos)
{
	struct rproc_sim *sim = rproc_sim_from_file(file);
	struct rproc_sim_event ev[8];
	unsigned int n, i;
	int ret;

	if (count < sizeof(ev[0]))
		return -EINVAL;
	count = min(count / sizeof(ev[0]), ARRAY_SIZE(ev));

	for (;;) {
		spin_lock_irq(&sim->lock);
		n = min_t(unsigned int, count, sim->len);
		for (i = 0; i < n; i++) {
			ev[i] = sim->queue[sim->head];
			sim->head = (sim->head + 1) % RPROC_SIM_QUEUE_LEN;
		}
		sim->len -= n;
		spin_unlock_irq(&sim->lock);
		if (n)
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(sim->wq, READ_ONCE(sim->len));
		if (ret)
			return ret;
	}

	if (copy_to_user(buf, ev, n * sizeof(ev[0])))
		return -EFAULT;
	return n * sizeof(ev[0]);
}

/* Hand a core->host event to the remoteproc core. */
static int rproc_sim_deliver(struct rproc_sim *sim, const struct rproc_sim_event *ev)
{
	struct rproc *rproc = sim->rproc;
	int ret;

	if (ev->boot_addr)
		return -EINVAL;

	switch (ev->type) {
	case RPROC_SIM_EV_KICK:
		if (ev->value > INT_MAX)
			return -EINVAL;
		/*
		 * rproc->lock keeps the vdevs from going away under
		 * rproc_vq_interrupt(), whose callbacks may sleep; kicks
		 * reach a processor that is up only.
		 */
		ret = mutex_lock_interruptible(&rproc->lock);
		if (ret)
			return ret;
		if (rproc->state == RPROC_RUNNING) {
			if ((int)ev->value > rproc->max_notifyid)
				ret = -EINVAL;
			else if (rproc_vq_interrupt(rproc, ev->value) == IRQ_NONE)
				dev_dbg(sim->dev, "kick of vring %u: nothing to do\n", ev->value);
		}
		mutex_unlock(&rproc->lock);
		return ret;
	case RPROC_SIM_EV_CRASH:
		if (ev->value > RPROC_FATAL_ERROR)
			return -EINVAL;
		rproc_report_crash(rproc, ev->value);
		return 0;
	default:
		return -EINVAL;
	}
}

static ssize_t rproc_sim_write(struct file *file, const char __user *buf,
			       size_t count, loff_t *ppos)
{
	struct rproc_sim *sim = rproc_sim_from_file(file);
	struct rproc_sim_event ev;
	size_t done;
	int ret = 0;

	if (count % sizeof(ev))
		return -EINVAL;

	for (done = 0; done < count; done += sizeof(ev)) {
		if (copy_from_user(&ev, buf + done, sizeof(ev))) {
			ret = -EFAULT;
			break;
		}
		ret = rproc_sim_deliver(sim, &ev);
		if (ret)
			break;
	}
	return done ? done : ret;
}

static __poll_t rproc_sim_poll(struct file *file, poll_table *wait)
{
	struct rproc_sim *sim = rproc_sim_from_file(file);
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(file, &sim->wq, wait);
	if (READ_ONCE(sim->len))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

static int rproc_sim_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct rproc_sim *sim = rproc_sim_from_file(file);
	u64 offset = (u64)vma->vm_pgoff << PAGE_SHIFT;
	u64 len = vma->vm_end - vma->vm_start;
	struct rproc_sim_mem *m;
	unsigned long pfn;
	unsigned int i;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;

	for (i = 0; i < sim->nr_mems; i++) {
		m = &sim->mems[i];
		if (offset >= m->mmap_offset && offset - m->mmap_offset < m->size)
			break;
	}
	if (i == sim->nr_mems)
		return -EINVAL;
	offset -= m->mmap_offset;
	if (len > m->size - offset)
		return -EINVAL;

	if (!m->contig)
		return remap_vmalloc_range(vma, m->va, offset >> PAGE_SHIFT);

	pfn = PHYS_PFN(virt_to_phys(m->va + offset));
	return remap_pfn_range(vma, vma->vm_start, pfn, len, vma->vm_page_prot);
}

static long rproc_sim_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct rproc_sim *sim = rproc_sim_from_file(file);
	void __user *argp = (void __user *)arg;
	struct rproc_sim_memory mem;
	struct rproc_sim_info info;
	struct rproc_sim_mem *m;

	switch (cmd) {
	case RPROC_SIM_GET_INFO:
		memset(&info, 0, sizeof(info));
		info.index = sim->rproc->index;
		info.nr_memories = sim->nr_mems;
		info.mailbox_da = rproc_sim_mailbox_da;
		strscpy(info.cpu, rproc_sim_cpu, sizeof(info.cpu));
		return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
	case RPROC_SIM_GET_MEMORY:
		if (copy_from_user(&mem, argp, sizeof(mem)))
			return -EFAULT;
		if (mem.index >= sim->nr_mems)
			return -EINVAL;
		m = &sim->mems[array_index_nospec(mem.index, sim->nr_mems)];
		memset(&mem, 0, sizeof(mem));
		mem.index = m - sim->mems;
		mem.flags = m->private ? RPROC_SIM_MEM_PRIVATE : 0;
		mem.da = m->da;
		mem.size = m->size;
		mem.mmap_offset = m->mmap_offset;
		strscpy(mem.name, m->name, sizeof(mem.name));
		return copy_to_user(argp, &mem, sizeof(mem)) ? -EFAULT : 0;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations rproc_sim_fops = {
	.owner = THIS_MODULE,
	.open = rproc_sim_open,
	.release = rproc_sim_release,
	.read = rproc_sim_read,
	.write = rproc_sim_write,
	.poll = rproc_sim_poll,
	.mmap = rproc_sim_mmap,
	.unlocked_ioctl = rproc_sim_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = no_llseek,
};

static int rproc_sim_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct rproc_sim *sim;
	struct rproc *rproc;
	int ret;

	rproc = rproc_alloc(dev, dev_name(dev), &rproc_sim_ops, rproc_sim_firmware,
			    sizeof(*sim));
	if (!rproc)
		return -ENOMEM;
	rproc->auto_boot = false;
	sim = rproc->priv;
	sim->dev = dev;
	sim->rproc = rproc;
	spin_lock_init(&sim->lock);
	init_waitqueue_head(&sim->wq);
	platform_set_drvdata(pdev, sim);

	ret = rproc_sim_parse_mems(sim);
	if (ret)
		goto free_rproc;
	ret = rproc_sim_alloc_mems(sim);
	if (ret)
		goto free_rproc;
	ret = rproc_sim_init_pool(sim);
	if (ret)
		goto free_mems;
	set_dma_ops(dev, &rproc_sim_dma_ops);

	ret = rproc_add(rproc);
	if (ret)
		goto clear_dma_ops;

	snprintf(sim->misc_name, sizeof(sim->misc_name), "rproc-sim%d", rproc->index);
	sim->misc.minor = MISC_DYNAMIC_MINOR;
	sim->misc.name = sim->misc_name;
	sim->misc.fops = &rproc_sim_fops;
	sim->misc.parent = dev;
	sim->misc.mode = 0600;
	ret = misc_register(&sim->misc);
	if (ret)
		goto del_rproc;

	dev_info(dev, "%s: %u memories, cpu %s, control device %s\n",
		 dev_name(&rproc->dev), sim->nr_mems, rproc_sim_cpu, sim->misc_name);
	return 0;

del_rproc:
	rproc_del(rproc);
clear_dma_ops:
	set_dma_ops(dev, NULL);
	rproc_sim_destroy_pool(sim);
free_mems:
	rproc_sim_free_mems(sim);
free_rproc:
	rproc_free(rproc);
	return ret;
}

static int rproc_sim_remove(struct platform_device *pdev)
{
	struct rproc_sim *sim = platform_get_drvdata(pdev);
	struct rproc *rproc = sim->rproc;

	misc_deregister(&sim->misc);
	rproc_del(rproc);
	set_dma_ops(&pdev->dev, NULL);
	rproc_sim_destroy_pool(sim);
	rproc_sim_free_mems(sim);
	rproc_free(rproc);
	return 0;
}

static struct platform_driver rproc_sim_driver = {
	.probe = rproc_sim_probe,
	.remove = rproc_sim_remove,
	.driver = {
		.name = RPROC_SIM_DRV_NAME,
		/* the control device outlives no unbind: only module removal */
		.suppress_bind_attrs = true,
	},
};

static struct platform_device *rproc_sim_pdevs[RPROC_SIM_MAX_COUNT];

static void rproc_sim_unregister_devices(void)
{
	unsigned int i;

	for (i = RPROC_SIM_MAX_COUNT; i-- > 0;) {
		platform_device_unregister(rproc_sim_pdevs[i]);
		rproc_sim_pdevs[i] = NULL;
	}
}

static int __init rproc_sim_init(void)
{
	struct platform_device *pdev;
	unsigned int i;
	int ret;

	if (!rproc_sim_count || rproc_sim_count > RPROC_SIM_MAX_COUNT) {
		pr_err("%s: count=%u: between 1 and %d processors\n",
		       RPROC_SIM_DRV_NAME, rproc_sim_count, RPROC_SIM_MAX_COUNT);
		return -EINVAL;
	}
	if (!rproc_sim_valid_name(rproc_sim_cpu ? rproc_sim_cpu : "")) {
		pr_err("%s: cpu: 1-%d of A-Z a-z 0-9 . _ -\n",
		       RPROC_SIM_DRV_NAME, RPROC_SIM_NAME_LEN - 1);
		return -EINVAL;
	}
	if (!rproc_sim_firmware || !*rproc_sim_firmware ||
	    strlen(rproc_sim_firmware) > NAME_MAX || strchr(rproc_sim_firmware, '\n')) {
		pr_err("%s: firmware: a name of 1-%d bytes\n", RPROC_SIM_DRV_NAME, NAME_MAX);
		return -EINVAL;
	}

	ret = platform_driver_register(&rproc_sim_driver);
	if (ret)
		return ret;

	for (i = 0; i < rproc_sim_count; i++) {
		pdev = platform_device_register_simple(RPROC_SIM_DRV_NAME, i, NULL, 0);
		if (IS_ERR(pdev)) {
			ret = PTR_ERR(pdev);
			goto unregister;
		}
		rproc_sim_pdevs[i] = pdev;
		/* probing is synchronous: a bad parameter failed it */
		if (!pdev->dev.driver) {
			ret = -EINVAL;
			goto unregister;
		}
	}
	return 0;

unregister:
	rproc_sim_unregister_devices();
	platform_driver_unregister(&rproc_sim_driver);
	return ret;
}
module_init(rproc_sim_init);

static void __exit rproc_sim_exit(void)
{
	rproc_sim_unregister_devices();
	platform_driver_unregister(&rproc_sim_driver);
}
module_exit(rproc_sim_exit);

MODULE_DESCRIPTION("Virtual remote processors for testing remoteproc and rpmsg");
MODULE_AUTHOR("rproc-tools developers <rproc-tools@example.org>");
MODULE_LICENSE("GPL");
