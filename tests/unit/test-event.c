// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>

#include "loader-event.h"
#include "loader-listen.h"
#include "loader-netlink.h"
#include "unit.h"

/* A fake environment: name=value pairs. */
static const char *const *fake_env;

static const char *fake_getenv(const char *name)
{
	size_t n = strlen(name);
	const char *const *e;

	for (e = fake_env; *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

#define GOOD_ENV \
	"ACTION=change", "DEVPATH=/devices/platform/rproc_sim.0/remoteproc/remoteproc0", \
	"RPROC_EVENT=load", "RPROC_FIRMWARE=vendor/m4-app.elf", "RPROC_COOKIE=4294967295"

START_TEST(good_event)
{
	static const char *const env[] = { GOOD_ENV, "RPROC_LOADER=/lib/rproc/elf.so", NULL };
	struct loader_event ev;

	fake_env = env;
	ck_assert(loader_event_present(fake_getenv));
	ck_assert_int_eq(loader_event_parse(&ev, fake_getenv), 0);
	ck_assert_str_eq(ev.firmware, "vendor/m4-app.elf");
	ck_assert_uint_eq(ev.cookie, UINT32_MAX);
	ck_assert_str_eq(ev.interp, "/lib/rproc/elf.so");
	ck_assert(strstr(ev.devpath, "remoteproc0") != NULL);
}
END_TEST

START_TEST(empty_loader_is_none)
{
	static const char *const env[] = { GOOD_ENV, "RPROC_LOADER=", NULL };
	struct loader_event ev;

	fake_env = env;
	ck_assert_int_eq(loader_event_parse(&ev, fake_getenv), 0);
	ck_assert_ptr_null(ev.interp);
}
END_TEST

START_TEST(no_event)
{
	static const char *const env[] = { "HOME=/root", NULL };

	fake_env = env;
	ck_assert(!loader_event_present(fake_getenv));
}
END_TEST

#define DEV "DEVPATH=/devices/x/remoteproc0"
static const struct {
	const char *env[8];
	const char *msg;
	bool answerable;	/* DEVPATH and RPROC_COOKIE were good: answer the load */
} bad[] = {
	{ { "ACTION=add", DEV, "RPROC_EVENT=load", "RPROC_FIRMWARE=a", "RPROC_COOKIE=1" }, "ACTION='add': expected 'change'" },
	{ { "ACTION=change", DEV, "RPROC_EVENT=crash", "RPROC_FIRMWARE=a", "RPROC_COOKIE=1" }, "RPROC_EVENT='crash'" },
	{ { "ACTION=change", DEV, "RPROC_FIRMWARE=a", "RPROC_COOKIE=1" }, "RPROC_EVENT is not set" },
	{ { "ACTION=change", "DEVPATH=/sys/x", "RPROC_EVENT=load", "RPROC_FIRMWARE=a", "RPROC_COOKIE=1" }, "DEVPATH='/sys/x'" },
	{ { "ACTION=change", "DEVPATH=/devices/../../etc", "RPROC_EVENT=load", "RPROC_FIRMWARE=a", "RPROC_COOKIE=1" }, "DEVPATH='/devices/../../etc'" },
	{ { "ACTION=change", DEV, "RPROC_EVENT=load", "RPROC_FIRMWARE=../../etc/shadow", "RPROC_COOKIE=1" }, "RPROC_FIRMWARE='../../etc/shadow': contains '..'" , true },
	{ { "ACTION=change", DEV, "RPROC_EVENT=load", "RPROC_FIRMWARE=a/../b", "RPROC_COOKIE=1" }, "contains '..'" , true },
	{ { "ACTION=change", DEV, "RPROC_EVENT=load", "RPROC_FIRMWARE=/etc/shadow", "RPROC_COOKIE=1" }, "RPROC_FIRMWARE='/etc/shadow': an absolute path" , true },
	{ { "ACTION=change", DEV, "RPROC_EVENT=load", "RPROC_FIRMWARE=a\nb", "RPROC_COOKIE=1" }, "RPROC_FIRMWARE='a\\x0ab': contains control characters" , true },
	{ { "ACTION=change", DEV, "RPROC_EVENT=load", "RPROC_FIRMWARE=", "RPROC_COOKIE=1" }, "RPROC_FIRMWARE='': empty" , true },
	{ { "ACTION=change", DEV, "RPROC_EVENT=load", "RPROC_FIRMWARE=a" }, "RPROC_COOKIE is not set" },
	{ { "ACTION=change", DEV, "RPROC_EVENT=load", "RPROC_FIRMWARE=a", "RPROC_COOKIE=4294967296" }, "RPROC_COOKIE='4294967296'" },
	{ { "ACTION=change", DEV, "RPROC_EVENT=load", "RPROC_FIRMWARE=a", "RPROC_COOKIE=-1" }, "RPROC_COOKIE='-1'" },
	{ { "ACTION=change", DEV, "RPROC_EVENT=load", "RPROC_FIRMWARE=a", "RPROC_COOKIE=0x10" }, "RPROC_COOKIE='0x10'" },
	{ { "ACTION=change", DEV, "RPROC_EVENT=load", "RPROC_FIRMWARE=a", "RPROC_COOKIE= 1" }, "RPROC_COOKIE=' 1'" },
	{ { "ACTION=change", DEV, "RPROC_EVENT=load", "RPROC_FIRMWARE=a", "RPROC_COOKIE=1", "RPROC_LOADER=/x/Evil Plugin" }, "RPROC_LOADER='/x/Evil Plugin'" , true },
	{ { "ACTION=change", DEV, "RPROC_EVENT=load", "RPROC_FIRMWARE=a", "RPROC_COOKIE=1", "RPROC_LOADER=dir/" }, "RPROC_LOADER='dir/'" , true },
};

START_TEST(bad_events)
{
	struct loader_event ev;
	char *log = NULL;
	size_t len;
	FILE *f;

	fake_env = bad[_i].env;
	f = unit_capture_stderr(&log, &len);
	ck_assert_int_eq(loader_event_parse(&ev, fake_getenv), -EINVAL);
	fclose(f);
	ck_assert_msg(strstr(log, bad[_i].msg) != NULL,
		      "case %d: expected '%s' in:\n%s", _i, bad[_i].msg, log);
	free(log);
	/* what rproc-loader answers the kernel through */
	if (bad[_i].answerable) {
		ck_assert_msg(ev.devpath != NULL, "case %d: no DEVPATH to answer", _i);
		ck_assert_str_eq(ev.devpath, "/devices/x/remoteproc0");
		ck_assert_uint_eq(ev.cookie, 1);
	} else {
		ck_assert_msg(ev.devpath == NULL, "case %d: answerable", _i);
	}
}
END_TEST

START_TEST(firmware_names)
{
	ck_assert_ptr_null(loader_firmware_name_invalid("a.elf"));
	ck_assert_ptr_null(loader_firmware_name_invalid("vendor/sub/a.elf"));
	ck_assert_ptr_nonnull(loader_firmware_name_invalid("a..elf"));
	ck_assert_ptr_nonnull(loader_firmware_name_invalid("dir/"));
	ck_assert_ptr_nonnull(loader_firmware_name_invalid("a\x7f"));
	ck_assert_ptr_nonnull(loader_firmware_name_invalid("a\tb"));
}
END_TEST

/*
 * A resident loader's event stands for the uevent it replaces, and is
 * checked as that uevent would be: what loader_event_parse() refuses in a
 * uevent, it refuses in an event.
 */
START_TEST(listener_events)
{
	struct loader_nl_event nev = { .index = 0, .cookie = 7, .event = 1 };
	const char *dev = "/devices/platform/rproc_sim.0/remoteproc/remoteproc0";
	struct loader_event ev;

	snprintf(nev.firmware, sizeof(nev.firmware), "rproc-tools/arm/hello.elf");
	snprintf(nev.loader, sizeof(nev.loader), "elf");
	ck_assert_int_eq(loader_listen_event(&nev, dev, &ev), 0);
	ck_assert_str_eq(ev.devpath, dev);
	ck_assert_str_eq(ev.firmware, "rproc-tools/arm/hello.elf");
	ck_assert_str_eq(ev.interp, "elf");
	ck_assert_uint_eq(ev.cookie, 7);
	/* no loader: none, as an empty RPROC_LOADER */
	nev.loader[0] = '\0';
	ck_assert_int_eq(loader_listen_event(&nev, dev, &ev), 0);
	ck_assert_ptr_null(ev.interp);
	/* refused as in a uevent */
	snprintf(nev.firmware, sizeof(nev.firmware), "../etc/shadow");
	ck_assert_int_eq(loader_listen_event(&nev, dev, &ev), -EINVAL);
	snprintf(nev.firmware, sizeof(nev.firmware), "fw.elf");
	snprintf(nev.loader, sizeof(nev.loader), "Elf");
	ck_assert_int_eq(loader_listen_event(&nev, dev, &ev), -EINVAL);
	nev.loader[0] = '\0';
	ck_assert_int_eq(loader_listen_event(&nev, "/sys/devices/x/remoteproc0", &ev), -EINVAL);
	ck_assert_int_eq(loader_listen_event(&nev, "/devices/../x/remoteproc0", &ev), -EINVAL);
}
END_TEST

static Suite *event_suite(void)
{
	Suite *s = suite_create("event");
	TCase *tc = tcase_create("env");

	tcase_add_test(tc, good_event);
	tcase_add_test(tc, empty_loader_is_none);
	tcase_add_test(tc, no_event);
	tcase_add_loop_test(tc, bad_events, 0, ARRAY_SIZE(bad));
	tcase_add_test(tc, firmware_names);
	tcase_add_test(tc, listener_events);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(event_suite)
