// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>

#include "backend-mem.h"
#include "loader-plan.h"
#include "unit.h"

static const struct rproc_memory mem[] = {
	{ .name = "flash", .da = 0x0, .size = 0x100 },
	{ .name = "sram", .da = 0x1000, .size = 0x100 },
	{ .name = "tcm", .da = 0x2000, .size = 0x100, .flags = RPROC_MEMORY_NOMAP },
};
static const uint8_t image[64] = { 1, 2, 3, 4, 5, 6, 7, 8 };

static void plan_new(struct loader_plan *p)
{
	loader_plan_init(p, "test", NULL, mem, 3, image, sizeof(image), "fw", "rp");
	rproc_load_boot_addr_set(&p->load, 0x4);
}

static void seg(struct loader_plan *p, uint64_t da, uint64_t filesz, uint64_t memsz)
{
	struct rproc_segment s = { .da = da, .filesz = filesz, .memsz = memsz, .data = image };

	ck_assert_int_eq(rproc_load_segment_add(&p->load, &s), 0);
}

START_TEST(write_places_and_zero_fills)
{
	static uint8_t flash[0x100], sram[0x100];
	uint8_t *bufs[3] = { flash, sram, NULL };
	struct mem_backend mb;
	struct loader_plan p;

	memset(flash, 0xee, sizeof(flash));
	memset(sram, 0xee, sizeof(sram));
	plan_new(&p);
	seg(&p, 0x10, 4, 8);
	seg(&p, 0x10f8, 8, 8);
	ck_assert_int_eq(loader_plan_check(&p), 0);
	mem_backend_init(&mb, bufs);
	ck_assert_int_eq(loader_plan_write(&p, &mb.b), 0);
	ck_assert_mem_eq(flash + 0x10, "\1\2\3\4\0\0\0\0", 8);
	ck_assert_uint_eq(flash[0x0f], 0xee);	/* untouched around it */
	ck_assert_uint_eq(flash[0x18], 0xee);
	ck_assert_mem_eq(sram + 0xf8, image, 8);
	ck_assert_uint_eq(sram[0xf7], 0xee);
	loader_plan_release(&p);
}
END_TEST

static int write_refuses_null(struct loader_backend *b, unsigned int m, uint64_t off,
			      const void *data, uint64_t len)
{
	ck_assert_ptr_nonnull(data);
	return mem_backend_write(b, m, off, data, len);
}

/* No file bytes, no data (rproc-loader-plugin(3) allows NULL): only zeroes. */
START_TEST(write_zero_only_segment)
{
	static uint8_t flash[0x100];
	uint8_t *bufs[3] = { flash, NULL, NULL };
	struct rproc_segment z = { .da = 0x20, .memsz = 8 };
	struct loader_backend_ops ops = mem_backend_ops;
	struct mem_backend mb;
	struct loader_plan p;

	memset(flash, 0xee, sizeof(flash));
	plan_new(&p);
	ck_assert_int_eq(rproc_load_segment_add(&p.load, &z), 0);
	ck_assert_int_eq(loader_plan_check(&p), 0);
	mem_backend_init(&mb, bufs);
	ops.write = write_refuses_null;
	mb.b.ops = &ops;
	ck_assert_int_eq(loader_plan_write(&p, &mb.b), 0);
	ck_assert_mem_eq(flash + 0x20, "\0\0\0\0\0\0\0\0", 8);
	ck_assert_uint_eq(flash[0x28], 0xee);
	loader_plan_release(&p);
}
END_TEST

static const struct {
	uint64_t da[2], filesz[2], memsz[2];
	int n, err;
	const char *msg;
} bad[] = {
	{ { 0xf8 }, { 8 }, { 16 }, 1, -ERANGE, "segment 0: da 0x000000f8-0x00000107 (16 bytes) is not inside one memory" },
	{ { 0x500 }, { 0 }, { 4 }, 1, -ERANGE, "segment 0: da 0x00000500-0x00000503" },
	{ { 0x2000 }, { 4 }, { 4 }, 1, -EACCES, "in memory 'tcm', which the host cannot address (nomap)" },
	{ { 0x10, 0x14 }, { 8, 8 }, { 8, 8 }, 2, -EINVAL, "segment 1 (da 0x00000014-0x0000001b) overlaps segment 0 (da 0x00000010-0x00000017)" },
	{ { 0x14, 0x10 }, { 8, 8 }, { 8, 8 }, 2, -EINVAL, "segment 0 (da 0x00000014-0x0000001b) overlaps segment 1" },
	{ { 0x10, 0x10 }, { 1, 0 }, { 1, 1 }, 2, -EINVAL, "overlaps" },
	{ { 0x10 }, { 9 }, { 8 }, 1, -EINVAL, "file size 9 larger than memory size 8" },
	{ { 0xfffffffffffffff0ull }, { 0 }, { 0x20 }, 1, -EINVAL, "wraps around" },
};

START_TEST(bad_plans)
{
	struct loader_plan p;
	char *log = NULL;
	size_t len;
	FILE *f;
	int i;

	plan_new(&p);
	for (i = 0; i < bad[_i].n; i++)
		seg(&p, bad[_i].da[i], bad[_i].filesz[i], bad[_i].memsz[i]);
	f = unit_capture_stderr(&log, &len);
	ck_assert_int_eq(loader_plan_check(&p), bad[_i].err);
	fclose(f);
	ck_assert_msg(strstr(log, bad[_i].msg) != NULL, "case %d: expected '%s' in:\n%s",
		      _i, bad[_i].msg, log);
	if (bad[_i].err != -EINVAL || strstr(bad[_i].msg, "overlaps"))
		ck_assert_msg(strstr(log, "memory sram") != NULL, "no memory map in:\n%s", log);
	free(log);
	loader_plan_release(&p);
}
END_TEST

START_TEST(rsc_table_must_be_in_memory)
{
	struct loader_plan p;

	plan_new(&p);
	seg(&p, 0x10, 4, 4);
	rproc_load_rsc_table_set(&p.load, 0x1000, 0x100);
	ck_assert_int_eq(loader_plan_check(&p), 0);
	rproc_load_rsc_table_set(&p.load, 0x1080, 0x100);
	ck_assert_int_eq(loader_plan_check(&p), -ERANGE);
	rproc_load_rsc_table_set(&p.load, 0x1000, 0);
	ck_assert_int_eq(loader_plan_check(&p), -EINVAL);
	loader_plan_release(&p);
}
END_TEST

START_TEST(boot_addr_required)
{
	struct loader_plan p;

	loader_plan_init(&p, "test", NULL, mem, 3, image, sizeof(image), "fw", "rp");
	ck_assert_int_eq(loader_plan_check(&p), -EINVAL);
	loader_plan_release(&p);
}
END_TEST

START_TEST(print_map)
{
	struct loader_plan p;
	char *out = NULL;
	size_t len;
	FILE *f;

	plan_new(&p);
	seg(&p, 0x10, 4, 8);
	rproc_load_rsc_table_set(&p.load, 0x1000, 96);
	ck_assert_int_eq(loader_plan_check(&p), 0);
	f = open_memstream(&out, &len);
	loader_plan_print(&p, f);
	fclose(f);
	ck_assert_str_eq(out,
		"segment 0: file 0x00000000-0x00000003 -> da 0x00000010-0x00000017 memory flash: 4 bytes, 4 zero-filled\n"
		"boot_addr=0x00000004\n"
		"rsc_da=0x00001000\n"
		"rsc_size=96\n");
	free(out);
	loader_plan_release(&p);
}
END_TEST

/* Options reach a plugin only under its own name. */
START_TEST(options_by_plugin)
{
	struct loader_setting s[] = {
		{ .key = (char *)"elf.address", .value = (char *)"virtual" },
		{ .key = (char *)"test.x", .value = (char *)"1" },
	};
	const struct loader_setting *opts[] = { &s[0], &s[1] };
	struct loader_selection sel = { .opts = opts, .n_opts = 2 };
	struct loader_plan p;

	loader_plan_init(&p, "test", &sel, mem, 3, image, sizeof(image), "fw", "rp");
	ck_assert_str_eq(rproc_load_option_get(&p.load, "x"), "1");
	ck_assert_ptr_null(rproc_load_option_get(&p.load, "address"));
	loader_plan_release(&p);
}
END_TEST

/* Typed options: the strict parser, and errors that say where. */
START_TEST(options_typed)
{
	struct loader_setting s[] = {
		{ .key = (char *)"test.hex", .value = (char *)"0x0100", .file = "a.conf", .line = 1 },
		{ .key = (char *)"test.dec", .value = (char *)"100", .file = "a.conf", .line = 2 },
		{ .key = (char *)"test.oct", .value = (char *)"0100", .file = "a.conf", .line = 3 },
		{ .key = (char *)"test.exp", .value = (char *)"1e2", .file = "a.conf", .line = 4 },
		{ .key = (char *)"test.big", .value = (char *)"2G", .file = "a.conf", .line = 5 },
		{ .key = (char *)"test.on", .value = (char *)"off", .file = "a.conf", .line = 6 },
		{ .key = (char *)"test.maybe", .value = (char *)"Yes", .file = "a.conf", .line = 7 },
		{ .key = (char *)"test.mode", .value = (char *)"slow", .file = "b.conf", .line = 8 },
		{ .key = (char *)"test.bad", .value = (char *)"quick\n", .file = "b.conf", .line = 9 },
	};
	const struct loader_setting *opts[ARRAY_SIZE(s)];
	struct loader_selection sel = { .opts = opts, .n_opts = ARRAY_SIZE(s) };
	static const char *const modes[] = { "fast", "slow", "exact", NULL };
	struct loader_plan p;
	uint64_t v = 7;
	unsigned int m = 9;
	bool b = true;
	char *log = NULL;
	size_t i, len;
	FILE *f;

	for (i = 0; i < ARRAY_SIZE(s); i++)
		opts[i] = &s[i];
	loader_plan_init(&p, "test", &sel, mem, 3, image, sizeof(image), "fw", "rp");
	rproc_load_boot_addr_set(&p.load, 0x4);
	ck_assert_int_eq(rproc_load_option_get_u64(&p.load, "none", 0, 10, &v), -ENOENT);
	ck_assert_uint_eq(v, 7);
	ck_assert_int_eq(rproc_load_option_get_u64(&p.load, "hex", 0, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 0x100);
	ck_assert_int_eq(rproc_load_option_get_u64(&p.load, "dec", 0, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 100);
	ck_assert_int_eq(rproc_load_option_get_size(&p.load, "big", 0, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 2ull << 30);
	ck_assert_int_eq(rproc_load_option_get_bool(&p.load, "on", &b), 0);
	ck_assert(!b);
	ck_assert_int_eq(rproc_load_option_get_choice(&p.load, "mode", modes, &m), 0);
	ck_assert_uint_eq(m, 1);
	ck_assert_int_eq(loader_plan_check(&p), 0);

	f = unit_capture_stderr(&log, &len);
	/* 0100 is neither guessed octal (64) nor decimal (100) */
	ck_assert_int_eq(rproc_load_option_get_u64(&p.load, "oct", 0, UINT64_MAX, &v), -EINVAL);
	ck_assert_int_eq(rproc_load_option_get_u64(&p.load, "exp", 0, UINT64_MAX, &v), -EINVAL);
	ck_assert_int_eq(rproc_load_option_get_size(&p.load, "big", 0, 1ull << 30, &v), -ERANGE);
	ck_assert_int_eq(rproc_load_option_get_bool(&p.load, "maybe", &b), -EINVAL);
	ck_assert_int_eq(rproc_load_option_get_choice(&p.load, "bad", modes, &m), -EINVAL);
	fclose(f);
	ck_assert_uint_eq(v, 2ull << 30);
	ck_assert(!b);
	ck_assert_uint_eq(m, 1);
	ck_assert_msg(strstr(log, "fw: a.conf:3: option test.oct = '0100': expected a decimal (no leading 0) or 0x number") &&
		      strstr(log, "a.conf:4: option test.exp = '1e2': expected") &&
		      strstr(log, "a.conf:5: option test.big = '2G': out of range, expected 0x0 (0) to 0x40000000 (1073741824)") &&
		      strstr(log, "a.conf:7: option test.maybe = 'Yes': expected yes, no, true, false, on, off, 1 or 0") &&
		      strstr(log, "b.conf:9: option test.bad = 'quick\\x0a': expected fast, slow or exact"),
		      "messages:\n%s", log);
	/* the first error is the plan's, not the last */
	ck_assert_int_eq(loader_plan_check(&p), -EINVAL);
	free(log);
	loader_plan_release(&p);
}
END_TEST

static int64_t time_left(struct loader_plan *p)
{
	uint64_t ms;
	int err = rproc_load_time_left_get(&p->load, &ms);

	return err < 0 ? err : (int64_t)ms;
}

START_TEST(time_budget)
{
	struct loader_plan p;
	int64_t ms;

	loader_plan_init(&p, "test", NULL, mem, 3, image, sizeof(image), "fw", "rp");
	ck_assert_int_eq(time_left(&p), -ENOENT);
	p.deadline_ms = loader_plan_clock_ms() + 3000;
	ms = time_left(&p);
	ck_assert_msg(ms > 2000 && ms <= 3000, "%lld ms left", (long long)ms);
	p.deadline_ms = loader_plan_clock_ms() - 1;
	ck_assert_int_eq(time_left(&p), 0);
	loader_plan_release(&p);
}
END_TEST

static Suite *plan_suite(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("check");

	tcase_add_test(tc, write_places_and_zero_fills);
	tcase_add_test(tc, write_zero_only_segment);
	tcase_add_loop_test(tc, bad_plans, 0, ARRAY_SIZE(bad));
	tcase_add_test(tc, rsc_table_must_be_in_memory);
	tcase_add_test(tc, boot_addr_required);
	tcase_add_test(tc, print_map);
	tcase_add_test(tc, options_by_plugin);
	tcase_add_test(tc, options_typed);
	tcase_add_test(tc, time_budget);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(plan_suite)
