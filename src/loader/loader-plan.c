// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "memories.h"
#include "strparse.h"
#include "loader-plan.h"

/* A plan larger than this is a plugin bug, not a firmware. */
#define PLAN_SEGMENTS_MAX	4096

static struct loader_plan *plan_of(struct rproc_load *load)
{
	return load->host;
}

/* The first error of a plugin call is the one the plan is refused with. */
static int plan_fail(struct loader_plan *plan, int err)
{
	if (!plan->err)
		plan->err = err;
	return err;
}

static const struct loader_setting *plan_option_find(struct loader_plan *plan,
						     const char *key)
{
	size_t plen = strlen(plan->plugin);
	size_t i;

	if (!plan->sel)
		return NULL;
	for (i = 0; i < plan->sel->n_opts; i++) {
		const char *k = plan->sel->opts[i]->key;

		if (strncmp(k, plan->plugin, plen) == 0 && k[plen] == '.' &&
		    strcmp(k + plen + 1, key) == 0)
			return plan->sel->opts[i];
	}
	return NULL;
}

static const char *plan_option_get(struct rproc_load *load, const char *key)
{
	const struct loader_setting *set = plan_option_find(plan_of(load), key);

	return set ? set->value : NULL;
}

/* A bad value: logged with where it was written, and the plan refused. */
static int plan_option_bad(struct loader_plan *plan, const struct loader_setting *set,
			   int err, const char *fmt, ...) _printf_(4, 5);
static int plan_option_bad(struct loader_plan *plan, const struct loader_setting *set,
			   int err, const char *fmt, ...)
{
	char value[80], *why;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&why, fmt, ap);
	va_end(ap);
	ERR("%s: %s:%u: option %s = '%s': %s", plan->load.firmware,
	    set->file ? set->file : "?", set->line, set->key,
	    strparse_escape(set->value, value, sizeof(value)), n < 0 ? "bad value" : why);
	if (n >= 0)
		free(why);
	return plan_fail(plan, err);
}

static int plan_option_number(struct rproc_load *load, const char *key, bool size,
			      uint64_t min, uint64_t max, uint64_t *v)
{
	struct loader_plan *plan = plan_of(load);
	const struct loader_setting *set = plan_option_find(plan, key);
	const char *what = size ? "a size: decimal (no leading 0) or 0x hex, optionally followed by K, M or G" :
				  "a decimal (no leading 0) or 0x number";
	uint64_t r;
	int err;

	if (!set)
		return -ENOENT;
	err = size ? strparse_size(set->value, &r) : strparse_u64(set->value, &r);
	if (err == -ERANGE)
		return plan_option_bad(plan, set, -ERANGE, "above 2^64");
	if (err < 0)
		return plan_option_bad(plan, set, -EINVAL, "expected %s", what);
	if (r < min || r > max)
		return plan_option_bad(plan, set, -ERANGE,
				       "out of range, expected 0x%" PRIx64 " (%" PRIu64 ") to 0x%" PRIx64 " (%" PRIu64 ")",
				       min, min, max, max);
	*v = r;
	return 0;
}

static int plan_option_get_u64(struct rproc_load *load, const char *key,
			       uint64_t min, uint64_t max, uint64_t *v)
{
	return plan_option_number(load, key, false, min, max, v);
}

static int plan_option_get_size(struct rproc_load *load, const char *key,
				uint64_t min, uint64_t max, uint64_t *v)
{
	return plan_option_number(load, key, true, min, max, v);
}

static int plan_option_get_bool(struct rproc_load *load, const char *key, bool *v)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	struct loader_plan *plan = plan_of(load);
	const struct loader_setting *set = plan_option_find(plan, key);
	size_t i;

	if (!set)
		return -ENOENT;
	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcmp(set->value, yes[i]) == 0) {
			*v = true;
			return 0;
		}
		if (strcmp(set->value, no[i]) == 0) {
			*v = false;
			return 0;
		}
	}
	return plan_option_bad(plan, set, -EINVAL,
			       "expected yes, no, true, false, on, off, 1 or 0");
}

static int plan_option_get_choice(struct rproc_load *load, const char *key,
				  const char *const *choices, unsigned int *index)
{
	struct loader_plan *plan = plan_of(load);
	const struct loader_setting *set = plan_option_find(plan, key);
	char list[256];
	size_t o = 0;
	unsigned int i;

	if (!set)
		return -ENOENT;
	if (!choices)
		return plan_fail(plan, -EINVAL);
	for (i = 0; choices[i]; i++) {
		if (strcmp(set->value, choices[i]) == 0) {
			*index = i;
			return 0;
		}
	}
	list[0] = '\0';
	for (i = 0; choices[i] && o < sizeof(list); i++) {
		int n = snprintf(list + o, sizeof(list) - o, "%s%s",
				 i == 0 ? "" : choices[i + 1] ? ", " : " or ", choices[i]);

		if (n < 0)
			break;
		o += (size_t)n;
	}
	return plan_option_bad(plan, set, -EINVAL, "expected %s", list);
}

uint64_t loader_plan_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int plan_time_left_get(struct rproc_load *load, uint64_t *ms)
{
	struct loader_plan *plan = plan_of(load);
	uint64_t now;

	if (!plan->deadline_ms)
		return -ENOENT;
	now = loader_plan_clock_ms();
	*ms = now < plan->deadline_ms ? plan->deadline_ms - now : 0;
	return 0;
}

static int plan_segment_add(struct rproc_load *load, const struct rproc_segment *seg)
{
	struct loader_plan *plan = plan_of(load);
	struct loader_plan_segment *v;

	if (plan->n_segs == PLAN_SEGMENTS_MAX) {
		ERR("%s: more than %d segments", load->firmware, PLAN_SEGMENTS_MAX);
		return plan_fail(plan, -E2BIG);
	}
	v = realloc(plan->segs, (plan->n_segs + 1) * sizeof(*v));
	if (!v)
		return plan_fail(plan, -ENOMEM);
	plan->segs = v;
	v[plan->n_segs].seg = *seg;
	v[plan->n_segs].memory = -1;
	plan->n_segs++;
	return 0;
}

static int plan_boot_addr_set(struct rproc_load *load, uint64_t da)
{
	struct loader_plan *plan = plan_of(load);

	plan->boot_addr = da;
	plan->boot_set = true;
	return 0;
}

static int plan_rsc_table_set(struct rproc_load *load, uint64_t da, uint64_t size)
{
	struct loader_plan *plan = plan_of(load);

	plan->rsc_da = da;
	plan->rsc_size = size;
	return 0;
}

static void plan_log(struct rproc_load *load, int prio, const char *fmt, va_list ap)
{
	struct loader_plan *plan = plan_of(load);
	char *msg;

	if (vasprintf(&msg, fmt, ap) < 0)
		return;
	log_printf(prio, "%s: %s: %s", plan->plugin, load->firmware, msg);
	free(msg);
}

static int plan_memory_read(struct rproc_load *load, uint64_t da, void *buf, uint64_t len)
{
	struct loader_plan *plan = plan_of(load);
	const struct rproc_memory *mem = load->memories;
	struct loader_backend *b = plan->backend;
	int m;

	if (len == 0)
		return 0;
	m = memories_find(mem, load->n_memories, da, len);
	if (m < 0)
		return -ERANGE;
	if (mem[m].flags & RPROC_MEMORY_NOMAP)
		return -EACCES;
	if (!b || !b->ops->read)
		return -EOPNOTSUPP;
	return b->ops->read(b, (unsigned int)m, da - mem[m].da, buf, len);
}

static const struct rproc_load_ops plan_ops = {
	.option_get = plan_option_get,
	.segment_add = plan_segment_add,
	.boot_addr_set = plan_boot_addr_set,
	.rsc_table_set = plan_rsc_table_set,
	.log = plan_log,
	.memory_read = plan_memory_read,
	.option_get_u64 = plan_option_get_u64,
	.option_get_size = plan_option_get_size,
	.option_get_bool = plan_option_get_bool,
	.option_get_choice = plan_option_get_choice,
	.time_left_get = plan_time_left_get,
};

void loader_plan_init(struct loader_plan *plan, const char *plugin,
		      const struct loader_selection *sel,
		      const struct rproc_memory *mem, unsigned int n_mem,
		      const void *image, size_t image_size,
		      const char *firmware, const char *rproc)
{
	memset(plan, 0, sizeof(*plan));
	plan->plugin = plugin;
	plan->sel = sel;
	plan->load.abi_version = RPROC_LOADER_ABI_VERSION;
	plan->load.firmware = firmware;
	plan->load.rproc = rproc;
	plan->load.image = image;
	plan->load.image_size = image_size;
	plan->load.memories = mem;
	plan->load.n_memories = n_mem;
	plan->load.ops = &plan_ops;
	plan->load.host = plan;
}

void loader_plan_release(struct loader_plan *plan)
{
	free(plan->segs);
	plan->segs = NULL;
	plan->n_segs = 0;
}

static void plan_log_map(const struct loader_plan *plan)
{
	ERR("memory map of %s:", plan->load.rproc);
	memories_log(plan->load.memories, plan->load.n_memories, LOG_ERR);
}

static int plan_check_segment(struct loader_plan *plan, unsigned int i)
{
	struct loader_plan_segment *ps = &plan->segs[i];
	const struct rproc_segment *s = &ps->seg;
	const struct rproc_memory *mem = plan->load.memories;
	const char *fw = plan->load.firmware;
	int m;

	if (s->filesz > s->memsz || (s->filesz && !s->data)) {
		ERR("%s: segment %u: file size %" PRIu64 " larger than memory size %" PRIu64,
		    fw, i, s->filesz, s->memsz);
		return -EINVAL;
	}
	if (s->memsz == 0)
		return 0;	/* nothing to write, nothing to place */
	m = memories_find(mem, plan->load.n_memories, s->da, s->memsz);
	if (m == -EFAULT) {
		ERR("%s: segment %u: da 0x%" PRIx64 " + %" PRIu64 " bytes wraps around",
		    fw, i, s->da, s->memsz);
		return -EINVAL;
	}
	if (m < 0) {
		ERR("%s: segment %u: da 0x%08" PRIx64 "-0x%08" PRIx64 " (%" PRIu64 " bytes) is not inside one memory",
		    fw, i, s->da, s->da + s->memsz - 1, s->memsz);
		plan_log_map(plan);
		return -ERANGE;
	}
	if (mem[m].flags & RPROC_MEMORY_NOMAP) {
		ERR("%s: segment %u: da 0x%08" PRIx64 "-0x%08" PRIx64 " is in memory '%s', which the host cannot address (nomap)",
		    fw, i, s->da, s->da + s->memsz - 1, mem[m].name);
		plan_log_map(plan);
		return -EACCES;
	}
	ps->memory = m;
	return 0;
}

static int segment_compare(const void *a, const void *b)
{
	const struct loader_plan_segment *x = *(const struct loader_plan_segment *const *)a;
	const struct loader_plan_segment *y = *(const struct loader_plan_segment *const *)b;

	return x->seg.da < y->seg.da ? -1 : x->seg.da > y->seg.da;
}

static int plan_check_overlap(struct loader_plan *plan)
{
	struct loader_plan_segment **v;
	unsigned int i, n = 0;
	int err = 0;

	v = calloc(plan->n_segs ? plan->n_segs : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < plan->n_segs; i++)
		if (plan->segs[i].seg.memsz)
			v[n++] = &plan->segs[i];
	qsort(v, n, sizeof(*v), segment_compare);
	for (i = 1; i < n; i++) {
		const struct rproc_segment *a = &v[i - 1]->seg, *b = &v[i]->seg;

		/* sorted by da and none wraps: overlap iff b starts inside a */
		if (b->da - a->da < a->memsz) {
			ERR("%s: segment %ld (da 0x%08" PRIx64 "-0x%08" PRIx64 ") overlaps segment %ld (da 0x%08" PRIx64 "-0x%08" PRIx64 ")",
			    plan->load.firmware, (long)(v[i] - plan->segs),
			    b->da, b->da + b->memsz - 1, (long)(v[i - 1] - plan->segs),
			    a->da, a->da + a->memsz - 1);
			plan_log_map(plan);
			err = -EINVAL;
			break;
		}
	}
	free(v);
	return err;
}

int loader_plan_check(struct loader_plan *plan)
{
	unsigned int i;
	int err, m;

	if (plan->err)
		return plan->err;
	if (!plan->boot_set) {
		ERR("%s: plugin %s set no boot address", plan->load.firmware,
		    plan->plugin);
		return -EINVAL;
	}
	for (i = 0; i < plan->n_segs; i++) {
		err = plan_check_segment(plan, i);
		if (err < 0)
			return err;
	}
	err = plan_check_overlap(plan);
	if (err < 0)
		return err;
	if (plan->rsc_da && !plan->rsc_size) {
		ERR("%s: resource table at da 0x%08" PRIx64 " of size 0", plan->load.firmware,
		    plan->rsc_da);
		return -EINVAL;
	}
	if (plan->rsc_size) {
		m = memories_find(plan->load.memories, plan->load.n_memories,
				  plan->rsc_da, plan->rsc_size);
		if (m < 0) {
			ERR("%s: resource table da 0x%08" PRIx64 " (%" PRIu64 " bytes) is not inside one memory",
			    plan->load.firmware, plan->rsc_da, plan->rsc_size);
			plan_log_map(plan);
			return -ERANGE;
		}
	}
	return 0;
}

int loader_plan_write(const struct loader_plan *plan, struct loader_backend *b)
{
	const struct rproc_memory *mem = plan->load.memories;
	unsigned int i;
	int err;

	for (i = 0; i < plan->n_segs; i++) {
		const struct loader_plan_segment *ps = &plan->segs[i];
		const struct rproc_segment *s = &ps->seg;
		uint64_t off;

		if (!s->memsz)
			continue;
		off = s->da - mem[ps->memory].da;
		/* data may be NULL without file bytes: never memcpy() from it */
		err = 0;
		if (s->filesz)
			err = b->ops->write(b, (unsigned int)ps->memory, off, s->data,
					    s->filesz);
		if (!err && s->memsz > s->filesz)
			err = b->ops->zero(b, (unsigned int)ps->memory, off + s->filesz,
					   s->memsz - s->filesz);
		if (err < 0) {
			ERR("%s: segment %u into memory %s: %s", plan->load.firmware, i,
			    mem[ps->memory].name, strerror(-err));
			return err;
		}
	}
	return 0;
}

void loader_plan_print(const struct loader_plan *plan, FILE *f)
{
	const struct rproc_memory *mem = plan->load.memories;
	unsigned int i;

	for (i = 0; i < plan->n_segs; i++) {
		const struct loader_plan_segment *ps = &plan->segs[i];
		const struct rproc_segment *s = &ps->seg;

		if (!s->memsz) {
			fprintf(f, "segment %u: empty\n", i);
			continue;
		}
		if (s->filesz)
			fprintf(f, "segment %u: file 0x%08" PRIx64 "-0x%08" PRIx64,
				i, s->offset, s->offset + s->filesz - 1);
		else
			fprintf(f, "segment %u: file -", i);
		fprintf(f, " -> da 0x%08" PRIx64 "-0x%08" PRIx64 " memory %s: %"
			PRIu64 " bytes, %" PRIu64 " zero-filled\n",
			s->da, s->da + s->memsz - 1,
			ps->memory >= 0 ? mem[ps->memory].name : "?",
			s->filesz, s->memsz - s->filesz);
	}
	fprintf(f, "boot_addr=0x%08" PRIx64 "\n", plan->boot_addr);
	fprintf(f, "rsc_da=0x%08" PRIx64 "\n", plan->rsc_da);
	fprintf(f, "rsc_size=%" PRIu64 "\n", plan->rsc_size);
}
