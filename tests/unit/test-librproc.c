// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * librproc against a fake sysfs and /dev built here: processors (names,
 * states, firmware, sorted by device number), the services listing
 * (links to rpmsg devices), endpoints found by the udev name or below the
 * channel, the context's paths and their environment overrides.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rproc/rproc.h>

#include "unit.h"

static char *top, *sys, *dev;

static void mkdirs(const char *rel)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/%s'", top, rel);
	ck_assert_int_eq(system(cmd), 0);
}

static void put(const char *rel, const char *text)
{
	unit_write(top, rel, text);
}

static void link_to(const char *target, const char *rel)
{
	char p[8192];

	snprintf(p, sizeof(p), "%s/%s", top, rel);
	ck_assert_msg(symlink(target, p) == 0, "symlink %s", p);
}

/* a processor as sysfs has it: the class link to its device directory */
static void fake_proc(int n, const char *name, const char *state, const char *fw)
{
	char d[512], rel[600], target[700];

	snprintf(d, sizeof(d), "sys/devices/platform/%s/remoteproc/remoteproc%d", name, n);
	mkdirs(d);
	snprintf(rel, sizeof(rel), "%s/name", d);
	put(rel, name);
	snprintf(rel, sizeof(rel), "%s/state", d);
	snprintf(target, sizeof(target), "%s\n", state);
	put(rel, target);
	snprintf(rel, sizeof(rel), "%s/firmware", d);
	snprintf(target, sizeof(target), "%s\n", fw);
	put(rel, target);
	snprintf(rel, sizeof(rel), "%s/services", d);
	mkdirs(rel);
	snprintf(rel, sizeof(rel), "sys/class/remoteproc/remoteproc%d", n);
	snprintf(target, sizeof(target), "../../devices/platform/%s/remoteproc/remoteproc%d", name, n);
	link_to(target, rel);
}

/* a channel of remoteproc0 (rproc_sim.0): its rpmsg device and listing link */
static void fake_channel(const char *name, unsigned int dst, const char *eptdev)
{
	char d[512], rel[700], v[64];

	snprintf(d, sizeof(d), "sys/devices/platform/rproc_sim.0/remoteproc/remoteproc0/"
		 "remoteproc0#vdev0buffer/virtio0/virtio0.%s.-1.%u", name, dst);
	mkdirs(d);
	snprintf(rel, sizeof(rel), "%s/name", d);
	snprintf(v, sizeof(v), "%s\n", name);
	put(rel, v);
	snprintf(rel, sizeof(rel), "%s/src", d);
	put(rel, "0xffffffff\n");
	snprintf(rel, sizeof(rel), "%s/dst", d);
	snprintf(v, sizeof(v), "0x%x\n", dst);
	put(rel, v);
	snprintf(rel, sizeof(rel), "%s/remoteproc", d);
	put(rel, "remoteproc0\n");
	mkdirs("sys/bus/rpmsg/devices");
	snprintf(rel, sizeof(rel), "sys/bus/rpmsg/devices/virtio0.%s.-1.%u", name, dst);
	{
		char target[800];

		snprintf(target, sizeof(target), "%s/%s", top, d);
		link_to(target, rel);
		snprintf(rel, sizeof(rel),
			 "sys/devices/platform/rproc_sim.0/remoteproc/remoteproc0/services/%s@0x%x",
			 name, dst);
		link_to(target, rel);
	}
	if (eptdev) {
		snprintf(rel, sizeof(rel), "%s/rpmsg/%s", d, eptdev);
		mkdirs(rel);
	}
}

static void fake_fifo(const char *rel)
{
	char p[8192];

	snprintf(p, sizeof(p), "%s/%s", top, rel);
	ck_assert_int_eq(mkfifo(p, 0600), 0);
}

static struct rproc_ctx *ctx_new(void)
{
	struct rproc_ctx *ctx;

	ck_assert_int_eq(rproc_ctx_new(sys, dev, &ctx), 0);
	return ctx;
}

static void setup(void)
{
	top = unit_tmpdir();
	ck_assert_int_ge(asprintf(&sys, "%s/sys", top), 0);
	ck_assert_int_ge(asprintf(&dev, "%s/dev", top), 0);
	mkdirs("sys/class/remoteproc");
	mkdirs("dev/rpmsg/rproc_sim.0");
	fake_proc(0, "rproc_sim.0", "running", "rproc-tools/arm/svc-interp.elf");
	fake_proc(10, "dsp", "crashed", "dsp.elf");
	fake_proc(2, "rproc_sim-ext-0000.00.04.0", "offline", "rproc-tools/arm/hello.elf");
	fake_channel("rpmsg-echo", 0x400, "rpmsg0");
	fake_channel("rpmsg-ctl", 0x401, "rpmsg1");
	fake_channel("rpmsg-echo", 0x404, NULL);
	fake_fifo("dev/rpmsg0");
	fake_fifo("dev/rpmsg1");
	link_to("../../rpmsg0", "dev/rpmsg/rproc_sim.0/rpmsg-echo");
	link_to("../../rpmsg0", "dev/rpmsg/rproc_sim.0/rpmsg-echo@0x400");
}

static void teardown(void)
{
	unit_rmtree(top);
	free(top);
	free(sys);
	free(dev);
}

START_TEST(ctx_paths)
{
	struct rproc_ctx *ctx;

	ck_assert_int_eq(rproc_ctx_new("/x/sys//", "/x/dev", &ctx), 0);
	ck_assert_str_eq(rproc_ctx_get_sysfs_root(ctx), "/x/sys");
	ck_assert_str_eq(rproc_ctx_get_dev_root(ctx), "/x/dev");
	ck_assert_ptr_eq(rproc_ctx_ref(ctx), ctx);
	ck_assert_ptr_null(rproc_ctx_unref(ctx));
	/* still alive: one reference left */
	ck_assert_str_eq(rproc_ctx_get_sysfs_root(ctx), "/x/sys");
	ck_assert_ptr_null(rproc_ctx_unref(ctx));

	setenv("RPROC_SYSFS_ROOT", "/env/sys", 1);
	setenv("RPROC_DEV_ROOT", "/env/dev", 1);
	ck_assert_int_eq(rproc_ctx_new(NULL, NULL, &ctx), 0);
	ck_assert_str_eq(rproc_ctx_get_sysfs_root(ctx), "/env/sys");
	ck_assert_str_eq(rproc_ctx_get_dev_root(ctx), "/env/dev");
	rproc_ctx_unref(ctx);
	/* the caller's paths win over the environment */
	ck_assert_int_eq(rproc_ctx_new("/a", "/b", &ctx), 0);
	ck_assert_str_eq(rproc_ctx_get_sysfs_root(ctx), "/a");
	rproc_ctx_unref(ctx);
	unsetenv("RPROC_SYSFS_ROOT");
	unsetenv("RPROC_DEV_ROOT");
	ck_assert_int_eq(rproc_ctx_new(NULL, NULL, &ctx), 0);
	ck_assert_str_eq(rproc_ctx_get_sysfs_root(ctx), "/sys");
	ck_assert_str_eq(rproc_ctx_get_dev_root(ctx), "/dev");
	rproc_ctx_unref(ctx);
	/* relative roots are refused: every lookup would depend on the cwd */
	ck_assert_int_eq(rproc_ctx_new("sys", NULL, &ctx), -EINVAL);
}
END_TEST

START_TEST(processors_listed)
{
	struct rproc_ctx *ctx = ctx_new();
	struct rproc_processor **v;
	size_t n;

	ck_assert_int_eq(rproc_processor_list(ctx, &v, &n), 0);
	ck_assert_uint_eq(n, 3);
	/* by device number: remoteproc2 before remoteproc10 */
	ck_assert_str_eq(rproc_processor_get_device(v[0]), "remoteproc0");
	ck_assert_str_eq(rproc_processor_get_device(v[1]), "remoteproc2");
	ck_assert_str_eq(rproc_processor_get_device(v[2]), "remoteproc10");
	ck_assert_str_eq(rproc_processor_get_name(v[0]), "rproc_sim.0");
	ck_assert_str_eq(rproc_processor_get_name(v[2]), "dsp");
	rproc_processor_list_free(v, n);
	rproc_ctx_unref(ctx);
}
END_TEST

START_TEST(processors_none)
{
	struct rproc_processor **v;
	struct rproc_ctx *ctx;
	size_t n = 42;

	/* no remoteproc class at all (a kernel without it): no processors */
	ck_assert_int_eq(rproc_ctx_new(dev, dev, &ctx), 0);
	ck_assert_int_eq(rproc_processor_list(ctx, &v, &n), 0);
	ck_assert_uint_eq(n, 0);
	rproc_processor_list_free(v, n);
	rproc_ctx_unref(ctx);
}
END_TEST

START_TEST(processor_by_name)
{
	struct rproc_ctx *ctx = ctx_new();
	struct rproc_processor *p, *q;
	enum rproc_state st;
	char *fw, path[4096], buf[64] = "";
	int fd;

	ck_assert_int_eq(rproc_processor_new(ctx, "rproc_sim.0", &p), 0);
	ck_assert_str_eq(rproc_processor_get_device(p), "remoteproc0");
	ck_assert_int_eq(rproc_processor_get_state(p, &st), 0);
	ck_assert_int_eq(st, RPROC_STATE_RUNNING);
	ck_assert_str_eq(rproc_state_to_string(st), "running");
	ck_assert_int_eq(rproc_processor_get_firmware(p, &fw), 0);
	ck_assert_str_eq(fw, "rproc-tools/arm/svc-interp.elf");
	free(fw);
	/* by device name too */
	ck_assert_int_eq(rproc_processor_new(ctx, "remoteproc10", &q), 0);
	ck_assert_str_eq(rproc_processor_get_name(q), "dsp");
	ck_assert_int_eq(rproc_processor_get_state(q, &st), 0);
	ck_assert_int_eq(st, RPROC_STATE_CRASHED);
	rproc_processor_unref(q);
	ck_assert_int_eq(rproc_processor_new(ctx, "nosuch", &q), -ENOENT);
	ck_assert_int_eq(rproc_processor_new(ctx, "remoteproc7", &q), -ENOENT);
	ck_assert_int_eq(rproc_processor_new(ctx, "../x", &q), -EINVAL);
	ck_assert_int_eq(rproc_processor_new(ctx, "", &q), -EINVAL);

	/* start, stop and the firmware are writes of the attributes */
	ck_assert_int_eq(rproc_processor_set_firmware(p, "other.elf"), 0);
	ck_assert_int_eq(rproc_processor_start(p), 0);
	snprintf(path, sizeof(path), "%s/class/remoteproc/remoteproc0/state", sys);
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, buf, sizeof(buf) - 1), 5);
	close(fd);
	ck_assert_str_eq(buf, "start");
	ck_assert_int_eq(rproc_processor_get_firmware(p, &fw), 0);
	ck_assert_str_eq(fw, "other.elf");
	free(fw);
	ck_assert_int_eq(rproc_processor_set_firmware(p, "a\nb"), -EINVAL);
	/* the processor keeps its context: unref'd first, still usable */
	rproc_ctx_unref(ctx);
	ck_assert_int_eq(rproc_processor_stop(p), 0);
	ck_assert_int_eq(rproc_processor_get_state(p, &st), 0);
	/* "stop" is no state name */
	ck_assert_int_eq(st, RPROC_STATE_UNKNOWN);
	rproc_processor_unref(p);
}
END_TEST

START_TEST(services_listed)
{
	struct rproc_ctx *ctx = ctx_new();
	struct rproc_processor *p;
	struct rproc_service **s;
	size_t n;

	ck_assert_int_eq(rproc_processor_new(ctx, "rproc_sim.0", &p), 0);
	ck_assert_int_eq(rproc_service_list(p, &s, &n), 0);
	ck_assert_uint_eq(n, 3);
	/* by name, then address */
	ck_assert_str_eq(rproc_service_get_name(s[0]), "rpmsg-ctl");
	ck_assert_uint_eq(rproc_service_get_dst(s[0]), 0x401);
	ck_assert_str_eq(rproc_service_get_name(s[1]), "rpmsg-echo");
	ck_assert_uint_eq(rproc_service_get_dst(s[1]), 0x400);
	ck_assert_uint_eq(rproc_service_get_src(s[1]), RPROC_ADDR_ANY);
	ck_assert_str_eq(rproc_service_get_device(s[1]), "virtio0.rpmsg-echo.-1.1024");
	ck_assert_ptr_eq(rproc_service_get_processor(s[1]), p);
	ck_assert_uint_eq(rproc_service_get_dst(s[2]), 0x404);
	rproc_service_list_free(s, n);
	rproc_processor_unref(p);

	/* no firmware announced anything: an empty listing */
	ck_assert_int_eq(rproc_processor_new(ctx, "dsp", &p), 0);
	ck_assert_int_eq(rproc_service_list(p, &s, &n), 0);
	ck_assert_uint_eq(n, 0);
	rproc_service_list_free(s, n);
	rproc_processor_unref(p);
	rproc_ctx_unref(ctx);
}
END_TEST

START_TEST(services_no_listing)
{
	struct rproc_ctx *ctx = ctx_new();
	struct rproc_processor *p;
	struct rproc_service **s;
	char d[4096];
	size_t n;

	/* a kernel without the listing says so, not "no services" */
	snprintf(d, sizeof(d), "%s/class/remoteproc/remoteproc10/services", sys);
	ck_assert_int_eq(rmdir(d), 0);
	ck_assert_int_eq(rproc_processor_new(ctx, "dsp", &p), 0);
	ck_assert_int_eq(rproc_service_list(p, &s, &n), -EOPNOTSUPP);
	rproc_processor_unref(p);
	rproc_ctx_unref(ctx);
}
END_TEST

/* what was written into the endpoint comes out of the fifo behind it */
static void assert_reaches(struct rproc_ept *e, const char *fifo)
{
	char p[4096], buf[16] = "";
	int fd;

	snprintf(p, sizeof(p), "%s/%s", dev, fifo);
	fd = open(p, O_RDONLY | O_NONBLOCK);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(rproc_ept_send(e, "ping", 4, 1000), 0);
	ck_assert_int_eq(read(fd, buf, sizeof(buf)), 4);
	ck_assert_str_eq(buf, "ping");
	close(fd);
}

START_TEST(ept_found_by_udev_name)
{
	struct rproc_ctx *ctx = ctx_new();
	struct rproc_processor *p;
	struct rproc_ept *e;
	char want[4096];

	ck_assert_int_eq(rproc_processor_new(ctx, "rproc_sim.0", &p), 0);
	ck_assert_int_eq(rproc_ept_open(p, "rpmsg-echo", RPROC_ADDR_ANY, 0, &e), 0);
	snprintf(want, sizeof(want), "%s/rpmsg/rproc_sim.0/rpmsg-echo", dev);
	ck_assert_str_eq(rproc_ept_get_path(e), want);
	/* no MTU ioctl on a fifo: virtio's fixed payload */
	ck_assert_uint_eq(rproc_ept_get_mtu(e), 496);
	ck_assert_uint_eq(rproc_ept_get_max_message(e), 496);
	assert_reaches(e, "rpmsg0");
	rproc_ept_unref(e);

	/* with an address: the <service>@0x<addr> name */
	ck_assert_int_eq(rproc_ept_open(p, "rpmsg-echo", 0x400, RPROC_EPT_NO_CREATE, &e), 0);
	snprintf(want, sizeof(want), "%s/rpmsg/rproc_sim.0/rpmsg-echo@0x400", dev);
	ck_assert_str_eq(rproc_ept_get_path(e), want);
	rproc_ept_unref(e);
	rproc_processor_unref(p);
	rproc_ctx_unref(ctx);
}
END_TEST

START_TEST(ept_found_below_channel)
{
	struct rproc_ctx *ctx = ctx_new();
	struct rproc_processor *p;
	struct rproc_ept *e;
	char want[4096];

	/* rpmsg-ctl has no udev name: its channel's eptdev, rpmsg1 */
	ck_assert_int_eq(rproc_processor_new(ctx, "rproc_sim.0", &p), 0);
	ck_assert_int_eq(rproc_ept_open(p, "rpmsg-ctl", RPROC_ADDR_ANY, RPROC_EPT_NO_CREATE, &e), 0);
	snprintf(want, sizeof(want), "%s/rpmsg1", dev);
	ck_assert_str_eq(rproc_ept_get_path(e), want);
	assert_reaches(e, "rpmsg1");
	rproc_ept_unref(e);
	rproc_processor_unref(p);
	rproc_ctx_unref(ctx);
}
END_TEST

START_TEST(ept_not_found)
{
	struct rproc_ctx *ctx = ctx_new();
	struct rproc_processor *p;
	struct rproc_ept *e;

	ck_assert_int_eq(rproc_processor_new(ctx, "rproc_sim.0", &p), 0);
	/* not announced, no address to make one for */
	ck_assert_int_eq(rproc_ept_open(p, "rpmsg-nope", RPROC_ADDR_ANY, 0, &e), -ENOENT);
	/* the second rpmsg-echo has no device, and none may be made */
	ck_assert_int_eq(rproc_ept_open(p, "rpmsg-echo", 0x404, RPROC_EPT_NO_CREATE, &e), -ENOENT);
	/* it may be made, but there is no control device */
	ck_assert_int_eq(rproc_ept_open(p, "rpmsg-echo", 0x404, 0, &e), -ENOENT);
	ck_assert_int_eq(rproc_ept_open(p, "rpmsg-echo", 0x400, RPROC_EPT_CREATE, &e), -ENOENT);
	/* names rpmsg cannot carry, or that are no path component */
	ck_assert_int_eq(rproc_ept_open(p, "", RPROC_ADDR_ANY, 0, &e), -EINVAL);
	ck_assert_int_eq(rproc_ept_open(p, "..", RPROC_ADDR_ANY, 0, &e), -EINVAL);
	ck_assert_int_eq(rproc_ept_open(p, "a/b", RPROC_ADDR_ANY, 0, &e), -EINVAL);
	ck_assert_int_eq(rproc_ept_open(p, "0123456789012345678901234567890123", RPROC_ADDR_ANY,
					0, &e), -EINVAL);
	ck_assert_int_eq(rproc_ept_open(p, "rpmsg-echo", RPROC_ADDR_ANY,
					RPROC_EPT_CREATE | RPROC_EPT_NO_CREATE, &e), -EINVAL);
	ck_assert_int_eq(rproc_ept_open(p, "rpmsg-echo", RPROC_ADDR_ANY, 1U << 20, &e), -EINVAL);
	rproc_processor_unref(p);
	rproc_ctx_unref(ctx);
}
END_TEST

static int log_calls;

static void count_log(void *data, int priority, const char *file, int line, const char *fn,
		      const char *format, va_list args)
{
	(*(int *)data)++;
}

START_TEST(log_fn_and_priority)
{
	struct rproc_ctx *ctx = ctx_new();
	struct rproc_processor *p;

	rproc_ctx_set_log_fn(ctx, count_log, &log_calls);
	rproc_ctx_set_log_priority(ctx, LOG_DEBUG);
	ck_assert_int_eq(rproc_ctx_get_log_priority(ctx), LOG_DEBUG);
	ck_assert_int_eq(rproc_processor_new(ctx, "nosuch", &p), -ENOENT);
	ck_assert_int_gt(log_calls, 0);
	log_calls = 0;
	rproc_ctx_set_log_priority(ctx, LOG_ERR);
	ck_assert_int_eq(rproc_processor_new(ctx, "nosuch", &p), -ENOENT);
	ck_assert_int_eq(log_calls, 0);
	rproc_ctx_unref(ctx);

	setenv("RPROC_LOG", "debug", 1);
	ctx = ctx_new();
	ck_assert_int_eq(rproc_ctx_get_log_priority(ctx), LOG_DEBUG);
	rproc_ctx_unref(ctx);
	unsetenv("RPROC_LOG");
}
END_TEST

static Suite *librproc_suite(void)
{
	Suite *s = suite_create("librproc");
	TCase *tc = tcase_create("sysfs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, ctx_paths);
	tcase_add_test(tc, processors_listed);
	tcase_add_test(tc, processors_none);
	tcase_add_test(tc, processor_by_name);
	tcase_add_test(tc, services_listed);
	tcase_add_test(tc, services_no_listing);
	tcase_add_test(tc, ept_found_by_udev_name);
	tcase_add_test(tc, ept_found_below_channel);
	tcase_add_test(tc, ept_not_found);
	tcase_add_test(tc, log_fn_and_priority);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(librproc_suite)
