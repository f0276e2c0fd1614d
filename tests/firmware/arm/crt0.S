/*
 * crt0.S - startup code for the Cortex-M4 test firmware (Thumb-2)
 *
 * The vector table comes first in flash: the core loads the initial SP
 * from word 0 and jumps to word 1.  Every other exception (in practice
 * HardFault: the configurable faults are disabled, so they escalate)
 * reports "fault: hardfault" through semihosting and exits 3, so that a
 * QEMU run ends deterministically instead of spinning.
 *
 * main's return value is the exit status, passed to sh_exit().
 *
 * _start also sets SP itself, so that a simulator that starts at the ELF
 * entry point without reading the vector table runs the same way.
 */
	.syntax	unified
	.thumb

	.section .vectors, "a"
	.balign	4
	.globl	__vectors
	.type	__vectors, %object
__vectors:
	.4byte	__stack_top		/* initial SP */
	.4byte	_start			/* reset (Thumb bit set by the linker) */
	.rept	14			/* NMI .. SysTick */
	.4byte	fault_handler
	.endr
	.size	__vectors, . - __vectors

	.section .text.start, "ax"
	.balign	2
	.globl	_start
	.thumb_func
	.type	_start, %function
_start:
	ldr	r0, =__stack_top
	mov	sp, r0

	/* copy .data from its load address unless it already runs there */
	ldr	r0, =__data_load
	ldr	r1, =__data_start
	ldr	r2, =__data_end
	cmp	r0, r1
	beq	2f
1:	cmp	r1, r2
	bhs	2f
	ldr	r3, [r0], #4
	str	r3, [r1], #4
	b	1b

	/* zero .bss: the loader may have done it, a bootloader may not */
2:	ldr	r1, =__bss_start
	ldr	r2, =__bss_end
	movs	r3, #0
3:	cmp	r1, r2
	bhs	4f
	str	r3, [r1], #4
	b	3b

4:	bl	main
	bl	sh_exit			/* r0: main's return value */
5:	wfi				/* not reached unless the host ignored it */
	b	5b
	.size	_start, . - _start

	/*
	 * The stack frame the core pushed stays where it is, for a debugger;
	 * sh_trap_exit() does not return.
	 */
	.globl	fault_handler		/* the default of the images' own tables */
	.thumb_func
	.type	fault_handler, %function
fault_handler:
	ldr	r0, =hardfault_msg
	bl	sh_trap_exit
	b	fault_handler
	.size	fault_handler, . - fault_handler

	.ltorg

	.section .rodata.crt0, "a"
hardfault_msg:
	.asciz	"fault: hardfault\n"
