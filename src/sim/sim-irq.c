// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Interrupt lines, the idle wait and the timer service: what every
 * architecture's interrupt controller builds on.
 *
 * A line is a level, high or low, set from any thread: the mailbox thread
 * raises SIM_LINE_MAILBOX while host->core messages wait, a timer raises the
 * line it was given at its deadline, a device model raises its own. Raising
 * a line asks the core to stop and wakes an idle core; the run loop then
 * calls the architecture's irq_take between two uc_emu_start() runs, which
 * turns high lines into the controller's pending state (NVIC, mip) and
 * enters an exception if one is takeable. Nothing here knows an
 * architecture.
 *
 * The stop is made by sim-run.c's block hook (sim_irq_block_stop; also a
 * host's STOP),
 * at the start of a translation block, never by uc_emu_stop() from another
 * thread or from an MMIO callback: Unicorn 2.0.1 checks the exit request
 * after memory accesses with the PC still at the access, so an exit there
 * runs the load or store again (a second pop of the mailbox's RX, a store
 * to SHPR stopping the core for ever). At a block's start nothing of the
 * block has run. A request also survives a uc_emu_start() that begins
 * after it: Unicorn's own stop request is cleared there.
 *
 * An interrupt pending but masked by an instruction (cpsid, msr basepri,
 * csrc mstatus) becomes takeable by another instruction that no hook sees:
 * irq_take says so (returns 1), and meanwhile the block hook asks the
 * architecture's irq_takeable at every block, which QEMU starts after such
 * an instruction; without irq_takeable, the timer thread asks for a stop
 * every SIM_IRQ_POLL_MS, so an unmasked interrupt is taken at most that
 * late.
 *
 * Timers count host time (CLOCK_MONOTONIC, as sim_now()), as QEMU's SysTick
 * and CLINT do with QEMU_CLOCK_VIRTUAL when it runs without -icount.
 */
#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "sim.h"

struct sim_timer {
	double when;		/* sim_now() of the deadline; 0: not armed */
	unsigned int line;
	bool used;
};

struct sim_irq {
	_Atomic uint64_t lines;		/* level of each line */
	_Atomic bool want_stop;		/* the block hook stops the core */
	_Atomic bool masked;		/* irq_take left one pending: poll */
	int wake_fd;			/* eventfd: the idle wait goes on */

	pthread_mutex_t lock;		/* uc, timers */
	pthread_cond_t cond;		/* the timer thread's wake-up */
	uc_engine *uc;			/* the running engine, or NULL */
	struct sim_timer timers[SIM_IRQ_TIMERS];
	bool quit;
	pthread_t thread;
	bool has_thread;
};

static void irq_wake(struct sim_irq *q)
{
	uint64_t one = 1;

	if (write(q->wake_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		WRN("interrupts: cannot wake the core: %s", strerror(errno));
}

/* Ask for a stop at the next block and wake the idle wait; any thread. */
static void irq_stop_engine(struct sim_irq *q)
{
	atomic_store(&q->want_stop, true);
	irq_wake(q);
}

bool sim_irq_block_stop(struct sim *s)
{
	struct sim_irq *q = s->irq;

	if (!q)
		return false;
	if (!atomic_load_explicit(&q->want_stop, memory_order_relaxed)) {
		/* masked: did the last block unmask it? (cpsie, msr basepri) */
		if (!atomic_load_explicit(&q->masked, memory_order_relaxed) ||
		    !s->arch->irq_takeable || !s->arch->irq_takeable(s))
			return false;
	}
	atomic_store(&q->want_stop, false);
	return true;
}

void sim_irq_kick(struct sim *s)
{
	if (s->irq)
		irq_stop_engine(s->irq);
}

void sim_irq_raise(struct sim *s, unsigned int line)
{
	struct sim_irq *q = s->irq;
	uint64_t bit = 1ull << line;

	if (!q || line >= SIM_IRQ_LINES)
		return;
	if (atomic_fetch_or(&q->lines, bit) & bit)
		return;	/* high already: the core knows */
	irq_stop_engine(q);
}

void sim_irq_lower(struct sim *s, unsigned int line)
{
	if (s->irq && line < SIM_IRQ_LINES)
		atomic_fetch_and(&s->irq->lines, ~(1ull << line));
}

uint64_t sim_irq_lines(struct sim *s)
{
	return s->irq ? atomic_load(&s->irq->lines) : 0;
}

bool sim_irq_wake_pending(struct sim *s)
{
	bool p = sim_irq_lines(s) || (s->arch->irq_pending && s->arch->irq_pending(s));

	/*
	 * A wfi that goes on for it: stop at the next block, so that irq_take
	 * takes the interrupt right after the wfi, or after the cpsie that
	 * follows it, instead of at the next poll.
	 */
	if (p && s->irq)
		atomic_store(&s->irq->want_stop, true);
	return p;
}

int sim_irq_take(struct sim *s)
{
	struct sim_irq *q = s->irq;
	int r;

	if (!q || !s->arch->irq_take)
		return 0;
	/* what is raised from here on stops the next run */
	atomic_store(&q->want_stop, false);
	r = s->arch->irq_take(s);
	if (r < 0)
		return r;
	if (r > 0 && !atomic_exchange(&q->masked, true)) {
		pthread_mutex_lock(&q->lock);
		pthread_cond_signal(&q->cond);
		pthread_mutex_unlock(&q->lock);
	} else if (!r) {
		atomic_store(&q->masked, false);
	}
	return 0;
}

int sim_irq_wait(struct sim *s, int timeout_ms)
{
	struct sim_irq *q = s->irq;
	double end = timeout_ms >= 0 ? sim_now() + timeout_ms / 1000.0 : 0;
	struct pollfd p;
	uint64_t n;
	int r;

	if (!q)
		return -EINVAL;
	if (!s->mbox && !s->arch->irq_take)
		WRN("the core idles and has no [mailbox] or interrupt to wake it: it sleeps for good");
	p.fd = q->wake_fd;
	p.events = POLLIN;
	for (;;) {
		int left = -1;

		if (s->stop_requested)
			return -ECANCELED;
		if (sim_irq_wake_pending(s))
			return 0;
		if (end) {
			double d = end - sim_now();

			if (d <= 0)
				return -ETIMEDOUT;
			left = (int)(d * 1000) + 1;
		}
		r = poll(&p, 1, left);
		if (r < 0 && errno != EINTR)
			return -errno;
		if (r > 0 && read(q->wake_fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
			return -errno;
	}
}

int sim_irq_timer_new(struct sim *s, unsigned int line)
{
	struct sim_irq *q = s->irq;
	int i, id = -ENOSPC;

	if (!q || line >= SIM_IRQ_LINES)
		return -EINVAL;
	pthread_mutex_lock(&q->lock);
	for (i = 0; i < SIM_IRQ_TIMERS; i++) {
		if (q->timers[i].used)
			continue;
		q->timers[i] = (struct sim_timer){ .line = line, .used = true };
		id = i;
		break;
	}
	pthread_mutex_unlock(&q->lock);
	if (id < 0)
		ERR("interrupts: no free timer (%d at most)", SIM_IRQ_TIMERS);
	return id;
}

void sim_irq_timer_set(struct sim *s, int id, double when)
{
	struct sim_irq *q = s->irq;

	if (!q || id < 0 || id >= SIM_IRQ_TIMERS)
		return;
	pthread_mutex_lock(&q->lock);
	q->timers[id].when = when;
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&q->lock);
}

static void ts_from_seconds(struct timespec *ts, double t)
{
	ts->tv_sec = (time_t)t;
	ts->tv_nsec = (long)((t - (double)ts->tv_sec) * 1e9);
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* The timer service: deadlines, and the repeated stops of the header. */
static void *irq_thread(void *arg)
{
	struct sim *s = arg;
	struct sim_irq *q = s->irq;

	pthread_mutex_lock(&q->lock);
	while (!q->quit) {
		double now = sim_now(), next = 0;
		uint64_t fire = 0;
		struct timespec ts;
		int i;

		for (i = 0; i < SIM_IRQ_TIMERS; i++) {
			struct sim_timer *t = &q->timers[i];

			if (!t->used || !t->when)
				continue;
			if (t->when <= now) {
				t->when = 0;
				fire |= 1ull << t->line;
			} else if (!next || t->when < next) {
				next = t->when;
			}
		}
		if (fire) {
			pthread_mutex_unlock(&q->lock);
			for (i = 0; i < SIM_IRQ_LINES; i++)
				if (fire & (1ull << i))
					sim_irq_raise(s, (unsigned int)i);
			pthread_mutex_lock(&q->lock);
			continue;
		}
		if (q->uc && atomic_load(&q->masked) && !s->arch->irq_takeable) {
			double poll_at = now + SIM_IRQ_POLL_MS / 1000.0;

			/* a masked interrupt to look at again */
			atomic_store(&q->want_stop, true);
			if (!next || poll_at < next)
				next = poll_at;
		}
		if (!next) {
			pthread_cond_wait(&q->cond, &q->lock);
			continue;
		}
		ts_from_seconds(&ts, next);
		pthread_cond_timedwait(&q->cond, &q->lock, &ts);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

int sim_irq_start(struct sim *s)
{
	struct sim_irq *q;
	pthread_condattr_t ca;
	int err;

	if (s->irq)
		return 0;
	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	q->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (q->wake_fd < 0) {
		err = -errno;
		free(q);
		return err;
	}
	pthread_mutex_init(&q->lock, NULL);
	/* deadlines are sim_now()'s, the monotonic clock */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&q->cond, &ca);
	pthread_condattr_destroy(&ca);
	s->irq = q;
	err = -pthread_create(&q->thread, NULL, irq_thread, s);
	if (err) {
		ERR("interrupts: cannot start the timer thread: %s", strerror(-err));
		sim_irq_stop(s);
		return err;
	}
	q->has_thread = true;
	return 0;
}

void sim_irq_stop(struct sim *s)
{
	struct sim_irq *q = s->irq;

	if (!q)
		return;
	if (q->has_thread) {
		pthread_mutex_lock(&q->lock);
		q->quit = true;
		pthread_cond_signal(&q->cond);
		pthread_mutex_unlock(&q->lock);
		pthread_join(q->thread, NULL);
	}
	pthread_cond_destroy(&q->cond);
	pthread_mutex_destroy(&q->lock);
	close(q->wake_fd);
	free(q);
	s->irq = NULL;
}

int sim_irq_attach(struct sim *s)
{
	struct sim_irq *q = s->irq;

	if (!q)
		return 0;
	pthread_mutex_lock(&q->lock);
	q->uc = s->uc;
	atomic_store(&q->masked, false);
	atomic_store(&q->want_stop, false);
	pthread_mutex_unlock(&q->lock);
	return 0;
}

void sim_irq_detach(struct sim *s)
{
	struct sim_irq *q = s->irq;
	int i;

	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	q->uc = NULL;
	/* the core's devices go: their timers and lines; the mailbox's stays */
	for (i = 0; i < SIM_IRQ_TIMERS; i++)
		q->timers[i] = (struct sim_timer){ 0 };
	atomic_fetch_and(&q->lines, 1ull << SIM_LINE_MAILBOX);
	pthread_mutex_unlock(&q->lock);
}
