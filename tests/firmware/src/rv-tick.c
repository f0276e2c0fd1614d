/*
 * rv-tick.c - the CLINT's machine timer interrupt, direct and vectored
 *
 * RISC-V only (QEMU virt and rproc-sim). Arms mtimecmp 1 ms ahead and
 * counts RV_TICKS timer interrupts taken through a direct-mode mtvec
 * (rv_trap), then RV_TICKS more through a vectored one (entry 7), each
 * handler moving mtimecmp 1 ms on (the last clears mie.MTIE instead); the
 * core sleeps in wfi in between. The
 * handlers check mcause (interrupt bit and cause 7) and mstatus (MPP is
 * M, MPIE has the MIE the core ran with, MIE is clear). Then rdtime must
 * read the CLINT's mtime (read before and after it). Prints
 * "tick: 5 direct, 5 vectored, rdtime ok\n" and exits 0, else says what
 * went wrong and exits 1; an unexpected trap exits 4.
 */
#include <stdint.h>

#include "riscv-virt.h"
#include "semihost.h"

#define RV_TICKS	5
#define TICK		(MTIME_HZ / 1000)

static volatile unsigned int direct_ticks, vectored_ticks, bad_status;
static uint64_t next_tick;

static void tick_arm(void)
{
	next_tick += TICK;
	clint_mtimecmp_set(next_tick);
}

/*
 * The next tick, or none after the last: a core that fell behind (a busy
 * host) takes the ticks it missed back to back, and the count must not run
 * past RV_TICKS meanwhile.
 */
static void tick_next(unsigned int count)
{
	if (count < RV_TICKS)
		tick_arm();
	else
		csr_clear(mie, MIE_MTIE);
}

static void tick_check(unsigned long mcause)
{
	unsigned long st = csr_read(mstatus);

	if (mcause != (MCAUSE_IRQ | IRQ_MTI)) {
		sh_printf("tick: unexpected trap, mcause 0x%x\n", (unsigned int)mcause);
		sh_exit(4);
	}
	if ((st & MSTATUS_MPP) != MSTATUS_MPP || !(st & MSTATUS_MPIE) || (st & MSTATUS_MIE))
		bad_status++;
}

unsigned long rv_trap(unsigned long mcause, unsigned long mepc)
{
	tick_check(mcause);
	tick_next(++direct_ticks);
	return mepc;
}

void rv_vector(unsigned long cause)
{
	tick_check(csr_read(mcause));
	if (cause == IRQ_MTI)
		vectored_ticks++;
	tick_next(vectored_ticks);
}

static uint64_t rdtime(void)
{
#if __riscv_xlen == 64
	return csr_read(time);
#else
	uint32_t hi, lo;

	do {
		hi = csr_read(timeh);
		lo = csr_read(time);
	} while (csr_read(timeh) != hi);
	return ((uint64_t)hi << 32) | lo;
#endif
}

int main(void)
{
	uint64_t before, t, after;
	int ok;

	csr_write(mtvec, rv_trap_direct);
	next_tick = clint_mtime();
	tick_arm();
	csr_set(mie, MIE_MTIE);
	csr_set(mstatus, MSTATUS_MIE);
	rv_wait_for(&direct_ticks, RV_TICKS);

	csr_clear(mstatus, MSTATUS_MIE);
	csr_write(mtvec, (unsigned long)rv_vectors | MTVEC_VECTORED);
	next_tick = clint_mtime();
	tick_arm();
	csr_set(mie, MIE_MTIE);
	csr_set(mstatus, MSTATUS_MIE);
	rv_wait_for(&vectored_ticks, RV_TICKS);
	csr_clear(mstatus, MSTATUS_MIE);
	csr_clear(mie, MIE_MTIE);

	before = clint_mtime();
	t = rdtime();
	after = clint_mtime();
	ok = before <= t && t <= after;
	sh_printf("tick: %u direct, %u vectored, rdtime %s\n", direct_ticks, vectored_ticks,
		  ok ? "ok" : "wrong");
	if (bad_status)
		sh_printf("tick: mstatus wrong in %u handlers\n", bad_status);
	return direct_ticks == RV_TICKS && vectored_ticks == RV_TICKS && ok && !bad_status ? 0 : 1;
}
