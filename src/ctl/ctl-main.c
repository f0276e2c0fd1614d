// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rprocctl: remote processors and their rpmsg services from the command
 * line, on librproc (rprocctl(1)). list, status, start, stop, services,
 * ping; each with --json. main() maps every error to an exit code.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "log.h"
#include "strparse.h"

#define PROG "rprocctl"

static const char usage_text[] =
	"usage: " PROG " [OPTIONS] COMMAND [ARGS]\n"
	"\n"
	"  list                          the processors: device, name, state, firmware\n"
	"  status [RPROC]                one processor (or all) in detail, with services\n"
	"  start RPROC [FIRMWARE]        start it (with FIRMWARE: set it first)\n"
	"  stop RPROC                    stop it\n"
	"  services [RPROC]              the services the firmware announced\n"
	"  ping RPROC SERVICE            round trips through an echo service\n"
	"       [--count N] [--size N] [--timeout SEC]\n"
	"\n"
	"  --json        machine-readable output on stdout\n"
	"  --sysfs DIR   sysfs is at DIR (default /sys, $RPROC_SYSFS_ROOT)\n"
	"  --dev DIR     device nodes are in DIR (default /dev, $RPROC_DEV_ROOT)\n"
	"  -v            say more (repeat for debug)\n"
	"  -h, --help    this text\n"
	"\n"
	"RPROC is a processor's name (its name attribute) or its device (remoteprocN).\n"
	"Exit status: 0 done, 1 the operation failed, 2 usage, 3 not found,\n"
	"4 permission denied, 5 timed out, 6 system error (see rprocctl(1)).\n";

int ctl_exit_of(int err)
{
	switch (err < 0 ? -err : err) {
	case 0:
		return CTL_EXIT_OK;
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return CTL_EXIT_NOT_FOUND;
	case EACCES:
	case EPERM:
		return CTL_EXIT_DENIED;
	case ETIMEDOUT:
		return CTL_EXIT_TIMEOUT;
	case EBUSY:
	case EINVAL:
	case EBADMSG:
	case EPIPE:
		return CTL_EXIT_FAILED;
	default:
		return CTL_EXIT_SYSTEM;
	}
}

/* librproc's messages through the program's one log path */
static void ctl_lib_log(void *data, int priority, const char *file, int line,
			const char *fn, const char *format, va_list args)
{
	log_vprintf(priority, format, args);
}

static int proc_get(struct ctl *c, const char *name, struct rproc_processor **proc)
{
	int err = rproc_processor_new(c->ctx, name, proc);

	if (err == -ENOENT)
		ERR("%s: no such processor (in %s/class/remoteproc)", name,
		    rproc_ctx_get_sysfs_root(c->ctx));
	else if (err < 0)
		ERR("%s: %s", name, strerror(-err));
	return err;
}

/* the processors a command acts on: the one named, or all */
static int procs_get(struct ctl *c, const char *name, struct rproc_processor ***v, size_t *n)
{
	int err;

	if (!name) {
		err = rproc_processor_list(c->ctx, v, n);
		if (err < 0)
			ERR("%s/class/remoteproc: %s", rproc_ctx_get_sysfs_root(c->ctx),
			    strerror(-err));
		return err;
	}
	*v = calloc(1, sizeof(**v));
	if (!*v)
		return -ENOMEM;
	err = proc_get(c, name, &(*v)[0]);
	if (err < 0) {
		free(*v);
		return err;
	}
	*n = 1;
	return 0;
}

static void print_addr(FILE *f, uint32_t a, bool json)
{
	if (json)
		fprintf(f, a == RPROC_ADDR_ANY ? "null" : "%u", a);
	else if (a == RPROC_ADDR_ANY)
		fputs("-", f);
	else
		fprintf(f, "0x%x", a);
}

static int services_print(struct ctl *c, struct rproc_processor *p, const char *indent)
{
	struct rproc_service **s;
	size_t n, i;
	int err;

	err = rproc_service_list(p, &s, &n);
	if (err < 0) {
		ERR("%s: services: %s", rproc_processor_get_name(p), strerror(-err));
		return err;
	}
	if (c->json) {
		fputs("[", stdout);
		for (i = 0; i < n; i++) {
			fputs(i ? ", {" : "{", stdout);
			json_key(stdout, "name");
			json_string(stdout, rproc_service_get_name(s[i]));
			fputs(", ", stdout);
			json_key(stdout, "src");
			print_addr(stdout, rproc_service_get_src(s[i]), true);
			fputs(", ", stdout);
			json_key(stdout, "dst");
			print_addr(stdout, rproc_service_get_dst(s[i]), true);
			fputs(", ", stdout);
			json_key(stdout, "device");
			json_string(stdout, rproc_service_get_device(s[i]));
			fputs("}", stdout);
		}
		fputs("]", stdout);
	} else {
		for (i = 0; i < n; i++) {
			printf("%s%-24s src ", indent, rproc_service_get_name(s[i]));
			print_addr(stdout, rproc_service_get_src(s[i]), false);
			fputs(" dst ", stdout);
			print_addr(stdout, rproc_service_get_dst(s[i]), false);
			printf("  %s\n", rproc_service_get_device(s[i]));
		}
	}
	rproc_service_list_free(s, n);
	return 0;
}

/* list, status: one processor; with services for status */
static int proc_print(struct ctl *c, struct rproc_processor *p, bool detail)
{
	enum rproc_state st = RPROC_STATE_UNKNOWN;
	char *fw = NULL;
	int err;

	err = rproc_processor_get_state(p, &st);
	if (err == 0)
		err = rproc_processor_get_firmware(p, &fw);
	if (err < 0) {
		ERR("%s: %s", rproc_processor_get_name(p), strerror(-err));
		return err;
	}
	if (c->json) {
		fputs("{", stdout);
		json_key(stdout, "name");
		json_string(stdout, rproc_processor_get_name(p));
		fputs(", ", stdout);
		json_key(stdout, "device");
		json_string(stdout, rproc_processor_get_device(p));
		fputs(", ", stdout);
		json_key(stdout, "state");
		json_string(stdout, rproc_state_to_string(st));
		fputs(", ", stdout);
		json_key(stdout, "firmware");
		json_string(stdout, fw);
		if (detail) {
			fputs(", ", stdout);
			json_key(stdout, "services");
			err = services_print(c, p, "");
		}
		fputs("}", stdout);
	} else if (detail) {
		printf("%s (%s)\n  state: %s\n  firmware: %s\n  services:\n",
		       rproc_processor_get_name(p), rproc_processor_get_device(p),
		       rproc_state_to_string(st), fw);
		err = services_print(c, p, "    ");
	} else {
		printf("%-14s %-24s %-10s %s\n", rproc_processor_get_device(p),
		       rproc_processor_get_name(p), rproc_state_to_string(st), fw);
	}
	free(fw);
	return err;
}

static int cmd_list(struct ctl *c, const char *name, bool detail)
{
	struct rproc_processor **v;
	size_t n, i;
	int err, first = 0;

	err = procs_get(c, name, &v, &n);
	if (err < 0)
		return err;
	if (c->json && !name)
		fputs("[", stdout);
	for (i = 0; i < n; i++) {
		if (c->json && i)
			fputs(", ", stdout);
		err = proc_print(c, v[i], detail);
		if (err < 0 && !first)
			first = err;
	}
	if (c->json)
		fputs(name ? "\n" : "]\n", stdout);
	rproc_processor_list_free(v, n);
	return first;
}

static int cmd_services(struct ctl *c, const char *name)
{
	struct rproc_processor **v;
	size_t n, i;
	int err, first = 0;

	err = procs_get(c, name, &v, &n);
	if (err < 0)
		return err;
	if (c->json)
		fputs(name ? "" : "{", stdout);
	for (i = 0; i < n; i++) {
		if (c->json && !name) {
			fputs(i ? ", " : "", stdout);
			json_key(stdout, rproc_processor_get_name(v[i]));
		} else if (!c->json && !name) {
			printf("%s:\n", rproc_processor_get_name(v[i]));
		}
		err = services_print(c, v[i], name ? "" : "  ");
		if (err < 0) {
			if (c->json)
				fputs("null", stdout);
			if (!first)
				first = err;
		}
	}
	if (c->json)
		fputs(name ? "\n" : "}\n", stdout);
	rproc_processor_list_free(v, n);
	return first;
}

static int cmd_start_stop(struct ctl *c, const char *name, const char *fw, bool start)
{
	struct rproc_processor *p;
	enum rproc_state st = RPROC_STATE_UNKNOWN;
	int err;

	err = proc_get(c, name, &p);
	if (err < 0)
		return err;
	if (fw) {
		err = rproc_processor_set_firmware(p, fw);
		if (err < 0) {
			ERR("%s: firmware %s: %s", name, fw, strerror(-err));
			goto unref;
		}
	}
	err = start ? rproc_processor_start(p) : rproc_processor_stop(p);
	if (err < 0) {
		ERR("%s: %s: %s", name, start ? "start" : "stop", strerror(-err));
		goto unref;
	}
	rproc_processor_get_state(p, &st);
	if (c->json) {
		fputs("{", stdout);
		json_key(stdout, "name");
		json_string(stdout, rproc_processor_get_name(p));
		fputs(", ", stdout);
		json_key(stdout, "state");
		json_string(stdout, rproc_state_to_string(st));
		fputs("}\n", stdout);
	} else {
		printf("%s: %s\n", rproc_processor_get_name(p), rproc_state_to_string(st));
	}
unref:
	rproc_processor_unref(p);
	return err;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "sysfs", required_argument, NULL, 'S' },
		{ "dev", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "count", required_argument, NULL, 'c' },
		{ "size", required_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' },
		{ 0 }
	};
	const char *sysfs = NULL, *dev = NULL, *cmd;
	struct ctl c = { 0 };
	int opt, verbose = 0, err, nargs;
	bool ping_opts = false;
	uint64_t v;

	log_open(PROG, LOG_TARGET_STDERR, LOG_WARNING);
	c.count = 10;
	c.size = 64;
	c.timeout_ms = 1000;
	/* options anywhere: "rprocctl list --json" as "rprocctl --json list" */
	while ((opt = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			c.json = true;
			break;
		case 'S':
			sysfs = optarg;
			break;
		case 'D':
			dev = optarg;
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return CTL_EXIT_OK;
		case 'c':
			if (strparse_u64(optarg, &v) < 0 || v == 0 || v > 1000000) {
				ERR("--count %s: a number from 1 to 1000000", optarg);
				return CTL_EXIT_USAGE;
			}
			c.count = (unsigned int)v;
			ping_opts = true;
			break;
		case 's':
			/* up to what fragments allow: the MTU is checked at the endpoint */
			if (strparse_size(optarg, &v) < 0 || v == 0 || v > (1U << 20)) {
				ERR("--size %s: a number of bytes from 1 to 1M", optarg);
				return CTL_EXIT_USAGE;
			}
			c.size = (size_t)v;
			ping_opts = true;
			break;
		case 't':
			if (strparse_seconds_ms(optarg, &v) < 0 || v == 0 || v > 3600000) {
				ERR("--timeout %s: seconds, more than 0, up to 3600", optarg);
				return CTL_EXIT_USAGE;
			}
			c.timeout_ms = (int)v;
			ping_opts = true;
			break;
		default:
			fputs(usage_text, stderr);
			return CTL_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fputs(usage_text, stderr);
		return CTL_EXIT_USAGE;
	}
	cmd = argv[optind];
	if (ping_opts && strcmp(cmd, "ping") != 0) {
		ERR("%s: --count, --size and --timeout are ping's options", cmd);
		return CTL_EXIT_USAGE;
	}
	nargs = argc - optind - 1;
	log_priority_set(verbose ? (verbose > 1 ? LOG_DEBUG : LOG_INFO) : LOG_WARNING);
	err = rproc_ctx_new(sysfs, dev, &c.ctx);
	if (err < 0) {
		ERR("cannot set up librproc (sysfs %s, dev %s): %s", sysfs ? sysfs : "default",
		    dev ? dev : "default", strerror(-err));
		return err == -EINVAL ? CTL_EXIT_USAGE : CTL_EXIT_SYSTEM;
	}
	rproc_ctx_set_log_fn(c.ctx, ctl_lib_log, NULL);
	if (verbose)
		rproc_ctx_set_log_priority(c.ctx, verbose > 1 ? LOG_DEBUG : LOG_INFO);

	err = -EINVAL;
	if (strcmp(cmd, "list") == 0 && nargs == 0)
		err = cmd_list(&c, NULL, false);
	else if (strcmp(cmd, "status") == 0 && nargs <= 1)
		err = cmd_list(&c, nargs ? argv[optind + 1] : NULL, true);
	else if (strcmp(cmd, "start") == 0 && (nargs == 1 || nargs == 2))
		err = cmd_start_stop(&c, argv[optind + 1], nargs == 2 ? argv[optind + 2] : NULL,
				     true);
	else if (strcmp(cmd, "stop") == 0 && nargs == 1)
		err = cmd_start_stop(&c, argv[optind + 1], NULL, false);
	else if (strcmp(cmd, "services") == 0 && nargs <= 1)
		err = cmd_services(&c, nargs ? argv[optind + 1] : NULL);
	else if (strcmp(cmd, "ping") == 0 && nargs == 2)
		err = ctl_ping(&c, argv[optind + 1], argv[optind + 2]);
	else {
		ERR("%s: unknown command, or wrong arguments for it", cmd);
		fputs(usage_text, stderr);
		rproc_ctx_unref(c.ctx);
		return CTL_EXIT_USAGE;
	}
	rproc_ctx_unref(c.ctx);
	/* ping returns its exit code itself (a wrong echo is no errno) */
	if (strcmp(cmd, "ping") == 0)
		return err;
	return ctl_exit_of(err);
}
