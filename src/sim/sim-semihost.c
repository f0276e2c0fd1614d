// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Arm semihosting, as the "Semihosting for AArch32 and AArch64" specification
 * defines it (RISC-V uses the same calls): the operation in r0/x0/a0, its
 * parameter (a value or the address of a block of words) in r1/x1/a1, the
 * result back in r0/x0/a0. Enough for a console and an exit status.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sim.h"

#define SYS_OPEN		0x01
#define SYS_CLOSE		0x02
#define SYS_WRITEC		0x03
#define SYS_WRITE0		0x04
#define SYS_WRITE		0x05
#define SYS_ISTTY		0x09
#define SYS_ERRNO		0x13
#define SYS_EXIT		0x18
#define SYS_EXIT_EXTENDED	0x20

#define ADP_STOPPED_APPLICATION_EXIT	0x20026

/*
 * A firmware that polls a call this host lacks makes one warning per call:
 * gigabytes of them by the time anyone looks. The first few are logged,
 * the rest counted and summed up at the end of the run.
 */
#define SH_WARN_MAX		5

/* handles we give out for ":tt": stdin, stdout, stderr as their fds + 1 */
#define SH_HANDLE(fd)		((fd) + 1)

static int sh_words(struct sim *s, uint64_t addr, uint64_t *w, unsigned int n)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < n; i++)
		w[i] = sim_memory_read_word(s, addr + i * s->arch->word, &err);
	return err;
}

/*
 * May fd take a write before the deadline? A reader that stops reading
 * (rproc-sim ... | less) would otherwise hold a write, and the run, past
 * --timeout. A pipe that polls writable has a free buffer slot, which any
 * write of ours (PIPE_BUF at most) fits in without blocking.
 */
static bool sh_writable(struct sim *s, int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	double left;
	int r;

	if (!s->deadline)
		return true;
	do {
		left = s->deadline - sim_now();
		if (left <= 0)
			return false;	/* the hook stops the core */
		r = poll(&p, 1, (int)(left * 1000) + 1);
	} while (r < 0 && errno == EINTR);
	return r > 0;
}

static void sh_write_all(struct sim *s, int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n;

		if (!sh_writable(s, fd))
			return;
		n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

/* Copy from device memory to fd, len bytes at most, stopping at NUL if nul. */
static int sh_output(struct sim *s, int fd, uint64_t addr, uint64_t len, bool nul)
{
	char buf[256];

	while (len) {
		size_t n = len < sizeof(buf) ? len : sizeof(buf), i;

		if (sim_memory_read(s, addr, buf, 1) < 0)
			return -EFAULT;
		/* shorten at the end of the memory */
		while (n > 1 && sim_memory_read(s, addr, buf, n) < 0)
			n /= 2;
		if (nul) {
			for (i = 0; i < n && buf[i]; i++)
				;
			sh_write_all(s, fd, buf, i);
			if (i < n)
				return 0;
		} else {
			sh_write_all(s, fd, buf, n);
		}
		addr += n;
		len -= n;
	}
	return 0;
}

static int64_t sh_open(struct sim *s, uint64_t arg)
{
	uint64_t b[3];
	char name[4];

	if (sh_words(s, arg, b, 3) < 0 || b[2] != 3 ||
	    sim_memory_read(s, b[0], name, 3) < 0 || memcmp(name, ":tt", 3) != 0)
		return -1;	/* only the console exists here */
	if (b[1] < 4)
		return SH_HANDLE(0);
	return b[1] < 8 ? SH_HANDLE(1) : SH_HANDLE(2);
}

static int64_t sh_write(struct sim *s, uint64_t arg)
{
	uint64_t b[3];

	if (sh_words(s, arg, b, 3) < 0)
		return -1;
	if (b[0] != SH_HANDLE(1) && b[0] != SH_HANDLE(2))
		return (int64_t)b[2];	/* nothing written */
	if (sh_output(s, (int)b[0] - 1, b[1], b[2], false) < 0)
		return (int64_t)b[2];
	return 0;
}

static void sh_exit(struct sim *s, uint64_t reason, uint64_t subcode)
{
	/* as QEMU does: an application exit carries the status, all else is 1 */
	s->exit_code = reason == ADP_STOPPED_APPLICATION_EXIT ? (int)(subcode & 0xff) : 1;
	s->stop = SIM_EXITED;
	uc_emu_stop(s->uc);
}

void sim_semihost(struct sim *s)
{
	uint64_t op = sim_reg_read(s, s->arch->op_reg) & 0xffffffff;
	uint64_t arg = sim_reg_read(s, s->arch->arg_reg);
	uint64_t b[2];
	int64_t ret = 0;
	char c;

	switch (op) {
	case SYS_OPEN:
		ret = sh_open(s, arg);
		break;
	case SYS_CLOSE:
	case SYS_ERRNO:
		ret = 0;
		break;
	case SYS_ISTTY:
		ret = 1;
		break;
	case SYS_WRITEC:
		if (sim_memory_read(s, arg, &c, 1) == 0)
			sh_write_all(s, STDOUT_FILENO, &c, 1);
		break;
	case SYS_WRITE0:
		sh_output(s, STDOUT_FILENO, arg, UINT64_MAX, true);
		break;
	case SYS_WRITE:
		ret = sh_write(s, arg);
		break;
	case SYS_EXIT:
		/* 32-bit: the reason itself; 64-bit: a {reason, subcode} block */
		if (s->arch->word == 4) {
			sh_exit(s, arg, 0);
			break;
		}
		/* fall through */
	case SYS_EXIT_EXTENDED:
		if (sh_words(s, arg, b, 2) < 0)
			sh_exit(s, 0, 0);
		else
			sh_exit(s, b[0], b[1]);
		break;
	default:
		s->sh_unsupported++;
		s->sh_last_op = op;
		if (s->sh_unsupported <= SH_WARN_MAX)
			WRN("semihosting call 0x%llx not supported%s", (unsigned long long)op,
			    s->sh_unsupported == SH_WARN_MAX ?
			    " (further unsupported calls are counted, not logged)" : "");
		ret = -1;
	}
	sim_reg_write(s, s->arch->op_reg, (uint64_t)ret);
}

void sim_semihost_run_end(struct sim *s)
{
	if (s->sh_unsupported > SH_WARN_MAX)
		WRN("semihosting: %llu more unsupported calls not logged (the last 0x%llx)",
		    (unsigned long long)(s->sh_unsupported - SH_WARN_MAX),
		    (unsigned long long)s->sh_last_op);
	s->sh_unsupported = 0;
}
