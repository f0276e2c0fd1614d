/*
 * reloc-crt0.S - startup of the reloc test firmware (RV32 and RV64)
 *
 * Unlike crt0.S it needs no linker-script symbol, so that it links with
 * ld -r alone: the stack is a .bss array of its own, and the loader (the
 * reloc plugin, or elf for the oracle) has placed .data at its run address
 * and zeroed .bss. Entered in M-mode at _start, the boot address the
 * plugin reports. Assembled with -mno-relax: the handler's .balign 4 opens
 * its section, where gas would leave 2 bytes of padding to the linker
 * (R_RISCV_ALIGN), which a loader that does not relax refuses.
 */
	.section .text.reloc_start, "ax"
	.globl	_start
	.type	_start, @function
_start:
	.option	push
	.option	arch, +zicsr
	csrr	t0, mhartid
	.option	pop
	bnez	t0, 1f
	la	sp, reloc_stack_top
	la	t0, reloc_trap
	.option	push
	.option	arch, +zicsr
	csrw	mtvec, t0
	.option	pop
	call	main
	call	sh_exit			/* a0: main's return value */
1:	wfi
	j	1b
	.size	_start, . - _start

	/* mtvec's low two bits are its mode: the handler is 4-byte aligned */
	.section .text.reloc_trap, "ax"
	.balign	4
	.type	reloc_trap, @function
reloc_trap:
	la	a0, reloc_trap_msg
	call	sh_trap_exit
	j	reloc_trap
	.size	reloc_trap, . - reloc_trap

	.section .rodata.reloc_crt0, "a"
reloc_trap_msg:
	.asciz	"fault: trap\n"

	.section .bss.reloc_stack, "aw", @nobits
	.balign	16
	.space	4096
reloc_stack_top:
