// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * plugin-util: the plugins' small helpers, as plugin-util.h describes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugin-util.h"
#include "strparse.h"

int plugin_memory_find(const struct rproc_load *load, const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < load->n_memories; i++)
		if (strlen(load->memories[i].name) == len &&
		    memcmp(load->memories[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

/* the first memory holding [da, da + size), only those the host can address if @mappable; or -1 */
static int plugin_memory_index_da(const struct rproc_load *load, uint64_t da, uint64_t size,
				  bool mappable)
{
	unsigned int i;

	for (i = 0; i < load->n_memories; i++) {
		const struct rproc_memory *mem = &load->memories[i];

		if ((!mappable || !(mem->flags & RPROC_MEMORY_NOMAP)) && da >= mem->da &&
		    da - mem->da <= mem->size && size <= mem->size - (da - mem->da))
			return (int)i;
	}
	return -1;
}

int plugin_memory_find_da(const struct rproc_load *load, uint64_t da, uint64_t size)
{
	return plugin_memory_index_da(load, da, size, true);
}

const struct rproc_memory *plugin_memory_get_da(const struct rproc_load *load, uint64_t da,
						uint64_t size)
{
	int i = plugin_memory_index_da(load, da, size, false);

	return i < 0 ? NULL : &load->memories[i];
}

uint64_t plugin_memory_size_max(const struct rproc_load *load)
{
	uint64_t max = 0;
	unsigned int i;

	for (i = 0; i < load->n_memories; i++)
		if (!(load->memories[i].flags & RPROC_MEMORY_NOMAP) &&
		    load->memories[i].size > max)
			max = load->memories[i].size;
	return max;
}

int plugin_option_base_get(struct rproc_load *load, uint64_t align, int default_mem,
			   uint64_t *at)
{
	const char *base = rproc_load_option_get(load, "base");
	int m = default_mem, err;

	if (base && base[0] >= '0' && base[0] <= '9') {
		/* an address: the host's strict parser, which names file and line */
		err = rproc_load_option_get_u64(load, "base", 0, UINT64_MAX, at);
		if (err == -EOPNOTSUPP && strparse_u64(base, at) == 0)
			err = 0;	/* a host older than ABI 1.2: the same parser, here */
		if (err < 0) {
			if (err == -EOPNOTSUPP)
				rproc_load_err(load, "option base = '%.32s': expected a memory name or an address (decimal or 0x hex)",
					       base);
			return -EINVAL;
		}
		if (*at & (align - 1)) {
			rproc_load_err(load, "option base = 0x%llx: not aligned to the image's segment alignment 0x%llx",
				       (unsigned long long)*at, (unsigned long long)align);
			return -EINVAL;
		}
		return 0;
	}
	if (base)
		m = plugin_memory_find(load, base, strlen(base));
	if (m < 0) {
		rproc_load_err(load, "option base = '%.32s': no memory of that name", base ? base : "");
		return -EINVAL;
	}
	if (load->memories[m].flags & RPROC_MEMORY_NOMAP) {
		rproc_load_err(load, "option base = '%.32s': the host cannot address that memory",
			       load->memories[m].name);
		return -EINVAL;
	}
	if (!plugin_align_up(load->memories[m].da, align, at))
		return -ERANGE;
	return 0;
}

uint64_t plugin_le_get(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

void plugin_le_put(uint8_t *p, unsigned int n, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

int plugin_file_read(const char *path, uint64_t max, uint8_t **out, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	size_t done = 0;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		err = -errno;
		goto out_close;
	}
	if (!S_ISREG(st.st_mode)) {
		err = -EINVAL;
		goto out_close;
	}
	if ((uint64_t)st.st_size > max || (uint64_t)st.st_size > SIZE_MAX - 1) {
		err = -EFBIG;
		goto out_close;
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf) {
		err = -ENOMEM;
		goto out_close;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			free(buf);
			goto out_close;
		}
		done += (size_t)n;
	}
	*out = buf;
	*len = done;
out_close:
	close(fd);
	return err;
}
