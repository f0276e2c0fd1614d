// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Processors (SYSFS/class/remoteproc/remoteprocN: name, state, firmware)
 * and the services their firmware announced (remoteprocN/services/, one
 * link "<name>@0x<dst>" per channel, to its rpmsg device: name, src, dst).
 * State and firmware are read at each call: they change under us.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "librproc-private.h"

static const char *const state_names[] = {
	[RPROC_STATE_UNKNOWN] = "unknown",
	[RPROC_STATE_OFFLINE] = "offline",
	[RPROC_STATE_SUSPENDED] = "suspended",
	[RPROC_STATE_RUNNING] = "running",
	[RPROC_STATE_CRASHED] = "crashed",
	[RPROC_STATE_DELETED] = "deleted",
	[RPROC_STATE_ATTACHED] = "attached",
	[RPROC_STATE_DETACHED] = "detached",
};

RPROC_EXPORT const char *rproc_state_to_string(enum rproc_state state)
{
	if ((unsigned int)state >= ARRAY_SIZE(state_names))
		return state_names[RPROC_STATE_UNKNOWN];
	return state_names[state];
}

static char *class_dir(struct rproc_ctx *ctx)
{
	char *p;

	if (asprintf(&p, "%s/class/remoteproc", ctx->sysfs_root) < 0)
		return NULL;
	return p;
}

/* "remoteproc12" -> 12; anything else is not a remoteproc device */
static int device_number(const char *dev, unsigned long *n)
{
	char *end;

	if (strncmp(dev, "remoteproc", 10) != 0 || dev[10] < '0' || dev[10] > '9')
		return -EINVAL;
	*n = strtoul(dev + 10, &end, 10);
	return *end ? -EINVAL : 0;
}

static int processor_new_from_device(struct rproc_ctx *ctx, const char *device,
				     struct rproc_processor **proc)
{
	struct rproc_processor *p;
	char *dir, *attr;
	int err = -ENOMEM;

	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->refcount = 1;
	p->device = strdup(device);
	dir = class_dir(ctx);
	if (!p->device || !dir)
		goto free_proc;
	p->syspath = path_join(dir, device);
	free(dir);
	if (!p->syspath)
		goto free_proc;
	attr = path_join(p->syspath, "name");
	if (!attr)
		goto free_proc;
	err = sysfs_read_line(attr, &p->name);
	free(attr);
	if (err < 0) {
		DBG(ctx, "%s/name: %s", p->syspath, strerror(-err));
		goto free_proc;
	}
	p->ctx = rproc_ctx_ref(ctx);
	*proc = p;
	return 0;

free_proc:
	free(p->syspath);
	free(p->device);
	free(p);
	return err;
}

RPROC_EXPORT struct rproc_processor *rproc_processor_ref(struct rproc_processor *proc)
{
	if (proc)
		proc->refcount++;
	return proc;
}

RPROC_EXPORT struct rproc_processor *rproc_processor_unref(struct rproc_processor *proc)
{
	if (!proc || --proc->refcount > 0)
		return NULL;
	rproc_ctx_unref(proc->ctx);
	free(proc->syspath);
	free(proc->name);
	free(proc->device);
	free(proc);
	return NULL;
}

RPROC_EXPORT void rproc_processor_list_free(struct rproc_processor **procs, size_t count)
{
	size_t i;

	if (!procs)
		return;
	for (i = 0; i < count; i++)
		rproc_processor_unref(procs[i]);
	free(procs);
}

static int proc_cmp(const void *a, const void *b)
{
	const struct rproc_processor *pa = *(struct rproc_processor *const *)a;
	const struct rproc_processor *pb = *(struct rproc_processor *const *)b;
	unsigned long na = 0, nb = 0;

	device_number(pa->device, &na);
	device_number(pb->device, &nb);
	return na < nb ? -1 : na > nb;
}

RPROC_EXPORT int rproc_processor_list(struct rproc_ctx *ctx,
				      struct rproc_processor ***procs, size_t *count)
{
	struct rproc_processor **v = NULL, **nv;
	size_t n = 0;
	struct dirent *de;
	unsigned long num;
	char *dir;
	DIR *d;
	int err = 0;

	dir = class_dir(ctx);
	if (!dir)
		return -ENOMEM;
	d = opendir(dir);
	if (!d) {
		err = -errno;
		/* no remoteproc class: no processors (a kernel without it) */
		if (err == -ENOENT) {
			err = 0;
			goto out;
		}
		ERR(ctx, "%s: %s", dir, strerror(-err));
		goto free_dir;
	}
	while ((de = readdir(d))) {
		if (device_number(de->d_name, &num) < 0)
			continue;
		nv = realloc(v, (n + 1) * sizeof(*v));
		if (!nv) {
			err = -ENOMEM;
			break;
		}
		v = nv;
		err = processor_new_from_device(ctx, de->d_name, &v[n]);
		if (err == -ENOENT) {
			/* went away while we listed */
			err = 0;
			continue;
		}
		if (err < 0)
			break;
		n++;
	}
	closedir(d);
	if (err < 0) {
		rproc_processor_list_free(v, n);
		goto free_dir;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), proc_cmp);
out:
	*procs = v;
	*count = n;
free_dir:
	free(dir);
	return err;
}

RPROC_EXPORT int rproc_processor_new(struct rproc_ctx *ctx, const char *name,
				     struct rproc_processor **proc)
{
	struct rproc_processor **v, *found = NULL;
	unsigned long num;
	size_t n, i;
	int err;

	if (!ctx || !name || !*name || strchr(name, '/') || !proc)
		return -EINVAL;
	/* a device name is looked at directly */
	if (device_number(name, &num) == 0) {
		err = processor_new_from_device(ctx, name, proc);
		if (err == 0 || err != -ENOENT)
			return err;
	}
	err = rproc_processor_list(ctx, &v, &n);
	if (err < 0)
		return err;
	for (i = 0; i < n && !found; i++)
		if (strcmp(v[i]->name, name) == 0)
			found = rproc_processor_ref(v[i]);
	rproc_processor_list_free(v, n);
	if (!found) {
		DBG(ctx, "no processor named %s", name);
		return -ENOENT;
	}
	*proc = found;
	return 0;
}

RPROC_EXPORT const char *rproc_processor_get_name(const struct rproc_processor *proc)
{
	return proc->name;
}

RPROC_EXPORT const char *rproc_processor_get_device(const struct rproc_processor *proc)
{
	return proc->device;
}

static int proc_attr_read(struct rproc_processor *proc, const char *name, char **value)
{
	char *attr = path_join(proc->syspath, name);
	int err;

	if (!attr)
		return -ENOMEM;
	err = sysfs_read_line(attr, value);
	if (err < 0)
		DBG(proc->ctx, "%s: %s", attr, strerror(-err));
	free(attr);
	return err;
}

static int proc_attr_write(struct rproc_processor *proc, const char *name, const char *value)
{
	char *attr = path_join(proc->syspath, name);
	int err;

	if (!attr)
		return -ENOMEM;
	err = sysfs_write(attr, value);
	if (err < 0)
		DBG(proc->ctx, "%s < %s: %s", attr, value, strerror(-err));
	free(attr);
	return err;
}

RPROC_EXPORT int rproc_processor_get_state(struct rproc_processor *proc,
					   enum rproc_state *state)
{
	char *s;
	size_t i;
	int err;

	err = proc_attr_read(proc, "state", &s);
	if (err < 0)
		return err;
	*state = RPROC_STATE_UNKNOWN;
	for (i = 1; i < ARRAY_SIZE(state_names); i++)
		if (strcmp(s, state_names[i]) == 0)
			*state = (enum rproc_state)i;
	free(s);
	return 0;
}

RPROC_EXPORT int rproc_processor_get_firmware(struct rproc_processor *proc, char **firmware)
{
	return proc_attr_read(proc, "firmware", firmware);
}

RPROC_EXPORT int rproc_processor_set_firmware(struct rproc_processor *proc,
					      const char *firmware)
{
	if (!firmware || !*firmware || strchr(firmware, '\n'))
		return -EINVAL;
	return proc_attr_write(proc, "firmware", firmware);
}

RPROC_EXPORT int rproc_processor_start(struct rproc_processor *proc)
{
	return proc_attr_write(proc, "state", "start");
}

RPROC_EXPORT int rproc_processor_stop(struct rproc_processor *proc)
{
	return proc_attr_write(proc, "state", "stop");
}

/* --- services ------------------------------------------------------------ */

RPROC_EXPORT struct rproc_service *rproc_service_ref(struct rproc_service *svc)
{
	if (svc)
		svc->refcount++;
	return svc;
}

RPROC_EXPORT struct rproc_service *rproc_service_unref(struct rproc_service *svc)
{
	if (!svc || --svc->refcount > 0)
		return NULL;
	rproc_processor_unref(svc->proc);
	free(svc->device);
	free(svc->name);
	free(svc);
	return NULL;
}

RPROC_EXPORT void rproc_service_list_free(struct rproc_service **services, size_t count)
{
	size_t i;

	if (!services)
		return;
	for (i = 0; i < count; i++)
		rproc_service_unref(services[i]);
	free(services);
}

RPROC_EXPORT const char *rproc_service_get_name(const struct rproc_service *svc)
{
	return svc->name;
}

RPROC_EXPORT uint32_t rproc_service_get_src(const struct rproc_service *svc)
{
	return svc->src;
}

RPROC_EXPORT uint32_t rproc_service_get_dst(const struct rproc_service *svc)
{
	return svc->dst;
}

RPROC_EXPORT const char *rproc_service_get_device(const struct rproc_service *svc)
{
	return svc->device;
}

RPROC_EXPORT struct rproc_processor *rproc_service_get_processor(const struct rproc_service *svc)
{
	return svc->proc;
}

static int dir_read_line(const char *dir, const char *name, char **value)
{
	char *attr = path_join(dir, name);
	int err;

	if (!attr)
		return -ENOMEM;
	err = sysfs_read_line(attr, value);
	free(attr);
	return err;
}

static int dir_read_u32(const char *dir, const char *name, uint32_t *value)
{
	char *attr = path_join(dir, name);
	int err;

	if (!attr)
		return -ENOMEM;
	err = sysfs_read_u32(attr, value);
	free(attr);
	return err;
}

/*
 * One entry of services/: "<name>@0x<dst>" -> the rpmsg device. The
 * device's attributes are the truth; the link's name is the fallback when
 * the device went away between readdir and here (then -ENOENT: skipped).
 */
static int service_new(struct rproc_processor *proc, const char *dir, const char *entry,
		       struct rproc_service **svc)
{
	struct rproc_service *s;
	char target[PATH_MAX], *link, *at;
	ssize_t n;
	int err = -ENOMEM;

	at = strrchr(entry, '@');
	if (!at || at == entry)
		return -EINVAL;
	link = path_join(dir, entry);
	if (!link)
		return -ENOMEM;
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0) {
		err = -errno;
		goto free_link;
	}
	target[n] = '\0';
	s = calloc(1, sizeof(*s));
	if (!s)
		goto free_link;
	s->refcount = 1;
	s->device = strdup(strrchr(target, '/') ? strrchr(target, '/') + 1 : target);
	if (!s->device)
		goto free_svc;
	err = dir_read_line(link, "name", &s->name);
	if (err == 0)
		err = dir_read_u32(link, "dst", &s->dst);
	if (err == 0)
		err = dir_read_u32(link, "src", &s->src);
	if (err < 0)
		goto free_svc;
	free(link);
	s->proc = rproc_processor_ref(proc);
	*svc = s;
	return 0;

free_svc:
	if (err == -EINVAL)
		WRN(proc->ctx, "%s: an attribute is not a number", link);
	free(s->name);
	free(s->device);
	free(s);
free_link:
	free(link);
	return err;
}

static int svc_cmp(const void *a, const void *b)
{
	const struct rproc_service *sa = *(struct rproc_service *const *)a;
	const struct rproc_service *sb = *(struct rproc_service *const *)b;
	int c = strcmp(sa->name, sb->name);

	if (c)
		return c;
	return sa->dst < sb->dst ? -1 : sa->dst > sb->dst;
}

RPROC_EXPORT int rproc_service_list(struct rproc_processor *proc,
				    struct rproc_service ***services, size_t *count)
{
	struct rproc_service **v = NULL, **nv;
	struct dirent *de;
	size_t n = 0;
	char *dir;
	DIR *d;
	int err = 0;

	dir = path_join(proc->syspath, "services");
	if (!dir)
		return -ENOMEM;
	d = opendir(dir);
	if (!d) {
		err = -errno;
		/* the contract's directory is always there: without it, this
		 * kernel does not list services */
		if (err == -ENOENT) {
			ERR(proc->ctx, "%s: no services listing (a kernel without the rproc-tools patches?)", dir);
			err = -EOPNOTSUPP;
		}
		goto free_dir;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		nv = realloc(v, (n + 1) * sizeof(*v));
		if (!nv) {
			err = -ENOMEM;
			break;
		}
		v = nv;
		err = service_new(proc, dir, de->d_name, &v[n]);
		if (err == -ENOENT || err == -EINVAL) {
			err = 0;
			continue;
		}
		if (err < 0)
			break;
		n++;
	}
	closedir(d);
	if (err < 0) {
		rproc_service_list_free(v, n);
		goto free_dir;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), svc_cmp);
	*services = v;
	*count = n;
free_dir:
	free(dir);
	return err;
}
