/*
 * fault.c - a firmware that loads from an address where nothing is
 *
 * The load happens in do_fault(), called from main() through
 * fault_level2(), so a fault report or a debugger backtrace has three
 * frames to show: main -> fault_level2 -> do_fault.  FAULT_ADDR lies
 * outside every memory of every kit CPU (big.elf's included), outside the
 * mailbox and outside every device of the QEMU machines the kit targets.
 *
 * A simulator that stops on the fault prints nothing after
 * "fault: about to fault\n".  QEMU delivers it: crt0's exception handler
 * prints its line and exits 3.  If the load does not fault at all, the
 * firmware says so and exits 2.
 */
#include <stdint.h>

#include "semihost.h"
#include "trace.h"

/*
 * QEMU's mps2-an386 answers reads anywhere in 0x01010000-0x1fffffff
 * (a "reserved" region that reads as zero), so the Cortex-M firmware
 * uses an address in the hole between the bit-band alias and the
 * peripherals instead.  On RISC-V and AArch64 virt nothing, not even RAM
 * of any size, is at 0x0badf00c.
 */
#if defined(__arm__)
#define FAULT_ADDR	0x2badf00cu
#else
#define FAULT_ADDR	0x0badf00cu
#endif

/* noipa: keep both frames, and keep the load where the name says */
__attribute__((noipa)) uint32_t do_fault(void)
{
	return *(volatile uint32_t *)(uintptr_t)FAULT_ADDR;
}

__attribute__((noipa)) uint32_t fault_level2(void)
{
	/* the addition after the call keeps it from becoming a tail call */
	return do_fault() + 1;
}

int main(void)
{
	tr_echo(true);
	tr_printf("fault: about to fault\n");
	fault_level2();
	tr_printf("fault: no fault at 0x%x\n", FAULT_ADDR);
	return 2;
}
