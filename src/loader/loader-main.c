// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rproc-loader: load a co-processor firmware from user space.
 *
 * Run by udev on the remoteproc "load" uevent (inputs from the environment),
 * by hand with a firmware argument, or resident (--listen), taking the loads
 * from the kernel without udev; see rproc-loader(8).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "strparse.h"
#include "loader-backend.h"
#include "loader-listen.h"
#include "loader-load.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: rproc-loader [OPTIONS] [FIRMWARE]\n"
		"       rproc-loader --listen [-c DIR] [-p DIR] [-v]\n"
		"Load a co-processor firmware from user space.\n"
		"\n"
		"Without FIRMWARE, the firmware and co-processor come from the uevent\n"
		"environment (ACTION, DEVPATH, RPROC_EVENT, RPROC_FIRMWARE, RPROC_COOKIE,\n"
		"RPROC_LOADER), as when udev runs it. FIRMWARE is a path when it contains\n"
		"a '/', else a name searched in the firmware path.\n"
		"\n"
		"  -l, --listen          stay resident: serve every load the kernel offers\n"
		"                        (its \"serve\" group), one after another, until\n"
		"                        SIGTERM; udev's helper serves when none listens\n"
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
		"4 firmware not found, 5 plugin, 6 backend, 7 timeout. With --listen:\n"
		"0 after SIGTERM or SIGINT, 2 usage, 6 cannot listen, 7 a load timed out.\n"
		"See rproc-loader(8) and rproc-loader.conf(5).\n",
		CONFDIR, LOADERDIR);
}

static int parse_args(int argc, char **argv, struct loader_args *a)
{
	static const struct option opts[] = {
		{ "listen", no_argument, NULL, 'l' },
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
	while ((c = getopt_long(argc, argv, ":lb:r:nc:p:vhV", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			a->listen = true;
			break;
		case 'b':
			if (!loader_backend_spec_is_valid(optarg))
				return -EINVAL;
			a->backend = optarg;
			break;
		case 'r':
			if (!strparse_name_is_valid(optarg)) {
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
	/* a resident loader serves the kernel's loads, each as their uevent would */
	if (a->listen && (a->firmware || a->rproc || a->dry_run ||
			  (a->backend && strcmp(a->backend, "kernel") != 0))) {
		ERR("--listen takes no FIRMWARE, --rproc, --dry-run or --backend other than kernel; see --help");
		return -EINVAL;
	}
	return 0;
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
		log_priority_set(a.verbose > 1 ? LOG_DEBUG : LOG_INFO);

	/* secure_getenv: a set-uid or file-capability run never takes these */
	confdir = a.confdir ? a.confdir : secure_getenv("RPROC_LOADER_CONFDIR");
	if (!confdir)
		confdir = CONFDIR;
	plugindir = a.plugindir ? a.plugindir : secure_getenv("RPROC_LOADER_PLUGINDIR");
	if (!plugindir)
		plugindir = LOADERDIR;

	ret = a.listen ? loader_listen(&a, confdir, plugindir) :
	      loader_load(&a, confdir, plugindir, NULL, NULL);
	if (fflush(stdout) != 0 && ret == EXIT_LOADED) {
		ERR("cannot write the load result: %s", strerror(errno));
		ret = EXIT_BACKEND;
	}
	log_close();
	return ret;
}
