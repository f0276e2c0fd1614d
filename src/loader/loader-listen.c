// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rproc-loader --listen, the resident loader.
 *
 * The kernel sends each load's PENDING event to the members of the "serve"
 * group before its uevent; when one got it, there is no uevent, and udev
 * runs no helper. The listener claims the
 * load (the first claim wins: two listeners never both write one memory),
 * then serves it as the udev-run helper would, through loader_load(): the
 * same config (read again at each load, so an edit counts from the next
 * start), the same checks, one answer however it ends. What it saves is the
 * helper's fork, exec and dynamic linking, the plugins' dlopen() (they stay
 * loaded between loads, checked again at each, reloaded when changed) and a
 * netlink socket per load (its own serves every load). Nor is udev in the
 * way: a load offered to a listener has no uevent.
 *
 * Loads are served one after another, in the order their events come: one
 * process, one load at a time, as no plugin was written for two at once and
 * a load takes milliseconds. A load waiting behind another one still has its
 * whole load_timeout in the kernel. A load that overruns the configured
 * timeout is answered -ETIMEDOUT and ends the listener (exit 7), as a hung
 * plugin may hold anything; its service manager starts it again, and udev's
 * helper serves the loads in between. A plugin that crashes the listener
 * leaves its load to the kernel's load_timeout, as it would the helper.
 *
 * Signals: SIGTERM and SIGINT end the listener between loads (a load being
 * served is finished and answered first); SIGHUP closes the kept plugins.
 * They are blocked but while waiting for an event (ppoll()), so that no
 * system call of a load is interrupted.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/rproc_loader.h>

#include "log.h"
#include "loader-event.h"
#include "loader-listen.h"
#include "loader-load.h"
#include "loader-netlink.h"
#include "loader-plugin.h"

struct listener {
	const struct loader_args *a;
	const char *confdir, *plugindir;
	struct loader_netlink *serve;	/* member of "serve": the events */
	struct loader_netlink *ctl;	/* CLAIMs, and the answers it owes itself */
	struct loader_plugin_cache *plugins;
	int log_priority;		/* the command line's, again at each load */
	unsigned long served, failed;
	int ret;			/* EXIT_LOADED, or why the listener ends */
};

static volatile sig_atomic_t listen_stop, listen_flush;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		listen_flush = 1;
	else
		listen_stop = 1;
}

/* --- the event as the uevent it stands for ------------------------------------- */

static struct {
	char devpath[PATH_MAX];
	char firmware[256];
	char cookie[16];
	char loader[64];
} listen_env;

static const char *listen_env_get(const char *name)
{
	if (strcmp(name, "ACTION") == 0)
		return "change";
	if (strcmp(name, "RPROC_EVENT") == 0)
		return "load";
	if (strcmp(name, "DEVPATH") == 0)
		return listen_env.devpath;
	if (strcmp(name, "RPROC_FIRMWARE") == 0)
		return listen_env.firmware;
	if (strcmp(name, "RPROC_COOKIE") == 0)
		return listen_env.cookie;
	if (strcmp(name, "RPROC_LOADER") == 0)
		return listen_env.loader;
	return NULL;
}

int loader_listen_event(const struct loader_nl_event *nev, const char *devpath,
			struct loader_event *ev)
{
	if ((size_t)snprintf(listen_env.devpath, sizeof(listen_env.devpath), "%s", devpath) >=
	    sizeof(listen_env.devpath))
		return -ENAMETOOLONG;
	snprintf(listen_env.firmware, sizeof(listen_env.firmware), "%s", nev->firmware);
	snprintf(listen_env.cookie, sizeof(listen_env.cookie), "%u", nev->cookie);
	snprintf(listen_env.loader, sizeof(listen_env.loader), "%s", nev->loader);
	return loader_event_parse(ev, listen_env_get);
}

/* DEVPATH of remoteprocN, as its uevent has it: /sys/class's link, resolved */
static int listen_devpath(uint32_t index, char *devpath, size_t size)
{
	char link[64], real[PATH_MAX];

	snprintf(link, sizeof(link), "/sys/class/remoteproc/remoteproc%u", index);
	if (!realpath(link, real)) {
		int err = -errno;

		ERR("remoteproc%u: %s: %s", index, link, strerror(-err));
		return err == -ENOENT ? -ENODEV : err;
	}
	if (strncmp(real, "/sys/devices/", 13) != 0 ||
	    (size_t)snprintf(devpath, size, "%s", real + 4) >= size) {
		ERR("remoteproc%u: %s is %s, not under /sys/devices", index, link, real);
		return -ENODEV;
	}
	return 0;
}

/* --- one event ------------------------------------------------------------------ */

static void listen_serve(struct listener *ls, const struct loader_nl_event *nev)
{
	char devpath[PATH_MAX];
	struct loader_event ev;
	int err, ret;

	if (nev->event != RPROC_LOADER_EV_PENDING)
		return;
	err = loader_netlink_claim(ls->ctl, nev->index, nev->cookie);
	if (err == -EBUSY) {
		INF("remoteproc%u: load of %s (cookie %u) is another loader's", nev->index,
		    nev->firmware, nev->cookie);
		return;
	}
	if (err == -ENOENT || err == -ESTALE) {
		INF("remoteproc%u: load of %s (cookie %u) ended before it was claimed",
		    nev->index, nev->firmware, nev->cookie);
		return;
	}
	/*
	 * From here on the load is this listener's (a claim that failed
	 * otherwise may have been taken too): it gets an answer, whatever
	 * fails next.
	 */
	if (!err)
		err = listen_devpath(nev->index, devpath, sizeof(devpath));
	if (!err)
		err = loader_listen_event(nev, devpath, &ev);
	if (err < 0) {
		loader_netlink_load_done(ls->ctl, nev->index, nev->cookie, err, 0, 0, 0);
		ls->failed++;
		return;
	}
	INF("remoteproc%u: serving the load of %s (cookie %u)", nev->index, nev->firmware,
	    nev->cookie);
	/* what a load's config set (log target, priority) ends with it */
	log_target_set(LOG_TARGET_STDERR);
	log_priority_set(ls->log_priority);
	ret = loader_load(ls->a, ls->confdir, ls->plugindir, &ev,
			  &(struct loader_resident){ .plugins = ls->plugins, .nl = ls->ctl });
	fflush(stdout);
	log_target_set(LOG_TARGET_STDERR);
	log_priority_set(ls->log_priority);
	if (ret == EXIT_LOADED)
		ls->served++;
	else
		ls->failed++;
	INF("remoteproc%u: load of %s (cookie %u) served: exit status %d (%lu loaded, %lu failed so far)",
	    nev->index, nev->firmware, nev->cookie, ret, ls->served, ls->failed);
}

static void listen_event_cb(const struct loader_nl_event *nev, void *data)
{
	listen_serve(data, nev);
}

/* --- the service manager ------------------------------------------------------- */

/*
 * sd_notify(3)'s protocol, without libsystemd (one library less to load): a
 * datagram to $NOTIFY_SOCKET ('@': abstract), for Type=notify units and the
 * tests that wait for a listener to be ready.
 */
static void listen_notify(const char *state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *path = secure_getenv("NOTIFY_SOCKET");
	socklen_t len;
	int fd;

	if (!path || (path[0] != '/' && path[0] != '@') || strlen(path) >= sizeof(sa.sun_path))
		return;
	memcpy(sa.sun_path, path, strlen(path));
	if (path[0] == '@')
		sa.sun_path[0] = '\0';
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&sa, len) < 0)
		WRN("NOTIFY_SOCKET %s: %s", path, strerror(errno));
	close(fd);
}

/* --- the loop ------------------------------------------------------------------- */

static int listen_open(struct listener *ls)
{
	int err;

	err = loader_plugin_cache_new(&ls->plugins);
	if (err < 0)
		return err;
	err = loader_netlink_open(&ls->serve);
	if (!err)
		err = loader_netlink_serve_join(ls->serve);
	if (!err)
		err = loader_netlink_open(&ls->ctl);
	return err;
}

static void listen_close(struct listener *ls)
{
	loader_netlink_close(ls->ctl);
	loader_netlink_close(ls->serve);
	loader_plugin_cache_free(ls->plugins);
}

int loader_listen(const struct loader_args *a, const char *confdir, const char *plugindir)
{
	struct listener ls = {
		.a = a, .confdir = confdir, .plugindir = plugindir,
		.log_priority = a->verbose ? (a->verbose > 1 ? LOG_DEBUG : LOG_INFO) : LOG_WARNING,
	};
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block, wait_mask;
	struct pollfd pfd;
	int err;

	/* blocked but in ppoll(): a load's calls are never interrupted */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGTERM);
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGHUP);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* a reader of its output that went away (EPIPE) ends no listener */
	signal(SIGPIPE, SIG_IGN);

	err = listen_open(&ls);
	if (err < 0) {
		ERR("cannot listen for loads: %s", strerror(-err));
		listen_close(&ls);
		return EXIT_BACKEND;
	}
	INF("listening for loads (config %s, plugins %s)", confdir, plugindir);
	listen_notify("READY=1");

	pfd.fd = loader_netlink_get_fd(ls.serve);
	pfd.events = POLLIN;
	while (!listen_stop) {
		if (ppoll(&pfd, 1, NULL, &wait_mask) < 0 && errno != EINTR) {
			ERR("waiting for loads: %s", strerror(errno));
			ls.ret = EXIT_BACKEND;
			break;
		}
		if (listen_flush) {
			listen_flush = 0;
			loader_plugin_cache_flush(ls.plugins);
			INF("SIGHUP: kept plugins closed, loaded again at their next load");
		}
		if (listen_stop || !(pfd.revents & POLLIN))
			continue;
		err = loader_netlink_event_recv(ls.serve, listen_event_cb, &ls);
		/* not offered: the kernel gave those loads to udev's helper */
		if (err == -ENOBUFS)
			WRN("events lost for a full receive queue: udev's helper serves those loads");
		else if (err < 0) {
			ERR("receiving load events: %s", strerror(-err));
			ls.ret = EXIT_BACKEND;
			break;
		}
	}
	listen_notify("STOPPING=1");
	INF("listener ends: %lu loads loaded, %lu failed", ls.served, ls.failed);
	listen_close(&ls);
	return ls.ret;
}
