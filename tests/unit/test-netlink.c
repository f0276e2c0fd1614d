// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel's GET_MEMORIES replies are untrusted input: each is parsed
 * from attributes built here as a kernel would, then broken one field at a
 * time.
 */
#include <errno.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/rproc_loader.h>

#include "loader-netlink.h"
#include "unit.h"

#define IDX	3
#define COOKIE	0xc0ffee

/* which attribute to leave out, or to write wrongly */
enum { NONE = -1 };

struct msg {
	char buf[4096];
	struct nlmsghdr *nlh;
};

static void msg_start(struct msg *m)
{
	m->nlh = mnl_nlmsg_put_header(m->buf);
	mnl_nlmsg_put_extra_header(m->nlh, sizeof(struct genlmsghdr));
}

/* A memory as the kernel lists it, without attribute `skip`. */
static void msg_memory(struct msg *m, int skip, const char *name, uint64_t da,
		       uint64_t size, uint32_t flags, uint64_t off, uint32_t cookie)
{
	msg_start(m);
	if (skip != RPROC_LOADER_ATTR_RPROC_INDEX)
		mnl_attr_put_u32(m->nlh, RPROC_LOADER_ATTR_RPROC_INDEX, IDX);
	if (skip != RPROC_LOADER_ATTR_COOKIE)
		mnl_attr_put_u32(m->nlh, RPROC_LOADER_ATTR_COOKIE, cookie);
	if (skip != RPROC_LOADER_ATTR_MEM_NAME)
		mnl_attr_put_strz(m->nlh, RPROC_LOADER_ATTR_MEM_NAME, name);
	if (skip != RPROC_LOADER_ATTR_MEM_DA)
		mnl_attr_put_u64(m->nlh, RPROC_LOADER_ATTR_MEM_DA, da);
	if (skip != RPROC_LOADER_ATTR_MEM_SIZE)
		mnl_attr_put_u64(m->nlh, RPROC_LOADER_ATTR_MEM_SIZE, size);
	if (skip != RPROC_LOADER_ATTR_MEM_FLAGS)
		mnl_attr_put_u32(m->nlh, RPROC_LOADER_ATTR_MEM_FLAGS, flags);
	if (skip != RPROC_LOADER_ATTR_MEM_MMAP_OFFSET)
		mnl_attr_put_u64(m->nlh, RPROC_LOADER_ATTR_MEM_MMAP_OFFSET, off);
}

static int msg_parse(struct msg *m, struct loader_nl_memory *out)
{
	size_t hdr = MNL_ALIGN(sizeof(struct genlmsghdr));

	return loader_netlink_parse_memory((char *)mnl_nlmsg_get_payload(m->nlh) + hdr,
					   mnl_nlmsg_get_payload_len(m->nlh) - hdr,
					   IDX, COOKIE, out);
}

START_TEST(memory_valid)
{
	struct loader_nl_memory mem;
	struct msg m;

	msg_memory(&m, NONE, "sram", 0x20000000, 0x40000, 0, 0x1000, COOKIE);
	/* a newer kernel's extra attribute is skipped, not refused */
	mnl_attr_put_u32(m.nlh, RPROC_LOADER_ATTR_MAX + 5, 7);
	ck_assert_int_eq(msg_parse(&m, &mem), 0);
	ck_assert_str_eq(mem.mem.name, "sram");
	ck_assert_uint_eq(mem.mem.da, 0x20000000);
	ck_assert_uint_eq(mem.mem.size, 0x40000);
	ck_assert_uint_eq(mem.mmap_offset, 0x1000);
	ck_assert_uint_eq(mem.mem.flags, 0);
	free((char *)mem.mem.name);

	/*
	 * A private memory as the kernel lists it: no MEM_MMAP_OFFSET
	 * (rproc_loader_put_memory() in kernel/patches/0004 puts one only
	 * for a mappable memory).
	 */
	msg_memory(&m, RPROC_LOADER_ATTR_MEM_MMAP_OFFSET, "tcm", 0x0, 0x10000,
		   RPROC_LOADER_MEM_NOMAP | 0x80, 0, COOKIE);
	ck_assert_int_eq(msg_parse(&m, &mem), 0);
	ck_assert_uint_eq(mem.mem.flags, RPROC_MEMORY_NOMAP);
	ck_assert_uint_eq(mem.mmap_offset, 0);
	free((char *)mem.mem.name);

	/* an offset for a memory that is never mapped is ignored */
	msg_memory(&m, NONE, "tcm", 0x0, 0x10000, RPROC_LOADER_MEM_NOMAP, 0x5000, COOKIE);
	ck_assert_int_eq(msg_parse(&m, &mem), 0);
	ck_assert_uint_eq(mem.mmap_offset, 0);
	free((char *)mem.mem.name);
}
END_TEST

START_TEST(memory_missing_attribute)
{
	static const int attrs[] = {
		RPROC_LOADER_ATTR_RPROC_INDEX,
		RPROC_LOADER_ATTR_MEM_NAME, RPROC_LOADER_ATTR_MEM_DA,
		RPROC_LOADER_ATTR_MEM_SIZE, RPROC_LOADER_ATTR_MEM_FLAGS,
		RPROC_LOADER_ATTR_MEM_MMAP_OFFSET,
	};
	struct loader_nl_memory mem;
	struct msg m;
	size_t i;

	/* a mappable memory (flags 0) needs its offset too */
	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		msg_memory(&m, attrs[i], "sram", 0x20000000, 0x40000, 0, 0, COOKIE);
		ck_assert_msg(msg_parse(&m, &mem) == -EINVAL, "accepted without %d", attrs[i]);
	}
	/* the cookie is the request's: a reply need not repeat it */
	msg_memory(&m, RPROC_LOADER_ATTR_COOKIE, "sram", 0x20000000, 0x40000, 0, 0, COOKIE);
	ck_assert_int_eq(msg_parse(&m, &mem), 0);
	free((char *)mem.mem.name);
}
END_TEST

START_TEST(memory_refused)
{
	struct loader_nl_memory mem;
	struct msg m;
	char longname[80];

	msg_memory(&m, NONE, "sram", 0x20000000, 0x40000, 0, 0, COOKIE + 1);
	ck_assert_int_eq(msg_parse(&m, &mem), -EINVAL);	/* another load's */
	msg_memory(&m, NONE, "", 0x20000000, 0x40000, 0, 0, COOKIE);
	ck_assert_int_eq(msg_parse(&m, &mem), -EINVAL);
	msg_memory(&m, NONE, "s ram", 0x20000000, 0x40000, 0, 0, COOKIE);
	ck_assert_int_eq(msg_parse(&m, &mem), -EINVAL);
	msg_memory(&m, NONE, "s\033[2J", 0x20000000, 0x40000, 0, 0, COOKIE);
	ck_assert_int_eq(msg_parse(&m, &mem), -EINVAL);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	msg_memory(&m, NONE, longname, 0x20000000, 0x40000, 0, 0, COOKIE);
	ck_assert_int_eq(msg_parse(&m, &mem), -EINVAL);
	msg_memory(&m, NONE, "sram", 0x20000000, 0, 0, 0, COOKIE);
	ck_assert_int_eq(msg_parse(&m, &mem), -EINVAL);	/* empty */
	msg_memory(&m, NONE, "sram", UINT64_MAX - 10, 0x1000, 0, 0, COOKIE);
	ck_assert_int_eq(msg_parse(&m, &mem), -EINVAL);	/* da wraps */
	msg_memory(&m, NONE, "sram", 0, 0x1000, 0, UINT64_MAX - 10, COOKIE);
	ck_assert_int_eq(msg_parse(&m, &mem), -EINVAL);	/* offset wraps */
}
END_TEST

START_TEST(memory_bad_types)
{
	struct loader_nl_memory mem;
	struct msg m;

	/* a u64 where a u32 belongs, and an unterminated name */
	msg_start(&m);
	mnl_attr_put_u64(m.nlh, RPROC_LOADER_ATTR_RPROC_INDEX, IDX);
	ck_assert_int_eq(msg_parse(&m, &mem), -EINVAL);
	msg_start(&m);
	mnl_attr_put(m.nlh, RPROC_LOADER_ATTR_MEM_NAME, 4, "sram");
	ck_assert_int_eq(msg_parse(&m, &mem), -EINVAL);
	/* an attribute running past the end of the message */
	msg_memory(&m, NONE, "sram", 0x20000000, 0x40000, 0, 0, COOKIE);
	ck_assert_int_eq(loader_netlink_parse_memory(
		(char *)mnl_nlmsg_get_payload(m.nlh) + MNL_ALIGN(sizeof(struct genlmsghdr)),
		10, IDX, COOKIE, &mem), -EINVAL);
}
END_TEST

/* A LOAD_EVENT as the kernel multicasts it, without attribute `skip`. */
static void msg_event(struct msg *m, int skip, uint32_t event, const char *fw,
		      const char *loader)
{
	msg_start(m);
	if (skip != RPROC_LOADER_ATTR_RPROC_INDEX)
		mnl_attr_put_u32(m->nlh, RPROC_LOADER_ATTR_RPROC_INDEX, IDX);
	if (skip != RPROC_LOADER_ATTR_COOKIE)
		mnl_attr_put_u32(m->nlh, RPROC_LOADER_ATTR_COOKIE, COOKIE);
	if (skip != RPROC_LOADER_ATTR_EVENT)
		mnl_attr_put_u32(m->nlh, RPROC_LOADER_ATTR_EVENT, event);
	if (skip != RPROC_LOADER_ATTR_STATUS)
		mnl_attr_put_u32(m->nlh, RPROC_LOADER_ATTR_STATUS, 0);
	if (skip != RPROC_LOADER_ATTR_FIRMWARE)
		mnl_attr_put_strz(m->nlh, RPROC_LOADER_ATTR_FIRMWARE, fw);
	if (skip != RPROC_LOADER_ATTR_LOADER)
		mnl_attr_put_strz(m->nlh, RPROC_LOADER_ATTR_LOADER, loader);
}

static int msg_parse_event(struct msg *m, struct loader_nl_event *ev)
{
	size_t hdr = MNL_ALIGN(sizeof(struct genlmsghdr));

	return loader_netlink_parse_event((char *)mnl_nlmsg_get_payload(m->nlh) + hdr,
					  mnl_nlmsg_get_payload_len(m->nlh) - hdr, ev);
}

START_TEST(event_valid)
{
	struct loader_nl_event ev;
	struct msg m;

	msg_event(&m, NONE, RPROC_LOADER_EV_PENDING, "rproc-tools/arm/hello.elf", "elf");
	ck_assert_int_eq(msg_parse_event(&m, &ev), 0);
	ck_assert_uint_eq(ev.index, IDX);
	ck_assert_uint_eq(ev.cookie, COOKIE);
	ck_assert_uint_eq(ev.event, RPROC_LOADER_EV_PENDING);
	ck_assert_str_eq(ev.firmware, "rproc-tools/arm/hello.elf");
	ck_assert_str_eq(ev.loader, "elf");
	/* no loader, no status: optional */
	msg_event(&m, RPROC_LOADER_ATTR_LOADER, RPROC_LOADER_EV_PENDING, "fw.elf", "");
	ck_assert_int_eq(msg_parse_event(&m, &ev), 0);
	ck_assert_str_eq(ev.loader, "");
}
END_TEST

START_TEST(event_refused)
{
	static const int need[] = {
		RPROC_LOADER_ATTR_RPROC_INDEX, RPROC_LOADER_ATTR_COOKIE,
		RPROC_LOADER_ATTR_EVENT, RPROC_LOADER_ATTR_FIRMWARE,
	};
	char longname[300], longloader[70];
	struct loader_nl_event ev;
	unsigned int i;
	struct msg m;

	for (i = 0; i < ARRAY_SIZE(need); i++) {
		msg_event(&m, need[i], RPROC_LOADER_EV_PENDING, "fw.elf", "elf");
		ck_assert_int_eq(msg_parse_event(&m, &ev), -EINVAL);
	}
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	msg_event(&m, NONE, RPROC_LOADER_EV_PENDING, longname, "elf");
	ck_assert_int_eq(msg_parse_event(&m, &ev), -EINVAL);
	memset(longloader, 'b', sizeof(longloader) - 1);
	longloader[sizeof(longloader) - 1] = '\0';
	msg_event(&m, NONE, RPROC_LOADER_EV_PENDING, "fw.elf", longloader);
	ck_assert_int_eq(msg_parse_event(&m, &ev), -EINVAL);
	/* a u64 event, an unterminated firmware name */
	msg_start(&m);
	mnl_attr_put_u32(m.nlh, RPROC_LOADER_ATTR_RPROC_INDEX, IDX);
	mnl_attr_put_u32(m.nlh, RPROC_LOADER_ATTR_COOKIE, COOKIE);
	mnl_attr_put_u64(m.nlh, RPROC_LOADER_ATTR_EVENT, 1);
	mnl_attr_put_strz(m.nlh, RPROC_LOADER_ATTR_FIRMWARE, "fw.elf");
	ck_assert_int_eq(msg_parse_event(&m, &ev), -EINVAL);
	msg_start(&m);
	mnl_attr_put_u32(m.nlh, RPROC_LOADER_ATTR_RPROC_INDEX, IDX);
	mnl_attr_put_u32(m.nlh, RPROC_LOADER_ATTR_COOKIE, COOKIE);
	mnl_attr_put_u32(m.nlh, RPROC_LOADER_ATTR_EVENT, 1);
	mnl_attr_put(m.nlh, RPROC_LOADER_ATTR_FIRMWARE, 6, "fw.elf");
	ck_assert_int_eq(msg_parse_event(&m, &ev), -EINVAL);
}
END_TEST

static Suite *netlink_suite(void)
{
	Suite *s = suite_create("netlink");
	TCase *tc = tcase_create("memories");

	tcase_add_test(tc, memory_valid);
	tcase_add_test(tc, memory_missing_attribute);
	tcase_add_test(tc, memory_refused);
	tcase_add_test(tc, memory_bad_types);
	suite_add_tcase(s, tc);
	tc = tcase_create("events");
	tcase_add_test(tc, event_valid);
	tcase_add_test(tc, event_refused);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(netlink_suite)
