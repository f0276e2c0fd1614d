/*
 * crt0.S - startup code for the RISC-V test firmware (RV32 and RV64)
 *
 * Entered in M-mode at the start of the text memory (qemu virt with
 * -bios none jumps to 0x80000000).  Harts other than 0 park, so the
 * firmware also behaves with -smp > 1.  Word-sized copies work for both
 * XLENs because the linker script aligns .data and .bss to 8.
 *
 * mtvec points at a handler that reports "fault: trap" through
 * semihosting and exits 3, so that a QEMU run that takes an exception
 * (an access fault, an illegal instruction) ends deterministically.
 * main's return value is the exit status, passed to sh_exit().
 */
	.section .text.start, "ax"
	.globl	_start
	.type	_start, @function
_start:
	/* binutils >= 2.38 split CSR access out of the base ISA */
	.option	push
	.option	arch, +zicsr
	csrr	t0, mhartid
	.option	pop
	bnez	t0, 5f

	/* no __global_pointer$: gp relaxation stays off, gp is unused */
	la	sp, __stack_top

	/* direct mode: every trap enters trap_entry */
	la	t0, trap_entry
	.option	push
	.option	arch, +zicsr
	csrw	mtvec, t0
	.option	pop

	/* copy .data from its load address unless it already runs there */
	la	t0, __data_load
	la	t1, __data_start
	la	t2, __data_end
	beq	t0, t1, 2f
1:	bgeu	t1, t2, 2f
	lw	t3, 0(t0)
	sw	t3, 0(t1)
	addi	t0, t0, 4
	addi	t1, t1, 4
	j	1b

	/* zero .bss: the loader may have done it, a bootloader may not */
2:	la	t1, __bss_start
	la	t2, __bss_end
3:	bgeu	t1, t2, 4f
	sw	zero, 0(t1)
	addi	t1, t1, 4
	j	3b

4:	call	main
	call	sh_exit			/* a0: main's return value */
5:	wfi
	j	5b
	.size	_start, . - _start

	/*
	 * mtvec's low two bits are its mode, so the handler must be 4-byte
	 * aligned.  The faulting context stays in mepc/mcause/mtval and on
	 * the stack for a debugger; sh_trap_exit() does not return.
	 */
	.section .text.trap, "ax"
	.balign	4
	.type	trap_entry, @function
trap_entry:
	la	a0, trap_msg
	call	sh_trap_exit
	j	trap_entry
	.size	trap_entry, . - trap_entry

	.section .rodata.crt0, "a"
trap_msg:
	.asciz	"fault: trap\n"
