// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One load, from the uevent (or the command line, or a resident loader's
 * event) to the answer: config, firmware, plugin, plan, backend, and one way
 * out, load_answer(), however it ends.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "strparse.h"
#include "loader-backend.h"
#include "loader-config.h"
#include "loader-event.h"
#include "loader-firmware.h"
#include "loader-load.h"
#include "loader-plan.h"
#include "loader-plugin.h"

static const char *env_get(const char *name)
{
	return getenv(name);
}

/* The backend to answer "timed out" through, while a load may still hang. */
static struct loader_backend *volatile timeout_backend;
static uint64_t timeout_t0_ms;		/* loader_plan_clock_ms() at the start */
static uint64_t timeout_deadline_ms;	/* the plugins' time left ends there; 0: none */

static void on_timeout(int sig)
{
	static const char msg[] = "rproc-loader: error: load timed out\n";
	struct loader_backend *b = timeout_backend;

	/*
	 * async-signal-safe only: the answer put together beforehand (one
	 * sendto(), so that the kernel fails the start now rather than at its
	 * own load timeout), write() and _exit()
	 */
	if (b)
		b->ops->abort_send(b);
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(EXIT_TIMEOUT);
	_exit(EXIT_TIMEOUT);
}

/*
 * The timeout runs from the start of the load, before the first file is
 * read: a config, firmware or sysfs file on a hung file system cannot hold
 * the kernel's load. The default holds until the config says otherwise.
 */
static void timeout_start(void)
{
	timeout_t0_ms = loader_plan_clock_ms();
	timeout_deadline_ms = timeout_t0_ms + LOADER_TIMEOUT_DEFAULT * 1000ull;
	signal(SIGALRM, on_timeout);
	alarm(LOADER_TIMEOUT_DEFAULT);
}

/* seconds from the start of the load; past already, it fires now */
static void timeout_set(unsigned int seconds)
{
	uint64_t now = loader_plan_clock_ms();

	timeout_deadline_ms = timeout_t0_ms + seconds * 1000ull;
	if (now >= timeout_deadline_ms)
		raise(SIGALRM);
	else
		alarm((unsigned int)((timeout_deadline_ms - now + 999) / 1000));
}

/* From here on the timeout answers through b, if it can */
static void timeout_answer_arm(struct loader_backend *b)
{
	if (!b->ops->abort_prepare || !b->ops->abort_send)
		return;
	if (b->ops->abort_prepare(b, -ETIMEDOUT) < 0) {
		WRN("the timeout could not be made to answer the kernel: it will wait out its own");
		return;
	}
	timeout_backend = b;
}

/* The firmware the user or the event named: a path, or a name to search. */
static int firmware_resolve(const struct loader_config *cfg, const char *fw,
			    bool by_hand, char **path)
{
	struct utsname u;
	char **dirs = NULL;
	const char *why;
	int err;

	if (by_hand && strchr(fw, '/')) {
		*path = strdup(fw);
		return *path ? 0 : -ENOMEM;
	}
	why = loader_firmware_name_invalid(fw);
	if (why) {
		ERR("firmware name '%.64s': %s", fw, why);
		return -EINVAL;
	}
	if (cfg->firmware_path) {
		err = loader_firmware_dirs_split(cfg->firmware_path, &dirs);
	} else {
		uname(&u);
		err = loader_firmware_dirs_default("/sys", u.release, FIRMWAREPATH, &dirs);
	}
	if (err < 0)
		return err;
	err = loader_firmware_find(dirs, fw, path);
	loader_firmware_dirs_free(dirs);
	return err;
}

/* PT_INTERP, then the config, then the config's default_loader ("elf"). */
static int plugin_choose(const struct loader_config *cfg,
			 const struct loader_selection *sel, const char *event_interp,
			 const struct loader_firmware *fw, char *name, size_t len)
{
	char interp[256];
	const char *from;
	int err;

	if (event_interp) {
		from = "RPROC_LOADER";
		err = loader_plugin_name_from_interp(event_interp, name, len);
	} else {
		err = loader_firmware_interp(fw->data, fw->size, interp, sizeof(interp));
		if (err == -ENOEXEC)
			return -ENOEXEC;
		from = "PT_INTERP";
		if (!err) {
			err = loader_plugin_name_from_interp(interp, name, len);
			if (err < 0) {
				char esc[128];

				ERR("%s: PT_INTERP '%s' names no loader plugin",
				    fw->path, strparse_escape(interp, esc, sizeof(esc)));
				return -ENOEXEC;
			}
		}
	}
	if (err == -ENOENT) {
		if (sel->loader) {
			from = "config";
			snprintf(name, len, "%s", sel->loader->value);
			DBG("loader '%s' from %s:%u", name, sel->loader->file,
			    sel->loader->line);
		} else {
			from = "default_loader";
			snprintf(name, len, "%s", cfg->default_loader);
		}
		err = 0;
	}
	if (!err)
		INF("%s: loader plugin '%s' (from %s)", fw->path, name, from);
	return err;
}

/* Options the config gives this plugin must be options it knows. */
static int plugin_options_check(const struct loader_plugin *p,
				const struct loader_selection *sel)
{
	size_t plen = strlen(p->name), i;
	int err = 0;

	for (i = 0; i < sel->n_opts; i++) {
		const struct loader_setting *s = sel->opts[i];

		if (strncmp(s->key, p->name, plen) != 0 || s->key[plen] != '.')
			continue;
		if (!loader_plugin_has_option(p, s->key + plen + 1)) {
			ERR("%s:%u: %s = '%s': plugin '%s' has no option '%s'",
			    s->file, s->line, s->key, s->value, p->name,
			    s->key + plen + 1);
			err = -EINVAL;
		}
	}
	return err;
}

/*
 * One load, from the command line or the event to the answer: what it holds,
 * released by load_release(), and how it ended, answered by load_answer().
 */
struct load {
	const struct loader_args *a;
	const char *confdir, *plugindir;
	const struct loader_event *given;	/* a resident loader's event, checked */
	struct loader_plugin_cache *plugins;	/* plugins kept open, or NULL */
	struct loader_netlink *nl;		/* a resident loader's socket, or NULL */
	struct loader_event ev;
	struct loader_backend *backend;
	struct loader_config *cfg;
	const char *firmware, *fwname, *rproc;
	char *fwpath;
	struct loader_firmware fw;
	struct loader_selection sel;
	struct loader_plugin *plugin;
	struct loader_plan plan;
	bool planned;		/* plan initialised: the plugin releases it */
	int status;		/* 0, or the -errno that is the answer */
};

/* A step failed with err (a -errno; else -EINVAL): the answer, and the exit status */
static int load_fail(struct load *l, int err, int exit_status)
{
	l->status = err < 0 ? err : -EINVAL;
	return exit_status;
}

/* The event, or the command line; then the backend, which takes the answer. */
static int load_open(struct load *l)
{
	const struct loader_args *a = l->a;
	const char *devpath = NULL;
	uint32_t cookie = 0;
	int err;

	if (l->given) {
		l->ev = *l->given;
		devpath = l->ev.devpath;
		cookie = l->ev.cookie;
		l->firmware = l->ev.firmware;
	} else if (a->firmware) {
		l->firmware = a->firmware;
	} else {
		if (!loader_event_present(env_get)) {
			ERR("no FIRMWARE given and no uevent in the environment; see --help");
			return load_fail(l, -EINVAL, EXIT_USAGE);
		}
		err = loader_event_parse(&l->ev, env_get);
		/* from here on the event names a load: it is answered, even a bad one */
		devpath = l->ev.devpath;
		cookie = l->ev.cookie;
		if (err < 0 && !devpath)
			return load_fail(l, err, EXIT_USAGE);
		l->firmware = l->ev.firmware;
		if (err < 0) {
			/* a backend to answer through: not the directory one's files */
			if (!a->backend || strcmp(a->backend, "kernel") == 0)
				loader_backend_new("kernel", devpath, cookie, l->nl,
						   &l->backend);
			return load_fail(l, err, EXIT_USAGE);
		}
	}

	err = loader_backend_new(a->backend ? a->backend : "kernel", devpath, cookie, l->nl,
				 &l->backend);
	if (err < 0) {
		/* a backend that cannot be made answered what it could itself */
		l->backend = NULL;
		return load_fail(l, err, EXIT_BACKEND);
	}
	if (!a->dry_run)
		timeout_answer_arm(l->backend);
	return EXIT_LOADED;
}

/* The config, read once the load can be answered whatever it holds */
static int load_config(struct load *l)
{
	const struct loader_args *a = l->a;
	int err;

	err = loader_config_load(l->confdir, &l->cfg);
	if (err < 0)
		return load_fail(l, err, EXIT_CONFIG);
	if (l->cfg->log_target >= 0)
		log_target_set((enum log_target)l->cfg->log_target);
	if (l->cfg->log_priority >= 0 && !a->verbose)
		log_priority_set(l->cfg->log_priority);
	if (!a->dry_run)
		timeout_set(l->cfg->timeout);

	l->rproc = a->rproc ? a->rproc : l->backend->rproc;
	if (!strparse_name_is_valid(l->rproc)) {
		ERR("co-processor name '%.64s' (from the backend) is not 1-63 of A-Z a-z 0-9 _ . -: give one with --rproc",
		    l->rproc);
		return load_fail(l, -EINVAL, EXIT_USAGE);
	}
	return EXIT_LOADED;
}

/* The firmware, its config, its plugin; the plugin's plan, checked */
static int load_plan(struct load *l)
{
	char plugin_name[LOADER_PLUGIN_NAME_MAX + 1];
	unsigned int n_err;
	int err;

	err = firmware_resolve(l->cfg, l->firmware, l->a->firmware != NULL, &l->fwpath);
	if (err < 0)
		return load_fail(l, err, err == -EINVAL ? EXIT_USAGE : EXIT_NOFIRMWARE);
	err = loader_firmware_open(l->fwpath, &l->fw);
	if (err < 0)
		return load_fail(l, err, EXIT_NOFIRMWARE);
	/* for a backend that records what was loaded (dir: loaded.ini) */
	l->backend->firmware = &l->fw;
	/* config [firmware GLOB] sections match the name, or a path's basename */
	l->fwname = strrchr(l->firmware, '/') ? strrchr(l->firmware, '/') + 1 : l->firmware;

	err = loader_config_select(l->cfg, l->rproc, l->fwname, &l->sel);
	if (err < 0)
		return load_fail(l, err, EXIT_CONFIG);
	err = plugin_choose(l->cfg, &l->sel, l->ev.interp, &l->fw, plugin_name,
			    sizeof(plugin_name));
	if (err < 0)
		return load_fail(l, err, EXIT_REFUSED);
	err = l->plugins ? loader_plugin_cache_open(l->plugins, l->plugindir, plugin_name,
						    &l->plugin) :
	      loader_plugin_open(l->plugindir, plugin_name, &l->plugin);
	if (err < 0)
		return load_fail(l, err, EXIT_PLUGIN);
	err = plugin_options_check(l->plugin, &l->sel);
	if (err < 0)
		return load_fail(l, err, EXIT_CONFIG);

	loader_plan_init(&l->plan, l->plugin->name, &l->sel, l->backend->memories,
			 l->backend->n_memories, l->fw.data, l->fw.size, l->fwname, l->rproc);
	l->plan.backend = l->backend;
	l->plan.deadline_ms = timeout_deadline_ms;	/* the plugin's rproc_load_time_left_get() */
	l->planned = true;
	n_err = log_error_count_get();
	err = l->plugin->desc->load(&l->plan.load);
	if (err < 0 && log_error_count_get() == n_err)
		ERR("%s: plugin %s refused it without saying why: %s", l->fw.path,
		    l->plugin->name, strerror(-err));
	if (!err)
		err = loader_plan_check(&l->plan);
	if (err < 0) {
		ERR("%s: refused, nothing written", l->fw.path);
		return load_fail(l, err, EXIT_REFUSED);
	}
	return EXIT_LOADED;
}

/* The steps, in order, up to the first that fails; the answer is not theirs */
static int load_steps(struct load *l)
{
	int ret, err;

	ret = load_open(l);
	if (ret != EXIT_LOADED)
		return ret;
	ret = load_config(l);
	if (ret != EXIT_LOADED)
		return ret;
	ret = load_plan(l);
	if (ret != EXIT_LOADED || l->a->dry_run)
		return ret;
	err = l->backend->ops->open(l->backend);
	if (!err)
		err = loader_plan_write(&l->plan, l->backend);
	if (err < 0)
		return load_fail(l, err, EXIT_BACKEND);
	return EXIT_LOADED;
}

/*
 * However the load ended, the backend is told (the kernel fails the start
 * now instead of at its load timeout): the plan of a load that went through,
 * else the failure's errno. Not in a dry run, which answers nobody.
 */
static int load_answer(struct load *l, int ret)
{
	int err;

	if (!l->backend || l->a->dry_run)
		return ret;
	/* the answer below is the one: no "timed out" after it */
	timeout_backend = NULL;
	if (ret == EXIT_LOADED)
		err = l->backend->ops->finish(l->backend, 0, l->plan.boot_addr,
					      l->plan.rsc_da, l->plan.rsc_size);
	else
		err = l->backend->ops->finish(l->backend, l->status, 0, 0, 0);
	if (err < 0 && ret == EXIT_LOADED)
		ret = EXIT_BACKEND;
	return ret;
}

static void load_release(struct load *l)
{
	if (l->planned) {
		if (l->plugin->desc->release)
			l->plugin->desc->release(&l->plan.load);
		loader_plan_release(&l->plan);
	}
	/* a kept plugin stays open for the next load */
	if (!l->plugins)
		loader_plugin_close(l->plugin);
	loader_selection_release(&l->sel);
	loader_firmware_close(&l->fw);
	free(l->fwpath);
	loader_config_free(l->cfg);
	loader_backend_free(l->backend);
}

/* One way out: every load that can be answered is, however it ends. */
int loader_load(const struct loader_args *a, const char *confdir, const char *plugindir,
		const struct loader_event *ev, const struct loader_resident *res)
{
	struct load l = {
		.a = a, .confdir = confdir, .plugindir = plugindir, .given = ev,
		.plugins = res ? res->plugins : NULL, .nl = res ? res->nl : NULL,
	};
	int ret;

	if (!a->dry_run)
		timeout_start();
	ret = load_steps(&l);
	ret = load_answer(&l, ret);
	/* answered: no timeout after it (a resident loader lives on) */
	if (!a->dry_run)
		alarm(0);
	if (ret == EXIT_LOADED)
		loader_plan_print(&l.plan, stdout);
	load_release(&l);
	return ret;
}

