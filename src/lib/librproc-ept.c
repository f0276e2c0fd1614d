// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Endpoints by (processor, service [, address]): found where the udev
 * rules name them (DEV/rpmsg/<proc>/<service>[@0x<addr>]), else below the
 * channel's sysfs directory, else made through the processor's control
 * device: as an anonymous fd (RPMSG_CREATE_EPT_FD_IOCTL), else, on a
 * kernel without it, as an endpoint device (RPMSG_CREATE_EPT_IOCTL) that
 * is destroyed again when the endpoint is released.
 * The fd is always non-blocking: the library waits with poll(), so every
 * call can have a timeout.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <linux/rpmsg.h>

#include "librproc-private.h"

#ifndef RPMSG_CREATE_EPT_FD_IOCTL
#error "linux/rpmsg.h without rproc-tools' additions: build with -I kernel/include/uapi"
#endif

#define OPEN_FLAGS	(O_RDWR | O_NONBLOCK | O_CLOEXEC)
/* struct rpmsg_endpoint_info's name, with its NUL */
#define RPMSG_NAME_LEN	32
/* how long a node made by RPMSG_CREATE_EPT_IOCTL may take to appear */
#define NODE_WAIT_MS	2000

/* rpmsg's channel names: 32 bytes with the NUL, and one path component */
static bool service_name_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n > 0 && n < RPMSG_NAME_LEN && !strchr(s, '/') &&
	       strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

static int ept_new(struct rproc_ctx *ctx, int fd, unsigned int flags, const char *path,
		   struct rproc_ept **ept)
{
	struct rproc_ept *e;
	struct stat st;
	__u32 mtu;
	int fl;

	if (fstat(fd, &st) < 0)
		return -errno;
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -errno;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->refcount = 1;
	e->fd = fd;
	e->flags = flags;
	e->is_socket = S_ISSOCK(st.st_mode);
	e->path = strdup(path ? path : "");
	if (!e->path)
		goto free_ept;
	e->mtu = RPROC_DEFAULT_MTU;
	if (!e->is_socket) {
		if (ioctl(fd, RPMSG_GET_MTU_IOCTL, &mtu) == 0 && mtu > 0)
			e->mtu = mtu;
		else
			/* a kernel without the contract's ioctls: no batches either */
			e->no_batch = true;
	}
	e->max_message = e->mtu;
	if (flags & RPROC_EPT_FRAGMENTS) {
		if (e->mtu <= FRAG_HDR_LEN) {
			free(e->path);
			free(e);
			return -EMSGSIZE;
		}
		e->max_message = RPROC_DEFAULT_MAX_MESSAGE;
		e->rx_frag = malloc(e->mtu);
		if (!e->rx_frag)
			goto free_path;
		frag_reasm_init(&e->reasm, e->max_message);
	}
	e->ctx = rproc_ctx_ref(ctx);
	DBG(ctx, "endpoint fd %d%s%s, mtu %u", fd, *e->path ? " " : "", e->path, e->mtu);
	*ept = e;
	return 0;

free_path:
	free(e->path);
free_ept:
	free(e);
	return -ENOMEM;
}

RPROC_EXPORT int rproc_ept_new_from_fd(struct rproc_ctx *ctx, int fd, unsigned int flags,
				       struct rproc_ept **ept)
{
	int err;

	if (!ctx || fd < 0 || !ept || (flags & ~RPROC_EPT_FRAGMENTS))
		return -EINVAL;
	err = ept_new(ctx, fd, flags, NULL, ept);
	if (err < 0)
		return err;
	return 0;
}

RPROC_EXPORT struct rproc_ept *rproc_ept_ref(struct rproc_ept *ept)
{
	if (ept)
		ept->refcount++;
	return ept;
}

RPROC_EXPORT struct rproc_ept *rproc_ept_unref(struct rproc_ept *ept)
{
	if (!ept || --ept->refcount > 0)
		return NULL;
	/* a device made through rpmsg_ctrl outlives its close unless destroyed */
	if (ept->destroy_on_close && ioctl(ept->fd, RPMSG_DESTROY_EPT_IOCTL) < 0)
		DBG(ept->ctx, "%s: RPMSG_DESTROY_EPT_IOCTL: %m", ept->path);
	close(ept->fd);
	frag_reasm_fini(&ept->reasm);
	free(ept->rx_frag);
	free(ept->path);
	rproc_ctx_unref(ept->ctx);
	free(ept);
	return NULL;
}

RPROC_EXPORT int rproc_ept_get_fd(const struct rproc_ept *ept)
{
	return ept->fd;
}

RPROC_EXPORT const char *rproc_ept_get_path(const struct rproc_ept *ept)
{
	return ept->path;
}

RPROC_EXPORT uint32_t rproc_ept_get_mtu(const struct rproc_ept *ept)
{
	return ept->mtu;
}

RPROC_EXPORT size_t rproc_ept_get_max_message(const struct rproc_ept *ept)
{
	return ept->max_message;
}

RPROC_EXPORT int rproc_ept_set_max_message(struct rproc_ept *ept, size_t max)
{
	if (!(ept->flags & RPROC_EPT_FRAGMENTS))
		return -EOPNOTSUPP;
	/* the header's total is 32 bits */
	if (max == 0 || max > UINT32_MAX)
		return -EINVAL;
	ept->max_message = max;
	ept->reasm.max = max;
	return 0;
}

/* --- finding ---------------------------------------------------------------- */

/* open a device node; -ENOENT when it is not there */
static int node_open(struct rproc_ctx *ctx, const char *path, int *fd)
{
	*fd = open(path, OPEN_FLAGS);
	if (*fd < 0) {
		int err = -errno;

		DBG(ctx, "%s: %s", path, strerror(-err));
		return err;
	}
	return 0;
}

/* DEV/rpmsg/<proc name>/<leaf> */
static char *udev_path(struct rproc_processor *proc, const char *leaf)
{
	char *p;

	if (asprintf(&p, "%s/rpmsg/%s/%s", proc->ctx->dev_root, proc->name, leaf) < 0)
		return NULL;
	return p;
}

/* the service (name, and dst unless RPROC_ADDR_ANY) in the listing */
static int service_find(struct rproc_processor *proc, const char *service, uint32_t addr,
			struct rproc_service **found)
{
	struct rproc_service **v;
	size_t n, i;
	int err;

	err = rproc_service_list(proc, &v, &n);
	if (err < 0)
		return err;
	*found = NULL;
	for (i = 0; i < n && !*found; i++)
		if (strcmp(v[i]->name, service) == 0 && (addr == RPROC_ADDR_ANY || v[i]->dst == addr))
			*found = rproc_service_ref(v[i]);
	rproc_service_list_free(v, n);
	return *found ? 0 : -ENOENT;
}

/* the first class device "<prefix>N" in directory dir, as DEV/<prefix>N */
static int class_node(struct rproc_ctx *ctx, const char *dir, const char *prefix, char **node)
{
	size_t plen = strlen(prefix);
	struct dirent *de;
	DIR *d;
	int err = -ENOENT;

	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d)))
		if (strncmp(de->d_name, prefix, plen) == 0 && de->d_name[plen] >= '0' &&
		    de->d_name[plen] <= '9') {
			err = asprintf(node, "%s/%s", ctx->dev_root, de->d_name) < 0 ? -ENOMEM : 0;
			break;
		}
	closedir(d);
	return err;
}

/* the channel's own eptdev: SYSFS/bus/rpmsg/devices/<dev>/rpmsg/rpmsgN */
static int channel_node(struct rproc_service *svc, char **node)
{
	struct rproc_ctx *ctx = svc->proc->ctx;
	char *dir;
	int err;

	if (asprintf(&dir, "%s/bus/rpmsg/devices/%s/rpmsg", ctx->sysfs_root, svc->device) < 0)
		return -ENOMEM;
	err = class_node(ctx, dir, "rpmsg", node);
	free(dir);
	return err;
}

/* --- making one through rpmsg_ctrl -------------------------------------------- */

/*
 * The control device's node: the udev name, else the rpmsg_ctrl device
 * whose remoteproc attribute is this processor's.
 */
static int ctrl_open(struct rproc_processor *proc, int *fd, char **path)
{
	struct rproc_ctx *ctx = proc->ctx;
	struct dirent *de;
	char *devs, *dir = NULL, *rp;
	DIR *d;
	int err;

	*path = udev_path(proc, "rpmsg_ctrl");
	if (!*path)
		return -ENOMEM;
	err = node_open(ctx, *path, fd);
	if (err != -ENOENT)
		return err;
	free(*path);
	*path = NULL;
	if (asprintf(&devs, "%s/bus/rpmsg/devices", ctx->sysfs_root) < 0)
		return -ENOMEM;
	d = opendir(devs);
	if (!d) {
		free(devs);
		return -ENOENT;
	}
	err = -ENOENT;
	while (err == -ENOENT && (de = readdir(d))) {
		if (!strstr(de->d_name, ".rpmsg_ctrl."))
			continue;
		if (asprintf(&dir, "%s/%s/remoteproc", devs, de->d_name) < 0) {
			err = -ENOMEM;
			break;
		}
		if (sysfs_read_line(dir, &rp) == 0) {
			if (strcmp(rp, proc->device) == 0) {
				dir[strlen(dir) - strlen("remoteproc")] = '\0';
				strcat(dir, "rpmsg");
				err = class_node(ctx, dir, "rpmsg_ctrl", path);
			}
			free(rp);
		}
		free(dir);
	}
	closedir(d);
	free(devs);
	if (err < 0)
		return err;
	return node_open(ctx, *path, fd);
}

/* SYSFS/dev/char/MAJ:MIN of an open node: its device's sysfs directory */
static char *node_sysdir(struct rproc_ctx *ctx, int fd)
{
	struct stat st;
	char *p;

	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode))
		return NULL;
	if (asprintf(&p, "%s/dev/char/%u:%u", ctx->sysfs_root, major(st.st_rdev),
		     minor(st.st_rdev)) < 0)
		return NULL;
	return p;
}

/* the eptdevs below the control device, as a set of names */
static int eptdevs_snapshot(const char *ctrl_dir, char ***names, size_t *count)
{
	struct dirent *de;
	char **v = NULL, **nv;
	size_t n = 0;
	DIR *d;

	d = opendir(ctrl_dir);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "rpmsg", 5) != 0 || de->d_name[5] < '0' || de->d_name[5] > '9')
			continue;
		nv = realloc(v, (n + 1) * sizeof(*v));
		if (!nv || !(nv[n] = strdup(de->d_name))) {
			v = nv ? nv : v;
			closedir(d);
			while (n)
				free(v[--n]);
			free(v);
			return -ENOMEM;
		}
		v = nv;
		n++;
	}
	closedir(d);
	*names = v;
	*count = n;
	return 0;
}

static void names_free(char **v, size_t n)
{
	while (n)
		free(v[--n]);
	free(v);
}

static bool names_has(char **v, size_t n, const char *s)
{
	while (n)
		if (strcmp(v[--n], s) == 0)
			return true;
	return false;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/*
 * A kernel without endpoint fds: RPMSG_CREATE_EPT_IOCTL makes an eptdev
 * below the control device; the new one (not there before, our name and
 * dst) is opened once its node is there.
 */
static int ctrl_make_node(struct rproc_ctx *ctx, int ctrl, const char *ctrl_path,
			  struct rpmsg_endpoint_info *info, int *fd, char **path)
{
	char **before = NULL, **after = NULL, *dir, *attr = NULL, *name = NULL;
	size_t nb = 0, na = 0, i;
	uint32_t dst;
	long end;
	int err;

	dir = node_sysdir(ctx, ctrl);
	if (!dir)
		return -ENOENT;
	err = eptdevs_snapshot(dir, &before, &nb);
	if (err < 0)
		goto free_dir;
	if (ioctl(ctrl, RPMSG_CREATE_EPT_IOCTL, info) < 0) {
		err = -errno;
		ERR(ctx, "%s: RPMSG_CREATE_EPT_IOCTL %s: %s", ctrl_path, info->name, strerror(-err));
		goto free_before;
	}
	err = eptdevs_snapshot(dir, &after, &na);
	if (err < 0)
		goto free_before;
	err = -ENOENT;
	for (i = 0; i < na && err == -ENOENT; i++) {
		if (names_has(before, nb, after[i]))
			continue;
		if (asprintf(&attr, "%s/%s/name", dir, after[i]) < 0) {
			err = -ENOMEM;
			break;
		}
		if (sysfs_read_line(attr, &name) == 0 && strcmp(name, info->name) == 0) {
			strcpy(strrchr(attr, '/') + 1, "dst");
			if (sysfs_read_u32(attr, &dst) == 0 && dst == info->dst)
				err = asprintf(path, "%s/%s", ctx->dev_root, after[i]) < 0 ? -ENOMEM : 0;
		}
		free(name);
		name = NULL;
		free(attr);
	}
	if (err < 0) {
		ERR(ctx, "%s: the endpoint device it made for %s is not in %s", ctrl_path,
		    info->name, dir);
		goto free_after;
	}
	/* devtmpfs makes the node as the device is added; udev may still chown it */
	end = now_ms() + NODE_WAIT_MS;
	while ((err = node_open(ctx, *path, fd)) == -ENOENT && now_ms() < end)
		usleep(10000);
	if (err < 0) {
		ERR(ctx, "%s: %s", *path, strerror(-err));
		free(*path);
		*path = NULL;
	}
free_after:
	names_free(after, na);
free_before:
	names_free(before, nb);
free_dir:
	free(dir);
	return err;
}

static int ept_make(struct rproc_processor *proc, const char *service, uint32_t dst,
		    unsigned int flags, struct rproc_ept **ept)
{
	struct rproc_ctx *ctx = proc->ctx;
	struct rpmsg_endpoint_fd_info fdi = { .src = RPMSG_ADDR_ANY, .dst = dst,
					      .flags = O_NONBLOCK | O_CLOEXEC };
	struct rpmsg_endpoint_info info = { .src = RPMSG_ADDR_ANY, .dst = dst };
	char *ctrl_path, *path = NULL;
	int ctrl, fd, err;

	err = ctrl_open(proc, &ctrl, &ctrl_path);
	if (err < 0) {
		ERR(ctx, "%s: no control device to make an endpoint for %s with: %s",
		    proc->name, service, strerror(-err));
		return err;
	}
	memcpy(fdi.name, service, strlen(service));
	memcpy(info.name, service, strlen(service));
	fd = ioctl(ctrl, RPMSG_CREATE_EPT_FD_IOCTL, &fdi);
	if (fd >= 0) {
		err = ept_new(ctx, fd, flags, NULL, ept);
		if (err < 0)
			close(fd);
		goto close_ctrl;
	}
	err = -errno;
	/* 6.1's rpmsg_ctrl answers an ioctl it does not know with -EINVAL */
	if (err != -EINVAL && err != -ENOTTY) {
		ERR(ctx, "%s: RPMSG_CREATE_EPT_FD_IOCTL %s@0x%x: %s", ctrl_path, service, dst,
		    strerror(-err));
		goto close_ctrl;
	}
	DBG(ctx, "%s: no endpoint fds (%s): through an endpoint device", ctrl_path,
	    strerror(-err));
	err = ctrl_make_node(ctx, ctrl, ctrl_path, &info, &fd, &path);
	if (err < 0)
		goto close_ctrl;
	err = ept_new(ctx, fd, flags, path, ept);
	if (err < 0) {
		ioctl(fd, RPMSG_DESTROY_EPT_IOCTL);
		close(fd);
	} else {
		(*ept)->destroy_on_close = true;
	}
	free(path);
close_ctrl:
	close(ctrl);
	free(ctrl_path);
	return err;
}

RPROC_EXPORT int rproc_ept_open(struct rproc_processor *proc, const char *service,
				uint32_t addr, unsigned int flags, struct rproc_ept **ept)
{
	struct rproc_service *svc = NULL;
	struct rproc_ctx *ctx;
	char *path = NULL, leaf[64];
	uint32_t dst = addr;
	bool busy = false;
	int fd, err;

	if (!proc || !service_name_valid(service) || !ept ||
	    (flags & ~(RPROC_EPT_CREATE | RPROC_EPT_NO_CREATE | RPROC_EPT_FRAGMENTS)) ||
	    (flags & RPROC_EPT_CREATE && flags & RPROC_EPT_NO_CREATE))
		return -EINVAL;
	ctx = proc->ctx;

	if (!(flags & RPROC_EPT_CREATE)) {
		/* 1. the udev rules' name */
		if (addr == RPROC_ADDR_ANY)
			snprintf(leaf, sizeof(leaf), "%s", service);
		else
			snprintf(leaf, sizeof(leaf), "%s@0x%x", service, addr);
		path = udev_path(proc, leaf);
		if (!path)
			return -ENOMEM;
		err = node_open(ctx, path, &fd);
		if (err == 0)
			goto found;
		busy = err == -EBUSY;
		if (err != -ENOENT && !busy) {
			ERR(ctx, "%s: %s", path, strerror(-err));
			goto free_path;
		}
		free(path);
		path = NULL;
	}

	/* 2. the listing: the channel's own device, and the address to make
	 * one for (not read to make one at a known address: creating and
	 * destroying endpoints is meant to be cheap) */
	if (!(flags & RPROC_EPT_CREATE) || addr == RPROC_ADDR_ANY) {
		err = service_find(proc, service, addr, &svc);
		if (err < 0 && err != -ENOENT)
			return err;
	}
	if (svc) {
		dst = svc->dst;
		if (!(flags & RPROC_EPT_CREATE) && !busy && channel_node(svc, &path) == 0) {
			err = node_open(ctx, path, &fd);
			if (err == 0)
				goto found;
			busy = err == -EBUSY;
			free(path);
			path = NULL;
		}
	}

	/* 3. make one */
	if (dst == RPROC_ADDR_ANY) {
		DBG(ctx, "%s: no service %s", proc->name, service);
		err = -ENOENT;
		goto unref_svc;
	}
	if (flags & RPROC_EPT_NO_CREATE) {
		err = busy ? -EBUSY : -ENOENT;
		goto unref_svc;
	}
	err = ept_make(proc, service, dst, flags & RPROC_EPT_FRAGMENTS, ept);
	goto unref_svc;

found:
	err = ept_new(ctx, fd, flags & RPROC_EPT_FRAGMENTS, path, ept);
	if (err < 0)
		close(fd);
unref_svc:
	rproc_service_unref(svc);
free_path:
	free(path);
	return err;
}
