// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rproc-loader: load a co-processor firmware from user space.
 *
 * Run by udev on the remoteproc "load" uevent (inputs from the environment)
 * or by hand with a firmware argument; see rproc-loader(8).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
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
#include "loader-plan.h"
#include "loader-plugin.h"

/* Exit codes, documented in rproc-loader(8). */
enum {
	EXIT_LOADED = 0,
	EXIT_REFUSED = 1,	/* the firmware or its load plan was refused */
	EXIT_USAGE = 2,		/* bad command line or uevent environment */
	EXIT_CONFIG = 3,	/* bad configuration */
	EXIT_NOFIRMWARE = 4,	/* firmware not found or unreadable */
	EXIT_PLUGIN = 5,	/* plugin missing, faulty or of another ABI */
	EXIT_BACKEND = 6,	/* memories could not be described, mapped or answered */
	EXIT_TIMEOUT = 7,	/* the load took longer than the configured timeout */
};

struct loader_args {
	const char *backend;
	const char *rproc;
	const char *firmware;
	const char *confdir;
	const char *plugindir;
	bool dry_run;
	int verbose;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: rproc-loader [OPTIONS] [FIRMWARE]\n"
		"Load a co-processor firmware from user space.\n"
		"\n"
		"Without FIRMWARE, the firmware and co-processor come from the uevent\n"
		"environment (ACTION, DEVPATH, RPROC_EVENT, RPROC_FIRMWARE, RPROC_COOKIE,\n"
		"RPROC_LOADER), as when udev runs it. FIRMWARE is a path when it contains\n"
		"a '/', else a name searched in the firmware path.\n"
		"\n"
		"  -b, --backend=SPEC    kernel (default) or dir:PATH\n"
		"  -r, --rproc=NAME      co-processor name used to select config sections\n"
		"  -n, --dry-run         check and print the load map, write nothing\n"
		"  -c, --confdir=DIR     configuration directory (default %s)\n"
		"  -p, --plugindir=DIR   loader plugin directory (default %s)\n"
		"  -v, --verbose         more messages (twice: debug)\n"
		"  -h, --help            this text\n"
		"  -V, --version         version\n"
		"\n"
		"Exit status: 0 loaded, 1 firmware refused, 2 usage, 3 configuration,\n"
		"4 firmware not found, 5 plugin, 6 backend, 7 timeout.\n"
		"See rproc-loader(8) and rproc-loader.conf(5).\n",
		CONFDIR, LOADERDIR);
}

static int parse_args(int argc, char **argv, struct loader_args *a)
{
	static const struct option opts[] = {
		{ "backend", required_argument, NULL, 'b' },
		{ "rproc", required_argument, NULL, 'r' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "confdir", required_argument, NULL, 'c' },
		{ "plugindir", required_argument, NULL, 'p' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ }
	};
	int c;

	opterr = 0;	/* reported here, through the one logging path */
	while ((c = getopt_long(argc, argv, ":b:r:nc:p:vhV", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (!loader_backend_spec_is_valid(optarg))
				return -EINVAL;
			a->backend = optarg;
			break;
		case 'r':
			if (!name_is_valid(optarg)) {
				ERR("--rproc '%.64s': expected 1-63 of A-Z a-z 0-9 _ . -", optarg);
				return -EINVAL;
			}
			a->rproc = optarg;
			break;
		case 'n':
			a->dry_run = true;
			break;
		case 'c':
			a->confdir = optarg;
			break;
		case 'p':
			a->plugindir = optarg;
			break;
		case 'v':
			a->verbose++;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_LOADED);
		case 'V':
			printf("rproc-loader %s (plugin ABI %d.%d.%d)\n", PACKAGE_VERSION,
			       RPROC_LOADER_ABI_MAJOR, RPROC_LOADER_ABI_MINOR,
			       RPROC_LOADER_ABI_PATCH);
			exit(EXIT_LOADED);
		case ':':
			if (strncmp(argv[optind - 1], "--", 2) == 0)
				ERR("option '%s' needs a value; see --help", argv[optind - 1]);
			else
				ERR("option '-%c' needs a value; see --help", optopt);
			return -EINVAL;
		default:
			if (strncmp(argv[optind - 1], "--", 2) == 0)
				ERR("unknown option '%s'; see --help", argv[optind - 1]);
			else
				ERR("unknown option '-%c'; see --help", optopt);
			return -EINVAL;
		}
	}
	if (optind + 1 < argc) {
		ERR("one FIRMWARE at most; see --help");
		return -EINVAL;
	}
	if (optind < argc)
		a->firmware = argv[optind];
	return 0;
}

static const char *env_get(const char *name)
{
	return getenv(name);
}

/* The backend to answer "timed out" through, while a load may still hang. */
static struct loader_backend *volatile timeout_backend;

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
				    fw->path, str_escape(interp, esc, sizeof(esc)));
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

static int run(const struct loader_args *a, const char *confdir,
	       const char *plugindir)
{
	struct loader_config *cfg = NULL;
	struct loader_event ev;
	struct loader_backend *backend = NULL;
	struct loader_firmware fw = { 0 };
	struct loader_selection sel = { 0 };
	struct loader_plugin *plugin = NULL;
	struct loader_plan plan;
	char plugin_name[LOADER_PLUGIN_NAME_MAX + 1];
	const char *firmware, *rproc, *fwname;
	char *fwpath = NULL;
	bool by_hand = a->firmware != NULL;
	uint64_t deadline_ms = 0;
	unsigned int n_err;
	int err, ret;

	err = loader_config_load(confdir, &cfg);
	if (err < 0)
		return EXIT_CONFIG;
	if (cfg->log_target >= 0)
		log_set_target((enum log_target)cfg->log_target);
	if (cfg->log_priority >= 0 && !a->verbose)
		log_set_priority(cfg->log_priority);
	if (!a->dry_run) {
		/* a helper that hangs holds the kernel's load: never */
		signal(SIGALRM, on_timeout);
		alarm(cfg->timeout);
		deadline_ms = loader_plan_clock_ms() + cfg->timeout * 1000ull;
	}

	if (by_hand) {
		firmware = a->firmware;
		memset(&ev, 0, sizeof(ev));
	} else {
		if (!loader_event_present(env_get)) {
			ERR("no FIRMWARE given and no uevent in the environment; see --help");
			ret = EXIT_USAGE;
			goto out;
		}
		err = loader_event_parse(&ev, env_get);
		if (err < 0) {
			ret = EXIT_USAGE;
			goto out;
		}
		firmware = ev.firmware;
	}

	err = loader_backend_new(a->backend ? a->backend : "kernel", ev.devpath, ev.cookie,
				 &backend);
	if (err < 0) {
		ret = EXIT_BACKEND;
		goto out;
	}
	if (!a->dry_run)
		timeout_answer_arm(backend);
	rproc = a->rproc ? a->rproc : backend->rproc;
	if (!name_is_valid(rproc)) {
		ERR("co-processor name '%.64s' (from the backend) is not 1-63 of A-Z a-z 0-9 _ . -: give one with --rproc",
		    rproc);
		ret = EXIT_USAGE;
		goto out;
	}

	err = firmware_resolve(cfg, firmware, by_hand, &fwpath);
	if (err < 0) {
		ret = err == -EINVAL ? EXIT_USAGE : EXIT_NOFIRMWARE;
		goto out;
	}
	err = loader_firmware_open(fwpath, &fw);
	if (err < 0) {
		ret = EXIT_NOFIRMWARE;
		goto out;
	}
	/* config [firmware GLOB] sections match the name, or a path's basename */
	fwname = strrchr(firmware, '/') ? strrchr(firmware, '/') + 1 : firmware;

	err = loader_config_select(cfg, rproc, fwname, &sel);
	if (err < 0) {
		ret = EXIT_CONFIG;
		goto out;
	}
	err = plugin_choose(cfg, &sel, ev.interp, &fw, plugin_name, sizeof(plugin_name));
	if (err < 0) {
		ret = EXIT_REFUSED;
		goto out;
	}
	err = loader_plugin_open(plugindir, plugin_name, &plugin);
	if (err < 0) {
		ret = EXIT_PLUGIN;
		goto out;
	}
	err = plugin_options_check(plugin, &sel);
	if (err < 0) {
		ret = EXIT_CONFIG;
		goto out;
	}

	loader_plan_init(&plan, plugin->name, &sel, backend->memories,
			 backend->n_memories, fw.data, fw.size, fwname, rproc);
	plan.backend = backend;
	plan.deadline_ms = deadline_ms;	/* the plugin's rproc_load_time_left_get() */
	n_err = log_get_error_count();
	err = plugin->desc->load(&plan.load);
	if (err < 0 && log_get_error_count() == n_err)
		ERR("%s: plugin %s refused it without saying why: %s", fw.path,
		    plugin->name, strerror(-err));
	if (!err)
		err = loader_plan_check(&plan);
	if (err < 0) {
		ERR("%s: refused, nothing written", fw.path);
		ret = EXIT_REFUSED;
		goto out_plan;
	}
	if (!a->dry_run) {
		err = backend->ops->open(backend);
		if (!err)
			err = loader_plan_write(&plan, backend);
		if (err < 0) {
			ret = EXIT_BACKEND;
			goto out_plan;
		}
		/* the answer below is the one: no "timed out" after it */
		timeout_backend = NULL;
		err = backend->ops->finish(backend, 0, plan.boot_addr, plan.rsc_da,
					   plan.rsc_size);
		if (err < 0) {
			ret = EXIT_BACKEND;
			goto out_plan;
		}
	}
	loader_plan_print(&plan, stdout);
	ret = EXIT_LOADED;

out_plan:
	if (plugin->desc->release)
		plugin->desc->release(&plan.load);
	loader_plan_release(&plan);
out:
	timeout_backend = NULL;
	if (ret != EXIT_LOADED && backend && !a->dry_run && ret != EXIT_BACKEND)
		backend->ops->finish(backend, err < 0 ? err : -EINVAL, 0, 0, 0);
	loader_plugin_close(plugin);
	loader_selection_release(&sel);
	loader_firmware_close(&fw);
	free(fwpath);
	loader_backend_free(backend);
	loader_config_free(cfg);
	return ret;
}

int main(int argc, char **argv)
{
	struct loader_args a = { 0 };
	const char *confdir, *plugindir;
	int ret;

	log_open("rproc-loader", LOG_TARGET_STDERR, LOG_WARNING);
	if (parse_args(argc, argv, &a) < 0)
		return EXIT_USAGE;
	if (a.verbose)
		log_set_priority(a.verbose > 1 ? LOG_DEBUG : LOG_INFO);

	/* secure_getenv: a set-uid or file-capability run never takes these */
	confdir = a.confdir ? a.confdir : secure_getenv("RPROC_LOADER_CONFDIR");
	if (!confdir)
		confdir = CONFDIR;
	plugindir = a.plugindir ? a.plugindir : secure_getenv("RPROC_LOADER_PLUGINDIR");
	if (!plugindir)
		plugindir = LOADERDIR;

	ret = run(&a, confdir, plugindir);
	if (fflush(stdout) != 0 && ret == EXIT_LOADED) {
		ERR("cannot write the load result: %s", strerror(errno));
		ret = EXIT_BACKEND;
	}
	log_close();
	return ret;
}
