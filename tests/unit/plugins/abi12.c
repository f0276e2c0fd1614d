/*
 * A plugin built for ABI 1.2: typed options and the time budget. It reports
 * what each service returned, so that the test can run it on this host and
 * on a pretend 1.1 host, where every 1.2 wrapper must say -EOPNOTSUPP.
 */
#include <errno.h>
#include <inttypes.h>

#include <rproc/loader.h>

static const char *const options[] = { "addr", "len", "flag", "mode", NULL };
static const char *const modes[] = { "fast", "slow", "exact", NULL };

static int load(struct rproc_load *load)
{
	uint64_t addr = 0, len = 0, ms = 0;
	unsigned int mode = 0;
	bool flag = false;
	int e_addr, e_len, e_flag, e_mode, e_time;

	e_addr = rproc_load_option_get_u64(load, "addr", 0, 0xffffffff, &addr);
	e_len = rproc_load_option_get_size(load, "len", 1, 1ull << 30, &len);
	e_flag = rproc_load_option_get_bool(load, "flag", &flag);
	e_mode = rproc_load_option_get_choice(load, "mode", modes, &mode);
	e_time = rproc_load_time_left_get(load, &ms);
	rproc_load_info(load, "abi12: addr=%d:%#" PRIx64 " len=%d:%" PRIu64 " flag=%d:%d mode=%d:%u time=%d:%s",
			e_addr, addr, e_len, len, e_flag, flag, e_mode, mode, e_time,
			e_time == 0 && ms > 0 && ms <= 170000 ? "ok" : "-");
	return rproc_load_boot_addr_set(load, 0x12);
}

RPROC_LOADER_EXPORT const struct rproc_loader_plugin rproc_loader_plugin = {
	.abi_version = (1 << 16) | (2 << 8),
	.name = "abi12",
	.description = "built for ABI 1.2",
	.options = options,
	.load = load,
	.size = RPROC_LOADER_PLUGIN_SIZE,
};
