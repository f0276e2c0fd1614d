/*
 * svc.c - svc-interp: the rpmsg services of the kernel tier (issue 13)
 *
 * One firmware, several services, each a name-service announcement of
 * its own (tests/firmware/README.md has the exact message formats):
 *
 *   rpmsg-echo  0x400  every message back to its sender, unchanged
 *   rpmsg-ctl   0x401  text commands: announce NAME ADDR (one more echo
 *                      service), destroy NAME ADDR (NS_DESTROY), hold MS
 *                      (take no host message for MS ms); one reply each
 *   rpmsg-flood 0x402  "COUNT LEN": COUNT numbered messages of LEN bytes
 *                      as fast as the host's buffers come back, "done COUNT"
 *   rpmsg-sink  0x403  counts what it gets; "stats" is answered "rx N"
 *
 * Several announcements make several channels, as the host's udev rules
 * expect to see: "announce rpmsg-echo 0x404" is a second rpmsg-echo.
 * The host rings the mailbox, polled as in echo.c; only "hold" uses an
 * interrupt, SysTick, so that the core sleeps while it holds, and DWT's
 * cycle counter as its clock.
 * Cortex-M4 only (SysTick), for rproc-sim: QEMU has no mailbox.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "armv7m.h"
#include "format.h"
#include "mailbox.h"
#include "rpmsg.h"
#include "trace.h"

#define SVC_ECHO_ADDR		0x400
#define SVC_CTL_ADDR		0x401
#define SVC_FLOOD_ADDR		0x402
#define SVC_SINK_ADDR		0x403
/* the services "announce" can add, beyond the four built-in ones */
#define SVC_EXTRA		8
/* Linux's virtio_rpmsg_bus buffers: 512 bytes, 16 of header */
#define SVC_MTU			(512 - RPMSG_HDR_SIZE)
/* a hold longer than a minute is a typo, not a test */
#define SVC_HOLD_MAX_MS		60000
/* the core clock: rproc-sim's (and mps2's) 25 MHz SYSCLK */
#define SVC_CLOCK_HZ		25000000u
/* the longest sleep of a hold between two looks at the clock: 10 ms */
#define SVC_WAKE_CYCLES		(SVC_CLOCK_HZ / 100)
/* DWT's cycle counter (ARMv7-M C1.8) */
#define DWT_CTRL		REG32(0xe0001000)
#define DWT_CYCCNT		REG32(0xe0001004)
#define DWT_CTRL_CYCCNTENA	(1u << 0)

enum svc_kind { SVC_ECHO, SVC_CTL, SVC_FLOOD, SVC_SINK };

struct svc {
	struct rpmsg_ept ept;		/* first: the callbacks get &ept */
	enum svc_kind kind;
	bool announced;
	char name[RPMSG_NAME_SIZE];
};

extern struct fw_rsc_vdev rpmsg_vdev;	/* rsc-rpmsg.S */

static struct rpmsg_dev svc_dev;
static struct svc svcs[4 + SVC_EXTRA];
static uint32_t sink_count;

static vector_t vectors[VTOR_ENTRIES] VTOR_ALIGN;
/* SysTick wake-ups, for the trace line after a hold */
static volatile uint32_t ticks;

/* --- small string helpers (no libc) --------------------------------------- */

static size_t svc_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static bool svc_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static void svc_strcpy(char *dst, const char *src, size_t size)
{
	size_t i;

	for (i = 0; i + 1 < size && src[i]; i++)
		dst[i] = src[i];
	for (; i < size; i++)
		dst[i] = 0;
}

/*
 * A number, hex with 0x or decimal, the whole word: true and *v on
 * success; no sign, no overflow past 32 bits.
 */
static bool svc_parse_u32(const char *s, uint32_t *v)
{
	uint32_t n = 0, base = 10, d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			d = (uint32_t)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (uint32_t)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (uint32_t)(*s - 'A' + 10);
		else
			return false;
		if (n > (0xffffffffu - d) / base)
			return false;
		n = n * base + d;
	}
	*v = n;
	return true;
}

/*
 * Split the command in @buf (NUL-terminated, modified) into at most @max
 * words at spaces and tabs; returns how many, or max + 1 if there are more.
 */
static unsigned int svc_split(char *buf, char **words, unsigned int max)
{
	unsigned int n = 0;

	for (;;) {
		while (*buf == ' ' || *buf == '\t')
			*buf++ = 0;
		if (!*buf)
			return n;
		if (n == max)
			return max + 1;
		words[n++] = buf;
		while (*buf && *buf != ' ' && *buf != '\t')
			buf++;
	}
}

/* --- sending ---------------------------------------------------------------- */

/*
 * Send, waiting for a host buffer as long as it takes: the host hands
 * buffers back as it reads, and rpmsg_wait() sleeps until it rings.
 */
static int svc_send(uint32_t src, uint32_t dst, const void *data, size_t len)
{
	int err;

	for (;;) {
		err = rpmsg_send(&svc_dev, src, dst, data, len);
		if (err != -RPMSG_EAGAIN)
			return err;
		rpmsg_wait();
	}
}

static int svc_ns(const char *name, uint32_t addr, uint32_t flags)
{
	int err;

	for (;;) {
		err = rpmsg_ns_send(&svc_dev, name, addr, flags);
		if (err != -RPMSG_EAGAIN)
			return err;
		rpmsg_wait();
	}
}

/* A text reply, without a NUL or a newline: the message is the line. */
__attribute__((format(printf, 3, 4)))
static void svc_reply(const struct rpmsg_ept *ept, uint32_t dst, const char *fmt, ...)
{
	char line[FMT_LINE_MAX];
	va_list ap;
	int n, err;

	/* truncated at FMT_LINE_MAX - 1: every reply here is shorter */
	va_start(ap, fmt);
	n = fmt_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	err = svc_send(ept->addr, dst, line, (size_t)n);
	if (err)
		tr_printf("svc: reply to 0x%x lost (%d)\n", (unsigned int)dst, err);
}

/* --- the services ---------------------------------------------------------- */

static struct svc *svc_find(uint32_t addr)
{
	unsigned int i;

	for (i = 0; i < sizeof(svcs) / sizeof(svcs[0]); i++)
		if (svcs[i].ept.cb && svcs[i].ept.addr == addr)
			return &svcs[i];
	return NULL;
}

static int svc_announce(struct svc *s)
{
	int err;

	err = svc_ns(s->name, s->ept.addr, RPMSG_NS_CREATE);
	if (err) {
		tr_printf("svc: announcing %s at 0x%x failed (%d)\n", s->name,
			  (unsigned int)s->ept.addr, err);
		return err;
	}
	rpmsg_ept_add(&svc_dev, &s->ept);
	s->announced = true;
	tr_printf("svc: announced %s at 0x%x\n", s->name, (unsigned int)s->ept.addr);
	return 0;
}

/*
 * Stop serving first, then tell the host: a message that crosses the
 * NS_DESTROY is dropped here rather than answered from a service the
 * host is already tearing down.
 */
static int svc_destroy(struct svc *s)
{
	int err;

	rpmsg_ept_del(&svc_dev, &s->ept);
	s->announced = false;
	err = svc_ns(s->name, s->ept.addr, RPMSG_NS_DESTROY);
	if (err) {
		tr_printf("svc: destroying %s at 0x%x failed (%d)\n", s->name,
			  (unsigned int)s->ept.addr, err);
		return err;
	}
	tr_printf("svc: destroyed %s at 0x%x\n", s->name, (unsigned int)s->ept.addr);
	return 0;
}

static void echo_cb(struct rpmsg_dev *dev, struct rpmsg_ept *ept,
		    const void *data, size_t len, uint32_t src)
{
	int err;

	(void)dev;
	err = svc_send(ept->addr, src, data, len);
	if (err)
		tr_printf("svc: %u bytes from 0x%x not echoed (%d)\n",
			  (unsigned int)len, (unsigned int)src, err);
}

static void sink_cb(struct rpmsg_dev *dev, struct rpmsg_ept *ept,
		    const void *data, size_t len, uint32_t src)
{
	const char *p = data;

	(void)dev;
	if (len == 5 && p[0] == 's' && p[1] == 't' && p[2] == 'a' && p[3] == 't' &&
	    p[4] == 's') {
		svc_reply(ept, src, "rx %u", (unsigned int)sink_count);
		return;
	}
	sink_count++;
}

/*
 * Byte i of message seq: the sequence number little-endian in bytes 0-3,
 * then (seq + i) & 0xff. Written from the words so that a host can check
 * every byte without knowing this code.
 */
static void flood_fill(uint8_t *buf, uint32_t len, uint32_t seq)
{
	uint32_t i;

	buf[0] = (uint8_t)seq;
	buf[1] = (uint8_t)(seq >> 8);
	buf[2] = (uint8_t)(seq >> 16);
	buf[3] = (uint8_t)(seq >> 24);
	for (i = 4; i < len; i++)
		buf[i] = (uint8_t)(seq + i);
}

/* Copy a text message into a NUL-terminated buffer, minus a trailing newline. */
static bool svc_text(char *buf, size_t size, const void *data, size_t len)
{
	const char *p = data;
	size_t i;

	while (len && (p[len - 1] == '\n' || p[len - 1] == '\r' || p[len - 1] == 0))
		len--;
	if (len >= size)
		return false;
	for (i = 0; i < len; i++) {
		if (!p[i])
			return false;
		buf[i] = p[i];
	}
	buf[len] = 0;
	return true;
}

static void flood_cb(struct rpmsg_dev *dev, struct rpmsg_ept *ept,
		     const void *data, size_t len, uint32_t src)
{
	static uint8_t msg[SVC_MTU];
	char cmd[32], *w[3];
	uint32_t count, size, seq;
	int err;

	(void)dev;
	if (!svc_text(cmd, sizeof(cmd), data, len) || svc_split(cmd, w, 2) != 2 ||
	    !svc_parse_u32(w[0], &count) || !svc_parse_u32(w[1], &size)) {
		svc_reply(ept, src, "error usage: COUNT LEN");
		return;
	}
	if (size < 4 || size > SVC_MTU) {
		svc_reply(ept, src, "error LEN %u: 4 to %u", (unsigned int)size, SVC_MTU);
		return;
	}
	for (seq = 0; seq < count; seq++) {
		flood_fill(msg, size, seq);
		err = svc_send(ept->addr, src, msg, size);
		if (err) {
			tr_printf("svc: flood to 0x%x stopped at %u (%d)\n",
				  (unsigned int)src, (unsigned int)seq, err);
			svc_reply(ept, src, "error sent %u of %u (%d)", (unsigned int)seq,
				  (unsigned int)count, err);
			return;
		}
	}
	svc_reply(ept, src, "done %u", (unsigned int)count);
}

/* --- hold: no host message taken for a while --------------------------------- */

static void systick_isr(void)
{
	ticks++;
}

/*
 * Sleep @ms milliseconds without looking at the rings.  The clock is
 * DWT's cycle counter (25 MHz: rproc-sim counts host time, mps2's SYSCLK;
 * silicon also wants DEMCR.TRCENA, which rproc-sim does not model), the
 * wake-up SysTick, one shot of at most SVC_WAKE_CYCLES: timer wake-ups come
 * late on a loaded host (a guest's 4 ms ticks), so counting SysTick periods
 * would stretch the hold, while the counter says how long it really was.
 * The host's doorbells are read and dropped (they only say "look"; the
 * main loop looks at both rings after the hold), so that a pending one
 * does not keep wfi from sleeping.  The check and wfi run with PRIMASK
 * set: a SysTick that fires between them stays pending and wfi returns.
 * Returns the milliseconds it held.
 */
static uint32_t svc_hold(uint32_t ms)
{
	uint32_t start, need = ms * (SVC_CLOCK_HZ / 1000), spent, left;

	DWT_CTRL |= DWT_CTRL_CYCCNTENA;
	start = DWT_CYCCNT;
	for (;;) {
		irq_disable();
		while (mbox_pending())
			mbox_recv();
		spent = DWT_CYCCNT - start;
		if (spent >= need) {
			irq_enable();
			return spent / (SVC_CLOCK_HZ / 1000);
		}
		left = need - spent;
		SYST_CSR = 0;
		SYST_RVR = (left < SVC_WAKE_CYCLES ? left : SVC_WAKE_CYCLES) - 1;
		SYST_CVR = 0;
		SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE;
		wfi();
		SYST_CSR = 0;
		irq_enable();
	}
}

/* --- rpmsg-ctl --------------------------------------------------------------- */

static void ctl_announce(const struct rpmsg_ept *ept, uint32_t src, char **w)
{
	struct svc *s;
	uint32_t addr;
	unsigned int i;

	if (!svc_parse_u32(w[2], &addr) || addr < RPMSG_FIRST_ADDR || addr == 0xffffffffu) {
		svc_reply(ept, src, "error announce: bad address %s", w[2]);
		return;
	}
	if (svc_strlen(w[1]) >= RPMSG_NAME_SIZE) {
		svc_reply(ept, src, "error announce: name longer than %u bytes",
			  RPMSG_NAME_SIZE - 1);
		return;
	}
	s = svc_find(addr);
	if (s && s->announced) {
		svc_reply(ept, src, "error announce: 0x%x is %s's", (unsigned int)addr, s->name);
		return;
	}
	/* a destroyed service comes back under its own name only */
	if (s && s->kind != SVC_ECHO && !svc_streq(s->name, w[1])) {
		svc_reply(ept, src, "error announce: 0x%x is %s's", (unsigned int)addr, s->name);
		return;
	}
	for (i = 4; !s && i < sizeof(svcs) / sizeof(svcs[0]); i++)
		if (!svcs[i].ept.cb)
			s = &svcs[i];
	if (!s) {
		svc_reply(ept, src, "error announce: no room (%u services at most)",
			  (unsigned int)(sizeof(svcs) / sizeof(svcs[0])));
		return;
	}
	if (!s->ept.cb) {
		s->ept.addr = addr;
		s->ept.cb = echo_cb;
		s->kind = SVC_ECHO;
	}
	svc_strcpy(s->name, w[1], sizeof(s->name));
	if (svc_announce(s))
		svc_reply(ept, src, "error announce: the host took no announcement");
	else
		svc_reply(ept, src, "ok announce %s 0x%x", s->name, (unsigned int)addr);
}

static void ctl_destroy(const struct rpmsg_ept *ept, uint32_t src, char **w)
{
	struct svc *s;
	uint32_t addr;

	if (!svc_parse_u32(w[2], &addr)) {
		svc_reply(ept, src, "error destroy: bad address %s", w[2]);
		return;
	}
	s = svc_find(addr);
	if (!s || !s->announced || !svc_streq(s->name, w[1])) {
		svc_reply(ept, src, "error destroy: no %s at 0x%x", w[1], (unsigned int)addr);
		return;
	}
	/* the reply would have no channel to go out on */
	if (s->kind == SVC_CTL) {
		svc_reply(ept, src, "error destroy: %s is the control service", s->name);
		return;
	}
	if (svc_destroy(s))
		svc_reply(ept, src, "error destroy: the host took no NS_DESTROY");
	else
		svc_reply(ept, src, "ok destroy %s 0x%x", s->name, (unsigned int)addr);
}

static void ctl_cb(struct rpmsg_dev *dev, struct rpmsg_ept *ept,
		   const void *data, size_t len, uint32_t src)
{
	char cmd[96], *w[4];
	unsigned int n;
	uint32_t ms;

	(void)dev;
	if (!svc_text(cmd, sizeof(cmd), data, len)) {
		svc_reply(ept, src, "error not a command");
		return;
	}
	n = svc_split(cmd, w, 3);
	if (n == 3 && svc_streq(w[0], "announce")) {
		ctl_announce(ept, src, w);
	} else if (n == 3 && svc_streq(w[0], "destroy")) {
		ctl_destroy(ept, src, w);
	} else if (n == 2 && svc_streq(w[0], "hold")) {
		if (!svc_parse_u32(w[1], &ms) || ms > SVC_HOLD_MAX_MS) {
			svc_reply(ept, src, "error hold: MS from 0 to %u", SVC_HOLD_MAX_MS);
			return;
		}
		/* answered first: the host learns the hold began */
		svc_reply(ept, src, "ok hold %u", (unsigned int)ms);
		tr_printf("svc: holding %u ms\n", (unsigned int)ms);
		ticks = 0;
		ms = svc_hold(ms);
		tr_printf("svc: held %u ms, %u wake-ups\n", (unsigned int)ms, (unsigned int)ticks);
	} else {
		svc_reply(ept, src, "error unknown command (announce NAME ADDR, destroy NAME ADDR, hold MS)");
	}
}

/* --- start ------------------------------------------------------------------ */

static void svc_builtin(struct svc *s, const char *name, uint32_t addr,
			enum svc_kind kind, rpmsg_rx_cb cb)
{
	svc_strcpy(s->name, name, sizeof(s->name));
	s->ept.addr = addr;
	s->ept.cb = cb;
	s->kind = kind;
	s->announced = false;
}

int main(void)
{
	unsigned int i;
	int err;

	tr_echo(true);
	if (!mbox_present()) {
		tr_printf("svc: no mailbox\n");
		return 2;
	}
	vtor_init(vectors);
	vectors[EXC_SYSTICK] = systick_isr;
	vtor_set(vectors);
	SCB_SHPR(EXC_SYSTICK) = 0x80;

	tr_printf("svc: waiting for the host\n");
	rpmsg_dev_init(&svc_dev, &rpmsg_vdev);
	while (!rpmsg_dev_ready(&svc_dev))
		rpmsg_wait();
	err = rpmsg_dev_start(&svc_dev);
	if (err) {
		tr_printf("svc: unusable vrings (%d)\n", err);
		return 2;
	}
	svc_builtin(&svcs[0], "rpmsg-echo", SVC_ECHO_ADDR, SVC_ECHO, echo_cb);
	svc_builtin(&svcs[1], "rpmsg-ctl", SVC_CTL_ADDR, SVC_CTL, ctl_cb);
	svc_builtin(&svcs[2], "rpmsg-flood", SVC_FLOOD_ADDR, SVC_FLOOD, flood_cb);
	svc_builtin(&svcs[3], "rpmsg-sink", SVC_SINK_ADDR, SVC_SINK, sink_cb);
	for (i = 0; i < 4; i++)
		if (svc_announce(&svcs[i]))
			return 2;
	tr_printf("svc: ready\n");
	for (;;)
		if (!rpmsg_poll(&svc_dev))
			rpmsg_wait();
}
